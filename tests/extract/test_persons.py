"""Names of persons in the academic, legal and UN writing on the events, and in Persian accounts: the spans
the person finder gives (roles are tested in test_rules.py and test_roles.py). Every sentence is invented."""

from __future__ import annotations

from testament.extract import extract_mentions


def _persons(text: str) -> list[str]:
    return [m.text for m in extract_mentions(text) if m.type == "person"]


def test_a_name_after_a_capitalised_un_title_or_an_academic_title() -> None:
    text = (
        "The Special Representative on the Situation in Iraq Tomas Verlaine Oduya met the envoy. "
        "Secretary-General Matteo Quillard wrote to the panel, and Prof. Hilda Marwick replied."
    )
    assert _persons(text) == ["Tomas Verlaine Oduya", "Matteo Quillard", "Hilda Marwick"]


def test_a_mandate_alone_names_no_one() -> None:
    # the words after "on" are the mandate's subject, not a name
    text = (
        "The Special Rapporteur on Summary Executions visited. "
        "The Special Rapporteur on Torture Reports wrote."
    )
    assert _persons(text) == []


def test_initials_before_and_inside_a_name() -> None:
    text = "The report of Special Rapporteur on Torture J. Karl Brenner reached Kristina L. Carleson in May."
    assert _persons(text) == ["J. Karl Brenner", "Kristina L. Carleson"]


def test_an_abbreviation_is_no_initial() -> None:
    assert _persons("The U.N. Security Council met in New York.") == []


def test_names_listed_beside_a_name_in_a_list_closed_by_and() -> None:
    text = "The panel includes Prof. Hilda Marwick, Odile Ferrand, Rune Sandvik and myself."
    assert _persons(text) == ["Hilda Marwick", "Odile Ferrand", "Rune Sandvik"]


def test_capitalised_words_between_names_in_a_title_make_no_list() -> None:
    text = "Record of Hamid Noury, Eyewitness Accounts, Rasoul Tabrizi\n\nI was arrested in 1981."
    assert _persons(text) == ["Hamid Noury", "Rasoul Tabrizi"]


def test_a_name_broken_over_two_lines_of_hard_wrapped_prose() -> None:
    text = (
        "The hearings in the capital, held in a rented hall near the old\n"
        "station, were chaired by two distinguished lawyers, Prof. Odile\n"
        "Ferrand and Rune Sandvik, over three long days of testimony from\n"
        "former prisoners and their families.\n"
    )
    assert _persons(text) == ["Odile\nFerrand", "Rune Sandvik"]


def test_an_editors_bracketed_name_opening_a_quoted_clause() -> None:
    text = "“[Brannholt] indicated that no such killings took place,” the report says. Brannholt later left."
    assert _persons(text) == ["Brannholt", "Brannholt"]


def test_a_holy_figure_invoked_and_a_dash_written_as_a_hyphen() -> None:
    text = "He swore by our Imam Ali. Ayatollah Montazeri-who had objected-was dismissed."
    assert _persons(text) == ["Montazeri"]


def test_persian_names_in_a_list_a_quoted_name_after_kin_and_a_glued_title() -> None:
    text = (
        "فعالانی نظیر تقی شهرام، محسن فاضل و محمدرضا سعادتی آمدند. "
        "او را چون خواهر «مسعود» بود گرفتند. "
        "دو برادرم هبت الله و بهروز را بردند. "
        "زندانی گفت حاجآقا مرتضوی، من با اینها نیستم."
    )
    assert _persons(text) == [
        "تقی شهرام",
        "محسن فاضل",
        "محمدرضا سعادتی",
        "مسعود",
        "هبت الله",
        "بهروز",
        "مرتضوی",
    ]


def test_persian_henchmen_of_an_official_and_civil_society_are_no_names() -> None:
    text = "دژخیمان خمینی دریغ نکردند. دژخیمان پلید آمدند. جامعه مدنی سکوت کرد. پروانه شمع را دید."
    assert _persons(text) == ["خمینی"]


def test_an_everyday_word_given_name_before_a_family_name_the_text_gives() -> None:
    # "ستاره" is a star as often as a name: before the family's name told with another member, a name
    text = "ستاره تابانی در تهران متولد شد. برادرش کامران تابانی را گرفتند. ستاره آسمان را دید."
    assert _persons(text) == ["ستاره تابانی", "کامران تابانی"]


def test_a_leader_of_the_period_named_by_the_surname_alone() -> None:
    text = "این باغ متعلق به خامنهای است و رفسنجانی از آن خبر داشت."
    assert _persons(text) == ["خامنهای", "رفسنجانی"]


def test_a_bodys_name_is_no_persons() -> None:
    text = "Dr. Karl Vogt of Leiden University spoke, and the Swedish Prosecution Authority answered."
    assert _persons(text) == ["Karl Vogt"]


def test_a_single_name_after_a_kin_word_with_its_possessive() -> None:
    # (a name no list holds: the slot alone makes it one)
    text = "Her husband was taken first, and her brother Adel, a student, a week later."
    assert _persons(text) == ["Adel"]


def test_a_country_freed_from_a_courts_name_and_a_pages_title_lines_are_no_names() -> None:
    text = (
        "Judge Tomas Zander, once of the tribunal for Sierra Leone, who wrote on the killings, spoke.\n"
        "A memorial in defence of the rights of the prisoners of the 1980s in Iran\n"
        "One Prisoner’s Story\n\nHe was arrested in 1981."
    )
    assert _persons(text) == ["Tomas Zander"]


def test_a_grand_ayatollahs_title_written_with_a_space_is_left_out() -> None:
    assert _persons("آیت الله العظمی منتظری به این اعدام‌ها اعتراض کرد.") == ["منتظری"]


def test_authors_cited_with_the_year_of_their_work_and_a_two_word_title() -> None:
    text = (
        "As Vandermeer (1999) notes, the killings were planned (Ostrova 2017, 45). "
        "In 1988 Grand Ayatollah Hossein-Ali Montazeri objected."
    )
    assert _persons(text) == ["Vandermeer", "Ostrova", "Hossein-Ali Montazeri"]


def test_particles_inside_a_name_and_honours_before_it() -> None:
    text = (
        "UN envoy Tomas de Varga met Sir Alan Crewe and Baroness Helena Kort; "
        "Ahmad al-Hassan and Jan van der Berg attended. Later de Varga left."
    )
    assert _persons(text) == [
        "Tomas de Varga",
        "Alan Crewe",
        "Helena Kort",
        "Ahmad al-Hassan",
        "Jan van der Berg",
        "Varga",
    ]


def test_a_persian_interview_slot_with_a_word_before_with() -> None:
    text = (
        "نخست گفتگویی داشت با رها کاویانی و بعد گفت وگوی نشریه با شیوا تابانی منتشر شد. "
        "گفتگو با مردم شهر ادامه یافت."
    )
    assert _persons(text) == ["رها کاویانی", "شیوا تابانی"]


def test_a_name_in_apposition_after_an_occupation_and_its_comma() -> None:
    text = "The prosecutor, Lotta Brennholm, then started the hearing by asking the witness."
    assert _persons(text) == ["Lotta Brennholm"]


def test_a_pen_name_of_an_initial_and_a_word_bracketed_after_a_name() -> None:
    persons = [
        m
        for m in extract_mentions("Shirin Vahedi (S. Navid) wrote the chapter in 1999.")
        if m.type == "person"
    ]
    assert [m.text for m in persons] == ["Shirin Vahedi", "S. Navid"]
    assert persons[0].detail["entity"] == persons[1].detail["entity"]


def test_a_title_tells_which_of_a_family_a_bare_surname_is() -> None:
    # "خانم X" after a brother and a sister of the family X: the sister
    text = "مریم کاظمی و برادرش حسن کاظمی در سال ۶۷ بازداشت شدند. خانم کاظمی بعدها آزاد شد."
    persons = [m for m in extract_mentions(text) if m.type == "person"]
    by_text = {m.text: m.detail["entity"] for m in persons}
    assert by_text["کاظمی"] == by_text["مریم کاظمی"] != by_text["حسن کاظمی"]


def test_the_short_form_of_a_name_closing_on_allah_where_a_person_stands() -> None:
    text = (
        "در بند دیدم که سیف‌الله کاویانی هم آنجاست. سیف گفت که دادگاه برپاست. "
        "بعد من و سیف را صدا کردند و به سیف گفتم نترس."
    )
    persons = [m for m in extract_mentions(text) if m.type == "person"]
    assert [m.text for m in persons] == ["سیف‌الله کاویانی", "سیف", "سیف", "سیف"]
    assert len({m.detail["entity"] for m in persons}) == 1


def test_an_everyday_word_given_name_before_a_word_the_text_repeats_with_it() -> None:
    # "ستاره" is a star, but "ستاره سرافراز" twice over is a name (a programme's host)
    text = "گفتگوی ستاره سرافراز با یک زندانی سابق. این برنامه با اجرای ستاره سرافراز پخش شد."
    assert _persons(text) == ["ستاره سرافراز", "ستاره سرافراز"]
    assert _persons("شب ستاره روشن بود و ستاره درخشید.") == []


def test_a_single_name_described_as_a_person_by_its_apposition() -> None:
    text = "Among the speakers was Lilou, a young woman from Lyon whose father was hanged. Lilou spoke last."
    assert _persons(text) == ["Lilou", "Lilou"]
    assert _persons("We reached Velmora, a town of old man's tales.") == []


def test_a_headlines_verb_after_an_office_is_no_name() -> None:
    assert _persons("UN Special Rapporteur Calls for Inquiry Into Prison Killings") == []


def test_a_given_name_alone_as_an_item_of_a_list_of_named_persons() -> None:
    text = "نگهبان مریم کاظمی، نسرین فرهادی و فروغ را صدا کرد. از جمله سیمین رهنما، بیژن و پرند میثمی [...]"
    assert _persons(text) == ["مریم کاظمی", "نسرین فرهادی", "فروغ", "سیمین رهنما", "بیژن", "پرند میثمی"]
    # a given name that is an everyday word, in no list of persons, stays a word
    assert _persons("امید و آرزو را از دست ندادیم.") == []
