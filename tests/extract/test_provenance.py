"""How the speaker knows: first-hand, second-hand (named or unnamed), hearsay, belief, report; negation and
uncertainty (issue 18). Texts are our own."""

from __future__ import annotations

import pytest

from testament.extract import extract_mentions

WAS_IN = ("was in", "first_hand", True)  # "I was in Evin": the narrator's detention, told first-hand
BUDAM = ("بودم", "first_hand", True)  # "در اوین بودم": the same in Persian (third pass)


def _known(text: str) -> list[tuple[str, str, bool]]:
    return [
        (m.text, m.detail["provenance"], m.detail["first_hand"])
        for m in extract_mentions(text)
        if m.type in ("act", "count")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I was in Evin in 1988. According to my cousin's wife, more than 200 women were executed there.",
         [WAS_IN, ("200", "second_hand_named", False), ("executed", "second_hand_named", False)]),
        ("I was in Evin in 1988. I was told that 30 prisoners were hanged that night.",
         [WAS_IN, ("30", "second_hand_unnamed", False), ("hanged", "second_hand_unnamed", False)]),
        ("I was in Evin in 1988. We heard through morse code that 40 men were executed.",
         [WAS_IN, ("40", "hearsay", False), ("executed", "hearsay", False)]),
        ("I was in Evin in 1988. I think 50 men were executed that week.",
         [WAS_IN, ("50", "belief", False), ("executed", "belief", False)]),
        ("I was in Evin in 1988. They took 12 of us to the hall and I saw them hanged.",
         [WAS_IN, ("12", "first_hand", True), ("hanged", "first_hand", True)]),
        ("In 1988 over 30,000 political prisoners were executed across Iran.",
         [("30,000", "report", False), ("executed", "report", False)]),
        ("من در سال ۱۳۶۷ در اوین بودم. به گفته همسر پسرعمویم بیش از ۲۰۰ زن اعدام شدند.",
         [BUDAM, ("۲۰۰", "second_hand_named", False), ("اعدام", "second_hand_named", False)]),
        ("من در سال ۱۳۶۷ در اوین بودم. فکر می‌کنم حدود دویست نفر را بردند.",
         [BUDAM, ("دویست", "belief", False)]),
    ],
)  # fmt: skip
def test_extract_provenance_of_acts_and_counts(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _known(text) == expected


def test_extract_hearsay_stance_and_uncertainty_flags() -> None:
    text = "I was in Evin in 1988. I was told that 30 prisoners were hanged. I think 50 men were executed."
    _, told, _, thought, _ = [m for m in extract_mentions(text) if m.type in ("act", "count")]
    assert told.detail["stance"] == "hearsay" and "uncertain" not in told.detail
    assert thought.detail["stance"] == "affirms" and thought.detail["uncertain"] is True


def test_extract_negated_acts_are_not_proposed_and_counts_say_so() -> None:
    acts = [m for m in extract_mentions("I was in Evin. Reza was not executed.") if m.type == "act"]
    assert [a.value for a in acts] == ["detention"]  # "was in Evin"; not the execution
    said = extract_mentions("I was in Evin. Not 200 prisoners were executed.")
    count = next(m for m in said if m.type == "count")
    assert count.detail["negated"] is True and count.detail["stance"] == "denies"
    assert count.detail["first_hand"] is False


def test_extract_a_quotation_over_two_paragraphs_keeps_its_speaker() -> None:
    text = (
        "Kaveh Sadeghi survived the prisons of the 1980s.\n\n"
        "“In 1983 I was arrested in Tehran,” Mr. Sadeghi explained.\n\n"
        "“The next morning I was transferred to Evin, where I was tortured for days."
    )
    acts = [m for m in extract_mentions(text) if m.type == "act"]
    assert [(m.text, m.detail["speaker"]["kind"], m.detail["first_hand"]) for m in acts] == [
        ("arrested", "person", True),
        ("transferred", "person", True),
        ("tortured", "person", True),
    ]


def test_extract_a_quoted_first_person_account_of_an_unnamed_speaker_is_first_hand() -> None:
    text = (
        "The panel heard many survivors. One woman testified, “I was arrested in 1985 and they tortured me "
        "for a month.” The report added that the prisoners were tortured."
    )
    acts = [m for m in extract_mentions(text) if m.type == "act"]
    assert [(m.text, m.detail["first_hand"]) for m in acts] == [
        ("arrested", True),
        ("tortured", True),
        ("tortured", False),  # the report's own words, outside the quotation
    ]


def test_extract_what_a_named_interviewee_speaks_of_in_persian_is_second_hand_named() -> None:
    text = "در این گفتگو خانم رحیمی از اعدام ۱۲ تن از اعضای خانواده‌اش سخن می‌گوید. آقای متین از زندان آزاد شد."
    assert [(t, p) for t, p, _ in _known(text)] == [
        ("اعدام", "second_hand_named"),
        ("۱۲", "second_hand_named"),
        ("آزاد شد", "report"),  # no verb of speech: the author's own account
    ]


# --- session 10: headings, being there during the massacre, a relative's account, a speaker apart ---------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title names the event; the account below it is the narrator's own
        ("Mass Executions of Political Prisoners in Shiraz\n"
         "I was in Adelabad prison in 1988. They executed twenty men from our ward.",
         [("Executions", "report", False), WAS_IN, ("executed", "first_hand", True),
          ("twenty", "first_hand", True)]),
        ("اعدام زندانیان سیاسی در شیراز\n"
         "من در سال ۱۳۶۷ در زندان عادل‌آباد بودم. بیست نفر از بند ما را اعدام کردند.",
         [("اعدام", "report", False), ("در زندان عادل\u200cآباد بودم", "first_hand", True),
          ("بیست", "first_hand", True), ("اعدام", "first_hand", True)]),
        # a form's field is no heading: "date of arrest: …" is the narrator's own arrest
        ("تاریخ بازداشت: اسفند ۱۳۶۲\nمن در سال ۱۳۶۷ در زندان عادل‌آباد بودم.",
         [("بازداشت", "first_hand", True), ("در زندان عادل\u200cآباد بودم", "first_hand", True)]),
    ],
)  # fmt: skip
def test_extract_a_heading_names_the_event_and_does_not_witness_it(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


def test_extract_the_massacre_is_first_hand_where_the_clause_puts_the_speaker_there() -> None:
    # Persian tells the first person by the verb or the object: "مرا … منتقل کردند"
    assert _known("یک ماه قبل از کشتار مرا به زندان دیگری منتقل کردند.")[0] == ("کشتار", "first_hand", True)
    assert _known("During the massacre of 1988 my friends and I were in Ward 2 of Gohardasht.") == [
        ("massacre", "first_hand", True)
    ]
    # a feeling told in the first person does not put the speaker in the prisons of 1988
    felt = _known(
        "I was both angry and sad about the arrest of Karim Saberi, a prosecutor during the massacre."
    )
    assert ("massacre", "report", False) in felt


def test_extract_what_befell_the_narrator_s_kin_is_second_hand_unless_the_narrator_was_held_too() -> None:
    told = _known("My brother Reza was arrested in 1982. He was executed in the summer of 1988.")
    assert told == [("arrested", "second_hand_unnamed", False), ("executed", "second_hand_unnamed", False)]
    held = _known("I was arrested in 1982 with my brother Reza. He was executed in the summer of 1988.")
    assert [first for _, _, first in held] == [True, True]


def test_extract_a_first_person_statement_never_among_the_prisons_reports_the_killings() -> None:
    said = _known(
        "We condemn this crime against humanity. In the summer of 1988 the prisoners of Rasht were "
        "executed and buried in secret."
    )
    assert said and all(p == "report" for _, p, _ in said)
    said_fa = _known("ما این جنایت را محکوم می‌کنیم. در تابستان ۱۳۶۷ زندانیان رشت اعدام و مخفیانه دفن شدند.")
    assert said_fa and all(p == "report" for _, p, _ in said_fa)
    # a researcher who interviewed survivors: the number interviewed is the speaker's own, the hangings not
    assert _known(
        "I interviewed 30 survivors who had been in prison in 1988. The prisoners were hanged."
    ) == [
        ("30", "first_hand", True),
        ("hanged", "report", False),
    ]


def test_extract_an_estimate_is_a_belief() -> None:
    assert _known("I was in Evin in 1988. We estimated that 400 men were executed that month.") == [
        WAS_IN,
        ("400", "belief", False),
        ("executed", "belief", False),
    ]
    assert _known("من در سال ۱۳۶۷ در اوین بودم. تخمین زدیم که تنها سیصد نفر زنده مانده‌اند.") == [
        BUDAM,
        ("سیصد", "belief", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # news tapped through the wall, wherever the sentence says so
        ("I was in Gohardasht in 1988. We knew of the executions through morse.",
         [WAS_IN, ("executions", "hearsay", False)]),
        # a charge is the prosecution's, a conviction the court's
        ("I was in Evin in 1988. Karim Saberi, who was charged with murder, fled.",
         [WAS_IN, ("murder", "second_hand_unnamed", False)]),
        ("I was in Evin in 1988. Karim Saberi was sentenced to life in prison for murder.",
         [WAS_IN, ("sentenced", "first_hand", True), ("murder", "second_hand_named", False)]),
        ("I'm one of those who survived the massacre.", [("massacre", "first_hand", True)]),
        ("Before the massacre took place, we were in ward 2.", [("massacre", "first_hand", True)]),
        # told of thousands: the whole event, not seen
        ("I was in Evin in 1988. The president led the 1988 execution of thousands of prisoners.",
         [WAS_IN, ("execution", "report", False), ("thousands", "report", False)]),
        # an unnamed prisoner's account of the killings in his own prison (docs/annotation.md)
        ("یک زندانی گزارش کرده است که «اعدام‌ها انجام شد و بقیه در جریان قتل‌عام تیرباران شدند».",
         [("اعدام\u200cها", "first_hand", True), ("قتل\u200cعام", "first_hand", True),
          ("تیرباران", "first_hand", True)]),
        # a figure a named person gives; a list some media published
        ("من در اوین بودم. آیت‌الله حسن موسوی تعداد اعدام‌شدگان را بین ۲۸۰۰ تا ۳۸۰۰ نفر می‌داند.",
         [BUDAM, ("اعدام\u200cشدگان", "second_hand_named", False), ("۲۸۰۰", "report", False),
          ("۳۸۰۰", "report", False)]),
        ("من در اوین بودم. برخی رسانه‌ها لیستی با نام ۴۵۰۰ نفر از اعدام شدگان منتشر کردند.",
         [BUDAM, ("۴۵۰۰", "second_hand_unnamed", False), ("اعدام شدگان", "second_hand_unnamed", False)]),
        # the massacre named as where the narrator's brother died: a relative's account
        ("من مریم احمدی، خواهر علی احمدی که در قتل‌عام سال ۶۷ اعدام شد هستم.",
         [("قتل\u200cعام", "second_hand_unnamed", False), ("اعدام", "second_hand_unnamed", False)]),
    ],
)  # fmt: skip
def test_extract_provenance_constructions_of_the_seventh_to_ninth_parts(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a trial monitor's report in the first person ("we will summarize") reports the killings …
        ("In this report we will summarize the hearings of plaintiffs whose relatives were executed in "
         "Gohardasht prison. Her brother had first been incarcerated in Qazvin.",
         [("executed", "report", False), ("incarcerated", "report", False)]),
        # … but what befell the one who testifies is hers, first-hand
        ("In this report we will summarize the hearings. The plaintiff herself had been arrested in 1981.",
         [("arrested", "first_hand", True)]),
        # a survivor's kin as the clause's subject: told second-hand, though the narrator was held too
        ("I was arrested on August 7th. My husband had been arrested a few months before.",
         [("arrested", "first_hand", True), ("arrested", "second_hand_unnamed", False)]),
        ("I was in Evin in 1988. Many of my friends were arrested in 1981.",
         [WAS_IN, ("arrested", "report", False)]),
        # what befell another's kin ("خانواده‌اش"), told of them
        ("مریم احمدی که برادرش در دهه ۶۰ اعدام شده است، گفت: «ما هنوز منتظریم.»",
         [("اعدام", "report", False)]),
        # an order known from the record, not seen
        ("I was in Evin in 1988. Karim Saberi issued a fatwa ordering the execution of all who refused.",
         [WAS_IN, ("fatwa", "report", False), ("execution", "report", False)]),
        # documents cited: a named source
        ("من در اوین بودم. با استناد به اسناد عفو بین‌الملل، زندانیان مخفیانه اعدام شدند.",
         [BUDAM, ("مخفیانه", "second_hand_named", False), ("اعدام", "second_hand_named", False)]),
        # a multitude told of the whole event
        ("مریم احمدی می‌گوید خیل عظیمی از جوانان که در دهه ۶۰ اعدام شدند، برای آزادی جنگیدند.",
         [("اعدام", "report", False)]),
    ],
)  # fmt: skip
def test_extract_provenance_constructions_of_the_tenth_and_eleventh_parts(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative's account: the killings of the narrator's family, learnt of (never seen)
        ("They gave us the news about the execution of our sibling. Four members of my family have been "
         "executed by the Islamic Republic.",
         [("execution", "second_hand_unnamed", False), ("Four", "second_hand_unnamed", False),
          ("executed", "second_hand_unnamed", False)]),
        # survivors' testimony told in a report's words: their own account
        ("Former political prisoners Hassan Moradi and Ali Ahmadi testified about the 1988 massacre in "
         "Gohardasht prison.",
         [("massacre", "first_hand", True)]),
        ("In 1988 Hassan Moradi was in Gohardasht prison, and he directly witnessed the role played by the "
         "guards in the massacre.",
         [("was in", "report", False), ("massacre", "first_hand", True)]),
        # … not testimonies in general, of what another did
        ("Karim Saberi is standing trial in a court where many of his victims are giving testimonies of how "
         "he tortured prisoners.",
         [("tortured", "second_hand_unnamed", False)]),
        # what a named writer (a rapporteur) writes: a named source
        ("خانم مریم احمدی می‌نویسد که بر طبق گزارش‌ها، پیکر قربانیان پس از اعدام در گورهای بی‌نام دفن شده است.",
         [("اعدام", "second_hand_named", False), ("گورهای بی‌نام", "second_hand_named", False),
          ("دفن", "second_hand_named", False)]),
    ],
)  # fmt: skip
def test_extract_provenance_constructions_of_the_twelfth_and_thirteenth_parts(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected
