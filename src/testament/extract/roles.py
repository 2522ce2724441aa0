"""A person's part in the account, read from the words around each mention of them and summed over all
mentions of the same person: the narrator names themself ("My name is", "من ... هستم") or speaks the
quotations; a perpetrator holds a position ("X, the prosecutor", "حاکم شرع"), carries a cleric's title or
acts ("decided by X", "X ordered"); a victim is executed ("X was hanged"); a relative stands beside a
victim ("his mother, X,"); a fellow prisoner shares the narrator's cell or lashes. The strongest total
wins; a person with no cue at all is "other"."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from functools import cache
from itertools import pairwise

from testament.extract._lexicon import fa_key, lexicon
from testament.extract._text import Document, guard_all, guarded
from testament.extract.coreference import Reference
from testament.extract.discourse import Voices
from testament.extract.persons import KIN_HONORIFIC, PersonMention

__all__ = ["assign_roles"]

_PRIORITY = ("narrator", "perpetrator", "relative", "witness", "victim", "fellow_prisoner", "official")
# "X told the court that …", "X testified": one who gives an account (a witness, unless accused)
_SPEECH_EN = re.compile(
    r"\s+(?:himself\s+|herself\s+)?(?:later\s+|also\s+|then\s+|has\s+|had\s+)?(?:told (?:the court|"
    r"the tribunal|reporters|AFP|the BBC|us|me)|tells (?:me|us)|testified|recalled|recounted|recounts|"
    r"explained|described|said|says|stated|"
    r"spoke\s+(?:\w+\s+){0,3}?(?:of|about|to|on)|added(?=\s*[:“\"”]|\s+that\b))\b"
    r"(?!\s+(?:nothing|no\b|not\b))"  # "Akhgar said nothing" gives no account
)
# "X … گفت:", "X می‌گوید": the subject opening a Persian sentence whose verb is one of speech gives an
# account (a witness, unless accused: any perpetrator cue outweighs it)
_SPEECH_FA = re.compile(
    r"[^.؟!«]{0,140}?(?<![\w\u200c])(?:گفت|می[\u200c ]?گوید|گفته(?:\s+است)?|اظهار (?:کرد|داشت)|"
    r"نوشت|نوشته است|"
    r"شهادت (?:داد|داده است)|روایت (?:کرد|می[\u200c ]?کند)|می[\u200c ]?نویسد|"
    r"لب\s+به\s+سخن\s+(?:گشود|گشوده|باز\s+کرد|باز\s+کرده))(?![\w\u200c])"
)
_TITLE_FA = re.compile(r"^\s*(?:خانم|آقای|دکتر)\s*$")
# A judge or prosecutor of the proceedings abroad holds office in the account without being accused in
# it: `official` (docs/annotation.md). Told by the court's place in the sentence, or, in Persian, by the
# name's Latin spelling in brackets after the office ("قاضی ساندر (Zander)"): a foreign official.
_JUDICIAL = re.compile(r"judge|prosecutor|قاضی|دادستان", re.IGNORECASE)
_JUDGE = re.compile(r"judge|قاضی", re.IGNORECASE)
_LEADER = re.compile(r"supreme\s+leader", re.I)
_PAST_OFFICE = re.compile(
    r"(?<![\w\u200c])(?:وقت|سابق|پیشین)(?![\w\u200c])|\b(?:then|former|at the time)\b", re.I
)
_ABROAD = re.compile(
    r"Swed(?:en|ish)|Stockholm|Albania|Durr[eë]s|District Court|Svea|سوئد|استکهلم|آلبانی|دورس", re.IGNORECASE
)
# "X, an international judge, testified", "X، قاضی بین‌المللی، شاهد این جلسه دادگاه بود": the name (and
# one apposition) then the verb of testimony: the office holder is the hearing's witness
_TESTIFIES_AFTER = re.compile(
    r"^\s*(?:[،,][^.؟!،,;]{2,60}[،,])?\s*(?:(?:also|later|then|نیز|هم|امروز)\s+)?"
    r"(?:testified|testifies|gave\s+(?:evidence|testimony)|appeared\s+as\s+(?:a|the)\s+(?:\w+\s+)?witness|"
    r"شاهد\s+(?:این|امروز|دادگاه|جلسه)|شهادت\s+(?:داد|می[\u200c ]?دهد|داده))(?![\w\u200c])",
    re.IGNORECASE,
)
_DIED_PLURAL_FA = re.compile(
    r"^\s+[^.؟!،,]{0,60}?(?:جان[\u200c ]?باختند|جان[\u200c ]?سپردند|به\s+شهادت\s+رسیدند|به\s+قتل\s+رسیدند|"
    r"کشته\s+شدند)(?![\w\u200c])"
)
# "X … به «حبس ابد» محکوم شد": the verdict abroad (a prisoner's life term of the 1980s is told without
# the court abroad in the text)
_LIFE_TERM_FA = re.compile(r"^[^.؟!]{0,160}?به\s+[«\"]?حبس\s+ابد[»\"]?\s+محکوم")
# A memorial entry's particulars ("تاریخ کشته‌شدن: …", "Mode of killing: …"): the name heading the entry is
# the one killed
_MEMORIAL_FIELD = re.compile(
    r"^[ \t]*(?:(?:تاریخ|نحوه|محل)\s+(?:کشته[\u200c ]?شدن|اعدام|مرگ)|"
    r"(?:date|mode|manner|place)\s+of\s+(?:killing|execution|death))\s*:",
    re.MULTILINE | re.IGNORECASE,
)
# "Ayatollah X, "Letter to Y," 31 August 1988" under an epigraph: the name opening a line, then the quoted
# title of the cited work: the author of the words quoted above (an account of their own)
_CITATION_AFTER = re.compile(r"^\s*,\s*[\"“][^\"“”\n]{2,100}?[,.]?[\"”]")
_HEAD_LINES = 6  # a name alone on one of the first lines heads the text (its author, or the entry's subject)
# "Khomeini's reception of the ceasefire", "after Khomeini had accepted Resolution 598", "خمینی قطعنامه را
# پذیرفت": a head of state named for ending the war; official unless the text ties him to the killings
_CEASEFIRE_AFTER = re.compile(
    r"^(?:['’]s\s+(?:\w+\s+)?(?:reception|acceptance)\s+of|\s+(?:had\s+)?(?:\w+ly\s+)?accepted)\s+(?:the\s+)?"
    r"(?:UN\s+|United Nations\s+)?(?:resolution|ceasefire|cease-fire)"
    r"|^\s+(?:قطعنامه|آتش[\u200c ]?بس)[^.؟!،,]{0,20}?(?:را\s+)?(?:پذیرفت|قبول\s+کرد)",
    re.IGNORECASE,
)
# words of a hearing held now, about the past: a judge or prosecutor in such a sentence sits on today's court
_TRIAL_NOW = re.compile(
    r"\b(?:court day|court session|the witness|testif\w*|the defendant|the accused|court\s?room|video link|"
    r"witness\s+\d+)\b"
    r"|(?<![\w\u200c])(?:دادستان(?:ان)?\s+پرونده|جلسه(?:[\u200c ]?ی)?\s+(?:امروز|دادگاه)|این\s+جلسه|متهم|"
    r"شاهد(?:ان)?)(?![\w\u200c])",
    re.I,
)
# "many of the perpetrators …, including A and the minister B", "other judges …, including the barrister
# C": each name after the opening of a list of the perpetrators (or of the judges of a tribunal)
_GROUP_INCLUDING = {
    role: re.compile(
        rf"\b(?:{group})\b[^.;]{{0,100}}?\b(?:including|such as|among them|notably)\b", re.IGNORECASE
    )
    for role, group in (
        ("perpetrator", r"perpetrators|culprits|those responsible"),
        # ("the Commissioners consist of …, including A, B": a people's truth commission, docs/annotation.md)
        ("official", r"judges|jurors|jury members|members of the (?:jury|panel|tribunal)|commissioners"),
    )
}
# "the Commissioners …, including A": the word naming each listed member's function
_COMMISSIONERS = re.compile(
    r"\b(?P<pos>commissioners)\b[^.;]{0,100}?\b(?:including|such as|among them)\b", re.I
)
# "U.N. Special Representative on the Human Rights Situation in X Y", "Former Special Rapporteur on …
# Executions Y": a UN mandate's title before the name, longer than the window the rules read
_UN_TITLE_BEFORE = re.compile(
    r"(?P<pos>(?:(?:former|then|current)\s+)?(?:U\.?N\.?\s+|United\s+Nations\s+)?Special\s+"
    r"(?:Rapporteur|Representative|Envoy)(?:\s+(?:on|for|of)(?:\s+(?-i:[A-Z][\w-]*)|\s+(?:on|of|the|and|or|in|"
    r"for|to)\b|,)+)?)\s*,?\s*$",
    re.IGNORECASE,
)
# "X, who led the judges": who presides over a (people's) tribunal
_PRESIDES_AFTER = re.compile(
    r"^\s*,\s*who\s+(?P<pos>(?:led|chaired|presided over|headed)\s+the\s+"
    r"(?:judges|jury|panel|tribunal|hearings?))\b",
    re.IGNORECASE,
)
# "his lawyer X told reporters": counsel speaks for another
# ("Defense attorney X", "plaintiff counsel X": a party's counsel in a trial)
_COUNSEL_BEFORE = re.compile(
    r"(?:\b(?:his|her|their|the)\s+(?:\w+\s+)?|(?<![\w'’-])(?:defen[cs]e|plaintiffs?['’]?|complainants?['’]?)\s+)"
    r"(?:lawyer|attorney|counsel)\s+$",
    re.I,
)
# "X, his lawyer,", "Ms. X, Hossein Farsi's lawyer,", "Defense attorney X": someone's counsel in a trial
# (not "X, a lawyer, was executed", nor "X, the international lawyer who acted as prosecutor")
_PARTY_COUNSEL_AFTER = re.compile(
    r"^\s*,\s*(?:(?:his|her|their)\s+(?:\w+\s+)?|(?:the\s+)?defen[cs]e\s+|(?:[A-Z][\w-]*\s+){1,3}?[\w-]+['’]s\s+)"
    r"(?:lawyer|attorney|counsel)\b",
    re.IGNORECASE,
)
_PARTY_COUNSEL_BEFORE = re.compile(
    r"(?:\b(?:his|her|their)\s+(?:\w+\s+)?|(?<![\w'’-])(?:defen[cs]e|plaintiffs?['’]?|complainants?['’]?)\s+)"
    r"(?:lawyer|attorney|counsel)\s+$",
    re.IGNORECASE,
)
# "in connection with X's death", "responsible for X's murder": one killed (not "after Khomeini's death": the
# time of a leader's own end)
_DEATH_OF = re.compile(r"['’]s\s+(?:\w+\s+)?(?:death|killing|murder)\b", re.IGNORECASE)
_AT_TIME_OF = re.compile(
    r"\b(?:after|before|since|until|till|following|upon|by|at|of)\s+(?:the\s+)?(?:\w+\.?\s+)?$", re.I
)
# "Noury's son, X": the kin of the one named before the possessive
_KIN_OF_BEFORE = re.compile(
    r"['’]s\s+(?:son|daughter|wife|husband|brother|sister|father|mother|child)\s*,?\s*$"
)
# "من و X را …" opening a clause, "X و من را …": the narrator and X, the objects of the same act
_WITH_ME_BEFORE_FA = re.compile(r"(?:^|[.!؟:،,]\s*|(?:بعد|سپس|آنگاه|ناگهان|روز\s+بعد)\s+)من\s+و\s+$")
_OBJECT_AFTER_FA = re.compile(r"\s+را(?![\w\u200c])")
_AND_ME_AFTER_FA = re.compile(r"\s+و\s+من\s+را(?![\w\u200c])")
# "interviewed by X", "hosted by X", "با اجرای X": the interviewer or the programme's host
_INTERVIEWER_BEFORE = (
    re.compile(r"\b(?:interviewed|hosted|presented|moderated)\s+by\s+$", re.IGNORECASE),
    re.compile(r"(?<![\w\u200c])(?:با\s+)?(?:اجرای|مجری[\u200c ]?گری)\s+$"),
)
# "گفتگوی X با Y": X's conversation with Y (X asks)
_INTERVIEW_OF_FA = re.compile(r"(?<![\w\u200c])(?:گفتگوی|گفت[\u200c ]?وگوی|گفتوگوی|مصاحبه[\u200c ]?ی)\s+$")
_WITH_AFTER_FA = re.compile(r"^\s+با\s")
# a statement's particulars: "Name: X", then "Occupation: …" on a later line
_NAME_FIELD = re.compile(r"[ \t]*(?:(?:Full\s+)?Name|نام(?:\s+و\s+نام\s+خانوادگی)?)\s*:\s*", re.I)
_OCCUPATION_FIELD = re.compile(
    r"^[ \t]*(?:Occupation|Profession|شغل)\s*:[ \t]*(?P<pos>[^\n:]{2,60}?)[ \t]*$", re.MULTILINE | re.I
)
_KIN_OF_AFTER = (
    re.compile(r"\s*,\s*"),
    re.compile(r"\s*[،,]\s*(?:دختر|پسر|فرزند|همسر|برادر|خواهر|پدر|مادر)\s+(?:(?:آقای|خانم)\s+)?"),
)
_KIN_POSSESSED = re.compile(r"['’]s\s+(?:son|daughter|wife|husband|brother|sister|father|mother|child)\b")
# "خاطرات X از زندان‌ها", "Memoirs of X": a line naming the memoir's author
_MEMOIR_OF = re.compile(r"[ \t]*(?:خاطرات|(?:The\s+)?[Mm]emoirs?\s+of)\s+")
# "the letter's signatories are X, Special Rapporteur on …", "UN experts, including X, the former High
# Commissioner, called on …": a UN office among those who sign or appeal (the guide: experts who only sign
# a letter are officials; a rapporteur who speaks or is interviewed is told by what they say)
_UN_OFFICE_AFTER = re.compile(
    r"^\s*,\s*(?:the\s+|a\s+)?(?:(?:UN|United Nations|former|then)\s+)*(?:[\w-]+\s+){0,2}?"
    r"(?:Special\s+Rapporteur|Chair-Rapporteur|Rapporteur|High\s+Commissioner|Secretary-General)\b",
    re.IGNORECASE,
)
_SIGNED = re.compile(
    r"\b(?:signator(?:y|ies)|signed|co-signed|letter|called on|call on|urged|appealed)\b", re.I
)
# "the Swedish prosecution team led by X": who leads a court's or prosecution's work abroad
_JUDICIAL_BY = re.compile(
    r"\b(?:prosecution|prosecutors?|court|tribunal|police|investigators?)\s+(?:team\s+|office\s+)?"
    r"(?:led|headed|chaired|represented)\s+by\s+$",
    re.IGNORECASE,
)
_COUNSEL_AFTER = re.compile(
    r"^\s*[،,]\s*(?:وکیل|وکلای)(?![\w\u200c])"
    r"|^\s*,\s*(?:his|her|their|the|a)\s+(?:\w+\s+)?(?:lawyer|attorney|counsel)\b"
    # "Ms. X, Hossein Farsi's lawyer,": counsel for a named client
    r"|^\s*,\s*(?:[A-Z][\w-]*\s+){1,3}?[\w-]+['’]s\s+(?:lawyer|attorney|counsel)\b",
    re.IGNORECASE,
)
# "‘…,’ said X", "…, recalled X": the verb of speech before the name, after the quotation
_SAID_BEFORE_EN = re.compile(
    r"(?:^|[,’”\"'?!—–-])\s*(?:said|says|recalled|recalls|added|explained|continued|replied|asked)\s+$"
)
# "the revolution that brought X to power": a head of state named for his rise (official unless the text
# ties him to the killings)
_TO_POWER = (re.compile(r"\bbrought\s+$", re.I), re.compile(r"^\s+to\s+power\b", re.I))
# "X, a former political prisoner, testified": speech after an apposition that says who X is
_APPOSED_SPEECH_EN = re.compile(r"^\s*,\s*(?:a|an|the)\s+[^,.;()“”\"]{2,50}?," + _SPEECH_EN.pattern)
# "- Ali: In Ahvaz' Fajr prison.": the one who answers in an interview's transcript (a line opened by
# the name and a colon)
_TRANSCRIPT_LINE = re.compile(r"[ \t]*(?:[-–—•][ \t]*)?")
_PREP_FA = "در|از|به|با|برای|پس|سپس|بر|تا"
_LATIN_AFTER = re.compile(r"^\s*\(\s*[A-Z][a-z]")
# roles a reference ("he", "my brother") carries to its person, weighed below the name's own words
_REFERRED = frozenset({"victim", "perpetrator"})
# "X - …", "X -یکی از …": a dash after the name (with a space on one side at least; not "X-Y")
_BYLINE = re.compile(r"^(?:[ \t]*[-–—][ \t]|[ \t]+[-–—](?=[^\W\d_]))")
_LISTED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|،\s*(?:و\s*)?|\s+و\s*)")
_REFERENCE_WEIGHT = 0.75
_REPORTER = re.compile(
    r"\b(?:reporter|journalist|correspondent|photographer|host)\b"
    r"|(?<![\w\u200c])(?:روزنامه[\u200c ]?نگار|خبرنگار|عکاس|مجری|میزبان)(?![\w\u200c])",
    re.IGNORECASE,
)
# an object pronoun a word or two after a name of its own entity in one clause (not reflexive) is another's
_OBJECT_PRONOUN = re.compile(r"(?:او|وی)\s+را(?![\w\u200c])|him\b", re.IGNORECASE)
_SAME_CLAUSE = re.compile(r"\s+(?:[^\W\d_]+\s+){0,2}")
# "X interviewed by Y", "کارشناس برنامه: X": the one interviewed answers another's questions: a witness even
# where they say "my name is" (docs/annotation.md: Interviews)
_INTERVIEWED_AFTER = (
    re.compile(r"^,?\s+(?:was\s+)?interviewed\s+by\b", re.IGNORECASE),
    re.compile(r"^\s*[،,]?\s*(?:در\s+)?(?:مصاحبه|گفتگو|گفت[\u200c ]?وگو)\s+(?:با|ی)\s+"),
)
_INTERVIEWED_BEFORE = re.compile(
    r"(?<![\w\u200c])(?:کارشناس|مهمان|میهمان)(?:ان)?\s+(?:این\s+|امروز\s+)?(?:برنامه|گفتگو)\s*[:،,]?\s*$"
)
# a byline "By X", "Reported by X" opening a line: the author of the text (the narrator, first person or not)
_BY_AUTHOR = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:Reported|Written|Told|Narrated)\s+by|By|(?:Authors?|AUTHORS?)\s*:)\s+$"
)
_TEXT_BY_FA = re.compile(r"(?:^|\s)متن\s*:\s*$")
# a letter's closing on its own line before the signature ("Sincerely,", "با احترام"): who signs wrote it
_SIGN_OFF = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:Yours\s+)?(?:Sincerely|Respectfully|faithfully)(?:\s+yours)?|"
    r"با\s*(?:احترام|سپاس|تشکر)(?:\s+فراوان)?)[ \t]*[,،]?\s*$",
    re.IGNORECASE,
)
# "جناب آقای X\n\nرئیس جمهور محترم": the office on the line under the name a letter is addressed to
_OFFICE_BELOW_FA = re.compile(
    r"[ \t]*[،,]?[ \t]*\n\s*(?P<pos>(?:رئیس|رییس|ریس)\s+جمهور|وزیر\s+[^\s،,.!]+|دبیر\s*کل)(?![\w\u200c])"
)
_ADDRESSED_FA = re.compile(r"[ \t]*جناب\s+(?:(?:آقای|اقای|خانم|دکتر)\s+)*$")
# "در مصاحبه با A از …، B … و C از …": each name further along the list of those interviewed
_INTERVIEW_LIST_FA = re.compile(
    r"(?<![\w\u200c])(?:مصاحبه|گفتگو|گفت[\u200c ]?وگو)(?:[\u200c ]?ای)?\s+با\s+"
    r"[^.؟!:]{2,200}?(?:[،,]|\s+و)\s*$"
)
_GOVERNMENT_HEAD = re.compile(r"(?:دولت|کابینه)(?:[\u200c ]?ی)?\s")
# a speaker's name alone on a line, the next line opening in the first person ("Sara Karimi\nI was a
# nurse"): the heading of that speaker's account
_FIRST_PERSON_LINE = (
    re.compile(r"^[ \t]*[\"“]?(?:I|My|We)\b", re.MULTILINE),
    re.compile(r"^[ \t]*[«\"]?(?:من|ما)(?![\w\u200c])", re.MULTILINE),
)
# "were arrested and later executed", "were detained and summarily executed": another act before the killing
_ACT_AND = r"(?:(?:arrested|detained|tried|tortured|imprisoned|abducted|sentenced)\s+and\s+)?"
_SPEAKER_WORK = re.compile(
    r"\s*I\s+was\s+(?:then\s+)?an?\s+(?P<pos>[a-z][\w-]*(?:\s+(?!in\b|at\b|for\b|and\b|when\b)[a-z][\w-]*)?)"
    r"(?=\s+(?:in|at|for|and|when)\b|\s*[,.])"
)
# ("killed in a helicopter crash": an accident, no killing)
_EXECUTED = (
    r"(?:executed|hanged|hung|killed|shot|murdered|put to death|shot dead)"
    r"(?!\s+in\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:crash|accident|collision)\b)"
)
# "A, the religious judge, B, the prosecutor": a title between two commas before B is A's apposition
_APPOSED_BEFORE = re.compile(r",\s*(?:the|a|an)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_NEXT_PRONOUN_FA = re.compile(r"(?<![\w\u200c])(?:او|وی)\s+را\s+[^.]{0,40}?(?:اعدام|تیرباران|به دار)")
_NEXT_PRONOUN = re.compile(
    rf"^\W*(?:[\w,' ]{{0,40}}?)\b(?:he|she)\b[^.]{{0,40}}?\b(?:was|were|had been)\s+(?:\w+\s+)?{_EXECUTED}",
    re.IGNORECASE,
)


# any "I" of the text's own voice (Document.first_person asks for more: a testimony told throughout by "I")
_FIRST_PERSON_ANY = (
    re.compile(r"\b(?:I|me|my|myself)\b"),
    # "من", "خودم", "بوده‌ام", "زنده ام" (a participle or adjective with the first person's "ام")
    re.compile(r"(?<![\w\u200c])(?:من|مرا|خودم|ما|\w+ه[\u200c ]?(?:ام|ایم))(?![\w\u200c])"),
)


# "we", "our" too: a relative's report relayed under "Reported by X" says "we gathered"
_FIRST_PERSON_WE = (
    re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]yself|[Ww]e|[Oo]ur|[Uu]s)\b"),
    re.compile(r"(?<![\w\u200c])(?:من|مرا|خودم|ما|\w+ه[\u200c ]?(?:ام|ایم))(?![\w\u200c])"),
)
# the line under a name heading the text names a publisher ("UNIVERSITY OF X PRESS"): a book's author
_PUBLISHER_BELOW = re.compile(
    r"[ \t]*\n[ \t]*[^\n]{0,60}?\b(?:press|publishers?|publishing|books)[ \t]*\n", re.I
)


@cache
def _kin_suffered_en() -> re.Pattern[str]:
    """ "his brothers, A and B, were detained and executed", "her own husband, A, was a political prisoner":
    the kin of the one named just before (no other name between) arrested, held or killed ("14 of her
    relatives lost their lives": any of the family)."""
    rel = _alt(lexicon().relatives)
    return re.compile(
        r"\b(?:his|her)\s+(?:own\s+)?(?:(?:late|twin|older|elder|younger|eldest|youngest|two|three|four)\s+)?"
        rf"(?:{rel}|relative|family\s+member)s?\b[^.;]{{0,80}}?\b(?:(?:was|were|had\s+been)\s+"
        r"(?:both\s+|also\s+|later\s+)?"
        rf"(?:(?:\w+\s+){{0,3}}?{_EXECUTED}|(?:\w+ly\s+)?(?:arrested|detained|imprisoned|jailed|disappeared)\b|"
        r"(?:a\s+|one\s+of\s+the\s+)?political\s+prisoners?\b)|lost\s+(?:their\s+lives|(?:his|her)\s+life)\b)",
        re.IGNORECASE,
    )


def _kin_suffered(doc: Document, p: PersonMention, persons: list[PersonMention]) -> bool:
    """p opens its sentence as its subject ("Mina says her husband …", "Iranian Kurd X recalls …") and the
    sentence, or the next one from its opening ("After his brothers … were executed"), tells of "his"/"her"
    kin arrested, held or killed, with no other name between: p is that victim's relative. (Not "the official
    handed him X's watch and said his son had been executed": X is no subject there.)"""
    sentence = doc.sentence_at(p.start)
    opening = doc.norm[sentence.start : p.start]
    if len(opening.split()) > 3 or re.match(r"['’]s\b", doc.norm[p.end : p.end + 3]):
        return False
    if re.search(r"['’]s\s+[\w-]+\s*,?\s*$", opening):
        return False  # "Mina's husband, Kaveh, and her brother Omid were arrested": Kaveh is no subject

    pattern = _kin_suffered_en()
    m = pattern.search(doc.norm, p.end, sentence.end)
    following = doc.neighbour(sentence, 1)
    if m is None and following is not None:
        m = pattern.search(doc.norm, following.start, following.end)
        if m is not None and m.start() - following.start > 40:
            return False
    if m is None:
        return False
    return not any(p.end <= q.start < m.start() and q.entity != p.entity for q in persons)


# "با X گفتگو کرده است که برادرشان بیژن در شهریور ۶۷ … اعدام شد": the clause after X tells of X's own kin
# killed, however long (past the window the rules read)
_KIN_KILLED_FA = re.compile(
    r"(?<![\w\u200c])که\s+(?:[^.؟!]{0,40}?\s)?(?:اعضای\s+خانواده|خانواده|برادر|خواهر|پدر|مادر|همسر|فرزند|"
    r"فرزندان|پسر|دختر|برادران|خواهران)[\u200c]?(?:اش|ش|شان)(?![\w\u200c])[^.؟!]{0,250}?"
    r"(?:اعدام|تیرباران|کشته)\s*(?:شد|شدند|گردید|گردیدند)(?![\w\u200c])"
)


def _kin_killed_fa(doc: Document, p: PersonMention, persons: list[PersonMention]) -> bool:
    """The clause after p tells of "his"/"their" kin killed, with no other name between but p's own list
    ("با A و B گفتگو کرده است که برادرشان …")."""
    sentence = doc.sentence_at(p.start)
    m = _KIN_KILLED_FA.search(doc.norm, p.end, sentence.end)
    if m is None:
        return False
    previous = p.end
    for q in sorted(persons, key=lambda q: q.start):
        if p.end <= q.start < m.start():
            if not _LISTED.fullmatch(doc.norm[previous : q.start]):
                return False
            previous = q.end
    return True


def _outside_quotes(doc: Document) -> str:
    parts, pos = [], 0
    for q in doc.quotes:
        parts.append(doc.norm[pos : q.start])
        pos = q.end
    parts.append(doc.norm[pos:])
    return " ".join(parts)


def _nth_line_break(norm: str, n: int) -> int:
    """Where the `n`th line break of `norm` is (len(norm) if it has fewer): whether a position lies past
    the first lines without counting every line break before it."""
    at = -1
    for _ in range(n):
        at = norm.find("\n", at + 1)
        if at < 0:
            return len(norm)
    return at


def _heading_name(doc: Document, p: PersonMention) -> bool:
    """The mention is alone on one of the text's first lines (a title before it at most): the name heading
    the text, of its author or of a memorial entry's subject."""
    norm = doc.norm
    start = norm.rfind("\n", 0, p.start) + 1
    end = norm.find("\n", p.end)
    end = len(norm) if end < 0 else end
    # (one word more at most: a surname the name finder left out)
    if _nth_line_break(norm, _HEAD_LINES) < start or len(norm[p.end : end].split()) > 1:
        return False
    rest = norm[start : p.start]
    return not rest.strip() or _title_end().fullmatch(rest.lstrip()) is not None


def _speaker_heading(doc: Document, p: PersonMention) -> bool:
    """The mention is alone on its line (a title before it at most) and the next line opens in the first
    person: the heading of that speaker's own account."""
    norm = doc.norm
    start = norm.rfind("\n", 0, p.start) + 1
    end = norm.find("\n", p.end)
    rest = norm[start : p.start]
    if end < 0 or norm[p.end : end].strip(" \t:"):
        return False
    if rest.strip() and _title_end().fullmatch(rest.lstrip()) is None:
        return False
    following = norm[end:].lstrip()
    return _FIRST_PERSON_LINE[doc.language == "fa"].match(following) is not None


def _alt(words: tuple[str, ...] | frozenset[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_Rule = tuple[str, float, re.Pattern[str], str]


@cache
def _title_end() -> re.Pattern[str]:
    """A title closing the text before a name ("اعدام آقای", "خاطرات آیت‌الله", "memory of Mr."): the
    words before a name are read without it, as its own mentions are."""
    lex = lexicon()
    titles = _alt(frozenset(lex.titles_fa) | frozenset(t for t in lex.titles if t.isascii()))
    return re.compile(rf"(?<![\w\u200c])(?:(?:{titles})\s+)+$", re.IGNORECASE)


@cache
def _kin_patterns() -> frozenset[int]:
    """The rules that read a kin word before the name ("his brother X", "برادرم، X،"), by the pattern's id."""
    lex = lexicon()
    kin = (_alt(lex.relatives), _alt(lex.relatives_fa))
    return frozenset(
        id(pattern)
        for rules in _rules().values()
        for role, _, pattern, where in rules
        if role == "relative" and where == "before" and any(k in pattern.pattern for k in kin)
    )


@cache
def _carried_patterns() -> frozenset[int]:
    """The rules whose cue after a name a reference ("he", "او") carries to its person: what is done to or
    by them ("was hanged"), and "او خواهر Y است که … اعدام شد"; positions need the name itself."""
    return frozenset(
        id(pattern)
        for rules in _rules().values()
        for role, _, pattern, where in rules
        if where == "after"
        and (role in _REFERRED or "?P<carried>" in pattern.pattern)
        and "?P<pos>" not in pattern.pattern
    )


def _rule(role: str, weight: float, where: str, *parts: str, flags: int = re.IGNORECASE) -> _Rule:
    return (role, weight, guarded(re.compile("".join(parts), flags)), where)


@cache
def _rules() -> dict[str, list[_Rule]]:
    """Per language: (role, weight, pattern, where) with where "before" (matched at the end of the text
    before the mention), "after" (at the start of the text after it) or "sentence" (anywhere in it)."""
    lex = lexicon()
    # "head of the regime's Judiciary": a state's possessive inside an office's name
    pos = _alt(lex.positions).replace(r"of\ the\ ", r"of\ the\ (?:(?:regime|state|country)['’]s\ )?")
    pos_fa = _alt(lex.positions_fa)
    city_fa = rf"(?:\s+(?:{'|'.join(_CITY_EN)}))?"  # "دادستان تهران": the prosecutor of Tehran
    rel, rel_fa = _alt(lex.relatives), _alt(lex.relatives_fa)
    # "my twin sister", "his elder brother"
    kin = r"(?:(?:twin|older|elder|younger|little|big|late|eldest|youngest|half|step)[\s-]+)?"
    titles = _alt(frozenset(t for t in lex.titles if t.isascii()))
    x = _EXECUTED
    # the words before an office named before a name: a few adjectives, a possessive, a nationality or an
    # acronym ("former justice minister", "Iran's current president"; not any capitalised word of a headline)
    office_mod = (
        r"(?:(?:former|then|current|late|regime|justice|foreign|interior|deputy|vice|first)[\s-]+|"
        r"(?-i:[A-Z][\w.-]*(?:['’]s|ian|ish|ese)|[A-Z]{2,5})\s+){0,3}?"
    )
    en = [
        # ("one son, whose name was X": another's name)
        _rule("narrator", 10, "before", r"(?:my name is|i am|i'm|call me|",
              r"(?<!whose\s)(?<!whos\s)(?<!his\s)(?<!her\s)(?<!their\s)name was)\s*$"),
        _rule("narrator", 10, "after", r"^\s*(?:is|was) my name"),
        _rule("narrator", 8, "before", r"\bI,\s*$", flags=0),
        _rule("narrator", 6, "after", r"^,?\s+(?:is|was)\s+(?:one of (?:the\s+)?)?",
              r"(?:(?:few|last|remaining|rare|only|handful of)\s+)*",
              r"(?:survivors?|witness(?:es)?|eye-?witness(?:es)?|former (?:political )?prisoners?)"),
        _rule("narrator", 3, "after", r"^,?\s+(?:who|a) (?:survived|spent|was imprisoned|testified)"),
        # ("an eyewitness, named X, has testified")
        _rule("narrator", 5, "before", r"\b(?:survivor|former (?:political )?prisoner|eye-?witness|witness)",
              r"s?,?\s+(?:(?:named|called)\s+)?$"),
        _rule("narrator", 4, "after", r"^,\s+(?:a|an|the)\s+(?:former\s+)?(?:political\s+)?",
              r"(?:prisoner|survivor|witness)"),
        # ("X – the current head of the judiciary –": a dashed apposition, as a comma's)
        _rule("perpetrator", 8, "after", r"^\s*(?:,|\s[-–—])\s*(?:the\s+|a\s+|then\s+(?:the\s+)?",
              r"|who was (?:then )?(?:the |a )?", r"|former\s+|an?\s+)?(?:[\w’'-]+\s+){0,2}?",
              rf"(?P<pos>(?:{pos})(?:\s+of\s+(?:Tehran|Karaj|Evin|Gohardasht|",
              r"the (?:prison|province|revolutionary court)))?)\b"),
        # "X, the United Nations Special Rapporteur on …", "X, a lawyer": an office held, no cue to a part
        # ("X, Amnesty International's secretary-general": the body's possessive among the words before)
        _rule("perpetrator", 0, "after", r"^\s*(?:,|\s[-–—])\s*(?:then\s+)?",
              r"(?:the\s+|a\s+|an\s+|his\s+|her\s+)?",
              r"(?:[\w.'’-]+\s+){0,3}?",
              r"(?P<pos>Special Rapporteur|Chair-Rapporteur|rapporteur|lawyer|attorney|counsel|",
              r"journalist|reporter|",
              r"plaintiff|complainant|high\s+commissioner|advis[eo]r|",
              r"spokes(?:man|woman|person)|ambassador|envoy|minister|president|director|chairman|chairwoman|",
              r"researcher|founder|leader|secretary[\s-]general|senator|historian|expert|activist|",
              # ("X, former Head of the UN war crimes tribunal": head or chief of a body)
              r"barrister|theologian|(?:head|chief)(?=\s+of\b)|",
              r"heir(?:\s+apparent)?|successor)\b(?!['’]s)"),
        # "X, the UN Special Rapporteur on …, has called for an inquiry", "X, secretary-general of Amnesty,
        # urged …": an office holder calling on a state to act holds office in the account
        # (docs/annotation.md: one quoted only calling on the state is `official`; outweighs a word said in
        # the same report)
        _rule("official", 5, "after", r"^\s*,\s*[^.;]{0,80}?\b(?:rapporteur|secretary[\s-]general|director|",
              r"commissioner|envoy|ambassador|spokes(?:man|woman|person)|researcher)\b[^.;]{0,100}?,\s*",
              r"(?:has\s+|had\s+|have\s+)?(?:also\s+|again\s+|repeatedly\s+|now\s+)?",
              r"(?:called|calls|urged|urges|demanded|demands|appealed|appeals)\b"),
        # "X, the deputy speaker of parliament,", "X, Iran's foreign minister": a state office held in the
        # account, no part in the killings told (official; speech makes them a witness by precedence)
        _rule("official", 3, "after", r"^\s*,\s*(?:the\s+|a\s+|then\s+|\w+['’]s\s+)?(?:[\w-]+\s+){0,2}?",
              r"(?:minister|ambassador|envoy|(?:deputy\s+)?speaker\s+of\s+(?:the\s+)?parliament|",
              r"member\s+of\s+parliament|MP)\b"),
        # "I saw A, B, and other guards taking prisoners": names listed with a group of the perpetrators
        _rule("perpetrator", 5, "after", r"^(?:\s*,\s*[^,.;]{2,40}?)*,?\s+and\s+(?:the\s+)?",
              r"(?:\d+(?:\s*[-–]\s*\d+)?\s+|some\s+|several\s+|a\s+few\s+|many\s+)?other\s+",
              r"(?:guards|interrogators|torturers|executioners|wardens|prison\s+officials|officials\s+of\s+the\s+",
              r"prison|members\s+of\s+the\s+(?:death\s+)?commission|revolutionary\s+guards)\b"),
        # "Photo: X/TT", "Photo by X": a photograph's credit (a bystander, as the photographer)
        _rule("perpetrator", 0, "before", r"(?<!\w)(?P<pos>Photo(?:graph)?)(?:\s+by|\s*:)\s*$"),
        # "compiled by X", "translated by X": who made the text takes no part in the events (a bystander)
        _rule("perpetrator", 0, "before", r"\b(?P<pos>compiled|edited|translated)\s+by\s+$"),
        # "TV4's reporter X", "photographer X": a function before the name, kept, no cue to a part
        _rule("perpetrator", 0, "before", r"\b(?P<pos>reporter|journalist|correspondent|photographer|",
              r"barrister|activist|(?:documentary\s+)?film-?maker|(?:regime\s+)?founder|",
              r"(?:radio\s+|TV\s+|programme\s+|program\s+)?host)\s+$"),
        # "Iranian President X", "former justice minister X", "Secretary General X", "Senator X": a state or
        # public office before the name, kept, no cue to a part (capitalised words or a few adjectives
        # before the office: the country's, the body's)
        _rule("perpetrator", 0, "before", rf"(?<![\w'’-])(?P<pos>{office_mod}",
              r"(?:president(?:-elect)?|(?:prime\s+)?minister|senator|chair(?:man|woman)?|",
              r"spokes(?:man|woman|person)|secretary[\s-]general|ranking\s+member|historian|laureate|",
              r"high\s+commissioner(?:\s+for\s+human\s+rights)?|ambassador|mayor|governor|",
              r"presidential\s+(?:candidate|favou?rite|hopeful|front-?runner)|",
              # ("Minister of Justice X": the office's capitalised complement)
              # ("late Iranian leader X": the modifiers make a bare "leader" an office)
              r"(?:then[\s-]|religious\s+)leader|(?<=\s)(?:late|former)\s+(?:[\w-]+\s+)?leader)",
              r"(?:\s+of\s+(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?)?)",
              r"\s*,?\s*$"),
        # (a state's or parliament's office: official, as "X, the foreign minister"; speech makes a witness
        # by the precedence, a known official of the killings keeps his prior)
        _rule("official", 3, "before", rf"(?<![\w'’-]){office_mod}(?:president|(?:prime\s+)?minister|",
              r"senator|chair(?:man|woman)?|ranking\s+member|high\s+commissioner(?:\s+for\s+human\s+rights)?|",
              r"ambassador|mayor|governor)\s*,?\s*$"),
        # "Noury was a torturer and a senior jail guard": the office said of the name
        # ("X – Iran's justice minister – was one of the leading prosecutors": after an apposition, one of)
        _rule("perpetrator", 6, "after", r"^(?:\s+[-–—]\s+[^–—.;]{2,60}?\s+[-–—]|\s*,[^,.;]{2,60},)?",
              r"\s+(?:was|is|had been|has been|served as|worked as)\s+(?:one\s+of\s+)?",
              # ("X was a “dadyar”": the office in quotation marks)
              # ("had been an assistant to a prosecutor")
              r"(?:(?:a|an|the)\s+)?[“\"']?(?:former\s+)?(?:(?:assistant|aide|deputy|secretary)\s+to\s+",
              r"(?:a|an|the)\s+|(?:[\w-]+\s+){0,2}?)", rf"(?P<pos>{pos})s?\b"),
        # "Davood Lashgari [one of the torturers]", "(an interrogator)"
        # ("(then Tehran's prosecutor general)": a time and a possessive before the office)
        _rule("perpetrator", 6, "after", r"^\s*[\[(]\s*(?:one of the\s+|an?\s+|the\s+)?",
              r"(?:then\s+(?:the\s+)?)?",
              rf"(?:[\w'’-]+\s+){{0,2}}?(?P<pos>{pos})s?\b"),
        # "Prof. X (member of the … Commission)", "X (former Special Rapporteur on Iran)": a function in
        # brackets, kept as the position, no cue to a part (the rules above read an office of the killings)
        _rule("perpetrator", 0, "after", r"^\s*\(\s*(?P<pos>(?:(?:former|then|current|a|an|the)\s+)*",
              r"(?:(?:member|head|chair(?:man|woman)?|president|director|secretary[\s-]general)\s+of\s+|",
              r"(?:[\w.'’-]+\s+){0,3}?(?:Special\s+Rapporteur|Special\s+Representative|Rapporteur|",
              r"commissioner|ambassador|envoy|president|prime\s+minister|minister|prosecutor|judge)\b)",
              r"[^()\n]{0,80}?)\s*[,)]"),
        # "the Prosecutor of Tehran, X", "the leader of the Islamic Republic of Iran, X": an office of a
        # named place or state before the name, kept (no cue: the words around tell the part)
        _rule("perpetrator", 0, "before", r"\b(?P<pos>(?:(?:supreme|religious|former|then)\s+)?",
              r"(?:leader|president|prosecutor(?:[\s-]general)?|head|chief|governor|minister)\s+of\s+",
              r"(?:the\s+)?(?-i:[A-Z][\w-]*)(?:\s+(?:of\s+)?(?-i:[A-Z][\w-]*)){0,4})\s*,\s*$"),
        # "X, who is a member of the jury panel on …": membership of a body, kept
        # ("X, a member of the Foreign Affairs Committee of …,": the apposition alone)
        _rule("perpetrator", 0, "after", r"^\s*,?\s*(?:who\s+(?:is|was)\s+(?:also\s+)?(?:a\s+)?|,?\s*a\s+)",
              r"(?P<pos>member\s+of\s+(?:the\s+)?[^.;,()]{3,80}?)(?=\s*[.;,(]|$)"),
        # "X, the Middle East and North Africa Research and Advocacy Director at Amnesty": a title of
        # capitalised words ending on the function, longer than the apposition above reads
        _rule("perpetrator", 0, "after", r"^\s*,\s*(?:the\s+|a\s+|an\s+)?",
              r"(?P<pos>(?:(?-i:[A-Z][\w.'’-]*)\s+(?:(?:and|of|for|on)\s+)?){1,8}",
              r"(?:Director|Researcher|Officer|Coordinator|Advis[eo]r|Campaigner))\b"),
        # "X, the international lawyer who acted as chief prosecutor": a part played in a (people's) tribunal,
        # an office held in the account (official), the function kept
        _rule("perpetrator", 0, "after", r"^\s*,\s*(?:[^.;,]{0,60}?\s)?who\s+acted\s+as\s+",
              r"(?:the\s+|a\s+|its\s+)?",
              r"(?P<pos>(?:chief\s+|lead\s+|presiding\s+)?(?:prosecutor|judge))\b"),
        _rule("official", 5, "after", r"^\s*,\s*(?:[^.;,]{0,60}?\s)?who\s+acted\s+as\s+",
              r"(?:the\s+|a\s+|its\s+)?",
              r"(?:chief\s+|lead\s+|presiding\s+)?(?:prosecutor|judge)\b"),
        # "Naserian and Abbasi were managers": a plural function said of a pair (each name's)
        _rule("perpetrator", 0, "after", r"^(?:\s+and\s+(?-i:[A-Z][\w-]+)(?:\s+(?-i:[A-Z][\w-]+))?)?",
              r"\s+were\s+",
              r"(?:both\s+)?[“\"]?(?P<pos>(?:prison\s+)?(?:managers|directors|wardens|guards|interrogators|",
              r"executives|officials))\b"),
        # "X was the youngest of four members named to the Death Committee": membership, on "members"
        _rule("perpetrator", 0, "after", r"^\s*(?:,\s*)?(?:was|is)\s+(?:the\s+)?",
              r"(?:youngest|oldest|one)\s+of\s+(?:the\s+)?(?:\w+\s+)?(?P<pos>members)\b"),
        # "X-who was still the heir-designate", "X, who was then the designated successor": the function
        _rule("perpetrator", 0, "after", r"^\s*(?:,|\s?[-–—])\s*who\s+(?:was|is|had\s+been)\s+",
              r"(?:still\s+|then\s+|at\s+the\s+time\s+)?(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,2}?",
              r"(?P<pos>heir[\s-]+(?:apparent|designate)|designated\s+successor|successor)\b"),
        _rule("perpetrator", 6, "after", r"^[\s,]+(?:[^.;]{0,60}?\s)?(?:sat on|served on|was a member of|",
              r"was one of the members of|were members of)\s+(?:the\s+|an?\s+)?(?:so-called\s+)?[\"“']?",
              r"(?P<pos>(?:[\w-]+\s+)?(?:commission|committee|panel|board))"),
        # "A and B, his defence lawyers,": the plural office after a list is each name's
        _rule("perpetrator", 0, "after", r"^(?:\s*(?:,|,?\s+and)\s+[^,.;]{2,40}?)*,\s*",
              r"(?:his|her|their|the)\s+(?:defen[cs]e\s+)?(?P<pos>lawyers|attorneys|counsel)\b"),
        # "A, B and C appeared in court as plaintiffs": each name of the list, the part they take in the trial
        _rule("perpetrator", 0, "after", r"^(?:\s*(?:,|,?\s+and)\s+[^,.;]{2,40}?)*\s+appeared\s+",
              r"(?:in\s+court\s+|before\s+the\s+court\s+)?as\s+(?:a\s+|the\s+)?",
              r"(?P<pos>plaintiff|complainant|expert\s+witness)s?\b"),
        # "X was elected president of Iran", "X was appointed head of Iran's judiciary": an office taken,
        # kept as the position, no cue (the office's own words are read by the rules above)
        _rule("perpetrator", 0, "after", r"^\s+(?:was|is|has been|had been)\s+(?:\w+ly\s+)?",
              r"(?:elected|appointed|named|made|promoted\s+to)\s+(?:as\s+)?(?:the\s+)?",
              # (a prosecutor's or judge's office is read by the office rules, which weigh the court abroad)
              r"(?P<pos>(?:[\w'’-]+\s+){0,2}?(?:president(?:-elect)?|minister|head|chief|",
              r"speaker|governor|leader)(?:\s+of\s+(?:the\s+)?[\w'’]+(?:\s+[\w'’]+)?)?)"),
        # "the spokesman of the Ministry of Foreign Affairs, X": the office kept (its part: official below)
        _rule("perpetrator", 0, "before", r"\b(?P<pos>spokes(?:man|woman|person)\s+(?:of|for)\s+(?:the\s+)?",
              r"(?:[\w-]+\s+){0,2}?(?:ministry|government|judiciary|embassy)\b[^.;,]{0,40}?)\s*,?\s*$"),
        _rule("perpetrator", 5, "after", r"^\s*,[^.;]{0,80}?\b",
              r"(?:charged with|accused of|convicted of|on trial for)"),
        # "then-Supreme Leader Ayatollah Khomeini", "supreme leader at the time, Ayatollah Khomeini": the
        # office, then the title, then the name
        _rule("perpetrator", 6, "before", rf"\b(?P<pos>{pos})(?:\s+at the time|\s+then)?",
              # "a prison official known only as X", "a guard called X"
              r"(?:\s+(?:known\s+(?:only\s+|simply\s+)?as|named|called|nicknamed))?\s*,?\s*",
              rf"(?:(?:{titles})\s+)?$"),
        # "X … while working as an assistant to the deputy prosecutor", "had the role of prosecutor"
        # (not across a verb of saying: "X and others came forward to say Noury worked as …" is said of Noury)
        _rule("perpetrator", 6, "after", r"^(?:(?!\b(?:say|says|said|saying|told|tell|that)\b)[^.;]){0,120}?",
              r"\b(?:working as|worked as|serving as|served as|",
              r"employed as|acting as|the role of|the position of|the post of)\s+(?:an?\s+|the\s+)?",
              # ("the role of assistant to the deputy prosecutor")
              rf"(?:[\w-]+\s+){{0,3}}?(?P<pos>{pos})\b"),
        # "said Amnesty International’s deputy director for the Middle East, X": a body's director before the
        # name, kept (no cue: the guide weighs what such an officer says)
        _rule("perpetrator", 0, "before", r"\b(?P<pos>(?:(?:deputy|executive|regional|research|",
              r"(?:research\s+and\s+)?advocacy)\s+)*director\s+(?:for|of)\s+[^,.;]{3,70}?)\s*,\s*$"),
        # "his lawyer X told reporters": counsel, kept as the position (a bystander: docs/annotation.md)
        _rule("perpetrator", 0, "before", r"\b(?:his|her|their|the)\s+",
              r"(?P<pos>(?:defen[cs]e\s+)?(?:lawyer|attorney|counsel))\s+$"),
        # "Defense attorney X", "plaintiff counsel X": a party's counsel in a trial (kept; `other`, below)
        _rule("perpetrator", 0, "before", r"(?<![\w'’-])",
              r"(?P<pos>(?:defen[cs]e|plaintiffs?['’]?|complainants?['’]?)\s+",
              r"(?:lawyer|attorney|counsel))\s+$"),
        # "a three-minute trial presided over by X": the judge of the narrator's trial (guide: the phrase)
        _rule("perpetrator", 0, "before", r"\b(?P<pos>presided\s+over)\s+by\s+$"),
        # "the commission, with X as its head": the function in the body just named
        _rule("perpetrator", 0, "after", r"^\s+as\s+(?:its|their|the)\s+",
              r"(?P<pos>head|chair(?:man|woman)?|president|leader|secretary)\b"),
        # "X (65), one of the prosecutors": one of a trial's parties, kept (the part: the rules of speech)
        _rule("perpetrator", 0, "after", r"^\s*(?:\(\d+\)\s*)?,\s*one\s+of\s+the\s+",
              r"(?P<pos>(?:prosecutors|plaintiffs|complainants|judges|commissioners))\b"),
        _rule("perpetrator", 5, "after", r"^'s\s+(?:fatwa|decree|order|orders|edict)\b"),
        # "they exhumed X's body", "X's execution": the body, remains or death of one of the killed
        _rule("victim", 4, "after", r"^['’]s\s+(?:\w+\s+)?(?:body|bodies|corpse|remains|grave|burial|",
              r"execution|hanging)\b(?!\s+(?:order|decree|commission|committee))"),
        _rule("perpetrator", 4, "after", r"^\s+(?:\w+\s+){0,8}?",
              r"(?:with the lists?|read out the names|called out the names)"),
        _rule("perpetrator", 5, "before", r"\b(?:decided|sentenced|ordered|signed|interrogated|questioned|",
              r"tortured|flogged|headed|chaired|presided over|led|overseen|supervised|beaten|whipped|issued|",
              r"carried out|run|conducted|read out)\s+by\s+(?:the\s+\w+\s+)?$"),
        _rule("perpetrator", 5, "after", r"^\s+(?!was\b|were\b|had\b|has\b)(?:\w+ly\s+)?(?:ordered|signed|",
              r"presided|headed|chaired|sentenced|interrogated|tortured|flogged|oversaw|supervised|issued|decided)",
              # ("X issued a report": an account, below)
              r"(?!\s+(?:a|an|his|her|the|its)\s+(?:[\w-]+\s+){0,2}?(?:report|statement|study))"),
        # "X submitted a report to …", "X's report (A/72/322)": who reports on the events gives an account
        _rule("witness", 4, "after", r"^\s+(?:\w+ly\s+)?(?:submitted|presented|published|issued|released)\s+",
              r"(?:a|an|his|her|the|its)\s+(?:[\w-]+\s+){0,2}?report\b"),
        _rule("witness", 4, "after", r"^['’]s\s+(?:[\w-]+\s+){0,2}?report\b"),
        # "her husband, X, was a political prisoner": the name in apposition, then the verb: held (named by
        # another; what X says outweighs it)
        _rule("victim", 3, "after", r"^\s*,\s*(?:was|had\s+been)\s+(?:also\s+)?(?:a\s+)?",
              r"political\s+prisoner\b"),
        _rule("perpetrator", 5, "after", r"^\s+(?:is|was|has been|had been|went)\s+",
              r"(?:currently\s+|later\s+|now\s+)?",
              r"(?:on trial|standing trial|tried|convicted|charged|indicted|accused|sentenced to life)",
              # ("X was convicted for drug trafficking, and hanged": an ordinary charge of the state's, no
              # violation of X's)
              r"(?!\s+(?:\w+\s+)?(?:for|of|with)\s+(?:\w+\s+)?(?:drugs?|narcotics?|smuggling|trafficking|",
              r"drug-?trafficking|drugstrafficking|theft|robbery|espionage|moharebeh|apostasy|blasphemy))"),
        _rule("perpetrator", 4, "sentence", r"\bfor (?:his|her) role in\b"),
        # "the trial of X", "X's defence lawyers": the accused of a trial (a prisoner's own trial in the
        # 1980s is told without lawyers or sessions, so these weigh little alone)
        _rule("perpetrator", 3, "before", r"\b(?:trial|prosecution|indictment|conviction)\s+",
              r"(?:of|against)\s+(?:former\s+)?(?:[\w-]+\s+official\s+)?$"),
        _rule("perpetrator", 4, "before", r"\b(?:lawyers?|attorneys?|counsel|defen[cs]e",
              r"(?:\s+(?:lawyers?|team|counsel|attorneys?))?)\s+(?:of|for)\s+$"),
        _rule("perpetrator", 4, "after", r"^'s\s+(?:trial|lawyers?|attorneys?|defen[cs]e)\b"),
        # "a telephone interview with Ms. X", "the testimony of X": the one whose account the text is
        _rule("narrator", 6, "before", r"\b(?:testimony\s+of|statement\s+of|",
              r"account\s+of|approved\s+(?:in\s+\w+\s+)?by)\s+(?:(?:Ms|Mr|Mrs|Dr|Miss)\.?\s+)?$"),
        # "an interview with X": X answers questions put by another, a witness; "this statement rests on an
        # interview with X": the statement is X's own (the narrator outweighs the witness by precedence)
        _rule("witness", 6, "before", r"\binterview(?:ed)?\s+with\s+(?:(?:Ms|Mr|Mrs|Dr|Miss)\.?\s+)?$"),
        # "Ali interviewed by Monireh Baradaran": the one interviewed gives the account
        _rule("witness", 5, "after", r"^,?\s+(?:was\s+)?interviewed\s+by\b"),
        _rule("narrator", 6, "before", r"\b(?:statement|testimony)\b[^.;]{0,60}\binterview(?:ed)?\s+with\s+",
              r"(?:(?:Ms|Mr|Mrs|Dr|Miss)\.?\s+)?$"),
        # "in memory of X": one of the killed
        _rule("victim", 4, "before", r"\b(?:in\s+(?:loving\s+)?memory\s+of|in\s+memoriam|",
              r"commemorat(?:e|ing)|remembering)\s*:?\s*$"),
        # "survivors of the 1988 massacre A, B, and C": each name of the list gives an account
        _rule("narrator", 5, "before", r"\bsurvivors?\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?",
              r"(?:massacres?|executions|killings|prisons?)\s*,?\s+(?:[^.;:]{0,80}?(?:,\s*|\s+and\s+))?$"),
        # "the judges were A (Presiding), Professor B, C": the judges of a (people's) tribunal hold office in
        # it; each name of the sentence that lists them
        _rule("official", 5, "sentence", r"\b(?:(?:judges|jurors|jury(?:\s+panel)?|panel\s+of\s+judges)\s+",
              r"(?:were|are|included|comprised)\s*:?\s+|(?:tribunal|jury|panel|bench)\s+",
              r"(?:consisting|composed|made\s+up)\s+of\s+)"),
        # "a minister during the tenure of X": X only dates the account
        _rule("official", 4, "before", r"\b(?:during|in)\s+the\s+(?:tenure|term|era|time|days|presidency|",
              r"premiership)\s+of\s+$"),
        # "Nina, whose brother Siamak was executed": the relative of the one named next
        # ("X, a young girl living in Paris, whose mother was executed": after an apposition)
        _rule("relative", 6, "after", r"^\s*,\s*(?:[^.;,]{2,60},\s*)?",
              rf"(?:whose|who's|who’s)\s+(?:{rel})\b"),
        # ("X, who was executed in 1988": the relative clause says it of X)
        _rule("victim", 5, "after", r"^\s*(?:\([^()]{1,60}\)\s*)?,?\s*(?:[^.;,]{0,100}?,\s*)?",
              r"(?:who\s+)?(?:was|were|had been|has been|is)\s+",
              rf"(?:also\s+|later\s+|then\s+|eventually\s+|among those\s+|\w+ly\s+)?{x}"),
        # ("was among some 5,000 prisoners … who, according to …, were executed": a clause between)
        _rule("victim", 5, "after", r"^\s*(?:,[^.;]{0,100}?,\s*|,\s*)?(?:was|is)\s+",
              r"(?:one of|among)\s+(?:the\s+)?",
              r"(?:[\w,-]+\s+){0,5}?(?:prisoners|victims|people|those|inmates)\s+(?:who were\s+|",
              r"(?:[^.;]{0,100}?\s)?who\b[^.;]{0,100}?\bwere\s+(?:\w+ly\s+|later\s+|all\s+|then\s+)?)?",
              rf"{x}"),
        _rule("victim", 4, "after", rf"^[^.;]{{0,80}}?\band\s+(?:was\s+)?{x}"),
        # "his cousin X, and both were eventually executed": killed, whatever else the words say of X
        _rule("victim", 6, "after", r"^[^.;]{0,80}?\band\s+(?:both|all(?:\s+\w+)?|they|the\s+two)\s+",
              rf"(?:were|had been|have been)\s+(?:\w+ly\s+|later\s+|then\s+)?{x}"),
        # "A, B and C were executed": each name of a list before the verb
        # ("A and B, were detained and summarily executed": a comma before the verb, another act before)
        # (not an apposition: "X, a young girl in Paris, whose mother and aunt were executed")
        _rule("victim", 4, "after", r"^(?:\s*(?:,|,?\s+and)\s+(?!who\b|whose\b|a\s|an\s)[^,.;]{2,40}?)+,?\s+",
              r"(?:were|had been|have been)\s+(?:both\s+)?",
              rf"{_ACT_AND}(?:all\s+|also\s+|later\s+|then\s+|\w+ly\s+)?{x}"),
        # "read out three names: A, B, and C": called from the ward, as for the commission or the gallows
        _rule("victim", 3, "before", r"\b(?:read out|called out|read|called)\s+(?:the\s+)?",
              r"(?:[\w-]+\s+)?names?",
              r"\s*(?:of\s*)?:?\s*(?:[^.;:]{0,80}?,\s*)?(?:and\s+)?$"),
        # "he was not among them", "X was not executed": the words deny X the victim's part
        _rule("victim", -8, "after", r"^\s*(?:,[^.;]{0,100}?,\s*)?(?:was|were|is)\s+(?:not|never)\s+",
              rf"(?:among\b|{x})"),
        _rule("victim", 4, "after", r"^\s*(?:,[^.;]{0,100}?,\s*)?(?:was|were|had been|is)\s+(?:\w+\s+)?",
              r"(?:buried|dead|among the dead|among the victims)\b"),
        # "X, who had filmed the graves, was imprisoned for a month", "X (50), one of many political prisoners
        # who were arrested": held, named by others (a witness's own speech outweighs it)
        # ("A and her brother B, were arrested": a stray comma before the verb)
        _rule("victim", 2, "after", r"^\s*(?:\([^()]{1,30}\)\s*)?(?:,[^.;]{0,100}?,\s*|,\s*)?",
              r"(?:was|were|had been)\s+",
              r"(?:\w+ly\s+|later\s+|then\s+|also\s+)?(?:arrested|imprisoned|detained|jailed)\b"),
        _rule("victim", 3, "after", r"^\s*(?:\([^()]{1,30}\)\s*)?,?\s*(?:was\s+)?(?:one of|among)\s+",
              r"(?:the\s+|many\s+|the\s+many\s+)?(?:[\w-]+\s+){0,2}?(?:prisoners|people|activists|students)\s+",
              r"(?:who\s+(?:were|had been)\s+)(?:arrested|imprisoned|detained|jailed)\b"),
        _rule("victim", 4, "before", r"\b(?:executions?|deaths?|murders?|killings?|hangings?|graves?|",
              r"bod(?:y|ies)|remains|belongings) of\s+(?:the\s+)?(?:(?:\d+|[a-z]+)-year-old\s+)?",
              r"(?:(?-i:[a-z][\w-]*)\s+){0,2}$"),
        # "the roles of A, B and C in Gohardasht prison": their part in the events (each name of a list)
        _rule("perpetrator", 4, "before", r"\broles?\s+of\s+(?:[^.;]{0,60}?(?:,\s*|\s+and\s+))?$"),
        # "the Foreign Ministry spokesman X said": speaks for a state, gives no account of the events
        _rule("official", 5, "before", r"\b(?:ministry|government|judiciary|embassy)(?:['’]s)?\s+",
              r"spokes(?:man|woman|person)\s*,?\s*$"),
        # "said the spokesman of the Ministry of Foreign Affairs, X"
        _rule("official", 5, "before", r"\bspokes(?:man|woman|person)\s+(?:of|for)\s+(?:the\s+)?",
              r"(?:[\w-]+\s+){0,2}?(?:ministry|government|judiciary|embassy)\b[^.;,]{0,40},?\s*$"),
        _rule("victim", 4, "before", rf"\b{x}\s+$"),
        # "victims such as A, B and C", "the executed, among them A": each name of the list
        _rule("victim", 4, "before", r"\b(?:victims|martyrs|those\s+executed|the\s+executed)\s*,?\s+",
              r"(?:such\s+as|like|among\s+them)\s+$"),
        _rule("victim", 2, "before", r"\b(?:took|taken|called out|removed|led away)\s+$"),
        # "X was removed from his ward and taken to a mass execution", "X was led to the gallows"
        _rule("victim", 7, "after", r"^\s+(?:was|were|had been)\s+(?:[^.;]{0,60}?\s)?",
              r"(?:taken|led|removed|sent|transferred|called)\s+(?:away\s+)?to\s+(?:the\s+|an?\s+)?",
              r"(?:[\w-]+\s+){0,2}?(?:executions?|gallows|firing\s+squad)\b"),
        # ("X's son" is no cue: an official's son who made a recording public, docs/annotation.md)
        # a byline "By X", "Reported by X" opening a line: the text's author, kept the narrator (bylined)
        ("narrator", 5, _BY_AUTHOR, "before"),
        _rule("relative", 6, "before", rf"\b(?:his|her|my|their|'s)\s+{kin}(?:{rel})\s*,\s*$"),
        _rule("relative", 5, "before", rf"\b(?:his|her|their)\s+{kin}(?:{rel})\s+$"),
        _rule("relative", 3, "before", rf"\bmy\s+{kin}(?:{rel})\s+$"),
        _rule("relative", 6, "after", rf"^\s*,\s*(?:his|her|their|the)\s+(?:{rel})\b"),
        # "his brother, X, was executed": the verb closing the apposition says X was killed (outweighs
        # the kin word before the name, as in Persian)
        _rule("victim", 8, "after", r"^\s*,\s*(?:who\s+)?(?:was|were|had been)\s+",
              rf"{_ACT_AND}(?:\w+ly\s+|later\s+|also\s+|then\s+)?{x}"),
        # "X's brother, Y, was killed", "two of X's brothers-in-law were murdered": the kin of the killed
        _rule("relative", 4, "after", rf"^['’]s\s+(?:\w+\s+){{0,2}}?(?:{rel})(?:s|-in-law)?\b",
              rf"[^.;]{{0,80}}?\b{x}\b"),
        # "X's husband, A, and her brother B, were arrested": the kin of one arrested, held or killed
        _rule("relative", 4, "after", rf"^['’]s\s+(?:\w+\s+){{0,2}}?(?:{rel})(?:s|-in-law)?\b",
              r"[^.;]{0,80}?\b(?:were|was|had\s+been)\s+(?:\w+ly\s+|later\s+|also\s+|both\s+)?",
              r"(?:arrested|detained|imprisoned|jailed|abducted|disappeared)\b"),
        # "Mrs. X is Ali's mother", "X was the late Reza's sister": the kin of another named (what is said of
        # the one named tells whose relative: a victim's kin is a relative, a perpetrator's no one's)
        _rule("relative", 6, "after", r"^\s+(?:is|was)\s+(?:the\s+)?(?:late\s+)?",
              r"(?:[\w-]+\s+){0,2}?[\w-]+['’]s\s+",
              rf"{kin}(?:{rel}|mom|mum|dad)\b"),
        # "X, one of the family members, reported": one of the victims' families
        _rule("relative", 5, "after", r"^\s*,?\s*(?:(?:is|was)\s+)?one\s+of\s+(?:the\s+)?",
              r"(?:victims['’]?\s+)?",
              r"famil(?:y|ies)(?:\s+members?)?\b"),
        # "Mr. X had also lost his brother Reza in the executions"
        _rule("relative", 6, "after", r"^\s+(?:had\s+|has\s+)?(?:also\s+)?lost\s+",
              r"(?:his|her|their|two|three)\s+",
              rf"(?:[\w-]+\s+){{0,2}}?(?:{rel})"),
        # "wanted X held responsible for crimes against humanity": accused in the passage
        _rule("perpetrator", 5, "after", r"^\s+(?:(?:be|is|was|were|being)\s+)?held\s+(?:personally\s+)?",
              r"(?:responsible|accountable)\b"),
        # "talked with two councillors (A and B)", "the mayor X": an elected office, no part in the killings
        _rule("official", 4, "before", r"\b(?:city\s+)?(?:councillors?|councilors?|council\s+members?|mayor|",
              r"lawmakers?|parliamentarians?)\s*[(,:]?\s*$"),
        # "X Sister of two victims", "X, mother of a victim": a signatory's or speaker's tie to the killed
        _rule("relative", 6, "after", r"^[ \t]*[,(–—-]?\s*(?:the\s+)?",
              rf"{kin}(?:{rel})(?:\s+and\s+(?:{rel}))?\s+",
              r"of\s+(?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|many)\s+",
              r"(?:[\w-]+\s+){0,2}?(?:victims?|martyrs?|",
              rf"(?:political\s+)?prisoners?\s+(?:who\s+were\s+)?{x}|",
              r"(?:those|people|men|women)\s+(?:who\s+were\s+)?",
              rf"{x})\b"),
        # "Mrs. X (Mother Panahi), the mother of Y who was executed": the kin of one named as killed
        # ("X, is the father of A and B, who were executed": the verb after a stray comma)
        _rule("relative", 6, "after", r"^\s*(?:\([^()]{2,40}\)\s*)?,?\s*(?:(?:is|was)\s+)?(?:the\s+)?",
              rf"{kin}(?:{rel})\s+of\s+[^,.;]{{2,40}}?\s*,?\s+who\s+(?:was|were|had\s+been)\s+(?:both\s+|all\s+)?{x}"),
        # "Mother Panahi", "Father X": a bereaved parent called by the name of the family (Khavaran mothers)
        _rule("relative", 4, "before", r"\b(?:Mother|Father)\s+$", flags=0),
        # "quotes X, Amnesty International's Deputy Director …, as saying": the one quoted gives an account
        _rule("witness", 4, "after", r"^\s*(?:,[^.;]{0,140}?,\s*)?as\s+saying\b"),
        # "X, Amnesty International's Deputy Director": an office in a non-state body, no part in the killings
        _rule("perpetrator", -8, "after", r"^\s*,\s*(?:the\s+)?(?:[\w-]+\s+){0,3}?",
              r"(?:International|Watch|Rights|Foundation|Institute|Centre|Center|Network|Society|Association|Tribunal|Justice)['’]s\s+"),
        # "the general secretary X", "their main theorist X": a party's function before the name
        _rule("perpetrator", 0, "before", r"\b(?:the|their|his|her|its)\s+",
              r"(?P<pos>(?:main\s+|chief\s+|leading\s+)?",
              r"(?:general\s+secretary|theorist|ideologue))\s*,?\s*$"),
        # "X was, among other things, in charge of leading the condemned to the gallows": a function held
        _rule("perpetrator", 0, "after", r"^\s+(?:was|is|had been)\s*(?:,[^.;,]{0,30},)?\s+",
              r"(?P<pos>in\s+charge\s+of\s+[^.;,]{3,60}?)(?=\s*[.;,])"),
        # "X, who at the time held the highest position in …": the office held, as the text words it
        _rule("perpetrator", 0, "after", r"^\s*,\s*who\s+(?:at\s+the\s+time\s+|then\s+|also\s+)?",
              r"(?:held|occupied)\s+(?P<pos>the\s+(?:post|position|office|seat)\s+of\s+[^,.;]{3,60}?|",
              r"the\s+highest\s+(?:post|position|office)\s+[^,.;]{3,90}?)(?=\s*[,.;])"),
        # a letter's closing, then the name that signs it: its writer
        # "Ali was executed shortly after, as was his brother, Reza": the kin named after the verb shares it
        _rule("victim", 8, "before", rf"\b{x}\b[^.;]{{0,60}}?,?\s+as\s+(?:was|were)\s+",
              rf"(?:(?:his|her|their)\s+{kin}(?:{rel})\s*,?\s*)?$"),
        # "they executed 50 women, including X": one of those killed (not "the families of those executed,
        # including X")
        _rule("victim", 7, "before", rf"\b{x}\b(?:(?!\b(?:famil|relatives|mothers|fathers|",
              r"survivors|witnesses)",
              r")[^.;]){0,80}?\b(?:including|among\s+them)\s+$"),
        # "the families of the victims, including X": a victim's kin (each name of the list)
        _rule("relative", 6, "before", r"\b(?:families|relatives|mothers|fathers|parents)\s+of\s+(?:the\s+)?",
              rf"(?:[\w-]+\s+){{0,2}}?(?:victims|executed|martyrs|those\s+{x}|prisoners\s+{x})\b",
              r"[^.;]{0,60}?\b(?:including|among\s+them|such\s+as)\s+$"),
        # "news came from a comrade, X": a fellow prisoner's report relayed, an account of their own
        _rule("witness", 8, "before", r"\b(?:news|word|a\s+message|a\s+report)\s+(?:\w+\s+)?came\s+from\s+",
              r"(?:a|an|one|our|my)\s+(?:\w+\s+)?(?:comrade|cellmate|friend|fellow\s+prisoner|prisoner|inmate)",
              r"s?\s*,?\s*$"),
        # "Haj X, supervisor of our cell": who runs a cell or ward for the prison (the office kept)
        _rule("perpetrator", 8, "after", r"^\s*,\s*(?:the\s+)?",
              r"(?P<pos>(?:supervisor|head|chief|keeper|guard)\s+of\s+",
              r"(?:our|the|my|that|this)\s+(?:cell|ward|block|section|corridor|hall|wing))\b"),
        # "his predecessor, X": a former office holder (president), named as such
        _rule("perpetrator", 0, "before", r"\b(?:his|her|their|the)\s+(?P<pos>predecessor)\s*,?\s*$"),
        _rule("official", 3, "before", r"\b(?:his|her|their|the)\s+predecessor\s*,?\s*$"),
        # "the X administration", "the X government": a head of government who dates the account
        _rule("official", 4, "after", r"^\s+(?:administration|government|cabinet)\b"),
        # "a letter addressed to X", "a petition to X": who receives it holds office
        _rule("official", 4, "before", r"\b(?:addressed\s+to|(?:open\s+)?letter\s+to|petition\s+to)\s+$"),
        # "a directive by late leader X", "the decree of X": who gave the order of the killings
        _rule("perpetrator", 5, "before", r"\b(?:directive|decree|fatwa|edict|command)\s+",
              r"(?:issued\s+|given\s+)?",
              r"(?:by|of|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$"),
        _rule("fellow_prisoner", 4, "before", r"(?:cellmates?|cell-mates?|fellow (?:prisoners?|inmates?)|",
              r"friends?|comrades?|roommates?|wardmates?)\s*,?\s*$"),
        _rule("fellow_prisoner", 4, "after", r"^\s*,\s*(?:a|my|our|another)\s+(?:\w+\s+)?",
              r"(?:cellmate|fellow prisoner|friend|comrade)"),
        _rule("fellow_prisoner", 3, "after", r"^\s+and\s+(?:I|me)\b", flags=0),
        _rule("fellow_prisoner", 3, "before", r"\b(?:I|me)\s+and\s+$", flags=0),
        _rule("fellow_prisoner", 2, "sentence", r"\b(?:I|me|my)\b[^.]*\b(?:lash|lashes|flogg|received)"),
        _rule("fellow_prisoner", 2, "sentence", r"\b(?:lash|lashes|flogg)[^.]*\b(?:I|me|my)\b"),
    ]  # fmt: skip
    fa = [
        # "من" opens the clause: "همبند من علی" (my cellmate Ali) is someone else
        _rule("narrator", 10, "before", r"(?:(?:نام|اسم)\s+من|(?:^|[.!؟:،,]\s*)من)\s+$"),
        _rule("narrator", 6, "after", r"^\s+(?:هستم|بودم)"),
        _rule("perpetrator", 8, "after", rf"^\s*[،,]\s*(?P<pos>(?:{pos_fa}){city_fa})"),
        # "مرتضی اشراقی (دادستان)", "«X» (دادستان سابق این شهر)": the office in brackets after the name
        _rule("perpetrator", 6, "after", rf"^\s*[»\"”]?\s*\(\s*(?P<pos>(?:{pos_fa}){city_fa}",
              r"(?:\s+(?:سابق|پیشین|وقت))?(?:\s+(?:این|آن)\s+(?:شهر|زندان|استان))?)\s*\)"),
        # «حسین علی نیری» حاکم شرع: a quoted name and the office right after it
        _rule("perpetrator", 7, "after", rf"^\s*[»\"]\s*(?P<pos>(?:{pos_fa}){city_fa})"),
        # "«حمید عباسی»، دادیار سابق قوه قضائیه،": a quoted name, a comma, then the office
        _rule("perpetrator", 8, "after", rf"^\s*[»\"]\s*[،,]\s*(?P<pos>(?:{pos_fa}){city_fa})(?![\w\u200c])"),
        # "به گفته آیت الله منتظری": a source the text cites (a witness, not the subject of what follows)
        _rule("narrator", 6, "before", r"(?:به گفته(?:‌ی| ی)?|از قول|",
              r"بر اساس (?:خاطرات|گفته‌های|نوشته‌های|شهادت))",
              r"\s+(?:\S+\s+){0,2}$"),
        _rule("perpetrator", 6, "before", rf"(?P<pos>{pos_fa})\s*[،,]?\s*$"),
        # "دادستان کل جمهوری اسلامی، X،": the office, whose state body, then the name
        # (not "دادستان در آغاز دادگاه، X را …": a preposition makes the office the clause's subject)
        _rule("perpetrator", 6, "before", rf"(?P<pos>{pos_fa})",
              rf"(?:\s+(?!(?:{_PREP_FA})(?![\w\u200c]))[^\s،,.«»]+){{1,3}}\s*[،,]\s*$"),
        # "X همچنین تهدید کرد", "او … دستور داد": threats and orders are the perpetrator's acts
        # (not "X را تهدید کردند": X is the one threatened)
        _rule("perpetrator", 5, "after", r"^\s+(?:همچنین\s+|نیز\s+)?",
              r"(?:(?:(?!(?<![\w\u200c])را(?![\w\u200c]))[^.،,؟!]){0,40}?\s)?",
              r"(?:تهدید کرد|تهدید کردند|دستور داد|فرمان داد|حکم داد|فتوا داد)(?![\w\u200c])"),
        # "X، مدیر سازمان …", "X روزنامه نگار", "X کاندیدای ریاست جمهوری و عضو …": a function held, kept as
        # the position, no cue to a part in the events
        # ("آقای X Y، دبیر کل …": a surname the name finder left out before the comma)
        _rule("perpetrator", 0, "after", r"^(?:\s+[^\s،,.]+(?=\s*[،,]))?\s*[،,]?\s*",
              # ("X، مقام سابق قضایی", "X، استاد حقوق", "X، مشاور سابق دادستان", "X، دبیرکل عفو بین‌الملل")
              r"(?P<pos>(?:مدیر|رئیس|رییس|نماینده|عضو|سخنگوی|دبیرکل|دبیر|مقام|استاد|مشاور|",
              r"کاندیدای|کاندید|وزیر|روزنامه[\u200c ]?نگار|خبرنگار|وکیل|وکلای|سرباز|",
              r"حقوقدان|حقوق[\u200c ]?دان|پژوهشگر)",
              r"(?:\s+(?!(?:و|که|در|از|به|را)(?![\w\u200c]))[^\s،,.«»]+)?)(?![\w\u200c])"),
        # "گردآوری X", "مترجم: X": who compiled, edited or translated the text takes no part in the events
        # (kept as the position; the learnt model leaves such a bystander `other`)
        _rule("perpetrator", 0, "before", r"(?<![\w\u200c])(?P<pos>(?:گردآوری|گردآورنده|گرد[\u200c ]آوری|",
              r"ویراستار|ویرایش|مترجم)(?=\s*:?\s*$)|(?:ترجمه|تنظیم)(?=\s*:\s*$))"),
        # "X، نایب رئیس مجلس،", "X، فعال سیاسی", "X (مستندساز)", "X – نویسنده", "X جانشین وقت خمینی": a
        # function the text gives the name in apposition, kept as the position, no cue to a part
        # ("X، زندانی سیاسی دهه شصت و فعال حقوق بشر": the function after a prisoner's past)
        _rule("perpetrator", 0, "after", r"^\s*(?:[،,(–—-]\s*(?:زندانی\s+سیاسی[^.؟!،,]{0,25}?\s+و\s+)?",
              r"(?P<pos>(?:(?:یکی\s+)?از\s+فعالان|",
              r"نایب\s+(?:رئیس|رییس)|قائم[\u200c ]?مقام|جانشین|گزارشگر(?:\s+ویژه)?|فعال|مستندساز|معلم|",
              r"میزبان|",
              r"بنیانگذار|بنیان[\u200c ]?گذار|نویسنده|تحلیلگر|حقوقدان|حقوق[\u200c ]?دان|شاعر|کوشنده|",
              r"پژوهشگر)(?:\s+(?!(?:و|که|در|از|به|را|بود|است|هست|بودند)(?![\w\u200c]))[^\s،,.«»()]+)?))",
              r"(?![\w\u200c])"),
        _rule("perpetrator", 0, "after", r"^\s+(?P<pos>(?:جانشین|قائم[\u200c ]?مقام)\s+وقت)(?![\w\u200c])"),
        # "X شهادت داد که به عنوان رئیس برنامه … با Y آشنا شد", "رئیسی به‌عنوان رئیس جمهور": the function the
        # clause gives the name, kept (no cue)
        _rule("perpetrator", 0, "after", r"^[^.؟!،,]{0,40}?(?<![\w\u200c])به[\u200c ]?عنوان\s+",
              r"(?P<pos>(?:رئیس|رییس|مدیر|عضو|استاد|مشاور|دبیر|نماینده|معاون|دادستان|دادیار|قاضی)",
              r"(?:\s+(?!(?:با|در|از|به|که|و|را)(?![\w\u200c]))[^\s،,.«»]+){0,6})"),
        # "A، B و C چهار مقام قضایی … بوده‌اند": a number and the plural office after a list, each name's
        _rule("perpetrator", 0, "after", r"^(?:\s*(?:[،,]|\s+و)\s*[^.،,؟!]{2,30}?)*\s+",
              r"(?:دو|سه|چهار|پنج|شش|[\d۰-۹]+)\s+(?P<pos>(?:مقام|عضو|قاضی|بازجو)(?:\s+[^\s،,.«»]+)?)(?![\w\u200c])"),
        # "من X هستم، تکنسین … که در سال سوم دستگیر شدم": the speaker's function in their own words
        _rule("perpetrator", 0, "after", r"^\s+(?:هستم|بودم)\s*[،,]\s*",
              r"(?P<pos>[^\s،,.«»]+(?:\s+(?!که(?![\w\u200c]))[^\s،,.«»]+){0,6}?)(?=\s+که(?![\w\u200c])|\s*[،,.])"),
        # "X گزارشگر ویژه سازمان ملل" (no comma): a UN mandate after the name, kept
        _rule("perpetrator", 0, "after", r"^\s+(?P<pos>گزارشگر\s+ویژه(?:\s+[^\s،,.«»()]+){0,2})",
              r"(?![\w\u200c])"),
        # "X، گزارشگر ویژه …، خواستار تحقیقات مستقل شد", "X، دبیرکل عفو بین‌الملل، … از Y خواسته بود": an
        # office holder calling on a state to act holds office in the account (`official`; outweighs an
        # interview's word in the same report, as in English)
        _rule("official", 8, "after", r"^\s*[،,]\s*[^.؟!،,]{0,20}?(?<![\w\u200c])",
              r"(?:گزارشگر|دبیر\s*کل|دبیرکل|",
              # (not "… در گزارش جدید خود خواستار …": a report of the rapporteur's own gives an account)
              r"کمیسر|کمیساریای|سفیر|سخنگوی|مدیر)(?![\w\u200c])",
              r"(?:(?!گزارش(?!گر))[^.؟!]){0,160}?(?<![\w\u200c])",
              r"(?:خواستار|خواسته\s+(?:بود|است|اند|بودند)|درخواست\s+(?:کرد|کرده))(?![\w\u200c])"),
        # "یازدهمین شاکی پرونده نوری، X", "X، از شاکیان پرونده", "X … به عنوان شاکی": a plaintiff of the trial
        # abroad, kept as the position (their part: the witness rules)
        _rule("perpetrator", 0, "before", r"(?<![\w\u200c])(?P<pos>شاکی)(?:\s+[^\s،,.]+){0,3}\s*[،,]\s*$"),
        _rule("perpetrator", 0, "after", r"^\s*[،,]\s*(?:یکی\s+)?از\s+(?P<pos>شاکیان)(?![\w\u200c])"),
        # (within the name's own clause: "X، از Y که به عنوان شاکی …" says it of Y)
        # ("X به عنوان شاهد و شاکی در دادگاه گفت": both functions, one position)
        _rule("perpetrator", 0, "after", r"^[^.؟!،,]{0,60}?به\s+عنوان\s+",
              r"(?P<pos>شاکی(?:\s+و\s+شاهد)?|شاهد\s+و\s+شاکی)(?![\w\u200c])"),
        # "X متهم است که در مقام دادیار پیشین زندان …": the office in which X is accused (kept, no cue)
        _rule("perpetrator", 0, "after", r"^[^.؟!]{0,40}?(?<![\w\u200c])در\s+مقام\s+",
              rf"(?P<pos>(?:{pos_fa})(?:\s+(?:پیشین|سابق|وقت))?)(?![\w\u200c])"),
        # "X که در زمان دستگیری دانشجوی رشته … بود": the function held when arrested (guide: a victim's
        # "student of psychology at the time of his arrest")
        _rule("perpetrator", 0, "after", r"^\s*[،,]?\s*که\s+در\s+(?:زمان|هنگام)\s+",
              r"(?:دستگیری|بازداشت)(?:ش)?\s*[،,]?\s*",
              r"(?P<pos>(?:دانشجوی|دانش[\u200c ]?آموز|معلم|کارگر|کارمند|پزشک|مهندس|پرستار)",
              r"(?:\s+(?!(?:و|که|بود)(?![\w\u200c]))[^\s،,.]+){0,2})"),
        # "X فعال حقوق بشر", "X کوشنده سیاسی" (no comma): an activist, kept as the position
        # "پرستار مهربان X", "ورزشکار قهرمان X": a prisoner's function before the name (guide: "the nurse A")
        _rule("perpetrator", 0, "before", r"(?:^|[\n.!؟:،,]\s*)(?P<pos>(?:پرستار|ورزشکار|معلم|آموزگار|",
              r"دانشجو|دانشجوی|کارگر|شاعر|پزشک|مهندس)(?:\s+[^\s،,.:!؟]+)?)\s+$"),
        _rule("perpetrator", 0, "after", r"^\s+(?P<pos>(?:فعال|کوشنده)\s+(?:سیاسی|مدنی|کارگری|دانشجویی|",
              r"(?:حقوق\s+)?(?:بشر|زنان|کودکان)))(?![\w\u200c])"),
        # "دادخواستی خطاب به X", "پس از ارسال آن برای X": who receives a letter or petition holds office
        # ("در نامه‌ای به X", "نامه سرگشاده خطاب به X": the letter's addressee)
        _rule("official", 4, "before", r"(?<![\w\u200c])(?:خطاب\s+به|",
              r"ارسال\s+(?:\S+\s+){0,2}?(?:برای|به)|",
              r"نامه(?:[\u200c ]?(?:ای|یی|اى))?(?:\s+سرگشاده(?:[\u200c ]?(?:ای|اى))?)?\s+(?:به|برای))\s+$"),
        # "X از فعالان سازمان …" (no comma): one of a group's activists, kept as the position
        # ("X از مسئولین کارگری حزب": one of a party's officers)
        _rule("perpetrator", 0, "after", r"^\s+(?P<pos>(?:یکی\s+)?از\s+",
              r"(?:فعالان|مسئولین|مسئولان|مسوولان|کادرهای)",
              r"(?:\s+(?!(?:و|که|در|به|را|بود|است|هست|بودند)(?![\w\u200c]))[^\s،,.«»()]+){0,3})"),
        # "X همسر یکی از قربانیان", "X، مادر یکی از اعدام‌شدگان": the kin of one of the killed
        _rule("relative", 8, "after", rf"^\s*[،,(]?\s*(?:{rel_fa})\s+(?:یکی\s+از\s+|دو\s+تن\s+از\s+)?",
              r"(?:قربانیان|اعدام[\u200c ]?شدگان|جان[\u200c ]?باختگان|شهدای|شهیدان|",
              r"کشته[\u200c ]?شدگان)(?![\w\u200c])"),
        # "«X» یکی از نویسندگان این گزارش‌ها": who wrote the reports (kept as the position)
        _rule("perpetrator", 0, "after", r"^\s*[»\"”]?\s*[،,]?\s*",
              r"(?P<pos>یکی\s+از\s+(?:نویسندگان|مؤلفان|مولفان)",
              r"(?:\s+[^\s،,.«»]+){0,3})"),
        # "در دولت X", "کابینه X": a head of government who dates the account
        _rule("official", 4, "before", r"(?<![\w\u200c])(?:دولت|کابینه)(?:[\u200c ]?ی)?\s+$"),
        # "بستگان اعدام‌شدگان از جمله X": a victim's kin (each name of the list)
        _rule("relative", 6, "before", r"(?<![\w\u200c])(?:بستگان|خانواده[\u200c ]?(?:ها|های)?|",
              r"مادران|پدران)\s+",
              r"(?:اعدام[\u200c ]?(?:شدگان|شده[\u200c ]?ها)|قربانیان|جان[\u200c ]?باختگان|زندانیان\s+اعدامی)",
              r"[^.؟!]{0,60}?از\s+جمله\s+(?:زنده[\u200c ]?یاد\s+)?$"),
        # "اداره‌کنندگان اصلی زندان گوهردشت، A، B و C بودند": the plural function before a list, each name's
        # (the part: the rule of those who ran the prison, below, shared along the list)
        _rule("perpetrator", 0, "before", r"(?<![\w\u200c])(?P<pos>(?:اداره[\u200c ]?کنندگان|گردانندگان)",
              r"(?:\s+[^\s،,.]+){0,4})\s*[،,:]\s*(?:[^.،,؟!:]{2,30}?(?:\s*[،,]\s*|\s+و\s+)){0,4}$"),
        # "مقام‌های امنیتی و قضایی وقت شهر، از جمله X": one of the officials of the time (the phrase kept)
        _rule("perpetrator", 5, "before", r"(?<![\w\u200c])",
              r"(?P<pos>(?:مقام|مسئول|مسوول)[\u200c ]?(?:ها|های|ات|ان|ین)",
              r"\s+(?:امنیتی|قضایی|قضائی|اطلاعاتی|زندان)[^.؟!،,]{0,40}?)\s*[،,]?\s*از\s+جمله\s+$"),
        # "X، … عضو «هیات مرگ»": a member of the death commission
        _rule("perpetrator", 8, "after", r"^\s*[،,][^.؟!]{0,80}?(?<![\w\u200c])",
              r"(?P<pos>عضو\s+[«\"]?(?:هیئت|هیات|هیأت)\s+مرگ)"),
        # "X حاکم شرع دزفول": a judicial or prison office right after the name (no comma)
        _rule("perpetrator", 5, "after", r"^\s+(?:(?:حاکم|قاضی)\s+شرع|دادستان|دادیار|بازجو|زندانبان|جلاد)",
              r"(?![\w\u200c])"),
        # "A و B، وکلای مدافع او": the plural office after a list is each name's
        _rule("perpetrator", 0, "after", r"^(?:\s*(?:[،,]|\s+و)\s*[^.،,؟!]{2,30}?)+\s*[،,]\s*",
              r"(?P<pos>وکلای(?:\s+مدافع)?)(?![\w\u200c])"),
        # "وزیر سابق دادگستری (۲۰۰۰-۲۰۰۶) X": a minister named before the name
        _rule("perpetrator", 0, "before", r"(?<![\w\u200c])(?P<pos>وزیر(?:\s+(?:سابق|پیشین|وقت))?",
              r"(?:\s+(?!(?:و|که|در|از|به|را)(?![\w\u200c]))[^\s،,.«»()]+){1,2})\s*(?:\([^()]{1,20}\)\s*)?$"),
        # "رضا ملک معاون …": an office right after the name, without a comma, is kept but is no cue
        _rule("perpetrator", 0, "after", rf"^\s+(?P<pos>(?:{pos_fa}){city_fa})(?![\w\u200c])"),
        # "X، معاون دفتر خاورمیانه در سازمان عفو بین‌الملل": an office in a non-state body (a rights group, the
        # UN), no part in the killings (as "Amnesty International's Deputy Director" in English)
        _rule("perpetrator", -8, "after", r"^\s*[،,]\s*[^.؟!،,:]{0,60}?(?<![\w\u200c])(?:سازمان\s+)?",
              r"(?:عفو\s*بین[\u200c ]?(?:ال)?ملل|دیده[\u200c ]?بان\s+حقوق\s+بشر|سازمان\s+ملل|",
              r"عدالت\s+برای\s+ایران|مرکز\s+اسناد\s+حقوق\s+بشر|کمیساریای\s+عالی)(?![\w\u200c])"),
        # "X، نایب رئیس مجلس،", "X، وزیر …": a state office held in the account, no part in the killings told
        # (official; a known official of the killings keeps his prior, what he says makes him a witness)
        # "X، رئیس دادگاه سوئد": who presides over the court abroad conducts the hearing (official, what
        # they say in it included: docs/annotation.md; not the head of a revolutionary court of the 1980s)
        _rule("official", 8, "after", r"^\s*[،,]\s*(?:رئیس|رییس)\s+(?:دادگاه|جلسه)(?:[\u200c ]?ی)?\s+",
              r"(?:[^\s،,.]+\s+){0,2}?(?:سوئد|استکهلم|تجدید[\u200c ]?نظر|آلبانی|دورس)"),
        # ("آقای X Y، دبیر کل سازمان ملل", "X وزیر دادگستری": a surname the name finder left out, no comma)
        _rule("official", 3, "after", r"^(?:\s+[^\s،,.]+\s*[،,]|\s*[،,])?\s*",
              r"(?:(?:نایب\s+)?(?:رئیس|رییس|ریس)\s+(?:مجلس|جمهور)|نماینده(?:[\u200c ]?ی)?\s+مجلس|",
              # ("X، دبیر ستاد حقوق بشر قوه قضاییه": the head of a state body's staff)
              r"وزیر|سفیر|سخنگوی|دبیر\s*کل|دبیرکل|(?:دبیر|رئیس|رییس)\s+ستاد)(?![\w\u200c])"),
        # "X یکی از شاهدان …", "X، زندانی سیاسی سابق": one who gives an account
        _rule("witness", 6, "after", r"^\s*[،,]?\s*(?:یکی(?:\s+دیگر)?\s+از\s+|از\s+)?",
              r"(?:(?:نخستین|اولین|دومین|آخرین)\s+)?(?:شاهدان|شاهد عینی|شاهد|",
              r"زندانیان سیاسی (?:سابق|پیشین)|زندانی سیاسی (?:سابق|پیشین)|زندانیان? (?:سابق|پیشین)|",
              r"جان[\u200c ]?ب(?:ه[\u200c ]?)?در[\u200c ]?بردگان|نجات[\u200c ]?یافتگان|",
              r"بازماندگان (?:کشتار|قتل[\u200c ]?عام))",
              r"(?![\w\u200c])"),
        # "X از آخرین سری زنان زندانی سیاسی دهه شصت است": one of the political prisoners, who tells
        _rule("narrator", 6, "after", r"^\s*[،,]?\s*(?:یکی\s+)?از\s+",
              r"(?:(?:آخرین|آخرين|اولین|نخستین|معدود)\s+)?",
              r"(?:(?:سری|نسل|گروه)\s+)?(?:(?:زنان|مردان)\s+)?زندانی(?:ان)?\s+(?:سیاسی|دهه)"),
        # a byline: the name opening a line, then a dash ("X - اگر …"): the author of what follows, the
        # narrator even of an excerpt told of them in the third person
        ("narrator", 5, _BYLINE, "after"),
        # "X، که سه نفر از اعضای خانواده‌اش ... اعدام شدند": the relative of the killed, whatever else
        _rule("relative", 8, "after", r"^\s*[،,]?[^.؟!]{0,60}?(?<![\w\u200c])که\s+[^.؟!]{0,40}?",
              r"(?:اعضای\s+خانواده|خانواده|برادر|خواهر|پدر|مادر|همسر|فرزند|فرزندان|پسر|دختر|برادران|خواهران)",
              r"[\u200c]?(?:اش|ش|شان)(?![\w\u200c])[^.؟!]{0,60}?(?:اعدام|تیرباران|کشته)"),
        # "از زندانی سیاسی سابق X": a former prisoner named as the source of a memory (a witness)
        _rule("witness", 6, "before", r"زندانی(?:ان)?\s+سیاسی\s+(?:سابق|پیشین)\s+$"),
        # "سخنرانی X در سمینار …", "X … سخنران اول این نشست بودند": the text is X's speech
        _rule("narrator", 6, "before", r"(?<![\w\u200c])سخنرانی(?:[\u200c ]?ی)?\s+(?:(?:خانم|آقای)\s+)?$"),
        _rule("narrator", 6, "after", r"^[^.؟!\n]{0,120}?(?<![\w\u200c])",
              r"سخنران(?:\s+(?:اول|دوم|اصلی|نخست))?\s+",
              r"(?:این\s+|آن\s+)?(?:نشست|جلسه|مراسم|سمینار|همایش|کنفرانس)(?![\w\u200c])"),
        # "دلاوران سر به داری همچون A، B": the hanged, listed (each name of the list)
        _rule("victim", 4, "before", r"(?:سر[\u200c ]?به[\u200c ]?دار(?:ان|ی)?|اعدام[\u200c ]?شدگان|",
              r"اعدامیان|قربانیان|جان[\u200c ]?باختگان|شهیدان|شهدا|کشته[\u200c ]?شدگان)\s+",
              r"(?:\S+\s+)?(?:همچون|مانند|چون)\s+",
              r"(?:[^.،,؟!\n]{2,30}[،,]\s*){0,3}$"),
        # "زهره … ۱۶ ساله، لیلا … ۱۶ ساله، …": a list of names with their ages, the young who were hanged
        _rule("victim", 3, "after", r"^\s*[\d۰-۹]{1,2}\s*[\u200c ]?ساله\s*[،,]\s*[^\d۰-۹.؟!\n]{2,40}?",
              r"[\d۰-۹]{1,2}\s*[\u200c ]?ساله(?![\w\u200c])"),
        # "از جمله این شهیدان می‌توان از A، B و C نام برد": the killed, listed
        _rule("victim", 4, "before", r"(?:از\s+جمله|از\s+میان)\s+(?:این\s+|آن\s+)?(?:شهیدان|شهدا|",
              r"اعدام[\u200c ]?شدگان|قربانیان|جان[\u200c ]?باختگان)\s+(?:می[\u200c ]?توان\s+)?(?:از\s+)?",
              r"(?:[^.،,؟!\n]{2,40}[،,]\s*(?:و\s+)?){0,3}$"),
        # "در گفتگویی با X": X answers the questions, an account of their own (a witness)
        _rule("witness", 6, "before", r"(?:گفتگو|گفت[\u200c ]?وگو|مصاحبه)(?:[\u200c ]?(?:ای|یی))?\s+با\s+$"),
        # "X از جمله مادران خاوران است": one of the families of the killed
        _rule("relative", 6, "after", r"^\s*[-–—،,(]?\s*(?:یکی\s+)?از\s+(?:جمله\s+)?",
              r"(?:مادران|پدران|خانواده[\u200c ]?های|خانواده[\u200c ]?ها|بستگان|خویشاوندان)\s+",
              r"(?:خاوران|پارک لاله|اعدام|جان|قربانیان|زندانیان|داغدار|عزادار|شهیدان|شهدا|کشته)"),
        # "در دوران علی فلاحیان", "در زمان مسئولیت X": an official who only dates the account (outweighs
        # what the rest of the sentence says of others: "بحث اعدام و دفن چپ‌ها")
        _rule("official", 5, "before", r"(?:در دوران|در زمان|در دوره|در دوره‌ی)\s+",
              r"(?:(?:وزارت|ریاست|مسئولیت|مسوولیت|نخست[\u200c ]?وزیری|حکومت|صدارت|",
              r"ریاست[\u200c ]?جمهوری)\s+)?$"),
        # "جلسه دادگاه X", "وکلای مدافع X", "شاکی پرونده X", "X، متهم به ...": the accused of a trial (a
        # prisoner's own trial of the 1980s is told without sessions, lawyers or complainants)
        _rule("perpetrator", 5, "before", r"(?:جلسه(?:[\u200c ]?ی)?\s+دادگاه|جلسات\s+دادگاه|",
              r"محاکمه(?:[\u200c ]?ی)?|",
              r"شاکی(?:ان)?\s+پرونده(?:[\u200c ]?ی)?|وکلای(?:\s+مدافع)?|وکیل(?:\s+مدافع)?|",
              r"کیفرخواست|کیفر[\u200c ]?خواست)\s+$"),
        _rule("perpetrator", 3, "before", r"(?<![\w\u200c])دادگاه(?:[\u200c ]?ی)?\s+$"),
        _rule("perpetrator", 3, "before", r"(?<![\w\u200c])پرونده(?:[\u200c ]?ی)?\s+$"),
        # "پروین فیروزان: در ۲۵ مرداد سال ۶۰ دستگیر شدم": the name, a colon, then "I"
        _rule("narrator", 6, "after", r"^\s*:\s*[^.؟!]{0,80}?(?<![\w\u200c])",
              r"(?:شدم|بودم|کردم|رفتم|دیدم|گفتم|آمدم|داشتم|هستم|من)(?![\w\u200c])"),
        # "A، B و C را صدا کردند": called from the ward by name, as for the commission or the gallows
        _rule("victim", 3, "after", r"^(?:\s*(?:[،,]|\s+و)\s*[^.،,؟!]{2,30}?)*\s+را\s+",
              r"(?:صدا\s+(?:کردند|زدند)|صدا\s+کرد|فرا\s*خواندند)"),
        # "رسیدگی به اتهامات X": the charges against X
        _rule("perpetrator", 5, "before", r"(?:رسیدگی\s+به\s+)?اتهامات\s+$"),
        # "X، یکی از عوامل کشتار": one of the agents of the killings
        _rule("perpetrator", 6, "after", r"^\s*[،,]?\s*(?:یکی\s+)?از\s+(?:عوامل|عاملان|آمران|مجریان)\s+",
              r"(?:اصلی\s+)?(?:کشتار|اعدام|قتل|جنایت)"),
        # "اداره‌کنندگان اصلی زندان گوهردشت، A، B و C بودند": those who ran the prison (shared by the list)
        _rule("perpetrator", 5, "before", r"(?:اداره[\u200c ]?کنندگان|گردانندگان|مسئولان|مسئولین|سردمداران)",
              r"(?:\s+[^\s،,.]+){0,4}\s*[،,:]\s*$"),
        # "X را به جایگاه شهود فراخواند", "شاکی پرونده حمید نوری، X": a witness or complainant of a trial
        _rule("witness", 6, "after", r"^\s+را\s+به\s+جایگاه\s+(?:شهود|شاهد)"),
        # "گفتگو با X", "از طریق مصاحبه با آقای X", "گفتگوی حاضر در نوامبر ۲۰۰۸ با X", "مهمان این برنامه، X":
        # the one interviewed gives an account (as "interview with X" in English)
        _rule("witness", 6, "before", r"(?<![\w\u200c])(?:گفتگو|گفت[\u200c ]?وگو|گفتوگو|مصاحبه)",
              r"(?:[\u200c ]?ی)?(?:\s+[^\s،,.:]+){0,6}?\s+با\s+(?:(?:آقای|خانم|دکتر)\s+)?$"),
        # "آنگونه که X در کتاب خاطرات خود نوشته": the one whose memoir tells it
        _rule("witness", 4, "after", r"^\s+(?:نیز\s+)?در\s+(?:کتاب\s+)?(?:خاطرات|یادداشت[\u200c ]?ها)",
              r"(?:ش|ی|\s+خود|\s+خویش)?(?![\w\u200c])"),
        _rule("witness", 6, "before", r"(?<![\w\u200c])مهمان(?:ان)?\s+(?:این|امروز)\s+",
              r"(?:برنامه|گفتگو|گفت[\u200c ]?وگو)\s*[،,:]?\s*$"),
        # ("بارها شاهد بوده‌ام، X …": the narrator was the witness; X is what they saw)
        _rule("witness", 6, "before", r"(?<![\w\u200c])(?:شاکی|شاهد)",
              r"(?:\s+(?!(?:بود|هست|شد|نبود)[\w\u200c]*(?:م|یم)(?![\w\u200c]))[^\s،,.]+){0,3}\s*[،,]\s*$"),
        _rule("witness", 5, "after", r"^\s*[،,]?\s*(?:که\s+)?به\s+عنوان\s+(?:شاکی|شاهد)"),
        _rule("perpetrator", 6, "after", r"^\s*[،,]\s*(?:متهم|متهمِ)\s+(?:به|ردیف)"),
        # "با شهادت X", "روایت X", "خاطرات X", "کتاب X": the one who testifies or whose account it is
        _rule("witness", 4, "before", r"(?<![\w\u200c])(?:(?:با\s+)?شهادت|روایت|خاطرات|اظهارات|",
              r"کتاب(?:\s+خاطرات)?)(?:[\u200c ]?ی)?\s+$"),
        # "شاهدان پرونده از جمله A و B": the witnesses named after "such as" (shared by the list)
        _rule("witness", 5, "before", r"(?<![\w\u200c])(?:شاهدان|شاهدین|شهود)(?:\s+[^\s،,.]+){0,3}\s+",
              r"(?:از\s+جمله|مانند|همچون|یعنی)\s+$"),
        # "X، یکی از اعدام‌شدگان بود": one of the executed, even when named as kin ("شوهر خواهرم، X": 6 + 5)
        # ("X همسر یکی از قربانیان": the kin of one of them)
        _rule("victim", 12, "after", rf"^(?:\s+(?!(?:{rel_fa})(?![\w\u200c]))[^\s،,.]+)?",
              r"\s*[،,]?\s*(?:نیز\s+)?(?:یکی\s+)?از\s+",
              r"(?:(?:اعدام|قتل[\u200c ]?عام|تیرباران)[\u200c ]?(?:شدگان|شده[\u200c ]?ها)|",
              r"شهدای|شهیدان|جان[\u200c ]?باختگان|قربانیان)",
              r"(?![\w\u200c])"),
        # "X … به دلیل مشارکت در اعدام …", "X … به حبس ابد محکوم شد": the accused of the proceedings
        _rule("perpetrator", 6, "after", r"^[^.؟!]{0,120}?",
              r"(?:به\s+دلیل|به\s+جرم|به\s+اتهام|بخاطر|به\s+خاطر)\s+",
              r"(?:مشارکت|شرکت|نقش|دست\s+داشتن|همدستی)\s+(?:\S+\s+){0,2}?در\s+",
              # (not across another name: "X، سخنگوی …، در واکنش به حکم Y به دلیل دست داشتن در …" is Y's)
              r"(?:اعدام|کشتار|قتل|شکنجه|جنایت)(?P<own>)"),

        # "ایرج مصداقی: نخستین بار ..." (a headline): the name and what they said
        _rule("witness", 3, "after", r"^\s*:\s*\S"),
        # "به یاد X، Y و Z" (in memory of), "محل اعدام X", "پیکر X": one of the killed
        _rule("victim", 4, "before", r"(?<![\w\u200c])(?:به\s+یاد|به\s+یادبود|در\s+یادبود|یادبود|به\s+خاطره|",
              r"اعدام|تیرباران|قتل|جسد|پیکر|گور|مزار|آرامگاه|وصیت[\u200c ]?نامه|ساک)(?:[\u200c ]?ی)?\s+$"),
        # "به دستور مستقیم آیت الله X": an order's giver, whatever title and adverb stand between
        _rule("perpetrator", 5, "before", r"(?:زیر نظر|ب(?:ه\s*)?دستور|به فرمان|به حکم|توسط)",
              r"(?:\s+(?:مستقیم|شخص|صریح|مستقیمِ))?",
              rf"(?:\s+(?:{'|'.join(re.escape(t) for t in lex.titles_fa)}))?\s+$"),
        # "X ... اعدام شد", "X را ... اعدام کردند": the verb says X was killed ("X objected to the
        # executions" does not)
        # (not "به دستور X او را اعدام کردند": another is the object)
        _rule("victim", 4, "after", r"^(?:\s*[،,][^.؟!،,]{1,60}[،,])?",
              r"(?:(?!(?<![\w\u200c])(?:او|وی|آنها|آن[\u200c ]ها|ایشان)\s+را(?![\w\u200c]))[^.؟!،,]){0,100}?",
              r"(?:اعدام|تیرباران|به دار آویخته|به دار)\s*",
              r"(?:شد|شدند|شده|گردید|گردیدند|کردند|کرده‌اند|کرده اند|زدند)(?![\w\u200c])"),
        # "همسر خواهر وی، X، در سال ۶۶ اعدام شد": named as kin of another, then the verb closing the
        # apposition says X was executed (outweighs the kin apposition)
        # ("برادر او، X، محکوم به حبس ابد بود که در تابستان ۶۷ اعدام شد": a clause of X's between)
        _rule("victim", 8, "after", r"^\s*[،,]\s*(?:[^.؟!،,]{1,60}?\s+که\s+)?(?:در\s+[^.؟!،,]{1,25}?\s+)?",
              r"(?:اعدام|تیرباران|به\s+دار\s+آویخته)\s*(?:شد|شدند|گردید)(?![\w\u200c])"),
        # "رژیم، X، برادر علی را نیز اعدام کرد": X the object of the verb (a kin word in apposition between)
        _rule("victim", 8, "after", r"^\s*[،,][^.؟!،,]{1,40}?\s+را\s+(?:نیز\s+|هم\s+)?[^.؟!،,]{0,40}?",
              r"(?:اعدام|تیرباران)\s+(?:کرد|کردند|نمود|نمودند)(?![\w\u200c])"),
        # "X در سال ۶۷ جان باخت", "به شهادت رسید", "کشته شد": died, was martyred, was killed
        # (the plural only for a list: "… از جمله X به قتل رسیدند" tells of others)
        _rule("victim", 4, "after", r"^(?:\s*[،,][^.؟!،,]{1,60}[،,])?[^.؟!،,]{0,100}?",
              r"(?:جان[\u200c ]?باخت|جان[\u200c ]?سپرد|به\s+شهادت\s+رسید|به\s+قتل\s+رسید|کشته\s+شد)",
              r"(?:ه)?(?![\w\u200c])"),
        _rule("victim", 4, "after", r"^(?:\s*(?:[،,]|\s+و)\s*[^.،,؟!]{2,30}?)+\s+[^.؟!،,]{0,60}?",
              r"(?:جان[\u200c ]?باختند|جان[\u200c ]?سپردند|به\s+شهادت\s+رسیدند|به\s+قتل\s+رسیدند|",
              r"کشته\s+شدند)(?![\w\u200c])"),
        _rule("victim", 2, "after", r"^\s+را\s+[^.]{0,30}?بردند"),
        # "A، B و دیگر بازجویان": names listed with a group of the perpetrators
        _rule("perpetrator", 5, "after", r"^(?:\s*[،,]\s*[^،,.؟!]{2,30}?)*",
              r"\s*(?:[،,]\s*|\s+)و\s+(?:دیگر|سایر)\s+",
              r"(?:پاسداران|پاسدارها|بازجویان|بازجوها|شکنجه[\u200c ]?گران|زندانبانان|اعضای\s+هیئت|",
              r"مسئولان\s+زندان|جلادان)(?![\w\u200c])"),
        # "آیا محمود و محمد علی وصیت نامه ای نوشته بودند": the condemned write a will (each name of a list)
        _rule("victim", 4, "after", r"^(?:\s*(?:[،,]|\s+و)\s*[^.،,؟!]{2,30}?)*\s+[^.؟!]{0,15}?",
              r"وصیت[\u200c ]?نامه"),
        _rule("victim", 4, "after", r"^\s+(?:را\s+)?[^.،]{0,40}?(?:دفن|به خاک سپرد)"),
        _rule("victim", 4, "after", r"^\s+(?:مرده|کشته شده|اعدام شده)"),
        _rule("victim", 1, "before", rf"(?:{rel_fa})\s+$"),
        _rule("relative", 6, "before", rf"(?:{rel_fa})\s+[^،.]{{1,40}}[،,]\s*(?:خانم|آقای|حاج)?\s*$"),
        # "مادرم، فاطمه کریمی،": the narrator's kin, named in apposition
        _rule("relative", 5, "before", rf"(?<![\w\u200c])(?:{rel_fa})(?:م|ش|مان|شان)\s*[،,]\s*$"),
        # "همسرش، X را نیز در جریان اعدام‌های ۶۷ از دست داد": lost in the executions (outweighs the kin word,
        # said again where the text names the couple)
        _rule("victim", 12, "after", r"^\s+را\s+(?:نیز\s+|هم\s+)?[^.؟!]{0,40}?",
              r"(?:اعدام|کشتار|قتل[\u200c ]?عام|تیرباران)[^.؟!]{0,40}?از\s+دست\s+",
              r"(?:داد|داده|می[\u200c ]?دهد|دادم|دادیم|دادند)(?![\w\u200c])"),
        # "X در طول دوران زندان خود …", "X … ۹ سال در زندان ماند": a former prisoner (as "X, who spent …
        # in prison" in English: the narrator of a memoir, a witness in an article)
        _rule("narrator", 3, "after", r"^\s+(?:[^.؟!]{0,40}?\s)?(?:در\s+(?:طول\s+)?(?:دوران|دوره|مدت)\s+",
              r"(?:زندان|حبس|اسارت)\s+(?:خود|خویش)|(?:سال|ماه)(?:[\u200c ]?ها)?\s+(?:\S+\s+){0,2}?(?:را\s+)?",
              r"در\s+زندان\s+(?:گذراند|ماند|سپری\s+کرد|به\s+سر\s+برد))(?![\w\u200c])"),
        # "مادر یکی از این جان‌باختگان، X،": the name stands in apposition to "one of the killed", not to
        # the kin word before it (outweighs the kin apposition)
        _rule("victim", 8, "before", r"(?<![\w\u200c])(?:یکی|یک)\s+از\s+(?:این\s+|آن\s+)?",
              r"(?:جان[\u200c ]?باختگان|اعدام[\u200c ]?شدگان|قربانیان|شهدا|شهیدان|کشته[\u200c ]?شدگان)",
              r"\s*[،,]\s*$"),
        # "به امضای شماری از بازمانده‌های اعدام‌شدگان از جمله A، B": of the families of the killed (each of
        # a list; "بازماندگان کشتار" alone may be the surviving prisoners)
        _rule("relative", 6, "before", r"(?:بازماندگان|بازمانده[\u200c ]?های|",
              r"خانواده[\u200c ]?های|خانواده[\u200c ]?ها)",
              r"\s+(?:اعدام|قربانیان|جان[\u200c ]?باختگان|اعدام[\u200c ]?شدگان|شهدا|کشته[\u200c ]?شدگان)",
              r"[^.؟!]{0,40}?(?:از\s+جمله|مانند|همچون|یعنی)\s+$"),
        # "X … در رابطه با اعدام دو برادرش", "X از اعدام ۱۲ تن از خویشاوندان خود سخن گفت": the execution of
        # X's own kin makes X their relative
        _rule("relative", 6, "after", r"^[^.؟!]{0,80}?(?:اعدام|تیرباران|قتل|کشتن)(?:[\u200c ]?ی)?\s+",
              r"(?:[^\s.؟!]+\s+){0,3}?(?:برادر|خواهر|پدر|مادر|همسر|فرزند|پسر|دختر|شوهر|",
              r"خویشاوند|بستگان|اعضای\s+خانواده)(?:ان|های|ها)?",
              r"(?:[\u200c]?(?:ش|اش|شان|م)|\s+(?:خود|خویش|او|وی))(?![\w\u200c])"),
        # "X که یکی از اعضای کمیته تصمیم‌گیری درباره اعدام‌ها بود": a member of the body that decided the
        # killings (not any committee: "عضو کمیته مرکزی حزب")
        _rule("perpetrator", 6, "after", r"^\s*[،,]?\s*(?:که\s+)?(?:یکی\s+از\s+)?(?:اعضای|اعضاء|عضو)\s+",
              r"(?:هیئت|هیات|هیأت|کمیسیون|کمیته)[^.؟!،,]{0,40}?(?:مرگ|اعدام|عفو|کشتار)"),
        # "X … به عنوان شاهد در دادگاه حاضر شد": called as a witness
        _rule("witness", 8, "after", r"^[^.؟!]{0,80}?به\s+عنوان\s+شاهد(?![\w\u200c])"),
        # "X، فعال سیاسی که …، در مصاحبه با رادیو فردا گفته": the one interviewed gives an account
        # (next to the name or after one apposition that tells no killing of X)
        _rule("witness", 4, "after", r"^\s*(?:[،,](?![^.؟!،,]*(?:اعدام|تیرباران|کشته))[^.؟!،,]{2,60}[،,])?",
              r"\s*در\s+(?:مصاحبه|گفتگو|گفت[\u200c ]?وگو)\s+با\s+"),
        # "X خواهر Y است که … اعدام شد", "او برادر Y بود که … تیرباران شد": the kin of one killed (said also
        # of the pronoun that stands for X, the next sentence's "او")
        _rule("relative", 10, "after", rf"^\s+(?:{rel_fa})\s+(?!من(?![\w\u200c]))[^.؟!،,]{{2,40}}?\s+",
              r"(?:است|بود|هستند|بودند)\s+که\s+[^.؟!]{0,120}?(?:اعدام|تیرباران|کشته)\s*(?:شد|شدند|گردید)",
              r"(?![\w\u200c])(?P<carried>)"),
        # "پروانه میلانی خواهر رحیم میلانی": the name, its kin word and another's name (no comma)
        _rule("relative", 6, "after", rf"^\s+(?:{rel_fa})\s+(?!من(?![\w\u200c]))",
              r"[^\s.،,؟!]{2,}\s+[^\s.،,؟!]{2,}"),
        # "در پی فتوای روح‌الله خمینی": the one whose fatwa ordered the killings (as "X's fatwa")
        _rule("perpetrator", 6, "before", r"(?<![\w\u200c])(?:فتوای|فرمان)\s+",
              r"(?:آیت[\u200c ]?الله\s+|امام\s+)?$"),
        # "X در میان خانواده قربانیان … به «مادر لطفی» مشهور بود": one of the families of the killed, known
        # by the name of their dead
        _rule("relative", 6, "after", r"^\s*[^.؟!]{0,20}?در\s+میان\s+(?:خانواده|خانواده[\u200c ]?های|",
              r"خانواده[\u200c ]?ها|مادران)\s+",
              r"(?:قربانیان|اعدامیان|جان[\u200c ]?باختگان|اعدام[\u200c ]?شدگان|شهدا)"),
        _rule("relative", 6, "after", r"^[^.؟!]{0,80}?به\s+«?\s*(?:مادر|پدر)\s+[^\s»]+\s*»?\s+",
              r"(?:مشهور|معروف)"),
        # "X … در گزارش جدید خود خواستار …": one who tells in their own report (a rapporteur's account)
        _rule("witness", 4, "after", r"^[^.؟!]{0,80}?در\s+(?:بخشی\s+از\s+)?گزارش",
              r"(?:\s+[^\s.؟!]+)?\s+خود(?![\w\u200c])"),
        # "سخنگوی وزارت امور خارجه، X": speaks for a state, gives no account of the events
        _rule("official", 5, "before", r"(?<![\w\u200c])سخنگوی\s+(?:وزارت\s+)?(?:امور\s+)?",
              r"(?:خارجه|دولت|قوه\s+قضائیه|قوه\s+قضاییه|دستگاه\s+قضا)\s*[،,]?\s*$"),
        # "X، سخنگوی وزارت امور خارجه، … گفت": the spokesman after the name (as before it)
        _rule("official", 5, "after", r"^\s*[،,]\s*سخنگوی\s+(?:وزارت\s+)?(?:امور\s+)?",
              r"(?:خارجه|دولت|قوه\s+قضائیه|قوه\s+قضاییه|دستگاه\s+قضا)(?![\w\u200c])"),
        # "متن: X" under an essay: its author (docs/annotation.md: "text: A" makes A the narrator)
        ("narrator", 6, _TEXT_BY_FA, "before"),
        # "پس از انتشار فایل صوتی X": X's recording named only as the time frame (official; the recording
        # quoted makes a witness, above)
        _rule("official", 7, "before", r"(?<![\w\u200c])(?:پس|بعد)\s+از\s+(?:انتشار|افشای|افشا|پخش)\s+",
              r"(?:نوار|نواز|فایل)(?:[\u200c ]?(?:ی|های))?(?:\s+(?:صوتی|صوتى|سخنان))?\s+$"),
        # "دولت X", "کابینه X": a head of government named as the time frame of an office (official)
        _rule("official", 5, "before", r"(?<![\w\u200c])(?:دولت|کابینه)(?:[\u200c ]?ی)?\s+$"),
        # "نوار سخنان X", "فایل صوتی X", "صحبت‌های X که پخش شد": X's own recorded words (a witness; the one
        # who publishes them is no cue)
        _rule("witness", 5, "before", r"(?<![\w\u200c])(?:نوار|فایل|فایل\s+صوتی|صدای|سخنان|سخنرانی|",
              r"صحبت[\u200c ]?های|گفته[\u200c ]?های|اظهارات)(?:[\u200c ]?ی)?",
              r"(?:\s+(?:صوتی|سخنان|صحبت[\u200c ]?های))?(?:\s+[^\s،,.]*دهنده)?\s+$"),
        # "وبلاگ X", "وب‌سایت X", "کتاب «…» نوشته X": a former prisoner's blog, site or book cited as a
        # source gives an account (a witness)
        _rule("witness", 4, "before", r"(?<![\w\u200c])(?:وبلاگ|وب[\u200c ]?سایت|وبسایت|",
              r"(?:کتاب|خاطرات)[^.؟!،,]{0,40}?نوشته)(?:[\u200c ]?ی)?\s+$"),
        # "X، یکی از N زندانی سیاسی قتل‌عام‌شده": one of the killed, however many
        # (a number's thousands separator "30،000" is no clause break)
        # (not across a kin word: "X برادر Y یکی از … قتل‌عام‌شده" says it of Y)
        _rule("victim", 8, "after", rf"^(?:(?!(?<![\w\u200c])(?:{rel_fa})(?![\w\u200c]))[^.؟!،,]){{0,20}}?",
              r"[،,]?\s*(?:یکی\s+)?از\s+",
              r"(?:[^.؟!،,]|(?<=\d)[،,](?=\d)){0,40}?",
              r"(?:اعدام|قتل[\u200c ]?عام|تیرباران)[\s\u200c]*(?:شده|شدگان)(?![\w\u200c])"),
        # "اعضای هیئت مرگ، A و B", "هیئت مرگ متشکل از A، B و C": the commission's members (each of a list)
        _rule("perpetrator", 6, "before", r"(?:(?:اعضای|اعضاء|عضو)\s+)?(?:هیئت|هیات|هیأت|کمیسیون|کمیته)\s+",
              r"(?:مرگ|عفو)(?:\s+[^\s،,.]+){0,2}?\s*(?:[،,:]|\s+(?:متشکل\s+از|شامل|مرکب\s+از))\s*$"),
        _rule("relative", 6, "after", rf"^\s*[،,]\s*(?:{rel_fa})"),
        # "خانم X یکی از بازماندگان زندانیان اعدام‌شده": of the families of the killed
        _rule("relative", 5, "after", r"^\s*[،,]?\s*(?:یکی از\s+|از\s+)?",
              r"(?:بازماندگان|خانواده‌های|خانواده های|",
              r"خانواده‌ی|خانواده)\s+(?:قربانیان|زندانیان|اعدام|جان‌باختگان|جانباختگان|شهدا|کشته)"),
        _rule("fellow_prisoner", 4, "before",
              r"(?:هم‌بند|همبند|هم‌سلولی|همسلولی|هم‌سلول|همسلول|دوست|رفیق)",
              # ("همبندی خانم X می‌نویسد": X's cellmate writes; the cellmate is another)
              r"(?:(?:م|ش|مان)(?:\s*[،,])?|(?:ی)?\s+(?:من|ما)|(?:ی)?\s*[،,])\s*$"),
        _rule("fellow_prisoner", 2, "sentence", r"به من[^.]*(?:ضربه|شلاق)"),
    ]  # fmt: skip
    return {"en": en, "fa": fa}


# Persian positions in English, the value of a held_position claim (docs/extraction.md)
_POSITION_EN = {
    "حاکم شرع": "religious judge", "قاضی شرع": "religious judge", "قاضی": "judge", "دادستان": "prosecutor",
    "دادیار": "assistant prosecutor", "کمک دادیار": "assistant prosecutor",
    "دستیار دادستان": "assistant prosecutor", "رئیس دفتر": "head of office",
    "معاون دادستان": "deputy prosecutor",
    "دادستان انقلاب": "revolutionary prosecutor", "دادستان کل": "prosecutor general",
    "نماینده وزارت اطلاعات": "intelligence representative", "نماینده اطلاعات": "intelligence representative",
    "رئیس زندان": "prison director", "رییس زندان": "prison director", "مدیر زندان": "prison director",
    "رئیس بند": "ward chief", "بازجو": "interrogator", "زندانبان": "prison guard",
    "پاسدار": "revolutionary guard",
    "شکنجه‌گر": "torturer", "جلاد": "executioner", "مسئول زندان": "prison official",
    "معاون زندان": "deputy prison director", "عضو هیئت مرگ": "death commission member",
    "رئیس قوه قضاییه": "head of the judiciary", "رهبر": "supreme leader", "معاون": "deputy",
    "دادستان کل کشور": "prosecutor general",
}  # fmt: skip


_CITY_EN = {"تهران": "Tehran", "کرج": "Karaj", "اوین": "Evin", "گوهردشت": "Gohardasht", "مشهد": "Mashhad"}


def _held(p: PersonMention, written: str, start: int, persian: bool) -> None:
    """Keep a position the text gives a person: what it says, where, and its value in English."""
    text = written.strip()
    if persian:
        office, _, city = text.rpartition(" ")
        if city in _CITY_EN and office:
            value = f"{_POSITION_EN.get(office, office)} of {_CITY_EN[city]}"
        else:
            value = _POSITION_EN.get(text, text)
    else:
        words = text.split()
        # "prosecutor of Tehran": the office in lower case, the place as written
        value = " ".join(
            w if i and words[i - 1] == "of" and w[:1].isupper() else w.lower() for i, w in enumerate(words)
        )
        value = re.sub(r"\b(?:regime|state|country)['’]s ", "", value)  # the office, not whose it is
        if re.search(r"\b(?:commission|committee|panel|board)\b", value):  # (not "high commissioner")
            value = "death commission member" if "death" in value else "commission member"
    positions = p.detail.setdefault("positions", [])
    assert isinstance(positions, list)
    if all(q["start"] != start for q in positions):
        positions.append({"value": value, "text": text, "start": start, "end": start + len(text)})
    if p.position is None:
        p.position = value if not persian else text


def assign_roles(
    doc: Document,
    persons: list[PersonMention],
    voices: Voices | None,
    references: list[Reference] | None = None,
) -> dict[int, str]:
    """Role per entity; also sets each mention's `position` where the text gives one. `references`
    (coreference.resolve_references: "my brother", "he") add what the text says after them to their
    entity: "my brother was hanged" makes the brother a victim."""
    rules = _rules()["fa" if doc.language == "fa" else "en"]
    carried = _carried_patterns()
    norm = doc.norm
    scores: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_reference: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    named: dict[int, list[PersonMention]] = defaultdict(list)  # each entity's mentions, in order
    for person in persons:
        named[person.entity].append(person)
    for ref in references or ():
        if _OBJECT_PRONOUN.match(norm, ref.start, min(len(norm), ref.end + 4)) and any(
            _SAME_CLAUSE.fullmatch(norm[q.end : ref.start]) for q in named.get(ref.entity, ())
        ):
            continue  # "به دستور X او را اعدام کردند", "X had him executed": the object is another
        sentence = doc.sentence_at(ref.start)
        after = norm[ref.end : min(sentence.end, ref.end + 140)]
        for role, weight, pattern, _where in rules:
            # what is done to or by the person referred to (the carried rules, above)
            if id(pattern) in carried and pattern.match(after):
                scores[ref.entity][role] += weight * _REFERENCE_WEIGHT
                by_reference[ref.entity][role] += weight * _REFERENCE_WEIGHT
    by_sentence: dict[int, list[PersonMention]] = defaultdict(list)
    for p in persons:
        by_sentence[doc.sentence_at(p.start).index].append(p)
    # what the words before a list say of its first name they say of every name of it ("survivors of the
    # massacre A, B, C, and D", "his brothers Ali and Reza"); offices stay with the name they precede
    governed: dict[int, dict[str, float]] = {}
    bylined: set[int] = set()
    counsel: set[int] = set()
    # a trial party's counsel ("Defense attorney X", "X, his lawyer"): `other`
    party_counsel: set[int] = set()
    # "Noury's son, X": X's entity -> the possessor's surname
    kin_of: dict[int, set[str]] = defaultdict(set)
    ordered = sorted(persons, key=lambda q: q.start)
    starts = [q.start for q in ordered]
    at_start = {q.start: q for q in ordered}
    at_end = {q.end: q for q in ordered}
    kin_words = _kin_patterns()
    head_end = _nth_line_break(norm, _HEAD_LINES)  # the text's first lines end here
    spoke: dict[int, float] = defaultdict(float)
    interviewed: set[int] = set()
    previous: PersonMention | None = None
    # names heading first-person accounts: one is the text's author; several strung together are each a
    # witness (docs/annotation.md: a page of several survivors' accounts has no single narrator)
    speakers = {id(p): p.entity for p in persons if _speaker_heading(doc, p)}
    outside = _outside_quotes(doc)  # the text without its quotations, read by several cues below
    first_person = _FIRST_PERSON_WE[doc.language == "fa"].search(outside) is not None
    # bylined authors of texts told in the third person: `other` when nothing else gives them a part
    bystanders: set[int] = set()
    several = len(set(speakers.values())) > 1
    for p in persons:
        # (a heading well into the text, after an account not headed in the excerpt: one of several)
        midway = id(p) in speakers and (several or head_end < p.start)
        if id(p) in speakers:
            scores[p.entity]["witness" if midway else "narrator"] += 6
            # "Sara Karimi\nI was a nurse in Tehran.": the speaker's function at the time, in their own words
            work = _SPEAKER_WORK.match(norm, norm.find("\n", p.end) + 1)
            if work is not None and doc.language != "fa":
                _held(p, work.group("pos"), work.start("pos"), False)
            if not midway:
                bylined.add(p.entity)
        line_start = norm.rfind("\n", 0, p.start) + 1
        # "جناب آقای X" over "رئیس جمهور محترم": the office holder a letter is addressed to, not its author
        below = _OFFICE_BELOW_FA.match(norm, p.end) if doc.language == "fa" else None
        addressed = below is not None or _ADDRESSED_FA.match(norm[line_start : p.start]) is not None
        if below is not None:
            _held(p, below.group("pos"), below.start("pos"), True)
        if addressed:
            scores[p.entity]["official"] += 8
        if _SIGN_OFF.search(norm[max(0, p.start - 40) : p.start]):
            scores[p.entity]["narrator"] += 6  # the name signing a letter under its closing: its writer
            bylined.add(p.entity)
        if _GOVERNMENT_HEAD.match(norm[p.start : p.end]):
            scores[p.entity]["official"] += 10  # "دولت X" taken as the name: the head of that government
        sentence = doc.sentence_at(p.start)
        listed = previous is not None and _LISTED.fullmatch(norm[previous.end : p.start]) is not None
        shared = dict(governed.get(id(previous), {})) if listed else {}
        governed[id(p)] = dict(shared)
        for role, weight in shared.items():
            scores[p.entity][role] += weight
        previous = p
        before = norm[max(sentence.start, p.start - 80) : p.start]
        untitled = _title_end().search(before)
        if untitled is not None:
            before = before[: untitled.start()]
        after = norm[p.end : min(sentence.end, p.end + 140)]
        text = norm[sentence.start : sentence.end]
        if len(p.tokens) == 1 and KIN_HONORIFIC.search(before):
            scores[p.entity]["relative"] += 8  # "مادر لطفی", "Mother Behkish": the parent, by the family name
        last = p.tokens[-1] if p.tokens else ""
        official = (fa_key(last) if doc.language == "fa" else last.casefold()) in lexicon().known_officials
        kin_before, killed_after = 0.0, False
        for role, weight, pattern, where in rules:
            if role == "official" and official:
                continue  # "در زمان خمینی": the leader who ordered the killings is no bystander
            subject = before if where == "before" else after if where == "after" else text
            m = pattern.search(subject) if where != "after" else pattern.match(subject)
            if m is None or (where == "before" and role in shared and weight):
                continue  # (what the list's words say is counted once; a position of no weight is kept)
            if "own" in m.groupdict():
                # a cue of the name's own clause: not past another person named after it
                i = bisect_right(starts, p.end)
                if i < len(ordered) and ordered[i].start < p.end + m.end() and ordered[i].entity != p.entity:
                    continue
            if role == "relative" and where == "before" and weight > 0 and id(pattern) in kin_words:
                kin_before += weight
            if role == "victim" and where == "after" and weight >= 2:
                killed_after = True
            office = bool((m.groupdict() or {}).get("pos"))
            if role == "perpetrator" and office and not official and _LEADER.fullmatch(m.group("pos")):
                window = subject[max(0, m.start("pos") - 16) : m.end() + 16]
                if _PAST_OFFICE.search(window) is None and not re.search(r"\blate\b", window, re.I):
                    # "Supreme Leader Ayatollah Ali Khamenei": today's leader, not the one of 1988 (who is on
                    # record); an office held in the account (docs/annotation.md: official)
                    at = (max(sentence.start, p.start - 80) if where == "before" else p.end) + m.start("pos")
                    _held(p, m.group("pos"), at, doc.language == "fa")
                    scores[p.entity]["official"] += 3
                    continue
            if role == "perpetrator" and office:
                if (
                    where == "before"
                    and "," in subject[m.end("pos") :]
                    and _APPOSED_BEFORE.search(subject[: m.start("pos")])
                ):
                    scores[p.entity][role] += weight
                    continue  # the title is the previous name's, not this one's
                offset = (max(sentence.start, p.start - 80) if where == "before" else p.end) + m.start("pos")
                _held(p, m.group("pos"), offset, doc.language == "fa")
                earlier = doc.neighbour(sentence, -1)
                # "the Stockholm District Court sentenced N. Judge X sentenced N to life": a judge of the
                # court the sentence before names, whose sentencing is the court's act, not a crime
                bench = (
                    earlier is not None
                    and not official
                    and _JUDGE.fullmatch(m.group("pos")) is not None
                    and _ABROAD.search(norm[earlier.start : earlier.end]) is not None
                )
                abroad = _ABROAD.search(text) or (_TRIAL_NOW.search(text) and not official)
                # "معاون دادستان وقت، X", "then-prosecutor X": an office of the 1980s, not of the trial abroad
                past = _PAST_OFFICE.search(subject[max(0, m.start("pos") - 12) : m.end("pos") + 12])
                if (
                    _JUDICIAL.search(m.group("pos"))
                    and (abroad or bench or _LATIN_AFTER.match(after))
                    and past is None
                ):
                    # outweighs the office's own cue (and, for one not on record, what the court does); one
                    # who testifies in the hearing gives an account: a witness by the precedence
                    # (docs/annotation.md: an office holder giving an account)
                    part = "witness" if _TESTIFIES_AFTER.match(after) else "official"
                    scores[p.entity][part] += weight + (2 if official else 6)
            if (pattern is _BY_AUTHOR or pattern is _TEXT_BY_FA) and not first_person:
                # "By X" over a text that never says "I" or "we": a reporter or scholar, no part in the
                # events (docs/annotation.md: a reporter in a byline is `other`)
                bystanders.add(p.entity)
                continue
            scores[p.entity][role] += weight
            if (pattern is _BYLINE and where == "after") or pattern is _BY_AUTHOR or pattern is _TEXT_BY_FA:
                bylined.add(p.entity)
            if where == "before" and weight > 0 and not office and role not in governed[id(p)]:
                governed[id(p)][role] = weight
        if kin_before and killed_after and doc.language != "fa":
            # "her son X was one of the prisoners executed", "his brother Ali was hanged": the kin word tells
            # whose son; the verb after the name tells that X was killed (the victim, not the relative), or
            # arrested ("Esmat's husband, Majid, and her brother Adel were arrested")
            scores[p.entity]["relative"] -= kin_before
        if doc.language != "fa":
            owner = _KIN_OF_BEFORE.search(before)
            if owner is not None:
                possessor = at_end.get(max(sentence.start, p.start - 80) + owner.start())
                if possessor is not None and possessor.tokens:
                    kin_of[p.entity].add(possessor.tokens[-1])
        # "X, Noury's son,", "X، دختر حمید نوری،": the kin of the one named right after
        apposed = _KIN_OF_AFTER[doc.language == "fa"].match(after)
        owned = at_start.get(p.end + apposed.end()) if apposed is not None else None
        if (
            owned is not None
            and owned.tokens
            and (doc.language == "fa" or _KIN_POSSESSED.match(norm, owned.end) is not None)
        ):
            kin_of[p.entity].add(owned.tokens[-1])
        if _INTERVIEWER_BEFORE[doc.language == "fa"].search(before) or (
            doc.language == "fa" and _INTERVIEW_OF_FA.search(before) and _WITH_AFTER_FA.match(after)
        ):
            # "با اجرای X", "گفتگوی X با Y", "interviewed by X": who asks the questions or hosts the programme
            # takes no part in the events (docs/annotation.md: an interviewer or a radio host is `other`)
            bystanders.add(p.entity)
        if doc.language == "fa" and (
            (_WITH_ME_BEFORE_FA.search(before) and _OBJECT_AFTER_FA.match(after))
            or _AND_ME_AFTER_FA.match(after)
        ):
            # "بعد من و X را صدا کردند", "X و من را بردند": taken with the narrator, who lived to tell it (a
            # fellow prisoner as "X and I" in English; outweighs the call from the ward, no execution)
            scores[p.entity]["fellow_prisoner"] += 6
        if _NAME_FIELD.fullmatch(norm[line_start : p.start]):
            # "Name: X … Occupation: Graduate Student": a statement's particulars give X's function
            work = _OCCUPATION_FIELD.search(norm, p.end, min(len(norm), p.end + 600))
            if work is not None:
                _held(p, work.group("pos"), work.start("pos"), doc.language == "fa")
        if line_start <= head_end:
            head = norm[line_start : p.start]
            eol = norm.find("\n", p.end)
            eol = len(norm) if eol < 0 else eol
            if _MEMOIR_OF.fullmatch(head) and _FIRST_PERSON_ANY[doc.language == "fa"].search(outside):
                scores[p.entity]["narrator"] += 6  # "خاطرات X از زندان‌ها" heading a memoir told by "I"
                bylined.add(p.entity)
            elif (
                not first_person
                and len(named[p.entity]) == 1
                and (not head.strip() or _title_end().fullmatch(head))
                and not norm[p.end : eol].strip()
            ):
                # a name alone on one of the first lines of a text told in the third person, named nowhere
                # else: the byline of its reporter (docs/annotation.md: `other`), whatever the model reads
                bystanders.add(p.entity)
        if doc.language == "fa" and _INTERVIEW_LIST_FA.search(norm[sentence.start : p.start]):
            scores[p.entity]["witness"] += 4
        if doc.language == "fa" and listed and _DIED_PLURAL_FA.match(after):
            scores[p.entity]["victim"] += 4  # "A و B جان باختند": the last name of a list, with the plural
        if doc.language == "fa" and _LIFE_TERM_FA.match(after) and _ABROAD.search(norm):
            scores[p.entity]["perpetrator"] += 5  # "X … به حبس ابد محکوم شد" in a report of the trial abroad
        opening = norm[line_start : p.start].strip(" \t")
        if (
            doc.language != "fa"
            and _CITATION_AFTER.match(after)
            and (not opening or _title_end().fullmatch(opening + " ") is not None)
        ):
            scores[p.entity]["witness"] += 4
        if doc.language == "fa" and _kin_killed_fa(doc, p, persons):
            scores[p.entity]["relative"] += 6  # "با X گفتگو کرده که برادرش … اعدام شد": X's kin
        if doc.language != "fa" and _kin_suffered(doc, p, persons):
            scores[p.entity]["relative"] += 5  # "X recalls how his brothers were executed": their relative
        if (
            doc.language != "fa"
            and not official
            and _DEATH_OF.match(after)
            and not _AT_TIME_OF.search(before)
        ):
            scores[p.entity]["victim"] += (
                4  # "murder in connection with Mr. X's death" (not "after X's death")
            )
        if doc.language != "fa" and _UN_OFFICE_AFTER.match(after) and _SIGNED.search(text):
            scores[p.entity]["official"] += 3
        if doc.language != "fa":
            for role, group in _GROUP_INCLUDING.items():
                if group.search(norm[sentence.start : p.start]):
                    scores[p.entity][role] += 5
            members = _COMMISSIONERS.search(norm, sentence.start, p.start)
            if members is not None:
                _held(p, members.group("pos"), members.start("pos"), False)
            title = _UN_TITLE_BEFORE.search(norm, sentence.start, p.start)
            if title is not None:
                _held(p, title.group("pos"), title.start("pos"), False)
                scores[p.entity]["official"] += 3  # an office held in the account; a report makes a witness
            presides = _PRESIDES_AFTER.match(after)
            if presides is not None:
                scores[p.entity]["official"] += 5
                # ("who led the judges" is the guide's held position)
                _held(p, presides.group("pos"), p.end + presides.start("pos"), False)
        if doc.language != "fa" and not official and _JUDICIAL_BY.search(before) and _ABROAD.search(text):
            scores[p.entity]["official"] += 12  # outweighs "led by" and what the team does ("issued")
        if doc.language == "fa":
            # "خانم جهانگیر می‌نویسد": the subject opening the sentence, a title before it at most
            opening = _TITLE_FA.sub("", norm[sentence.start : p.start]).strip()
            speaks = not opening and _SPEECH_FA.match(after) is not None
        else:
            speaks = (
                _SPEECH_EN.match(after) is not None
                or _APPOSED_SPEECH_EN.match(after) is not None
                or _SAID_BEFORE_EN.search(before) is not None
            )
            line = norm[norm.rfind("\n", 0, p.start) + 1 : p.start]
            if after.startswith(":") and _TRANSCRIPT_LINE.fullmatch(line) and not official:
                spoke[p.entity] += 4  # "- Ali: We noticed that …": an interview's answer
        if _COUNSEL_AFTER.match(after) or _COUNSEL_BEFORE.search(before):
            counsel.add(p.entity)
            if _PARTY_COUNSEL_AFTER.match(after) or _PARTY_COUNSEL_BEFORE.search(before):
                party_counsel.add(p.entity)
            speaks = False  # "X، وکیل مشاور Y … گفت", "X, his lawyer, said": counsel speaks for another
        if _INTERVIEWED_AFTER[doc.language == "fa"].match(after) or _INTERVIEWED_BEFORE.search(before):
            interviewed.add(p.entity)
        if speaks and not official:  # "خمینی گفت", "Noury told the court": the accused stays the perpetrator
            spoke[p.entity] += 3
        if _TO_POWER[0].search(before) and _TO_POWER[1].match(after):
            scores[p.entity]["official"] += 4
        if _CEASEFIRE_AFTER.match(after):
            scores[p.entity]["official"] += 4  # (also a known official: the cue is his part in this text)
        heading = _heading_name(doc, p) and not midway and not addressed
        if heading and _PUBLISHER_BELOW.match(norm, p.end) and not _FIRST_PERSON_ANY[0].search(norm):
            bystanders.add(p.entity)  # a book's author above its publisher, the book told in the third person
        if heading and _MEMORIAL_FIELD.search(norm):
            scores[p.entity]["victim"] += 10  # the subject of a memorial entry
        elif heading and _FIRST_PERSON_ANY[doc.language == "fa"].search(outside):
            scores[p.entity]["narrator"] += 6  # the author's name above a text that says "I" somewhere
            bylined.add(p.entity)
        following = doc.neighbour(sentence, 1)
        same = by_sentence[sentence.index]
        pronoun = _NEXT_PRONOUN_FA.search if doc.language == "fa" else _NEXT_PRONOUN.match
        if (
            following is not None
            and same
            and same[-1] is p
            and pronoun(norm[following.start : following.end])
        ):
            scores[p.entity]["victim"] += 4  # "they took X from our cell. He was hanged that night."
    for entity, weight in spoke.items():
        if entity not in counsel:  # "Ms. Gita said": counsel named once speaks for the client throughout
            scores[entity]["witness"] += weight
    known = lexicon().known_officials
    for p in persons:
        surname = p.tokens[-1] if p.tokens else ""
        if surname.casefold().removesuffix("'s") in known or fa_key(surname) in known:
            scores[p.entity]["perpetrator"] += (
                1.5  # a public-record official: a prior the context can outweigh
            )
    if voices is not None:
        for q in doc.quotes:
            speaker = voices.quote_speakers.get(q.start)
            if speaker is not None and speaker.entity is not None and q.first_person:
                scores[speaker.entity]["narrator"] += 4
    # "he" resolved to the reporter or photographer named in passing is the story's subject, not them
    for p in persons:
        if p.position and _REPORTER.search(p.position) and p.entity in by_reference:
            for role, weight in by_reference.pop(p.entity).items():
                scores[p.entity][role] -= weight
    roles: dict[int, str] = {}
    for p in persons:
        table = scores.get(p.entity)
        if not table:
            roles[p.entity] = "other"
            continue
        best = max(_PRIORITY, key=lambda r: (table.get(r, 0.0), -_PRIORITY.index(r)))
        weight = table.get(best, 0.0)
        if best == "narrator" and (
            (not doc.first_person and p.entity not in bylined) or p.entity in interviewed
        ):
            best = "witness"  # an article's quoted survivor: a witness; "narrator" is the voice of "I"
        roles[p.entity] = best if weight > 0 else "other"
    for entity in party_counsel:
        if roles.get(entity) not in ("narrator", "perpetrator"):
            # the defence's or a plaintiff's counsel: `other` (docs/annotation.md), whatever "he" they are
            # taken for or what they say for their client
            roles[entity] = "other"
            bystanders.add(entity)
    accused = {q.tokens[-1] for q in persons if q.tokens and roles.get(q.entity) == "perpetrator"}
    for entity, owners in kin_of.items():
        # (the possessor by surname: "Saberi's son, Omid Saberi" leaves "Saberi" between two entities)
        if roles.get(entity) in ("relative", "witness", "other") and owners & accused:
            roles[entity] = "other"  # "Noury's son, X, said": the accused's kin (`relative` is a victim's)
            bystanders.add(entity)
    _share_aliases(doc, persons, roles)
    for p in persons:
        if p.entity in bystanders and roles.get(p.entity) == "other":
            p.cues["bystander"] = 1.0  # the rules' "other" holds (testament.extract.learnt.Combined)
    return roles


# "حمید نوری همان حمید عباسی است", "X ملقب به «Y»", "X, also known as Y": one person under two names
_ALIAS = re.compile(
    r"^\s*[،,]?\s*(?:(?:که\s+)?(?:همان|ملقب\s+به|معروف\s+به|مشهور\s+به|با\s+نام\s+مستعار|با\s+نام)|"
    r"(?:also\s+)?known\s+as|alias|a\.k\.a\.?|\(?\s*under\s+the\s+(?:alias|(?:false\s+|assumed\s+|cover\s+)?name|"
    r"pseudonym|nom\s+de\s+guerre))\s*[«\"“]?\s*$",
    re.IGNORECASE,
)


def _share_aliases(doc: Document, persons: list[PersonMention], roles: dict[int, str]) -> None:
    """An alias with no part of its own takes the part of the name it is given to."""
    for p, q in pairwise(persons):
        if p.entity == q.entity or not _ALIAS.match(doc.norm[p.end : q.start]):
            continue
        if roles.get(q.entity) == "other":
            roles[q.entity] = roles.get(p.entity, "other")
        elif roles.get(p.entity) == "other":
            roles[p.entity] = roles.get(q.entity, "other")


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
