"""Persons' roles read by the rules (testament.extract.roles), constructions that generalise across texts.
The sentences are our own, written for these tests."""

from __future__ import annotations

from testament.extract import extract_mentions
from testament.extract.learnt import Combined, RoleModel


def _roles(text: str) -> list[tuple[str, str]]:
    return [(m.text, str(m.role)) for m in extract_mentions(text, roles="rules") if m.type == "person"]


def test_roles_each_name_after_a_list_of_the_perpetrators_opens_is_a_perpetrator() -> None:
    text = (
        "Many of the perpetrators have never been tried, including the religious judge Karim Saberi and "
        "the minister of the interior Hassan Moradi."
    )
    assert _roles(text) == [("Karim Saberi", "perpetrator"), ("Hassan Moradi", "perpetrator")]
    # the same names in a list of something else are no cue
    plain = "Many of the guests came late, including Karim Saberi and Hassan Moradi."
    assert [role for _, role in _roles(plain)] == ["other", "other"]


def test_roles_un_experts_who_sign_a_letter_are_officials_and_one_who_speaks_is_not() -> None:
    signed = (
        "Among the letter's signatories are Laura Fenwick, Special Rapporteur on freedom of expression, and "
        "Paolo Serra, Chair-Rapporteur of the Working Group on Disappearances."
    )
    assert _roles(signed) == [("Laura Fenwick", "official"), ("Paolo Serra", "official")]
    spoke = "Laura Fenwick, the UN Special Rapporteur on freedom of expression, spoke."
    assert _roles(spoke) == [("Laura Fenwick", "other")]


def test_roles_one_who_spoke_of_the_events_gives_an_account() -> None:
    assert _roles("Ali Tabrizi spoke in March 1989 about the fate of the prisoners.") == [
        ("Ali Tabrizi", "witness")
    ]
    assert _roles("Ali Tabrizi stated that the prisoners were moved at night.") == [
        ("Ali Tabrizi", "witness")
    ]


def test_roles_a_son_who_made_a_recording_public_makes_no_victim_of_his_father() -> None:
    text = "Years later, Hossein Karimi's son released a recording of his father's meeting."
    assert _roles(text) == [("Hossein Karimi", "other")]
    assert _roles("Hossein Karimi was hanged in 1988.") == [("Hossein Karimi", "victim")]


def test_roles_the_judges_of_a_tribunal_are_officials() -> None:
    text = (
        "Nasser Karimi, who led the judges, opened the hearing. Other judges had sat on such panels, "
        "including the barrister Ali Hosseini."
    )
    assert _roles(text) == [("Nasser Karimi", "official"), ("Ali Hosseini", "official")]


def test_roles_counsel_who_speaks_for_a_client_gives_no_account_of_their_own() -> None:
    assert _roles("His lawyer Reza Moradi told reporters that the testimony was strong.") == [
        ("Reza Moradi", "other")
    ]
    assert _roles("Reza Moradi told reporters that he had seen the hangings.") == [("Reza Moradi", "witness")]


def test_roles_a_memorial_entry_names_its_subject_the_one_killed() -> None:
    entry = (
        "علی رضایی\n\nدرباره\n\nسن: ۳۰\nملیت: ایران\n\nمورد\n\nتاریخ کشته‌شدن: ۵ مرداد ۱۳۶۷\n"
        "نحوه کشته‌شدن: حلق آویز\n\nملاحظات\n\nاطلاعات در باره آقای علی رضایی را یکی از بستگان او فرستاده است."
    )
    assert _roles(entry) == [("علی رضایی", "victim"), ("علی رضایی", "victim")]
    english = (
        "Sara Karimi\n\nAbout\n\nAge: 30\nNationality: Iran\n\nDate of killing: July 1988\nMode of killing: "
        "hanging\n\nNotes\n\nInformation about Ms. Sara Karimi was sent to the foundation by a relative."
    )
    assert _roles(english) == [("Sara Karimi", "victim"), ("Sara Karimi", "victim")]


def test_roles_a_name_heading_a_text_is_its_author_only_when_the_text_says_i() -> None:
    told = "روزی در زندان\n\nحسن رضایی\n\nسال‌ها گذشته است و من هنوز آن روزها را به یاد دارم."
    assert _roles(told) == [("حسن رضایی", "narrator")]
    article = "روزی در زندان\n\nحسن رضایی\n\nسال‌ها گذشته است و زندانیان هنوز آن روزها را به یاد دارند."
    assert _roles(article) == [("حسن رضایی", "other")]


def test_roles_persian_words_before_a_name_are_read_past_its_title() -> None:
    assert _roles("خبر اعدام آقای علی رضایی به خانواده‌اش داده نشد.") == [("علی رضایی", "victim")]
    assert _roles("نوار سخنان آیت‌الله حسن موسوی پس از سال‌ها منتشر شد.") == [("حسن موسوی", "witness")]
    assert _roles("اطلاعات تکمیلی از وبلاگ خانم مریم احمدی گرفته شده است.") == [("مریم احمدی", "witness")]


def test_roles_persian_relatives_and_the_killed_by_their_construction() -> None:
    # apposed to "one of the killed", not to the kin word before it
    assert _roles("مادر یکی از این جان‌باختگان، علی رضایی، در مراسم حاضر بود.") == [("علی رضایی", "victim")]
    families = "این بیانیه را شماری از بازماندگان اعدام‌شدگان از جمله مریم احمدی و سارا کریمی امضا کرده‌اند."
    assert _roles(families) == [("مریم احمدی", "relative"), ("سارا کریمی", "relative")]
    assert _roles("مریم احمدی در رابطه با اعدام دو برادرش نامه‌ای نوشت.") == [("مریم احمدی", "relative")]


def test_roles_persian_offices_commission_members_and_a_government_as_time_frame() -> None:
    member = "آقای حسن موسوی که یکی از اعضای کمیته تصمیم‌گیری درباره اعدام‌ها بود، سکوت کرد."
    assert _roles(member) == [("حسن موسوی", "perpetrator")]
    assert _roles("او از وزیر کشور دولت حسن موسوی توضیح خواست.") == [("حسن موسوی", "official")]
    deputy = "حسن موسوی، نایب رئیس مجلس، در نامه‌ای از وزیر توضیح خواست."
    assert _roles(deputy) == [("حسن موسوی", "official")]
    # "I have been a witness, X …": the narrator witnessed; X is no witness
    seen = "بارها شاهد بوده‌ام، حسن موسوی به سلول‌ها می‌آمد و ما را تهدید می‌کرد."
    assert _roles(seen) == [("حسن موسوی", "other")]


def test_roles_english_lists_with_guards_judges_abroad_and_a_ceasefire() -> None:
    guards = "I saw Karim Saberi, Hassan Moradi, and other guards taking prisoners to the hall."
    assert _roles(guards) == [("Karim Saberi", "perpetrator"), ("Hassan Moradi", "perpetrator")]
    assert _roles("A week after Khomeini accepted the UN resolution, the visits stopped.") == [
        ("Khomeini", "official")
    ]
    court = (
        "In 2019 the Stockholm District Court sentenced Hassan Moradi to life. Judge Anna Berg sentenced "
        "Moradi for murder."
    )
    assert ("Anna Berg", "official") in _roles(court)


def test_roles_english_the_held_and_the_dead_named_by_others() -> None:
    assert _roles("The protests followed the death of 22-year-old Sara Karimi in custody.") == [
        ("Sara Karimi", "victim")
    ]
    assert _roles("Sara Karimi, who had filmed the graves, was imprisoned for a month.") == [
        ("Sara Karimi", "victim")
    ]


def test_roles_persian_one_of_thousands_killed_and_a_prisoner_of_the_sixties() -> None:
    # a number's thousands separator is no clause break
    killed = "حسن رضایی یکی از ۳۰،۰۰۰ زندانی سیاسی قتل‌عام‌شده تابستان ۶۷ بود."
    assert _roles(killed) == [("حسن رضایی", "victim")]
    film = "در این فیلم، علی رضایی از زندانیان دهه ۶۰، از آن سال‌ها سخن می‌گوید."
    assert _roles(film) == [("علی رضایی", "witness")]


def test_roles_english_signatories_kin_of_victims_guards_counted_and_those_quoted() -> None:
    letter = (
        "We the undersigned ask for justice.\n"
        "Maryam Karimi Sister of two victims\nReza Ahmadi Brother of a victim\n"
    )
    assert _roles(letter) == [("Maryam Karimi", "relative"), ("Reza Ahmadi", "relative")]
    assert _roles("Hassan Moradi, mother of a victim, spoke at the gathering.") == [
        ("Hassan Moradi", "relative")
    ]
    guards = "I saw Karim Saberi, Hassan Moradi and 7-8 other guards outside the hall."
    assert _roles(guards) == [("Karim Saberi", "perpetrator"), ("Hassan Moradi", "perpetrator")]
    # an office in a non-state body is no part in the killings; the one quoted gives an account
    quoted = (
        "The agency quotes Laura Fenwick, Amnesty International's Deputy Director for the region, as saying: "
        '"This is a breakthrough."'
    )
    assert _roles(quoted) == [("Laura Fenwick", "witness")]
    spokesman = (
        '"The verdict is political," said the spokesman of the Ministry of Foreign Affairs, Nasser Karimi.'
    )
    assert _roles(spokesman) == [("Nasser Karimi", "official")]
    assert _roles("Karim Saberi himself said that the scenes were shocking.") == [("Karim Saberi", "witness")]
    listed = "The guards hanged victims such as Ali Ahmadi, Reza Karimi and Hassan Moradi."
    assert [role for _, role in _roles(listed)] == ["victim", "victim", "victim"]


def test_roles_persian_a_speech_a_former_prisoner_the_hanged_listed_and_a_past_office() -> None:
    assert _roles("خاطره‌ای از زندانی سیاسی سابق حسن موسوی") == [("حسن موسوی", "witness")]
    assert _roles("متن سخنرانی مریم احمدی در سمینار برلین\nمن در سال ۶۷ در اوین بودم.") == [
        ("مریم احمدی", "narrator")
    ]
    assert _roles("خانم مریم احمدی سخنران اول این نشست بود. من در اوین بودم.") == [("مریم احمدی", "narrator")]
    hanged = "دلاوران سر به داری همچون مریم احمدی، زهرا کریمی و فاطمه رضایی را فراموش نمی‌کنیم."
    assert [role for _, role in _roles(hanged)] == ["victim", "victim", "victim"]
    ages = "نام این بچه‌ها را می‌خوانم: زهره احمدی ۱۶ ساله، لیلا کریمی ۱۶ ساله، رویا رضایی ۱۷ ساله."
    assert [role for _, role in _roles(ages)][:2] == ["victim", "victim"]
    # an office of the 1980s ("وقت": then) is no official of the trial abroad the sentence names
    past = "در دادگاه سوئد گفته شد که حمید نوری دستیار معاون دادستان وقت، حسن موسوی بوده است."
    assert _roles(past) == [("حمید نوری", "perpetrator"), ("حسن موسوی", "perpetrator")]


def test_roles_today_s_supreme_leader_holds_office_and_the_leader_of_1988_is_a_perpetrator() -> None:
    today = "Hassan Moradi, seen as a successor to Supreme Leader Ayatollah Karim Saberi, denied it."
    assert ("Karim Saberi", "official") in _roles(today)
    then = "The fatwa of then-Supreme Leader Ayatollah Karim Saberi led to the killings."
    assert _roles(then) == [("Karim Saberi", "perpetrator")]


def test_roles_persian_an_office_in_brackets_an_interview_and_the_martyrs_named() -> None:
    board = "در آن هیئت حسن موسوی (قاضی شرع) و علی کریمی (نماینده وزارت اطلاعات) حضور داشتند."
    assert _roles(board) == [("حسن موسوی", "perpetrator"), ("علی کریمی", "perpetrator")]
    interview = "در گفتگویی با مریم احمدی، پژوهشگر حقوق بشر، از او پرسیدیم."
    assert _roles(interview) == [("مریم احمدی", "witness")]
    named = "از جمله این شهیدان می‌توان از علی احمدی، حسن رضایی و رضا کریمی نام برد."
    assert [role for _, role in _roles(named)] == ["victim", "victim", "victim"]


def test_roles_an_apposition_before_speech_counsel_for_a_client_a_transcript_and_a_bereaved_mother() -> None:
    appos = (
        "During Monday's session, Hassan Moradi, a former political prisoner, testified on the atrocities."
    )
    assert _roles(appos) == [("Hassan Moradi", "witness")]
    # counsel named once speaks for the client wherever they speak
    counsel = (
        "Ms. Laura Fenwick, Hassan Moradi's lawyer, introduced him. Ms. Fenwick said that he wrote a book."
    )
    assert [role for name, role in _roles(counsel) if "Fenwick" in name] == ["other", "other"]
    transcript = "Ali interviewed by Maryam Ahmadi\n- Where were you in 1988?\n- Ali: In Ahvaz prison."
    assert [role for name, role in _roles(transcript) if name == "Ali"] == ["witness", "witness"]
    mother = (
        "Mrs. Maryam Ahmadi (Mother Karimi), the mother of Reza Karimi who was executed in 1988, passed away."
    )
    assert ("Maryam Ahmadi", "relative") in _roles(mother)
    assert ("Reza Karimi", "victim") in _roles(mother)


def test_roles_persian_a_fatwa_a_rapporteur_s_report_and_a_mother_known_by_her_dead() -> None:
    assert _roles("در پی فتوای روح‌الله خمینی، هزاران زندانی اعدام شدند.") == [
        ("روح‌الله خمینی", "perpetrator")
    ]
    report = "خانم مریم احمدی، گزارشگر ویژه سازمان ملل، در گزارش جدید خود خواستار تحقیق شده است."
    assert _roles(report) == [("مریم احمدی", "witness")]
    mother = "زهرا کریمی در میان خانواده قربانیان به «مادر کریمی» مشهور بود."
    assert _roles(mother)[0] == ("زهرا کریمی", "relative")


def test_roles_persian_called_as_a_witness_interviewed_and_a_sister_named_before_her_brother() -> None:
    called = "در جلسه امروز، حسن موسوی زندانی سیاسی پیشین به عنوان شاهد در دادگاه حاضر شد."
    assert _roles(called) == [("حسن موسوی", "witness")]
    interviewed = "حسن موسوی، فعال سیاسی که در جلسه حضور داشته، در مصاحبه با رادیو فردا گفته جلسه طولانی بود."
    assert _roles(interviewed) == [("حسن موسوی", "witness")]
    sister = (
        "مریم احمدی خواهر علی احمدی، فعال سیاسی که در سال ۶۰ اعدام شد، در مصاحبه با رادیو فردا می‌گوید: "
        "ما به خاوران رفتیم."
    )
    assert _roles(sister) == [("مریم احمدی", "relative"), ("علی احمدی", "victim")]


def test_roles_an_accidental_death_is_no_killing_and_one_held_responsible_is_accused() -> None:
    crash = "Karim Saberi, the former governor, died last week. He was killed in a car crash near Qom."
    assert _roles(crash) == [("Karim Saberi", "other")]
    accused = "Survivors want Karim Saberi held responsible for the killings of 1988."
    assert _roles(accused) == [("Karim Saberi", "perpetrator")]


def test_roles_an_office_said_after_a_dashed_apposition_and_an_official_known_by_a_name() -> None:
    dashed = "Hassan Moradi - now the country's trade minister - was one of the leading prosecutors of 1988."
    assert _roles(dashed) == [("Hassan Moradi", "perpetrator")]
    known = "He was beaten by a prison official known only as Karim Saberi."
    assert _roles(known) == [("Karim Saberi", "perpetrator")]


def test_roles_the_kin_of_the_killed_and_the_killed_named_in_apposition() -> None:
    text = "Ali Tabrizi's brother, Reza, was executed in Evin in 1982. Ali Tabrizi now lives in Oslo."
    assert dict(_roles(text)) == {"Ali Tabrizi": "relative", "Reza": "victim"}
    lost = "Mr. Hassan Moradi had also lost his younger brother Nader in the killings. Mr. Moradi testified."
    assert _roles(lost)[0] == ("Hassan Moradi", "relative")


def test_roles_councillors_are_officials_and_a_byline_names_the_author() -> None:
    council = "The families met two councillors (Karim Saberi and Hassan Moradi) at the city hall."
    assert _roles(council) == [("Karim Saberi", "official"), ("Hassan Moradi", "official")]
    # the byline of a text that says "we": its author; of one told in the third person: a reporter (`other`)
    byline = "We gathered at the cemetery again.\n\nReported by Maryam Ahmadi.\nThe guards stood by."
    assert _roles(byline) == [("Maryam Ahmadi", "narrator")]
    reporter = "By Maryam Ahmadi\n\nThe court in Stockholm opened the trial of a prison official on Tuesday."
    assert _roles(reporter) == [("Maryam Ahmadi", "other")]


def test_roles_a_judge_abroad_who_testifies_is_a_witness_and_one_who_presides_an_official() -> None:
    testified = (
        "در جلسه دادگاه در استکهلم، حسن موسوی، قاضی بین‌المللی، شاهد این جلسه دادگاه بود. "
        "حسن موسوی، قاضی بین‌المللی، شهادت داد."
    )
    assert {role for _, role in _roles(testified)} == {"witness"}
    english = "At the Stockholm court, Karim Saberi, an international judge, testified for two hours."
    assert _roles(english) == [("Karim Saberi", "witness")]
    presiding = "At the Stockholm court, Karim Saberi, the judge, opened the hearing."
    assert _roles(presiding) == [("Karim Saberi", "official")]


def test_roles_persian_one_lost_in_the_executions_and_a_former_prisoner_s_memoir() -> None:
    lost = (
        "مریم احمدی در طول دوران زندان خود همسرش، علی کریمی را نیز در جریان اعدام‌های سال ۱۳۶۷ از دست داد. "
        "من آن روزها را به یاد دارم."
    )
    assert _roles(lost) == [("مریم احمدی", "narrator"), ("علی کریمی", "victim")]


def test_roles_whose_name_was_names_another_and_one_taken_to_the_gallows_is_killed() -> None:
    named = "My mother had four sons. One son, whose name was Nader, was taken away in 1988."
    assert ("Nader", "narrator") not in _roles(named)
    gallows = (
        "Her husband, Karim Saberi, wrote letters. In 1988 Karim Saberi was removed from the ward and "
        "taken to the gallows."
    )
    assert {role for _, role in _roles(gallows)} == {"victim"}


def test_roles_one_interviewed_is_a_witness_even_when_saying_my_name_is() -> None:
    text = (
        "Ali Tabrizi interviewed by Maryam Ahmadi\nPlease introduce yourself.\n"
        "My name is Ali Tabrizi. I was arrested in 1981."
    )
    assert dict(_roles(text))["Ali Tabrizi"] == "witness"
    guest = "کارشناس برنامه: حسن موسوی – نویسنده و زندانی سیاسی سابق"
    assert _roles(guest) == [("حسن موسوی", "witness")]


def test_roles_persian_the_executed_named_in_apposition_to_kin() -> None:
    clause = "برادر او، علی کریمی، محکوم به حبس ابد بود که در تابستان ۶۷ اعدام شد."
    assert _roles(clause) == [("علی کریمی", "victim")]
    object_ = "رژیم، حسن کریمی، برادر علی را نیز در همان سال اعدام کرد."
    assert _roles(object_)[0] == ("حسن کریمی", "victim")
    guest = "مهمان: آقای حسن موسوی برادر بزرگتر نادر یکی از هزاران زندانی سیاسی قتل عام شده"
    assert _roles(guest)[0] == ("حسن موسوی", "relative")


def _positions(text: str) -> list[tuple[str, object]]:
    return [
        (m.text, (m.detail or {}).get("position"))
        for m in extract_mentions(text, roles="rules")
        if m.type == "person"
    ]


def test_roles_an_office_before_the_name_is_kept_as_a_position() -> None:
    text = "The letter was signed by former justice minister Karim Saberi and Senator Hassan Moradi."
    assert _positions(text) == [("Karim Saberi", "former justice minister"), ("Hassan Moradi", "senator")]
    assert [role for _, role in _roles(text)] == ["official", "official"]
    historian = "A book by the historian Karim Saberi appeared in 2010."
    assert _positions(historian) == [("Karim Saberi", "historian")]
    assert _roles(historian) == [("Karim Saberi", "other")]
    headline = "A Plane Crash Kills Iran's President Karim Saberi"
    assert _positions(headline) == [("Karim Saberi", "iran's president")]
    general = "Maryam Ahmadi, the Foundation's secretary-general, spoke to the press."
    assert _positions(general) == [("Maryam Ahmadi", "secretary-general")]
    commissioner = "Maryam Ahmadi, the former high commissioner, wrote to the council."
    assert _positions(commissioner)[0][1] != "commission member"


def test_roles_a_state_office_before_the_name_and_the_head_of_the_court_abroad_are_officials() -> None:
    senator = "The resolution was backed by Senator Karim Saberi and the governor."
    assert _roles(senator) == [("Karim Saberi", "official")]
    spoke = "Senator Karim Saberi said the prisoners had been killed in secret."
    assert _roles(spoke) == [("Karim Saberi", "witness")]
    court = "قاضی دادگاه از حسن موسوی، رئیس دادگاه سوئد خواست جلسه را آغاز کند. حسن موسوی گفت جلسه علنی است."
    assert {role for _, role in _roles(court)} == {"official"}


def test_roles_persian_one_lost_in_the_executions_outweighs_the_kin_word_said_twice() -> None:
    text = (
        "مریم احمدی همسرش، علی کریمی را در جریان اعدام‌های سال ۶۷ از دست داد. "
        "عکس: آزادی مریم احمدی و همسرش، علی کریمی در سال ۵۷."
    )
    assert dict(_roles(text))["علی کریمی"] == "victim"


def test_roles_persian_an_office_in_a_rights_group_is_no_perpetrator_s() -> None:
    text = (
        "مریم احمدی، معاون دفتر خاورمیانه در سازمان عفو بین‌الملل، در این زمینه گفته است که اعدام‌ها جنایت بود."
    )
    assert _roles(text)[0][1] != "perpetrator"
    office = "حسن موسوی، معاون زندان، دستور اعدام را داد."
    assert _roles(office)[0] == ("حسن موسوی", "perpetrator")


def test_roles_an_ordinary_charge_of_the_state_is_no_violation_of_the_accused() -> None:
    hanged = "In Zahedan a man was hanged. The man, Karim Saberi was convicted for drug trafficking."
    assert ("Karim Saberi", "perpetrator") not in _roles(hanged)
    accused = "Karim Saberi was convicted of war crimes in Stockholm."
    assert _roles(accused) == [("Karim Saberi", "perpetrator")]


def test_roles_persian_a_function_in_apposition_is_kept_as_a_position() -> None:
    activist = "حسن موسوی، فعال سیاسی که در جلسه حضور داشت، به خبرنگاران چیزی نگفت."
    assert _positions(activist) == [("حسن موسوی", "فعال سیاسی")]
    deputy = "به گفته حسن موسوی جانشین وقت رهبر، این اعدام‌ها خطا بود."
    assert _positions(deputy)[0] == ("حسن موسوی", "جانشین وقت")
    filmmaker = "در ویدیوی زیر مریم احمدی (مستندساز) با مادران گفتگو می‌کند."
    assert _positions(filmmaker) == [("مریم احمدی", "مستندساز")]


def test_roles_an_office_taken_in_brackets_or_after_a_dash_is_kept_as_a_position() -> None:
    elected = "In 2019 Karim Saberi was appointed head of the judiciary."
    assert _positions(elected) == [("Karim Saberi", "head of the judiciary")]
    bracket = "The members were Karim Saberi (then Tehran's prosecutor general) and two others."
    assert _positions(bracket) == [("Karim Saberi", "prosecutor general")]
    assert _roles(bracket) == [("Karim Saberi", "perpetrator")]
    heir = "Letters by Hassan Moradi - then the leader's heir apparent - were published."
    assert _positions(heir)[0][1] == "heir apparent"
    spokesman = "It is not valid, said the spokesman of the Ministry of Foreign Affairs, Karim Saberi."
    assert _positions(spokesman)[0][1] is not None


def test_roles_plaintiffs_listed_and_an_office_with_its_complement_are_kept_as_positions() -> None:
    listed = "Karim Saberi, Ali Tabrizi and Hassan Moradi appeared in court as plaintiffs on Monday."
    assert [position for _, position in _positions(listed)] == ["plaintiff"] * 3
    minister = "Officials enjoy impunity, including Minister of Justice Karim Saberi."
    assert _positions(minister) == [("Karim Saberi", "minister of Justice")]


def test_roles_a_presidential_candidate_and_who_led_the_judges_hold_positions() -> None:
    candidate = "Iranian presidential favorite Karim Saberi has used his post to silence critics."
    assert _positions(candidate) == [("Karim Saberi", "iranian presidential favorite")]
    led = "Hassan Moradi, who led the judges, opened the hearing."
    assert _positions(led) == [("Hassan Moradi", "led the judges")]


def test_roles_persian_a_plaintiff_and_a_minister_before_the_name_hold_positions() -> None:
    plaintiff = "امروز، یازدهمین شاکی پرونده حسن موسوی، مریم احمدی در دادگاه حاضر شد."
    assert ("مریم احمدی", "شاکی") in _positions(plaintiff)
    minister = "از او توسط وزیر سابق دادگستری (۲۰۰۰-۲۰۰۶) حسن موسوی دفاع خواهد شد."
    assert _positions(minister) == [("حسن موسوی", "وزیر سابق دادگستری")]


def test_roles_an_office_reported_of_another_is_not_the_speaker_s() -> None:
    text = (
        "Ali Tabrizi and other survivors came forward to say Karim Saberi worked as an assistant prosecutor."
    )
    roles = dict(_roles(text))
    assert roles["Ali Tabrizi"] != "perpetrator" and roles["Karim Saberi"] == "perpetrator"


def test_roles_persian_as_a_plaintiff_is_said_of_the_name_in_its_own_clause() -> None:
    text = "دادستان پرونده حسن موسوی، از مریم احمدی که به عنوان شاکی در دادگاه حضور داشت، سوال کرد."
    assert dict(_positions(text)) == {"حسن موسوی": None, "مریم احمدی": "شاکی"}


def test_roles_an_authors_line_and_a_letters_closing_name_the_writer() -> None:
    authors = "Authors: Dr Karim Saberi\n\nOur line moved quickly. I was the third to be called."
    assert _roles(authors) == [("Karim Saberi", "narrator")]
    signed = "Thank you for reading.\n\nSincerely,\n\nMaryam Tavakoli"
    assert _roles(signed) == [("Maryam Tavakoli", "narrator")]
    persian = "ما خانواده‌ها منتظر پاسخ شما هستیم.\n\nبااحترام\n\nحسن موسوی\n"
    assert _roles(persian) == [("حسن موسوی", "narrator")]


def test_roles_names_heading_several_first_person_accounts_are_witnesses() -> None:
    text = (
        "We waited in the cell for months.\n\nMaryam Tavakoli\n\nI was a teacher in Shiraz. In 1982 I was "
        "arrested.\n\nLeila Farahani\n\nI was arrested in 1983 with my sister."
    )
    assert _roles(text) == [("Maryam Tavakoli", "witness"), ("Leila Farahani", "witness")]


def test_roles_the_killed_named_after_the_verb_are_victims_and_the_families_relatives() -> None:
    assert _roles("Ali Tabrizi was executed shortly after, as was his brother, Reza Tabrizi.") == [
        ("Ali Tabrizi", "victim"),
        ("Reza Tabrizi", "victim"),
    ]
    including = "In one week they executed 30 women, including Shirin Kamali, the sister of Mrs. Dariush."
    assert _roles(including)[0] == ("Shirin Kamali", "victim")
    families = "The families of the victims, including Shirin Kamali, gathered at the gate."
    assert _roles(families) == [("Shirin Kamali", "relative")]


def test_roles_a_relayed_report_and_speech_after_the_quote_give_an_account() -> None:
    assert _roles("At this time, news came from a comrade, Ali Tabrizi, from block 20.") == [
        ("Ali Tabrizi", "witness")
    ]
    assert _roles("‘They will come at night,’ said Ali Tabrizi.") == [("Ali Tabrizi", "witness")]
    named = "According to the group, an eyewitness, named Ali Tabrizi, has testified he saw the graves."
    assert _roles(named) == [("Ali Tabrizi", "witness")]


def test_roles_who_runs_a_cell_is_a_perpetrator_and_who_ordered_the_killings() -> None:
    cell = "That evening, Haj Karim, supervisor of our cell, came for the books."
    assert _positions(cell) == [("Karim", "supervisor of our cell")]
    assert [role for _, role in _roles(cell)] == ["perpetrator"]
    directive = "Judges followed a directive by late Iranian leader Ayatollah Karim Saberi in 1988."
    assert _roles(directive) == [("Karim Saberi", "perpetrator")]
    assert _positions(directive) == [("Karim Saberi", "late iranian leader")]


def test_roles_heads_of_government_and_addressees_are_officials() -> None:
    assert _roles("The reforms were begun by his predecessor, Karim Saberi.") == [
        ("Karim Saberi", "official")
    ]
    assert _positions("The reforms were begun by his predecessor, Karim Saberi.") == [
        ("Karim Saberi", "predecessor")
    ]
    assert _roles("The Karim Saberi administration denied the reports.") == [("Karim Saberi", "official")]
    assert _roles("They wrote a letter addressed to Karim Saberi about the graves.") == [
        ("Karim Saberi", "official")
    ]
    assert _roles("The Revolution that brought Ayatollah Karim Saberi to power was betrayed.") == [
        ("Karim Saberi", "official")
    ]


def test_roles_functions_told_in_other_words_are_positions() -> None:
    theorist = "Only a handful of leaders, such as their main theorist Karim Saberi, were kept alive."
    assert _positions(theorist) == [("Karim Saberi", "main theorist")]
    charge = (
        "According to witnesses, Karim Saberi was, among other things, in charge of leading the prisoners "
        "to the hall."
    )
    assert _positions(charge) == [("Karim Saberi", "in charge of leading the prisoners to the hall")]
    held = (
        "Ayatollah Karim Saberi, who at the time held the highest position in the state after the leader, "
        "resigned."
    )
    assert _positions(held) == [("Karim Saberi", "the highest position in the state after the leader")]
    activist = "The graves were razed, prominent human rights activist Maryam Tavakoli has reported."
    assert _positions(activist) == [("Maryam Tavakoli", "activist")]


def test_roles_persian_a_letters_addressee_and_a_government_are_officials() -> None:
    addressed = "جناب آقای حسن موسوی\n\nرئیس جمهور محترم\n\nما خانواده‌ها منتظر پاسخ هستیم."
    assert _roles(addressed) == [("حسن موسوی", "official")]
    assert _positions(addressed) == [("حسن موسوی", "رئیس جمهور")]
    assert _roles("دادخواستی خطاب به حسن موسوی در آذر ماه نوشته شد.") == [("حسن موسوی", "official")]
    assert _roles("او وزیر کشور در دولت حسن موسوی بود.") == [("حسن موسوی", "official")]
    un = "آقای حسن موسوی کریمی، دبیر کل سازمان ملل! ما می‌دانیم."
    assert _roles(un) == [("حسن موسوی کریمی", "official")]
    assert _positions(un) == [("حسن موسوی کریمی", "دبیر کل")]


def test_roles_persian_kin_of_the_killed_and_officials_of_the_killings() -> None:
    families = "این دادخواست از سوی بستگان اعدام شدگان از جمله زنده یاد مریم احمدی تهیه شد."
    assert _roles(families) == [("مریم احمدی", "relative")]
    spouse = "در مصاحبه با علی رضایی، مریم احمدی همسر یکی از قربانیان قتل عام سخن گفت."
    assert dict(_roles(spouse))["مریم احمدی"] == "relative"
    officials = "برنامه به مقام‌های امنیتی و قضایی وقت شهر از جمله حسن موسوی اختصاص داشت."
    assert _roles(officials) == [("حسن موسوی", "perpetrator")]
    member = "حسن موسوی، وزیر کشور، در سال ۱۳۶۷ عضو «هیات مرگ» زندان شهر بود."
    assert _roles(member) == [("حسن موسوی", "perpetrator")]
    judge = "نامه حسن موسوی حاکم شرع شهر خوانده شد."
    assert _roles(judge) == [("حسن موسوی", "perpetrator")]
    author = "“حسن موسوی”یکی از نویسندگان این گزارش ها در باره گورها سخن گفت."
    assert _positions(author) == [("حسن موسوی", "یکی از نویسندگان این گزارش ها")]


def test_roles_offices_in_dashed_and_bracketed_appositions_are_positions() -> None:
    dashed = "Karim Saberi – the current head of the judiciary – is accused of leading arrests."
    assert _positions(dashed) == [("Karim Saberi", "head of the judiciary")]
    assert _roles(dashed) == [("Karim Saberi", "perpetrator")]
    advisor = "Hassan Moradi – a judicial advisor – is said to have handed down sentences."
    assert _positions(advisor) == [("Hassan Moradi", "advisor")]
    bracket = "The committee met: Karim Saberi (then the Attorney General of Tehran) and others."
    assert _positions(bracket) == [("Karim Saberi", "attorney general")]
    plaintiff = "My sister, Maryam Tavakoli, a plaintiff in the case, sat in the courtroom."
    assert _positions(plaintiff) == [("Maryam Tavakoli", "plaintiff")]
    heir = "It became known when Ayatollah Karim Saberi, then the leader's heir, wrote three letters."
    assert _positions(heir) == [("Karim Saberi", "heir")]
    rapporteur = "They wrote to Maryam Tavakoli, the U.N.’s special rapporteur on Iran."
    assert _positions(rapporteur) == [("Maryam Tavakoli", "special rapporteur")]


def test_roles_functions_before_the_name_and_persian_activists_are_positions() -> None:
    film = "In 2007, documentary filmmaker Maryam Tavakoli filmed the graves."
    assert _positions(film) == [("Maryam Tavakoli", "documentary filmmaker")]
    founder = "The purge was ordered by the regime founder Karim Saberi in 1988."
    assert _positions(founder) == [("Karim Saberi", "regime founder")]
    activist = "مریم احمدی از فعالان سازمان دانشجویی بود."
    assert _positions(activist) == [("مریم احمدی", "از فعالان سازمان دانشجویی")]
    host = "علی رضایی، میزبان برنامه، پرسید."
    assert _positions(host) == [("علی رضایی", "میزبان برنامه")]


def test_roles_persian_each_name_along_the_list_of_those_interviewed_gives_an_account() -> None:
    text = (
        "رادیو در مصاحبه با علی رضایی از زندانیان آن سال‌ها، مریم احمدی همسر یکی از قربانیان و حسن موسوی "
        "از یک سازمان حقوق بشری از آن روزها می‌گوید."
    )
    roles = dict(_roles(text))
    assert roles["حسن موسوی"] == "witness" and roles["مریم احمدی"] == "relative"


def _position_of(text: str) -> dict[str, object]:
    return {
        m.text: m.detail.get("position") for m in extract_mentions(text, roles="rules") if m.type == "person"
    }


def test_roles_one_who_tells_of_their_own_kin_arrested_or_killed_is_a_relative() -> None:
    brothers = (
        "Leila Karimi recalls the summer of 1988. After her brothers, Reza and Ali, were arrested and "
        "summarily executed, the family searched the hills for their remains."
    )
    assert _roles(brothers) == [("Leila Karimi", "relative"), ("Reza", "victim"), ("Ali", "victim")]
    husband = "Sara Nouri’s husband, Kaveh, and her brother Nima, were arrested by the guards in 1985."
    assert _roles(husband)[0] == ("Sara Nouri", "relative")
    own = "Mina Sadri says her own husband, Hamid Rezaei, was a political prisoner in the 1980s."
    assert _roles(own) == [("Mina Sadri", "relative"), ("Hamid Rezaei", "victim")]
    # ("his son" after a name the sentence does not open with is another's kin)
    watch = (
        "Reza Karimi was arrested in 1981 and taken to Evin. In 1988 an official handed our father a bag "
        "with Reza's watch and said that his son had been executed."
    )
    assert {role for _, role in _roles(watch)} == {"victim"}
    father = "Ahmad Bagheri, is the father of Parvin and Mehrdad, who were both executed in 1988."
    assert _roles(father)[0] == ("Ahmad Bagheri", "relative")
    assert _roles("They exhumed Omid Rahimi’s body from a shallow grave.") == [("Omid Rahimi", "victim")]


def test_roles_the_byline_of_a_text_in_the_third_person_stays_other_in_the_default_combination() -> None:
    reporter = "By Maryam Ahmadi\n\nThe court in Stockholm opened the trial of a prison official on Tuesday."
    assert [(m.text, m.role) for m in extract_mentions(reporter) if m.type == "person"] == [
        ("Maryam Ahmadi", "other")
    ]
    book = "Parviz Azadi\nOXFORD UNIVERSITY PRESS\nMay 2001\n\nThe prisons were sealed in July 1988."
    assert [(m.text, m.role) for m in extract_mentions(book) if m.type == "person"] == [
        ("Parviz Azadi", "other")
    ]


def test_roles_commissioners_and_un_envoys_hold_office_and_a_report_gives_an_account() -> None:
    panel = "The Commissioners are several jurists, including Prof. Anna Berg, Peter Holm and Lisa Dahl."
    assert {role for _, role in _roles(panel)} == {"official"}
    assert set(_position_of(panel).values()) == {"commissioners"}
    met = (
        "The envoy met U.N. Special Representative on the Human Rights Situation in the Islamic Republic "
        "of Iran Hassan Moradi in Geneva."
    )
    assert _roles(met) == [("Hassan Moradi", "official")]
    assert str(_position_of(met)["Hassan Moradi"]).endswith("islamic republic of Iran")
    wrote = "Former U.N. Special Rapporteur on Iran Hassan Moradi submitted a report to the Commission."
    assert _roles(wrote) == [("Hassan Moradi", "witness")]
    assert _position_of(wrote) == {"Hassan Moradi": "special rapporteur on iran"}
    assert _roles("Anna Berg’s report was transmitted to the General Assembly.") == [("Anna Berg", "witness")]


def test_roles_an_epigraph_s_author_a_pseudonym_and_functions_in_brackets() -> None:
    epigraph = (
        'The executions violate every law.\n\nAyatollah Hossein Karimi, "Letter to the Council," 3 May 1988'
    )
    assert _roles(epigraph) == [("Hossein Karimi", "witness")]
    alias = "The police said that the prosecutor Reza Amini (under the pseudonym Reza Sadeghi) would travel."
    assert {role for _, role in _roles(alias)} == {"perpetrator"}
    heir = "Families went to see Ayatollah Hossein Karimi-who was still the heir-designate."
    assert _position_of(heir) == {"Hossein Karimi": "heir-designate"}
    member = "Prof. Anna Berg (member of the International Fact-Finding Commission) opened the session."
    assert _position_of(member)["Anna Berg"]


def test_roles_persian_addressee_recording_speech_author_and_object_pronoun() -> None:
    letter = "خانواده‌ها در نامه‌ای به علی رضایی، خواستار بازگشایی گورستان شدند."
    assert _roles(letter) == [("علی رضایی", "official")]
    tape = "پس از انتشار فایل صوتی حسین کریمی، جنایتکاران دیگر نمی‌توانند منکر شوند."
    assert _roles(tape) == [("حسین کریمی", "official")]
    spoke = "محمد رضایی، این روزها پس از سال‌ها سکوت، لب به سخن گشوده است."
    assert _roles(spoke) == [("محمد رضایی", "witness")]
    essay = "من آن سال در زندان بودم و صدای تیرباران را شنیدم.\n\nمتن: علی رضایی\nتنظیم: حسن کریمی"
    assert _roles(essay) == [("علی رضایی", "narrator"), ("حسن کریمی", "other")]
    order = "او پس از پایان محکومیتش، در سال ۶۷ به دستور حسین کریمی او را اعدام کردند."
    assert ("حسین کریمی", "perpetrator") in _roles(order)


def test_roles_persian_positions_in_the_account() -> None:
    plaintiff = "رضا فلاحی به عنوان شاهد و شاکی در دادگاه گفت که صدای اعدام‌ها را شنید."
    assert _position_of(plaintiff)["رضا فلاحی"] == "شاهد و شاکی"
    office = "حسن کریمی متهم است که در مقام دادیار پیشین زندان در اعدام‌ها مشارکت داشته است."
    assert _position_of(office)["حسن کریمی"]
    student = "علی رضایی که در زمان دستگیری دانشجوی رشته فیزیک بود، در سال ۶۷ اعدام شد."
    assert _position_of(student)["علی رضایی"] == "دانشجوی رشته فیزیک"
    activist = "گفتگو با محمد رضایی فعال حقوق بشر درباره کشتار زندانیان."
    assert _position_of(activist)["محمد رضایی"] == "فعال حقوق بشر"


def test_roles_positions_in_appositions_brackets_and_lists() -> None:
    head = "Karim Saberi, former Head of the UN war crimes tribunal for Sierra Leone, wrote a report."
    assert _position_of(head)["Karim Saberi"] == "head"
    bracket = "Supporters of Hassan Moradi (Iran’s first elected president, who was dismissed in 1981) met."
    assert _position_of(bracket)["Hassan Moradi"]
    place = "The commission was told to work with the Prosecutor of Tehran, Karim Saberi, from then on."
    assert _position_of(place)["Karim Saberi"] == "prosecutor of Tehran"
    member = "The judges included Karl Berg, who is a member of the jury panel on the Leiden inquiry."
    assert (
        _position_of(member)["Karl Berg"] == "commission member"
    )  # (a panel's member, as the rules name it)
    youngest = "At 27, Karim Saberi was the youngest of four members named to the committee."
    assert _position_of(youngest)["Karim Saberi"] == "members"
    barrister = "Other judges sat too, including British barrister Karl Berg."
    assert _position_of(barrister)["Karl Berg"]


def test_roles_persian_positions_before_the_name_in_brackets_and_over_a_list() -> None:
    listed = "او دریافت که اداره کنندگان اصلی زندان اوین،  حسن کریمی ، علی رضایی و محمد احمدی بودند."
    assert set(_position_of(listed).values()) == {"اداره کنندگان اصلی زندان اوین"}
    assert {role for _, role in _roles(listed)} == {"perpetrator"}
    bracket = "مردان مسلح از زندان با «حسن کریمی» (دادستان سابق این شهر) آمدند."
    assert _position_of(bracket) == {"حسن کریمی": "دادستان سابق این شهر"}
    nurse = "زنان سربه‌دار!\nپرستار مهربان مریم احمدی و دیگران همگی اعدام شدند."
    assert _position_of(nurse)["مریم احمدی"] == "پرستار مهربان"
    jurist = "در گفتگویی با رها کریمی حقوقدان و پژوهشگر سازمان عفو بین‌الملل در لندن"
    assert _position_of(jurist)["رها کریمی"]


def test_roles_positions_of_counsel_a_presiding_judge_a_head_and_a_party() -> None:
    lawyer = '"He did it," his lawyer Karl Berg told reporters.'
    assert _position_of(lawyer) == {"Karl Berg": "lawyer"}
    presided = "I was tried in a three-minute trial presided over by Karim Saberi, and sentenced."
    assert _position_of(presided) == {"Karim Saberi": "presided over"}
    head = "We faced the commission, with Karim Saberi as its head."
    assert _position_of(head) == {"Karim Saberi": "head"}
    party = "Karim Saberi (65), one of the plaintiffs, spoke."
    assert _position_of(party) == {"Karim Saberi": "plaintiffs"}
    quoted = "The witness answered that Karim Saberi was a “dadyar” at the prison."
    assert _roles(quoted) == [("Karim Saberi", "perpetrator")]
    assert _position_of(quoted) == {"Karim Saberi": "dadyar"}
    role = "Karim Saberi had “the role of assistant to the deputy prosecutor” at the prison."
    assert _position_of(role) == {"Karim Saberi": "assistant to the deputy prosecutor"}


def test_roles_a_pronoun_resolved_to_a_reporter_named_in_passing_gives_no_part() -> None:
    text = (
        "The prosecutor read the verdict. There was a cheer, says TV4's reporter Karl Berg outside the "
        "court. He sentenced the prisoners to death in 1988, the witnesses said."
    )
    assert _roles(text) == [("Karl Berg", "other")]


def test_roles_persian_those_interviewed_whose_brother_was_executed_are_relatives() -> None:
    text = (
        "در حاشیه دادگاه، خبرنگار ما با مریم و زهرا کریمی گفتگو کرده است که برادرشان علی در شهریور ۶۷ "
        "در زندان اوین در حالی که دوران محکومیت خود را می‌گذراند، اعدام شد."
    )
    assert _roles(text)[:2] == [("مریم", "relative"), ("زهرا کریمی", "relative")]


def test_roles_a_director_named_before_and_a_speaker_s_own_function() -> None:
    director = (
        "“They were killed,” said Amnesty International’s deputy director for the Middle East, Hassan Moradi."
    )
    assert _position_of(director) == {"Hassan Moradi": "deputy director for the middle east"}
    speakers = (
        "Accounts of the survivors.\n\nSara Karimi\nI was a nurse in Tehran. In 1981, I was arrested.\n\n"
        "Mina Sadri\nI was a student at the university. They took me in 1982."
    )
    assert _position_of(speakers) == {"Sara Karimi": "nurse", "Mina Sadri": "student"}


def test_roles_kin_named_before_one_killed_or_arrested_is_the_victim() -> None:
    hanged = (
        "Her son Kaveh Rostami was one of thousands of young political prisoners who were hanged that summer."
    )
    assert _roles(hanged) == [("Kaveh Rostami", "victim")]
    arrested = "Mina Sadri's husband, Kaveh, and her brother Omid, were arrested by the police in 1984."
    assert _roles(arrested) == [("Mina Sadri", "relative"), ("Kaveh", "victim"), ("Omid", "victim")]
    # the kin word alone still makes a relative
    assert _roles("Her son Kaveh Rostami came to the gate with flowers.") == [("Kaveh Rostami", "relative")]


def test_roles_among_the_prisoners_who_were_executed_and_the_one_whose_death_is_tried() -> None:
    among = (
        "The nurse, Laleh Parsa, was among some 3,000 prisoners of leftist groups who, according to "
        "rights groups, were executed."
    )
    assert _roles(among) == [("Laleh Parsa", "victim")]
    death = "A court in Oslo will try a former guard for murder in connection with Mr. Parsa’s death."
    assert _roles(death) == [("Parsa", "victim")]
    # a leader's own end is only a time
    after = "After Karimi's death in 1989 the new leader took office."
    assert _roles(after) == [("Karimi", "other")]


def test_roles_a_mother_named_by_her_son_and_one_of_the_family_members() -> None:
    mother = "Mrs. Shirin Ahmadi is Kaveh's mom, she has waited at the gates since 1988."
    assert _roles(mother)[0] == ("Shirin Ahmadi", "relative")
    family = (
        "The police summoned the mourners. Parvin Alavi, one of the family members, reported the summons."
    )
    assert _roles(family) == [("Parvin Alavi", "relative")]


def test_roles_her_relatives_who_lost_their_lives_make_her_their_relative() -> None:
    text = (
        "Sara Karimi, a witness of the massacre, described her ordeal; nine of her relatives lost their "
        "lives in the prisons."
    )
    assert _roles(text) == [("Sara Karimi", "relative")]


def test_roles_a_party_s_counsel_is_other_with_the_function_kept() -> None:
    text = (
        "The judge gave the floor to the defense. Defense attorney Lars Holm asked whether he had been "
        "arrested in 1981. The report sums up the statement by plaintiff counsel Kenneth Wood."
    )
    assert _roles(text) == [("Lars Holm", "other"), ("Kenneth Wood", "other")]
    assert _position_of(text) == {"Lars Holm": "defense attorney", "Kenneth Wood": "plaintiff counsel"}


def test_roles_the_accused_s_son_is_no_relative_of_a_victim() -> None:
    text = (
        "Karim Saberi was convicted of murder for his role in the 1988 executions. The court's news "
        "agency quoted Saberi's son, Omid Saberi, as saying the trial was political."
    )
    assert dict(_roles(text))["Omid Saberi"] == "other"
    victim = "Ali Karimi was hanged in 1988. Karimi's son, Omid Karimi, said the family was never told."
    assert dict(_roles(victim))["Omid Karimi"] in ("relative", "witness")


def test_roles_an_office_holder_calling_on_a_state_to_act_is_an_official() -> None:
    text = (
        "Laura Fenwick, the UN Special Rapporteur on Iran, has called for an independent inquiry. "
        "“It is time,” Fenwick said in an interview."
    )
    assert _roles(text) == [("Laura Fenwick", "official"), ("Fenwick", "official")]
    persian = (
        "مریم احمدی، گزارشگر ویژه سازمان ملل، خواستار تحقیقات مستقل درباره اعدام‌ها شد. "
        "احمدی در گفت‌وگو با یک خبرگزاری گفت: «زمانش فرا رسیده است.»"
    )
    assert {role for _, role in _roles(persian)} == {"official"}
    report = "مریم احمدی، گزارشگر ویژه سازمان ملل، در گزارش جدید خود خواستار تحقیقات مستقل شد."
    assert _roles(report) == [("مریم احمدی", "witness")]


def test_roles_persian_a_state_spokesman_and_a_cue_that_belongs_to_another_name() -> None:
    text = (
        "رضا کریمی، سخنگوی وزارت امور خارجه، در واکنش به تایید حکم حسن احمدی به دلیل دست داشتن در "
        "اعدام‌ها گفت که حکم را نمی‌پذیرد."
    )
    assert _roles(text)[0] == ("رضا کریمی", "official")


def test_roles_persian_the_pronoun_for_a_sister_of_one_executed_makes_her_a_relative() -> None:
    text = (
        "مریم احمدی در یک خانواده سیاسی بزرگ شد. او خواهر علی احمدی است که در سال ۱۳۶۲ دستگیر شد و در "
        "شهریور ۱۳۶۷ اعدام شد."
    )
    assert _roles(text)[0] == ("مریم احمدی", "relative")


def test_roles_a_memoir_s_heading_names_its_narrator_and_a_bare_byline_is_other() -> None:
    memoir = (
        "دشت آتش\n\nخاطرات رضا کریمی از زندان‌های دهه شصت\n\n"
        "بعد از یک هفته بازداشت به زندان اوین منتقل شدم. من را به بند بردند."
    )
    assert _roles(memoir) == [("رضا کریمی", "narrator")]
    byline = (
        "Inquiry Demanded into the Massacre\n\nJuly 1, 2021\nSara Parvizi\n\n"
        "The Rapporteur has called for an inquiry into the massacre of 1988, in which thousands were killed."
    )
    found = [m for m in extract_mentions(byline) if m.type == "person"]
    assert [(m.text, m.role) for m in found] == [("Sara Parvizi", "other")]


def test_roles_positions_in_apposition_a_member_a_long_title_and_persian_offices() -> None:
    member = "“Justice won,” Omid Saberi, a member of the Foreign Affairs Committee of the Council, told us."
    assert _position_of(member)["Omid Saberi"]
    title = (
        "Laura Fenwick, the Middle East and North Africa Research Director at Amnesty International, spoke."
    )
    assert _position_of(title)["Laura Fenwick"]
    assistant = "The court found that Karim Saberi had been an assistant to a prosecutor at the prison."
    assert _position_of(assistant)["Karim Saberi"]
    official = "دادگاه حکم صادر شده برای حسن احمدی، مقام سابق قضایی، را تایید کرد."
    assert _position_of(official) == {"حسن احمدی": "مقام سابق"}
    rapporteur = "مریم احمدی گزارشگر ویژه سازمان ملل، از رفتار با زندانیان انتقاد کرد."
    assert _position_of(rapporteur)["مریم احمدی"].startswith("گزارشگر ویژه")
    party = "از گفتگو با رضا کریمی از مسئولین کارگری حزب با رادیو"
    assert _position_of(party)["رضا کریمی"].startswith("از مسئولین کارگری")


def test_roles_one_who_acted_as_prosecutor_of_a_tribunal_is_an_official() -> None:
    text = (
        "Some hundred witnesses attended. However according to Laura Fenwick, the international lawyer who "
        "acted as chief prosecutor, more would have come."
    )
    assert _roles(text) == [("Laura Fenwick", "official")]
    (person,) = [m for m in extract_mentions(text, roles="rules") if m.type == "person"]
    assert "chief prosecutor" in [h["value"] for h in person.detail["positions"]]  # type: ignore[index,union-attr]


def test_roles_positions_of_a_pair_of_a_statement_s_particulars_and_persian_clauses() -> None:
    pair = "The witness explained that Karimi and Saberi were managers while the others were clerks."
    assert _position_of(pair) == {"Karimi": "managers", "Saberi": "managers"}
    fields = (
        "Witness Statement\n\nName: Sara Karimi\n\nPlace of Birth: Tehran\n\nOccupation: Nurse\n\n"
        "I was arrested."
    )
    assert _position_of(fields)["Sara Karimi"] == "nurse"
    clause = "رضا کریمی شهادت داد که به عنوان رئیس برنامه حقوق بشر دانشگاه با حسن احمدی آشنا شد."
    assert _position_of(clause)["رضا کریمی"] == "رئیس برنامه حقوق بشر دانشگاه"
    four = "این هیئت شامل حسن احمدی، رضا کریمی و علی رضایی سه مقام قضایی آن زمان بود."
    assert set(_position_of(four).values()) == {"مقام قضایی"}
    own = "ـ من رضا کریمی هستم، تکنسین آزمایشگاه که در سال ۶۰ دستگیر شدم."
    assert _position_of(own) == {"رضا کریمی": "تکنسین آزمایشگاه"}
    prisoner = "گفتگو با مریم احمدی، زندانی سیاسی دهه شصت و فعال حقوق بشر"
    assert str(_position_of(prisoner)["مریم احمدی"]).startswith("فعال حقوق")


def test_roles_the_accused_s_kin_named_in_apposition_is_other() -> None:
    english = (
        "Karim Saberi was convicted of murder for his role in the 1988 executions. "
        "Omid Saberi, Saberi's son, said the trial was political."
    )
    assert dict(_roles(english))["Omid Saberi"] == "other"
    persian = (
        "حسن احمدی به دلیل مشارکت در اعدام‌ها به حبس ابد محکوم شد. خبرگزاری از قول مریم احمدی، دختر حسن احمدی "
        "که در جلسات دادگاه شرکت می‌کند، نوشت که دادگاه سیاسی است."
    )
    assert dict(_roles(persian))["مریم احمدی"] == "other"


def test_roles_a_girl_whose_mother_was_executed_after_an_apposition_is_a_relative() -> None:
    text = (
        "One was Sara, a young girl living in Paris, whose mother and aunt were executed when she was eight."
    )
    assert _roles(text) == [("Sara", "relative")]


def test_roles_persian_the_one_called_with_the_narrator_shares_the_narrator_s_lot() -> None:
    text = "بعد من و علی رضایی را صدا کردند و به بند ۲۰۹ بردند. علی رضایی گفت که دادگاه آنجاست."
    assert _roles(text) == [("علی رضایی", "fellow_prisoner"), ("علی رضایی", "fellow_prisoner")]
    visit = "آخرین ملاقات من و علی رضایی در تیر ۱۳۶۷ بود. علی رضایی را در همان ماه اعدام کردند."
    assert {role for _, role in _roles(visit)} == {"victim"}
    killed = "من و علی رضایی را به اتاق بردند. علی رضایی را در همان شب اعدام کردند."
    assert {role for _, role in _roles(killed)} == {"victim"}


def test_roles_the_interviewer_or_host_stays_out_of_the_events() -> None:
    relative = RoleModel(("relative", "victim"), (1.0, 0.0), {}, stack=False)
    persian = "فایل صوتی گفتگوی مریم احمدی با زهرا کریمی. این گفتگو با اجرای مریم احمدی انجام شده است."
    found = extract_mentions(persian, roles=Combined(relative))
    assert {(m.text, m.role) for m in found if m.type == "person"} >= {("مریم احمدی", "other")}
    english = "Sara Karimi was interviewed by Laura Fenwick in 2009."
    found = extract_mentions(english, roles=Combined(relative))
    assert [(m.text, m.role) for m in found if m.type == "person"][1] == ("Laura Fenwick", "other")
