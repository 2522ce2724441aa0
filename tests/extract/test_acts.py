"""Acts (testament.extract.acts and the [acts.*] lexicon): constructions of each language, on invented
sentences."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testament.extract import extract_mentions
from testament.extract.learnt import using_roles


@pytest.fixture(autouse=True)
def _the_rules_alone() -> Iterator[None]:
    with using_roles("rules"):
        yield


def _acts(text: str) -> list[tuple[str, object]]:
    return [(m.text, m.value) for m in extract_mentions(text) if m.type == "act"]


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # the choice of those who were executed, and being led to it, are told as done
        ("The panel decided who should be executed that week.", ("executed", "execution")),
        ("They listed which inmates were to be hanged before dawn.", ("hanged", "execution")),
        ("The guards took them away to be executed at night.", ("executed", "execution")),
        # an agent noun said of a person is an act of that kind
        ("Kamran Saberi was an executioner in that prison.", ("executioner", "execution")),
        ("The survivors remember him as a cruel torturer.", ("torturer", "torture")),
        # secret executions and unmarked graves: kept from the families
        ("The secret summary executions of that summer left no trace.", ("secret", "family_not_informed")),
        ("The state kept the executions secret for years.", ("secret", "family_not_informed")),
        (
            "Many were buried in unmarked shallow graves outside the town.",
            ("unmarked", "family_not_informed"),
        ),
        (
            "Police prevented families from holding a memorial at the cemetery.",
            ("prevented families from holding", "family_not_informed"),
        ),
        (
            "The dead were buried by the guards without informing their families.",
            ("without informing their families", "family_not_informed"),
        ),
        ("It is not known where her brother lies.", ("It is not known where", "family_not_informed")),
        (
            "They did not return the bodies to the relatives.",
            ("did not return the bodies", "family_not_informed"),
        ),
        ("Most of them were executed in secrecy that autumn.", ("in secrecy", "family_not_informed")),
        # detention, sentence, torture, release, interrogation, execution, told in other words
        ("She was released after eight months in prison.", ("eight months in prison", "detention")),
        ("After the first week I was put in a cell with four others.", ("put in a cell", "detention")),
        ("Seven of us were confined in a tiny room.", ("confined", "detention")),
        ("Many survivors had been in jail in 1988.", ("been in", "detention")),
        ("After completing a five-year sentence he was not let go.", ("five-year sentence", "sentence")),
        ("Those who said they were Marxists were sent to death row.", ("sent to death row", "sentence")),
        ("He lost an eye as a result of the assault.", ("assault", "torture")),
        ("In spring they sent a group of prisoners for a leave.", ("leave", "release")),
        ("The guard asked us what our charge was.", ("asked us what our charge was", "interrogation")),
        ("They asked me about my views on the state.", ("asked me about my views", "interrogation")),
        ("The condemned were sent to hang in groups.", ("sent to hang", "execution")),
        ("One had the hangman's noose around his neck.", ("hangman's noose", "execution")),
        # remains moved to a grave site are a burial
        (
            "Later they transferred the remains of many prisoners to the new plot.",
            ("transferred", "burial"),
        ),
        # more constructions of the same acts
        ("The families of the disappeared gathered at the gate.", ("disappeared", "family_not_informed")),
        ("I was taken to a room and faced the Death Commission.", ("faced", "hearing")),
        ("They were murdered in a mass killing that summer.", ("mass killing", "execution")),
        ("He whispered: they are killing prisoners downstairs.", ("killing", "execution")),
        ("Spending years in Qasr prison, she kept a diary.", ("Spending years in", "detention")),
        ("I was punished then and was in a solitary cell.", ("was in", "detention")),
        ("They appeared before the judiciary panels that condemned them.", ("appeared before", "hearing")),
        ("I was detained in that city until the spring of 1989.", ("detained", "detention")),
        ("Mourners are temporarily detained every summer.", ("detained", "detention")),
        ("Prisoners whose sentences were ending were called out.", ("sentences", "sentence")),
        ("Sadly, the families are not told where the grave is.", ("not told", "family_not_informed")),
        ("At the cemetery they arrest some mourners and imprison them.", ("imprison", "detention")),
    ],
)
def test_english_act_constructions(text: str, act: tuple[str, str]) -> None:
    assert act in _acts(text)


def test_english_hypothetical_act_still_dropped() -> None:
    assert _acts("They would be executed if they refused to answer.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Category: executions, prisons",  # a site's tag line
        "They sent a group on leave; the massacre did not start yet.",  # told as not having happened
        "The whole Stockholm court relocated to Durres for two weeks.",  # the court abroad moved
        "At the beginning of the hearing, the plaintiffs' lawyer spoke.",  # the trial abroad, today
        "A reading from the Book of the Disappeared opened the evening.",  # a title
        "The UN special rapporteur on extrajudicial executions spoke today.",  # a mandate's name
        "After the release of the tape, officials changed their story.",  # made public
        "The statement marks the International Day in Support of Victims of Torture.",  # a day's name
    ],
)
def test_english_no_act(text: str) -> None:
    assert _acts(text) == []


@pytest.mark.parametrize(
    ("text", "act"),
    [
        # verbs and nouns of killing, spelt apart or joined
        ("برادرش در سال ۱۳۶۲ در زندان تیر باران شد.", ("تیر باران", "execution")),
        ("ماموران همه آنها را کشتند.", ("کشتند", "execution")),
        ("سالگرد کشتارزندانیان سیاسی را گرامی داشتند.", ("کشتار", "execution")),
        ("آنها را در زندان به دارآویخت.", ("به دارآویخت", "execution")),
        ("جوانان را به گلوله بست و رفت.", ("به گلوله بست", "execution")),
        ("زندانیان به سوی چوبه‌های دار رفتند.", ("چوبه\u200cهای دار", "execution")),
        ("نام اعدامی‌های آن سال را خواندند.", ("اعدامی\u200cهای", "execution")),
        # a vowel mark written inside the word
        ("یاد کُشتار تابستان را زنده نگه داشتند.", ("کُشتار", "execution")),
        # the order of the killings is a sentence; the killing it names is an execution of its own
        ("به فرمان رهبر، زندانیان را اعدام کردند.", ("فرمان", "sentence")),
        ("رهبر دستور قتل عام زندانیان را داد.", ("دستور", "sentence")),
        ("رهبر دستور قتل عام زندانیان را داد.", ("قتل عام", "execution")),
        ("رهبر با صدور حکم قتل عام زندانیان موافقت کرد.", ("قتل عام", "execution")),
        ("او به اعدام محکوم شد و این حکم بعدا به ده سال حبس تبدیل شد.", ("حکم", "sentence")),
        ("بسیاری از آنها پیشتر حکم زندان گرفته بودند.", ("حکم زندان", "sentence")),
        ("به گفته او هر کس بر سر موضع باشد حکمش اعدام است.", ("حکمش اعدام", "sentence")),
        # a stay in prison
        ("او هشت سال دیگر در زندان ماند.", ("در زندان ماند", "detention")),
        # burial, and graves kept from the families
        ("پیکرهایشان در گوشه‌ای به خاک سپرده شدند.", ("به خاک سپرده شدند", "burial")),
        ("پیکرهایشان را در گورهای جمعی انداختند.", ("در گورهای جمعی انداختند", "burial")),
        ("آنها در گورهایی بی نام و نشان دفن شدند.", ("بی نام و نشان", "family_not_informed")),
        ("پیکرها بدون اطلاع خانواده‌ها دفن شدند.", ("بدون اطلاع خانواده\u200cها", "family_not_informed")),
        ("خانواده‌ها با ممانعت ماموران روبرو شدند.", ("ممانعت", "family_not_informed")),
        ("ماموران مانع از حضور خانواده‌ها شدند.", ("مانع از حضور", "family_not_informed")),
        (
            "نامعلوم بودن محل دفن آنها خانواده‌ها را آزار می‌دهد.",
            ("نامعلوم بودن محل دفن", "family_not_informed"),
        ),
        (
            "به خانواده‌ها گفتند از آن روز همه ملاقات ها قطع می شوند.",
            ("ملاقات ها قطع می شوند", "family_not_informed"),
        ),
        ("سه دهه از ناپدید شدن زندانیان گذشته است.", ("ناپدید شدن", "family_not_informed")),
        # a noun for the executed, after "most of"
        ("بیشتر اعدام‌شدگان آن سال جوان بودند.", ("اعدام‌شدگان", "execution")),
        ("آنها جوانان ما را حذف فیزیکی کردند.", ("حذف فیزیکی", "execution")),
        # minutes-long courts, torture devices, stays in prison
        ("زندانیان در دادگاه‌هایی چند دقیقه‌ای محکوم شدند.", ("دادگاه‌هایی چند دقیقه‌ای", "hearing")),
        ("آنها را ساعت‌ها در تابوت نگه داشتند.", ("تابوت", "torture")),
        ("من سال‌ها در زندان‌های شهرهای دیگر به سر بردم.", ("در زندان‌های شهرهای دیگر به سر بردم", "detention")),
        (
            "او دوران حبس خود را در دو زندان سپری کرده است.",
            ("دوران حبس خود را در دو زندان سپری کرده", "detention"),
        ),
        ("عزیزان ما در این گورستان آرمیده‌اند.", ("آرمیده‌اند", "burial")),
        ("دادگاهی چند دقیقه‌ای حکم اعدامشان را صادر کرد.", ("حکم اعدامشان", "sentence")),
        ("ما را بازداشت کردند و نه ماه این بازداشت طول کشید.", ("بازداشت", "detention")),
        ("در طی مدت نه ماه بازداشتتان چه شد؟", ("بازداشتتان", "detention")),
        ("سرانجام در سال ۱۳۶۲ آزادمان کردند.", ("آزادمان کردند", "release")),
        ("کسانی که برای دستگیری ما آمدند لباس شخصی بودند.", ("دستگیری", "arrest")),
        ("خانواده‌ها هنوز نمی‌دانند عزیزانشان کجا دفن شده‌اند.", ("نمی‌دانند", "family_not_informed")),
    ],
)
def test_persian_act_constructions(text: str, act: tuple[str, str]) -> None:
    assert act in _acts(text)


@pytest.mark.parametrize(
    "text",
    [
        "به مناسبت روز جهانی حمایت از قربانیان شکنجه بیانیه‌ای منتشر شد.",  # a day's name
        "امسال ماموران از ورود خانواده‌ها ممانعت نکردند.",  # not kept away
        "این کار برای ارعاب عمومی بود.",  # a purpose ascribed
        "خانواده‌ها از برگزاری مراسم دفن محروم شدند.",  # the rite, no burial told
    ],
)
def test_persian_no_act_of_that_kind(text: str) -> None:
    found = _acts(text)
    assert not [a for a in found if a[1] in ("torture", "threats", "burial")]
    assert ("ممانعت", "family_not_informed") not in found


def test_a_life_term_heard_of_in_a_report_of_the_trial_abroad_is_the_court_s() -> None:
    text = "The trial was held in Stockholm. When I heard that he was sentenced to life in prison, I cried."
    assert [a for a in _acts(text) if a[1] == "sentence"] == []
    own = "The trial was held in Stockholm. In 1982 I was sentenced to life in prison."
    assert [a for a in _acts(own) if a[1] == "sentence"]


def test_persian_acts_before_the_revolution_are_not_of_the_case() -> None:
    text = "او بازداشت و به حبس ابد محکوم شد اما در جریان وقایع منتهی به انقلاب از زندان آزاد شد."
    assert _acts(text) == []


def test_acts_dated_before_the_revolution_are_not_of_the_case() -> None:
    assert [a for a in _acts("He was first arrested in 1975 for a leaflet.") if a[1] == "arrest"] == []
    assert [a for a in _acts("He was arrested again in 1981 for a leaflet.") if a[1] == "arrest"]
    assert [a for a in _acts("He was arrested in 1979 for a leaflet.") if a[1] == "arrest"]
    listing = "بازداشت نخست: سال ۱۳۵۲ در زندان قصر\nبازداشت دوم: سال ۱۳۶۰\nآزادی: شهریور ۱۳۶۴"
    acts = _acts(listing)
    assert ("آزادی", "release") in acts  # a field of a prisoner's record
    assert [a for a in acts if a[1] == "arrest"] == [("بازداشت", "arrest")]


def test_persian_sentenced_to_death_is_the_sentence_and_its_term_no_detention() -> None:
    acts = _acts("او ابتدا به اعدام محکوم شد و حکمش بعدا به ده سال زندان تغییر کرد.")
    assert ("به اعدام محکوم", "sentence") in acts
    assert [a for a in acts if a[1] in ("execution", "detention")] == []


def test_persian_verdict_of_the_court_abroad_is_no_sentence() -> None:
    text = "رای دادگاه استکهلم منتشر شد و این حکم به فارسی ترجمه شد."
    assert ("حکم", "sentence") not in _acts(text)
