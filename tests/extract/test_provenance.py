"""How the speaker knows: first-hand, second-hand (named or unnamed), hearsay, belief, report; negation and
uncertainty (issue 18). Texts are our own."""

from __future__ import annotations

import pytest

from testament.extract import extract_mentions
from testament.extract._text import Document
from testament.extract.mention import Mention
from testament.extract.provenance import knowledge_of

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
    # (whether "had been in prison" is proposed as an act is the acts' business; if it is, it is reported)
    said = _known("I interviewed 30 survivors who had been in prison in 1988. The prisoners were hanged.")
    assert said[0] == ("30", "first_hand", True) and said[-1] == ("hanged", "report", False)
    assert all(p == "report" for _, p, _ in said[1:])


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
        # defence counsel's reference, in the same sentence: counsel's words
        ("جلسه دادگاه ادامه یافت. وکیل مدافع متهم با اشاره به تفاوت میان روایت دو کتاب، درباره تاریخ و محل "
         "اعدام رضا کریمی سوال کرد.",
         [("اعدام", "second_hand_named", False)]),
        # the prosecutor names them: the prosecutor's words
        ("جلسه دادگاه ادامه یافت. دادستان در ادامه از زندانیانی نام برد که در کتاب شاهد به اعدام آنها اشاره "
         "شده است.",
         [("اعدام", "second_hand_named", False)]),
        # the prisoners heard the commission's voices themselves
        ("جلسه دادگاه ادامه یافت. او همچنین گفت زندانیان صدای هیأتی را شنیده بودند که درباره اجرای فرمان "
         "اعدام صحبت می‌کردند.",
         [("فرمان", "first_hand", True), ("اعدام", "first_hand", True)]),
        # "او" opening a sentence of a trial report about its witness: the witness's own sentence
        ("گزارش دادگاه. شاهد امروز در دادگاه حاضر شد. او سه سال پس از دستگیری دو بار محکوم شد و این حکم در "
         "نهایت به ۱۲ سال زندان تغییر کرد.",
         [("دستگیری", "first_hand", True), ("دو", "first_hand", True), ("محکوم", "first_hand", True),
          ("حکم", "first_hand", True)]),  # the commuted term: one sentence act (test_acts.py)
        # the news of a death, brought to the families: learnt of
        ("ما هر هفته به زندان می‌رفتیم. بعد به خانواده‌ها خبر اعدام فرزندانشان را می‌دادند.",
         [("اعدام", "second_hand_unnamed", False)]),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # news passed from mouth to mouth is hearsay, wherever the sentence says so
        ("من در سال ۱۳۶۷ در اوین بودم. چند روز بعد خبر قطع ملاقات‌ها دهان به دهان می‌چرخید.",
         [BUDAM, ("قطع ملاقات\u200cها", "hearsay", False)]),
        # the authorities' own claim, relayed
        ("Her son was executed in 1988 and officials claim to have buried him in Behesht-e Zahra.",
         [("executed", "report", False), ("buried", "second_hand_unnamed", False)]),
        # "according to their sentences" cites no one
        ("I was in Gohardasht in 1987. The prisoners were sorted according to their sentences, and I was "
         "held with 40 others.",
         [WAS_IN, ("40", "first_hand", True)]),
        # witnesses heard by a court, or coming forward to say: their testimony, told in the report's words
        ("On the second day the court heard from witnesses who described the guard as a man who flogged "
         "prisoners.",
         [("flogged", "first_hand", True)]),
        ("Karimi and other witnesses have come forward to say that the guard oversaw beatings in Evin.",
         [("beatings", "first_hand", True)]),
        # a prosecutor introducing the witness: the prosecutor's words
        ("Prosecutor Anna Berg opened the hearing by stating that the witness had been imprisoned in Evin.",
         [("imprisoned", "second_hand_named", False)]),
        # what the speaker took to be so, or an "as if": belief
        ("I was in Evin in 1988. At first we thought that they were being interrogated again.",
         [WAS_IN, ("interrogated", "belief", False)]),
        ("من در سال ۱۳۶۷ در اوین بودم. لاجوردی انگار فقط برای شکنجه و اعدام زنده بود.",
         [BUDAM, ("اعدام", "belief", False)]),
        # an alternative date hedges a detail, not the act: the narrator's own transfer stays first-hand
        ("مرا اواخر سال ۶۳ یا شاید هم نوروز ۶۴ به زندان قزلحصار منتقل کردند.",
         [("منتقل", "first_hand", True)]),
        # the one who tells was held there (a relative clause on the source); not a kin of someone
        ("تحقیقات تازه نشان می‌دهد که این گور جمعی است. دو زندانی که در سال ۶۷ در این زندان محبوس بوده‌اند، "
         "به یک سازمان حقوق بشری گفته‌اند که اجساد را شبانه بردند.",
         [("دو", "report", False), ("محبوس بوده\u200cاند", "first_hand", True)]),
        ("خانواده‌ها هنوز خبری ندارند. برادرش که در سال ۶۰ در زندان اوین زندانی بوده، در سال ۶۷ اعدام شد.",
         [("زندانی بوده", "report", False), ("اعدام", "report", False)]),
        # the report's witness was in the prison during the massacre
        ("During the 1988 massacre, Moradi was in Gohardasht prison. He lost many of his cellmates during "
         "the massacre.",
         [("massacre", "first_hand", True), ("was in", "report", False), ("massacre", "first_hand", True)]),
        # a legal finding on the killings, by the expert who makes it
        ("“The summary executions of 1988 amount to crimes against humanity,” said Sara Lind, a United "
         "Nations expert.",
         [("executions", "second_hand_named", False)]),
    ],
)  # fmt: skip
def test_extract_provenance_constructions_of_the_fourteenth_and_fifteenth_parts(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sound of something "not to be heard" is heard directly, not hearsay; "گفتند که" of "تکبیر
        # می‌گفتند که" is no "they told us"
        ("من در سال ۱۳۶۷ در اوین بودم. آن شب نگهبانان تکبیر می‌گفتند که صدای شعارها شنیده نشود و تعداد زیادی "
         "از زندانیان را برای اعدام بردند.",
         [BUDAM, ("اعدام", "first_hand", True)]),
        # visits cut: what the family lived itself, though told with a passive verb in a relative's account
        ("من زهرا کریمی، خواهر رضا کریمی که در سال ۶۷ اعدام شد هستم، اوایل مرداد سال ۶۷ بود که "
         "ملاقات‌ها قطع شد.",
         [("اعدام", "second_hand_unnamed", False), ("ملاقات\u200cها قطع شد", "first_hand", True)]),
        # "عزیزش" (her dear one) is another's kin
        ("ما خانواده‌ها هفته‌ها پشت در زندان منتظر بودیم. هیچ مادری نمی‌خواست باور کند که عزیزش اعدام شده است.",
         [("در زندان منتظر بودیم", "first_hand", True), ("اعدام", "report", False)]),
        # a survivor's kin as the clause's subject: told of them, though the narrator was held too
        ("در سال ۱۳۶۷ در زندان گوهردشت بودم، در سال ۱۳۶۰ دستگیر شدم، برادرم علی عضو همان سازمان بود و در "
         "سال ۱۳۶۲ اعدام شد، من ایران را ترک کردم.",
         [("در زندان گوهردشت بودم", "first_hand", True), ("دستگیر", "first_hand", True),
          ("اعدام", "second_hand_unnamed", False)]),
    ],
)  # fmt: skip
def test_extract_persian_provenance_of_families_and_survivors(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


def test_the_witness_of_a_trial_report_tells_what_they_refer_to() -> None:
    # "شاهد به … اشاره کرد": the witness's account in the report's words, even in the author's voice
    text = "جلسه امروز دادگاه برگزار شد. شاهد به موارد متعدد ضرب و شتم توسط بازجویان در زندان اوین اشاره کرد."
    doc = Document(text, "fa")
    start = text.index("ضرب و شتم")
    act = Mention("act", start, start + len("ضرب و شتم"), "ضرب و شتم", "torture")
    assert knowledge_of(doc, act, "author").provenance == "first_hand"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quotation attributed to the witness's lawyer: counsel's words for the client
        ("Report from the court. “He saw the guard take prisoners to be executed,” his lawyer Anna Berg told "
         "reporters.",
         [("executed", "second_hand_named", False)]),
        # a heading of a prisoner's own account, or their "observations of" the massacre
        ("Former prisoner recounts mass executions in Evin\nThe court in Stockholm heard its last witness on "
         "Monday.",
         [("executions", "first_hand", True)]),
        ("خبر کوتاه: دادگاه در استکهلم. زندانیانی که سال‌ها در زندان بودند مشاهدات خود را از قتل عام بیان "
         "می‌کنند.",
         [("در زندان بودند", "report", False), ("قتل عام", "first_hand", True)]),
        # a former prisoner speaking in court, "detailing how": his account in the report's words
        ("The hearing went on. A former prisoner spoke in court on Tuesday, detailing how officials took "
         "part in torturing captives in Evin.",
         [("hearing", "report", False), ("torturing", "first_hand", True)]),
        # a trial monitor's report: the witness as the subject of the sentence tells his own sentence
        ("We followed the hearing. The witness received his verdict a year after his arrest and was "
         "sentenced to eight years in prison.",
         [("hearing", "report", False), ("verdict", "first_hand", True), ("sentenced", "first_hand", True)]),
        # a relative tells a radio what the families lived
        ("An individual whose brother was among those executed told a radio that the police did not even let "
         "the families approach the cemetery.",
         [("executed", "report", False), ("did not even let the families approach", "first_hand", True)]),
        # the report's witness "had seen" it
        ("The hearing went on. Karimi had previously seen the guard in Evin prison, where he took prisoners "
         "to the torture chambers.",
         [("hearing", "report", False), ("torture", "first_hand", True)]),
        # the killings as the subject of criminal charges: the prosecution's, not the survivors' account
        ("Scores of survivors have given testimony in a trial where an official faces criminal charges "
         "relating to the killings of 1988.",
         [("Scores", "report", False), ("killings", "second_hand_unnamed", False)]),
        # "hundreds, if not thousands": told of the whole event; not a number the narrator was among
        ("I was in Evin in 1987. The guard later worked in the prison where hundreds, if not thousands of "
         "executions took place.",
         [WAS_IN, ("hundreds", "report", False), ("thousands", "report", False),
          ("executions", "report", False)]),
        ("I was in Evin in 1988. There were 40 of us in the ward while thousands of prisoners were executed.",
         [WAS_IN, ("40", "first_hand", True), ("thousands", "first_hand", True),
          ("executed", "first_hand", True)]),
        ("I was in Evin until 1986. In the autumn they brought my mother the news of the execution of her "
         "nephews.",
         [WAS_IN, ("execution", "second_hand_unnamed", False)]),
        # a relative who "has lost" kin in the killings learnt of them (not "he lost his cellmates", above)
        ("The vigil was held on Friday. Reported by Maryam Ahmadi. Maryam Ahmadi has lost four members of "
         "her family in the mass killing of 1988.",
         [("four", "second_hand_unnamed", False), ("mass killing", "second_hand_unnamed", False)]),
        # the fellow prisoners one was held with
        ("The hearing went on. In 1986 the prisoners were sorted into groups, and he had to stay along with "
         "about 60 left-wing prisoners.",
         [("hearing", "report", False), ("60", "first_hand", True)]),
    ],
)  # fmt: skip
def test_extract_provenance_of_counsel_headings_and_fellow_prisoners(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


def test_a_persian_speaker_s_words_follow_the_verb_with_a_colon() -> None:
    # "X، که … اعدام شده‌اند، می‌گوید: …": the clause between the name and the verb is the writer's
    text = (
        "گزارش از خاوران. زهره احمدی، از زندانیان سابق که دو نفر از اعضای خانواده‌اش در دهه ۶۰ اعدام "
        "شده‌اند، می‌گوید: هر سال به خاوران می‌رویم."
    )
    said = {m.text: m.detail["speaker"]["kind"] for m in extract_mentions(text) if m.type in ("act", "count")}
    assert said == {"دو": "author", "اعدام": "author"}
    # without a colon the verb closes what is said ("X از اعدام ۱۲ تن سخن گفت"): the speaker's throughout
    told = "زهره احمدی در این گفتگو از اعدام دوازده تن در زندان رشت سخن گفت."
    assert [m.detail["speaker"]["kind"] for m in extract_mentions(told) if m.type == "act"] == ["person"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a collective letter of families: the victims' torture and executions learnt of, not seen
        ("نامه به دبیرکل. در تابستان آن سال ده‌ها زندانی سیاسی پس از سال‌ها شکنجه اعدام شدند. "
         "ما خانواده‌های این زندانیان خواهان دادخواهی هستیم.",
         [("ده‌ها", "second_hand_unnamed", False), ("شکنجه", "second_hand_unnamed", False),
          ("اعدام", "second_hand_unnamed", False)]),
        ("To the Secretary-General. In the summer of that year dozens of political prisoners were executed "
         "after years of torture. We, the families of these prisoners, ask for justice.",
         [("dozens", "second_hand_unnamed", False), ("executed", "second_hand_unnamed", False),
          ("torture", "second_hand_unnamed", False)]),
        # "we who are the parents of these prisoners"
        ("نامه سرگشاده. ما که پدر و مادر این زندانیان هستیم، هر روز می‌پرسیم چرا باید آنان را به جوخه اعدام "
         "بسپارند.",
         [("جوخه اعدام", "second_hand_unnamed", False)]),
    ],
)  # fmt: skip
def test_extract_a_families_letter_tells_the_victims_acts_second_hand(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # prisoners who overheard the judges: heard by them, not a rumour
        ("The book goes on. The prisoners in the ward had overheard the judges talking to one of the "
         "executioners.",
         [("executioners", "first_hand", True)]),
        ("The review goes on. At night, he was tortured by the sounds of the executions outside.",
         [("tortured", "report", False), ("executions", "first_hand", True)]),
        # once the narrator was out of prison, the others' executions were learnt of
        ("I was held in Evin for three years. I managed to escape in 1986. Two years later, all of the women "
         "who shared the ward with me were executed.",
         [("held", "first_hand", True), ("executed", "second_hand_unnamed", False)]),
        # not when the narrator was held again in between
        ("I was released in 1985. In 1986 I was arrested again. In 1988 the women in my ward were executed.",
         [("released", "first_hand", True), ("arrested", "first_hand", True),
          ("executed", "first_hand", True)]),
    ],
)  # fmt: skip
def test_extract_what_was_overheard_and_what_befell_others_after_the_narrator_left(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a families' letter asks for is no account of it
        ("نامه به دست ما رسید و مادرم آن را امضا کرد. خانواده‌ها در نامه خواسته‌های خود شامل زمان محاکمه و "
         "زمان صدور حکم را مطرح کرده بودند.",
         [("محاکمه", "report", False), ("صدور حکم", "report", False)]),
        ("My mother signed the letter. In it the families demanded to know the time of the trial and the "
         "place of burial.",
         [("burial", "report", False)]),
    ],
)  # fmt: skip
def test_extract_a_demand_is_no_account(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _known(text) == expected


def test_extract_a_summary_tells_the_witness_s_own_acts_and_a_title_stays_framing() -> None:
    # an opening participle whose subject is the witness named after it, and "he was" standing for him a few
    # sentences on: his own experience, told in the page's voice
    text = (
        "The Long Night. Ali Karimi, a former prisoner, recalls the torture he endured and tells the story "
        "of his survival. Arrested at age 19 for his beliefs, Mr. Karimi spent six years in Evin. In the "
        "summer of 1988, he was put in solitary confinement. There, through a broken window and messages, "
        "he learned of the killings in the prison. At night, he was tortured by the sounds of the "
        "executions outside his cell."
    )
    known = {m.text: m.detail["first_hand"] for m in extract_mentions(text) if m.type == "act"}
    assert known["Arrested"] and known["tortured"]
    # "زندانی سیاسی سابق" beside a guest's name is the page's framing (docs/annotation.md, thirteenth part)
    guest = "مهمان برنامه: خانم سارا کریمی زندانی سیاسی سابق. او در این برنامه از سال‌های زندان گفت."
    assert [m.detail["provenance"] for m in extract_mentions(guest) if m.text == "زندانی سیاسی"] == ["report"]


def test_extract_a_survivor_who_says_so_is_among_the_prisons() -> None:
    # "I am one of the survivors of …": the narrator was there, not a writer standing apart
    text = 'من از جان بدربردگان "بیدادگاه‌های تابستان ۶۷" هستم. از همه مردم دعوت کرده‌ام.'
    assert _known(text) == [("بیدادگاه\u200cهای", "first_hand", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the regime as the doer: its deeds told as a whole, even in a survivor's account
        ("I was held in Evin for six years. They tortured me in front of my cellmates. The regime executed "
         "40 young women that year.",
         [("held", "first_hand", True), ("tortured", "first_hand", True), ("executed", "report", False),
          ("40", "report", False)]),
        # not with the speaker in the sentence
        ("I was held in Evin for six years. The regime tortured us every night.",
         [("held", "first_hand", True), ("tortured", "first_hand", True)]),
    ],
)  # fmt: skip
def test_extract_what_the_regime_did_is_told_as_a_whole(
    text: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert _known(text) == expected


def test_extract_a_witness_among_thousands_his_kin_and_his_death_are_not_his_account() -> None:
    text = (
        "The hearing went on. Ali Karimi, a former political prisoner, testified before the court about his "
        "years in Evin. Karimi was among thousands of political prisoners who were sentenced to death in "
        "1988. Karimi’s brother was arrested in 1982."
    )
    known = {m.text: m.detail["first_hand"] for m in extract_mentions(text) if m.type == "act"}
    assert not known["sentenced"] and not known["arrested"]
    # a fellow prisoner who gave an account cannot tell his own execution
    told = (
        "News came from a comrade, Ali Karimi, from block 20. Ali Karimi had overheard the judges. Ali "
        "Karimi was executed shortly after."
    )
    assert [m.detail["provenance"] for m in extract_mentions(told) if m.type == "act"] == ["report"]


def test_extract_a_persian_rumour_goes_on_in_the_perfect() -> None:
    # after "یکی می‌گفت: شنیده‌ام …", a next sentence in the reportative perfect ("بسته‌اند") goes on with it
    text = (
        "در بند ما همه نگران بودیم. یکی می‌گفت: شنیده‌ام در بند پایین درگیری شده است. همه زندانیان آن بند را "
        "به گلوله بسته‌اند. بعد ما را به سلول بردند."
    )
    assert _known(text) == [("به گلوله بسته\u200cاند", "hearsay", False)]


def test_extract_a_persian_title_beside_a_name_is_the_page_s_framing() -> None:
    text = (
        "برنامه امشب به گفت و گو با سارا کریمی، زندانی سیاسی دهه ۶۰ اختصاص داشت. "
        "او گفت: من در اوین زندانی سیاسی بودم."
    )
    assert _known(text) == [("زندانی سیاسی", "report", False), ("زندانی سیاسی بودم", "first_hand", True)]


def test_extract_an_eyewitness_cited_by_a_source_who_says_he_saw_it() -> None:
    text = (
        "The group published its report in May. According to the rights group, an eyewitness, named Ali "
        "Karimi, has testified he saw bodies buried at night in the cemetery."
    )
    assert _known(text) == [("buried", "first_hand", True)]


def test_extract_the_narrator_s_kin_killed_out_of_sight() -> None:
    # "they executed him" after "my brother": the kin's execution, not seen, even by one held with him
    text = (
        "I was held in Evin with my brother. They beat him in front of me. A week later, they executed him "
        "with 30 others."
    )
    assert _known(text) == [
        ("held", "first_hand", True),
        ("beat", "first_hand", True),
        ("executed", "second_hand_unnamed", False),
        ("30", "second_hand_unnamed", False),
    ]


def test_extract_a_general_account_goes_on_with_they() -> None:
    # the sentences after "in prisons across Iran" that go on with "They"/"Their" are told as general
    text = (
        "I was held in Evin in 1988. Commissions were set up in prisons across Iran. They questioned "
        "prisoners for a few minutes before executing them. Their bodies were buried at night."
    )
    assert _known(text) == [
        ("held", "first_hand", True),
        ("questioned", "report", False),
        ("executing", "report", False),
        ("buried", "report", False),
    ]


def test_extract_the_massacre_at_the_time_the_speaker_was_there_in_persian() -> None:
    # "درحین دومین کشتار" (during the second massacre), a year's digit run into it: the time of being there
    text = (
        "چهل زن از گروه‌های مختلف،در زندان اوین سال 67درحین دومین کشتار زندانیان تصمیم گرفتند، اگر هم ما را "
        "بکشند، مصاحبه نمی‌کنیم."
    )
    assert _known(text) == [("چهل", "first_hand", True), ("کشتار", "first_hand", True)]


def _in_author_voice(text: str, word: str, value: str) -> str:
    """The provenance of the act on `word`, told in an article's (the author's) voice."""
    doc = Document(text, "fa")
    start = text.index(word)
    act = Mention("act", start, start + len(word), word, value)
    return knowledge_of(doc, act, "author").provenance


def test_extract_what_others_used_to_say_and_the_killing_of_their_kin() -> None:
    # "آنان می‌گفتند که …" (they used to say that): an unnamed source; "اعدام فرزندانشان": others' kin
    said = (
        "من در سال ۱۳۶۵ در زندان قزلحصار بودم. به گورستان رفتم. آنان می‌گفتند که ده زندانی را در شب اعدام "
        "کرده بودند."
    )
    assert _known(said)[-2:] == [
        ("ده", "second_hand_unnamed", False),
        ("اعدام", "second_hand_unnamed", False),
    ]
    kin = "من در سال ۱۳۶۵ در زندان قزلحصار بودم. مادرانی آنجا بودند که یک سال از اعدام فرزندانشان می‌گذشت."
    assert _known(kin)[-1] == ("اعدام", "second_hand_unnamed", False)


def test_extract_a_story_others_told_is_hearsay() -> None:
    fa = "من در اوین بودم. سه زندانی را شبانه اعدام کردند؛ ماجرایی که نگهبانان آن را تعریف می‌کردند."
    assert _known(fa)[1:] == [("سه", "hearsay", False), ("اعدام", "hearsay", False)]
    en = "I was in Evin. They hanged two guards' cousins at dawn, a story the guards used to tell at night."
    assert _known(en)[1:] == [("hanged", "hearsay", False), ("two", "hearsay", False)]


def test_extract_a_witness_who_says_he_saw_it_in_persian() -> None:
    text = "علی رضایی به عنوان شاهد گفت که بارها دادیار زندان را دیده که زندانیان را به سوی اعدام‌ها می‌برد."
    assert _known(text) == [("اعدام\u200cها", "first_hand", True)]


def test_extract_a_families_letter_relayed_by_a_page() -> None:
    # the families' own words after "در بخشی از این نامه آمده است": what they lived is first-hand
    text = (
        "خانواده‌های زندانیان سیاسی در نامه‌ای به رئیس قوه قضاییه خواستار دادخواهی شدند.\n\n"
        "در بخشی از این نامه آمده است؛ سی سال پیش عزیزان ما را کشتند. اکنون با بستن درهای گورستان از "
        "ورود خانواده‌ها به محوطه جلوگیری می‌کنند."
    )
    assert _in_author_voice(text, "بستن درهای گورستان", "family_not_informed") == "first_hand"
    assert _in_author_voice(text, "کشتند", "execution") == "report"  # (the killings: not what they lived)
    # "به گفته این خانواده‌ها": the families tell what they live
    said = "به گفته این خانواده‌ها، ماموران سال‌هاست از ورود آنان به محوطه گورستان جلوگیری می‌کنند."
    assert _known(said) == [("جلوگیری می\u200cکنند", "first_hand", True)]


def test_extract_a_quotation_on_a_page_of_eyewitness_accounts() -> None:
    text = (
        "گزارشی از زندان‌ها از زبان شاهدان عینی\n\nدر این صفحه روایت‌ها را می‌آوریم.\n\n"
        "ـ «در زمستان سال ۶۵ زندانیان را بر اساس میزان محکومیت جدا کردند و کسانی را که حبس ابد داشتند به "
        "اوین بردند.»"
    )
    assert [p for _, p, _ in _known(text)] == ["first_hand", "first_hand"]


def test_extract_a_relative_s_story_told_by_a_documentation_site() -> None:
    text = (
        "Sara Ahmadi recalls the summer of 1988 and tells the story of her family's search. After her "
        "brother was executed, Ms. Ahmadi's family was threatened and tortured. Deprived of information on "
        "his grave, the family went from town to town."
    )
    assert _known(text) == [
        ("executed", "report", False),
        ("threatened", "first_hand", True),
        ("tortured", "first_hand", True),
        ("Deprived of information", "first_hand", True),
    ]
    found = "The relatives went to the hills and discovered the bodies buried in a trench."
    assert _known(found) == [("buried", "first_hand", True)]


def test_extract_what_befell_a_quoted_speaker_s_kin() -> None:
    text = "Parvin says her own brother, Ali, was a student in Tabriz and was later executed there."
    assert _known(text) == [("executed", "second_hand_named", False)]


def test_extract_a_source_s_memoirs_cited_and_a_quoted_speaker_on_burials() -> None:
    # "بر اساس خاطرات آقای X" (based on X's memoirs): a named source's figure, not the writer's account
    memoirs = "بر اساس خاطرات آقای منتظری، بیش از سه هزار نفر در همان زمان اعدام شدند."
    named = "second_hand_named"
    assert _known(memoirs) == [("سه هزار", named, False), ("اعدام", named, False)]
    # where others lie, said by a quoted speaker who did not see them buried
    graves = "In her testimony, Maryam Rahimi says that the victims from her town are buried in a mass grave."
    assert _known(graves) == [("buried", named, False)]


def test_extract_one_of_the_political_prisoners_as_a_title_in_persian() -> None:
    # "از زندانیان سیاسی دهه شصت" beside the speaker's name: the page's framing, not her own account
    text = (
        "۱۳۹۰ مهر ۵, سه‌شنبه\n\nسارا احمدی، فعال حقوق زنان و از زندانیان سیاسی دهه شصت می‌گوید: «در سال ۶۴ "
        "در اوین بودم. بعد از کشتار، خانواده‌ها در ملاقات‌ها خبر را به ما دادند و ما نگران همه بودیم.»"
    )
    assert _known(text)[0] == ("زندانیان سیاسی", "report", False)


def test_extract_what_one_unnamed_source_told_the_speaker_in_persian() -> None:
    text = "من سال ۶۷ در اوین بودم. یکی از مسئولان زندان بعدها به من گفت که آن شب دویست نفر را اعدام کردند."
    unnamed = "second_hand_unnamed"
    assert _known(text)[1:] == [("دویست", unnamed, False), ("اعدام", unnamed, False)]


def test_extract_a_relatives_letter_on_what_was_done_to_their_loved_ones() -> None:
    # "ما بازماندگان …" writes; "عزیزان ما را … اعدام کردند": the kin as the object, learnt of
    text = (
        "ما بازماندگان جان‌باختگان دهه شصت، سی سال است که اجازه نمی‌دهند بر مزار عزیزانمان گل بگذاریم. "
        "عزیزان ما را بی‌محاکمه اعدام کردند و پیکرشان را به ما ندادند."
    )
    assert ("اعدام", "second_hand_unnamed", False) in _known(text)


def test_extract_a_families_statement_on_where_their_loved_ones_lie() -> None:
    text = (
        "We, the families of the victims, have never been told where our loved ones are buried. Our sons "
        "were executed without trial."
    )
    assert _known(text)[0] == ("buried", "second_hand_unnamed", False)


def test_extract_a_memoir_paragraph_told_by_we_among_prisons() -> None:
    # a paragraph told by "we" among guards and cells, in a text not counted as a testimony as a whole
    text = (
        "Our group waited in the corridor for hours. The guards had set up a beating line along the wall, "
        "and each man was made to walk it twice before the cells were opened again. If you fell, you went "
        "back to the start. We were the ones who came back that night."
    )
    doc = Document(text, "en")
    start = text.index("beating")
    act = Mention("act", start, start + len("beating"), "beating", "torture")
    assert knowledge_of(doc, act, "author").provenance == "first_hand"


def test_extract_what_befell_the_kin_of_the_one_a_page_introduces() -> None:
    # "او خواهر X است که … دستگیر شد و … اعدام شد": the page's framing of her brother's arrest and death
    text = (
        "گفت‌وگو با سارا رحیمی\n\nسارا رحیمی فعال حقوق بشر است. او خواهر علی رحیمی است که در سال ۱۳۶۳ "
        "دستگیر شد و در تابستان ۱۳۶۷ اعدام شد. سارا رحیمی می‌گوید ما هر ماه به ملاقات می‌رفتیم."
    )
    assert _known(text)[:2] == [("دستگیر", "report", False), ("اعدام", "report", False)]


def test_extract_our_children_taken_away_and_the_massacre_named_as_hame_koshi() -> None:
    # "بچه‌های ما را حذف فیزیکی کردند": the kin as the object, learnt of
    kids = (
        "برادرم سال‌ها در زندان اوین بود. ما هر سال به خاوران می‌رویم. می‌خواهند همانطور که بچه‌های ما را "
        "حذف فیزیکی کردند، خاوران را هم از بین ببرند."
    )
    assert _known(kids)[-1] == ("حذف فیزیکی", "second_hand_unnamed", False)
    # "همه‌کشی ۶۷" names the whole massacre, not seen by being one of the families
    whole = "من سال‌ها در زندان بودم. امروز به عنوان عضو خانواده قربانیان همه‌کشی ۶۷ دادگاه را دنبال می‌کنم."
    assert _known(whole)[-1] == ("همه\u200cکشی", "report", False)


def test_extract_what_the_family_did_on_a_relative_s_story_page() -> None:
    text = (
        "Laleh Karimi recalls the summer of 1988 and tells the story of her family. After her father was "
        "executed, the family had to wait for years, denied their rights to truth and justice."
    )
    assert _known(text)[-1] == ("denied their rights to truth", "first_hand", True)


def test_extract_the_killing_of_the_speaker_s_brother_in_the_page_s_introduction() -> None:
    # "X … که شرح شهادت برادرش را که در … شهید شده است توضیح می‌دهد": her brother's death, in the framing
    text = (
        "سارا کریمی از کشتار سال ۱۳۶۷ می‌گوید\nسارا کریمی از زندانیان سیاسی سال ۶۰ که شرح شهادت برادرش را "
        "که در کشتار سال ۱۳۶۷ شهید شده است در نشستی توضیح می‌دهد:\nمن سارا کریمی، خواهر رضا کریمی هستم. "
        "اوایل مرداد بود که ملاقات‌ها قطع شد و دیگر به خانواده‌ها پاسخی نمی‌دادند. ما هر هفته به زندان می‌رفتیم."
    )
    assert ("شهید شده است", "report", False) in _known(text)


def test_extract_a_quoted_families_letter_on_their_children_s_killing() -> None:
    en = (
        'The families have written an open letter. The letter reads: "For 35 years we have been denied the '
        'right to mourn. Our children were killed in secret and buried in unmarked graves."'
    )
    said = {text: (provenance, first) for text, provenance, first in _known(en)}
    assert said["killed"] == ("second_hand_unnamed", False) and said["in secret"] == ("first_hand", True)
    fa = (
        "در این نامه آمده است: «ما سی و پنج سال است که از حق سوگواری محروم شده‌ایم. فرزندان ما را مخفیانه "
        "کشتند و در گورهای بی‌نام و نشان دفن کردند.»"
    )
    said = {text: (provenance, first) for text, provenance, first in _known(fa)}
    assert said["کشتند"] == ("second_hand_unnamed", False) and said["مخفیانه"] == ("first_hand", True)


def test_extract_reports_received_and_a_persian_verb_of_learning() -> None:
    en = (
        '"I have received consistent reports that thousands of prisoners were executed in 1988," the envoy '
        "told the assembly."
    )
    assert [p for _, p, _ in _known(en)] == ["second_hand_unnamed", "second_hand_unnamed"]
    # "از اعدام‌ها … خبردار شدم": the verb of learning closes the clause, after the act
    fa = "من در آن سال‌ها دانشجو بودم و از اعدام‌ها تنها از طریق خانواده‌ها خبردار شدم."
    assert _known(fa)[0] == ("اعدام\u200cها", "second_hand_unnamed", False)


def test_extract_a_quotation_opening_with_we_is_the_speaker_s_own_account() -> None:
    text = 'A former guard, who asked not to be named, said: "We hanged twenty men every night in the hall."'
    assert _known(text) == [("hanged", "first_hand", True), ("twenty", "first_hand", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I was in Evin in 1988. Word reached us that the prisoners of Ward 3 had all been executed.",
         [WAS_IN, ("executed", "second_hand_unnamed", False)]),
        ("I was in Evin in 1988. Other prisoners said that the guards had executed 30 men the night before.",
         [WAS_IN, ("executed", "second_hand_unnamed", False), ("30", "second_hand_unnamed", False)]),
        ("من در سال ۱۳۶۷ در اوین بودم. خبر رسید که بیست نفر از بند پایین را اعدام کرده‌اند.",
         [BUDAM, ("بیست", "hearsay", False), ("اعدام", "hearsay", False)]),
    ],
)  # fmt: skip
def test_extract_news_passed_on_by_fellow_prisoners(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _known(text) == expected


def test_extract_a_statement_told_by_we_is_no_memoir() -> None:
    # "We condemn … and call for …": an organisation's paragraph, though it names prisons and says "we"
    text = (
        "We condemn the executions of political prisoners in the summer of 1988 and we call for an inquiry. "
        "Our members have documented the cases of prisoners held in Evin and Gohardasht for many years, and "
        "our reports have been sent to the United Nations."
    )
    doc = Document(text, "en")
    start = text.index("executions")
    act = Mention("act", start, start + len("executions"), "executions", "execution")
    assert knowledge_of(doc, act, "author").provenance == "report"


def test_extract_a_headline_giving_the_witness_s_words_in_the_first_person() -> None:
    text = (
        "دادگاه در استکهلم؛ شاهد: ساک‌های اعدام‌شدگان را نشانم دادند\n\nجلسه دیروز دادگاه با شهادت یک زندانی "
        "سابق ادامه یافت و او به پرسش‌های دادستان پاسخ داد."
    )
    assert _known(text) == [("اعدام\u200cشدگان", "first_hand", True)]


def test_extract_a_relative_s_own_imprisonment_told_by_a_documentation_site() -> None:
    # the relative, subject of the passive, lived her own arrest and release; "she learnt of his execution"
    text = (
        "Maryam Rostami describes her brother, Hamid Rostami, and the day she learnt of his execution. Both "
        "Maryam and her brother were imprisoned in the early 1980s. When Maryam was released, she began to "
        "search for his grave."
    )
    assert _known(text) == [
        ("execution", "second_hand_unnamed", False),
        ("imprisoned", "first_hand", True),
        ("released", "first_hand", True),
    ]


def test_extract_a_total_drawn_from_survivors_testimony_is_not_seen() -> None:
    text = (
        "The number of those killed is unknown, although the testimony of families and survivors points to "
        "a figure of several thousand."
    )
    assert _known(text)[-1] == ("several thousand", "report", False)


def test_extract_the_families_own_want_of_news_beside_a_cited_source() -> None:
    text = (
        "ما خانواده‌ها با استناد به اسناد عفو بین‌الملل می‌گوییم که عزیزان ما مخفیانه دفن شده‌اند و ما هنوز "
        "از محل دفن آنان اطلاعی نداریم."
    )
    assert _known(text)[-1] == ("اطلاعی نداریم", "first_hand", True)


# --- session 13: relayed survivors' accounts, families' statements, learnt after heard --------------------


def test_extract_what_was_learnt_after_what_was_heard_is_not_first_hand() -> None:
    # the sounds were heard in the same sentence; the fate of the others learnt later (the cue nearer wins)
    said = _known(
        "من صدای نگهبانان را می‌شنیدم که نام‌ها را می‌خواندند و ما بعد از مدتی فهمیدیم "
        "که آن جوانان را اعدام کردند."
    )
    assert said[-1][0].startswith("اعدام") and said[-1][1:] == ("second_hand_unnamed", False)


@pytest.mark.parametrize(
    "text",
    [
        "دوستان، مأموران به گورستان آمدند. در حالی که عزیزان ما پس از اعدام در گودال‌ها دفن شده‌اند.",
        "Every year we gather at the cemetery. The court will now review the execution of our loved ones.",
    ],
)
def test_extract_a_families_statement_speaking_of_our_loved_ones_tells_their_killing_second_hand(
    text: str,
) -> None:
    # "عزیزان ما", "our beloved children": the writers' dead, not the writers being there
    said = _known(text)
    assert said and not said[-1][2]


def test_extract_a_persian_trial_report_s_survivor_tells_the_killings_of_his_prison() -> None:
    text = (
        "در جلسه امروز دادگاه، رضا کامرانی، زندانی سیاسی پیشین، به عنوان شاهد حاضر شد. "
        "او گفت که در دوره اعدام‌ها در بند ۷ بود. این زندانی سیاسی سابق فهرستی از نام ۴۰ نفر تهیه کرده بود."
    )
    said = {t: first for t, _, first in _known(text)}
    assert said.get("اعدام\u200cها") is True
    assert said.get("۴۰") is True


def test_extract_a_persian_verb_said_once_for_two_acts_is_the_first_person_s_for_both() -> None:
    # «…»: a quotation no one is named for; "بازداشت و … محکوم شدم" shares the verb's "I"
    text = "او خود را چنین معرفی می‌کند: «بار دوم در سال ۶۴ بازداشت و به هشت سال حبس محکوم شدم.»"
    said = _known(text)
    assert ("بازداشت", "first_hand", True) in said


def test_extract_a_witness_s_answer_and_his_kin_s_fate_in_a_trial_report() -> None:
    text = (
        "The judge asked the witness about his arrest. The witness responded that he had been arrested in "
        "1983 in Tabriz. The witness added that his cousin had also been arrested but that he had been "
        "executed while the witness was held."
    )
    said = [(t, first) for t, _, first in _known(text) if t != "arrest"]
    assert said[:3] == [("arrested", True), ("arrested", False), ("executed", False)]


def test_extract_according_to_a_witness_s_testimony_and_what_he_realized_later() -> None:
    said = _known(
        "Karimi was in Evin prison at the time. According to his testimony, the guards hanged 20 prisoners "
        "in the hall that week."
    )
    assert ("hanged", "first_hand", True) in said
    later = _known("Karimi said he only realized later that the guards had executed the men from ward 3.")
    assert later[-1][1] == "belief"


def test_extract_a_survivor_s_title_in_a_trial_session_is_his_own_detention() -> None:
    said = _known("در جلسه دهم دادگاه، زندانی سیاسی سابق علی رضایی به ادای شهادت پرداخت.")
    assert said[0][1:] == ("first_hand", True)
    text = "The tenth session opened with former political prisoner Ali Rezaei taking the stand."
    start = text.index("former")
    title = Mention(
        "act", start, start + len("former political prisoner"), "former political prisoner", "detention"
    )
    assert knowledge_of(Document(text, "en"), title, "author").provenance == "first_hand"
    # a guest line, no testimony: the page's framing
    assert _known("در این برنامه زندانی سیاسی سابق علی رضایی مهمان ماست.")[0][1] == "report"


def test_extract_killings_qualified_in_law_by_a_rapporteur_are_his_citation() -> None:
    said = _known(
        "The rapporteur presented his findings on the prisons of the 1980s. He categorizes these acts as "
        "crimes against humanity, including murder and torture."
    )
    assert [(t, p) for t, p, _ in said] == [("murder", "second_hand_named"), ("torture", "second_hand_named")]


def test_extract_a_heading_over_the_paragraph_that_tells_it_in_the_first_person() -> None:
    text = (
        "I was arrested in Shiraz in 1983 and held for two years.\n\nTransfer to Adelabad\n\n"
        "12. In the spring of 1985, I was transferred to Adelabad prison with ten others."
    )
    said = _known(text)
    assert ("Transfer", "first_hand", True) in said
    # a title over an account that does not tell it as the speaker's: the event named
    text = "Mass Executions in Shiraz\n\nI was in Adelabad prison in 1988. They executed twenty men."
    assert _known(text)[0] == ("Executions", "report", False)


def test_extract_how_things_usually_went_for_prisoners_is_reported() -> None:
    said = _known(
        "I was held in Evin for three years. Qasr was mainly a prison for those who had been sentenced. "
        "After their trials, prisoners were usually transferred to Qasr."
    )
    assert [(t, first) for t, _, first in said if t in ("sentenced", "transferred")] == [
        ("sentenced", False),
        ("transferred", False),
    ]


def test_extract_a_witness_s_account_goes_on_in_the_persian_reportative_perfect() -> None:
    text = (
        "دادستان از شاهد خواست که درباره دستگیری‌اش توضیح دهد. رضایی گفت که در سال ۱۳۶۲ در شیراز دستگیر شده "
        "است. پس از بازداشت، دو سال در زندان عادل‌آباد بوده است."
    )
    doc = Document(text, "fa")
    start = text.index("بازداشت،")
    act = Mention("act", start, start + len("بازداشت"), "بازداشت", "arrest")
    assert knowledge_of(doc, act, "author").provenance == "first_hand"


def test_extract_one_of_the_prisoners_of_the_sixties_beside_a_name_is_a_title() -> None:
    text = "خانم مریم کاظمی، از زندانیان دهه شصت، در گفتگویی با یک رادیو از آن سال‌ها می‌گوید."
    doc = Document(text, "fa")
    start = text.index("زندانیان")
    act = Mention("act", start, start + len("زندانیان"), "زندانیان", "detention")
    assert knowledge_of(doc, act, "person").provenance == "report"


def test_extract_a_memoirist_s_background_on_cellmates_arrest_and_sentence_is_reported() -> None:
    text = (
        "In 1984 I was held in Ward 3 of Qasr prison. Reza and Hamid were arrested in 1981 on charges of "
        "supporting a leftist group. Hamid received a life sentence. That night the guards took us out."
    )
    said = {t: p for t, p, _ in _known(text)}
    assert said.get("arrested") == "report" and said.get("life sentence") == "report"


def test_extract_a_persian_memoir_paragraph_told_by_continuous_first_person_verbs() -> None:
    # no "من", no "بودم": the first person is in "می‌نوشتم", "می‌کردم" and "خاطره‌هایم"
    text = (
        "سال‌ها بعد، هر شب در سلول انفرادی زندان اوین، روزهای گذشته را در ذهن مرور می‌کردم و چیزی "
        "نمی‌نوشتم، چون نوشتن در آن زندان جرم بود و نگهبانان هر روز سلول‌ها را می‌گشتند. در خاطره‌هایم از "
        "دستگیری در خیابان تا بازجویی‌های طولانی آن زمستان همه چیز زنده بود و هر شب دوباره تکرار می‌شد."
    )
    doc = Document(text, "fa")
    start = text.index("دستگیری")
    act = Mention("act", start, start + len("دستگیری"), "دستگیری", "arrest")
    assert knowledge_of(doc, act, "author").provenance == "first_hand"


def test_extract_what_the_witness_said_in_answer_to_counsel_is_not_counsel_s_account() -> None:
    text = (
        "In answer to questions from the defence counsel, the witness had said that he was released from "
        "Qasr prison in the winter of 1989."
    )
    doc = Document(text, "en")
    start = text.index("released")
    act = Mention("act", start, start + len("released"), "released", "release")
    assert knowledge_of(doc, act, "witness").provenance == "first_hand"
    # counsel's own words for the client stay a named source
    text = "The defence counsel said that her client was released from Qasr prison in 1989."
    start = text.index("released")
    act = Mention("act", start, start + len("released"), "released", "release")
    assert knowledge_of(Document(text, "en"), act, "witness").provenance == "second_hand_named"


def test_extract_what_is_told_of_the_state_s_prisons_as_a_whole_is_reported() -> None:
    said = _known("من در اوین بودم. در آن سال‌ها شکنجه در زندان‌های جمهوری اسلامی هر روز ادامه داشت.")
    assert said[-1] == ("شکنجه", "report", False)
    said = _known("I was held in Evin in 1985. Prisoners were tortured in Iran's prisons every day.")
    assert said[-1] == ("tortured", "report", False)
