"""People named in testimony, Latin or Persian script, grouped into the persons they refer to.

Latin script: a run of capitalised words is a name when a word in it is a known given name or surname,
when a title or lineage word (Hojatoleslam, Seyed) comes with it, or when it is two or three words whose
last has the shape of an Iranian surname (-i, -zadeh, -pour, -nejad, ...), or when it stands where only a name
does in academic, legal and UN writing (after an office's title, with an initial, listed beside another
name, cited with a year, after a kin word). Persian script has no capitals:
a known given name (one or two words, "علی رضا") followed by a word that is a surname (known, or shaped like
one, or closed by a comma) is a name. Once a full name is found, its surname or given name standing alone
later ("Akhgar said") is the same person. Titles (Hojatoleslam, آقای) are left out of the span; lineage
words (Seyed, سید) are part of the name as lists write it. Roles are assigned in `roles.py`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from testament.extract._lexicon import Lexicon, fa_key, lexicon
from testament.extract._text import Document, guard_all
from testament.extract.gazetteer import load_gazetteer
from testament.extract.mention import Mention

__all__ = ["KIN_HONORIFIC", "PersonMention", "find_persons"]

_UPPER = "A-ZÀ-ÖØ-Þ"
# (an Arabic article joined to a name, "al-Hassan"; particles between a name's words, "Staffan de Mistura")
_TOKEN = re.compile(rf"(?<![\w-])(?:(?:al|el)-)?[{_UPPER}][\w']*(?:-[\w']+)*")
_PARTICLES = r"(?:de|da|di|du|van|von|der|den|bin|ibn) "
_RUN = re.compile(
    rf"(?<![\w-])(?:(?:al|el)-)?[{_UPPER}][\w']*(?:-[\w']+)*"
    rf"(?: (?:{_PARTICLES})*(?:(?:al|el)-)?[{_UPPER}][\w']*(?:-[\w']+)*)*"
)
_SURNAME_SHAPE = re.compile(
    r"(?:zadeh|zade|pour|pur|poor|nejad|nezhad|nejhad|far|fard|nia|niya|lou|loo|lu|vand|abadi|kia|rad|"
    r"doust|dust|doost|khah|bakhsh|manesh|tabar|mand|ian|yan|[^aeiouy][iy]|ei|ee|ai|ie|ay)$"
)
_SURNAME_SHAPE_FA = re.compile(
    r"(?:یان|زاده|پور|نژاد|فر|فرد|نیا|لو|وند|کیا|راد|دوست|خواه|بخش|منش|تبار|مند|ی|ای)$"
)
# words that make a run of capitalised words a place's name, wherever they stand in it
_PLACE_HEADS = frozenset(
    {"shrine", "street", "road", "square", "avenue", "boulevard", "highway", "cemetery", "village",
     "mosque", "abad", "shahrak", "province", "imamzadeh", "bridge", "park"}
)  # fmt: skip
# single-word offices that stand before a name as its title ("Judge Zander"), capitalised
_OFFICE_TITLES = frozenset(
    {"judge", "prosecutor", "warden", "interrogator", "rapporteur", "commander", "professor", "prof.",
     "barrister", "justice", "attorney", "senator", "chairman", "chairwoman", "chair", "minister", "laureate",
     "congressman", "congresswoman", "secretary-general", "representative", "ambassador", "envoy",
     "commissioner"}
)  # fmt: skip
# capitalised small words that part two names in a title-case line ("X Y By X Y", "X And Y")
_RUN_BREAKS = frozenset({"By", "And", "From", "With", "To", "For", "At", "On", "In"})
# British honours written before a name, no part of it: "Sir Geoffrey Nice", "Baroness Helena Kennedy"
_HONOURS = frozenset({"sir", "dame", "lord", "lady", "baroness", "baron"})
# a lowercase office right before a surname alone: "judge Zander replied", "prosecutor Lindqvist asked"
_LOWER_OFFICE_BEFORE = re.compile(
    r"\b(?:judge|prosecutor|rapporteur|minister|senator|interrogator|warden|general secretary|"
    r"secretary[- ]general)\s+$"
)
_SPEECH_AFTER = re.compile(r"\s+(?:said|says|told|testified|recalled|added|explained|stated)\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|recalls|recalled|added)\s+$")
# letters after a name, no part of it: "Michael Mansfield QC"
_POST_NOMINALS = frozenset({"QC", "KC", "SC", "MP", "PhD", "Esq", "Esq."})
_MEDIA_HEADS = frozenset({"tv", "television", "radio", "channel", "newspaper", "magazine"})
# words that make a run of capitalised words a body's name: "Leiden University", "Prosecution Authority"
_BODY_HEADS = frozenset(
    {"university", "college", "authority", "institute", "ministry", "agency", "council", "court", "committee",
     "commission", "office", "department", "centre", "center", "school", "academy", "police", "army",
     "bureau", "foundation", "association", "organisation", "organization", "party", "tribunal", "union",
     "assembly", "parliament", "government", "press", "times", "campaign", "network", "society"}
)  # fmt: skip
# an apposition naming an occupation: ", the United Nations Special Rapporteur", ", a lawyer"
_APPOSED_OCCUPATION = re.compile(
    r"\s*,\s*(?:(?:the|a|an|then|former)\s+(?:former\s+)?(?:[\w’'-]+\s+){0,4}?"
    # or the office capitalised with no article, as lists of signatories write it: ", Special Rapporteur on"
    r"|(?-i:(?:[A-Z][\w’'-]*[\s-]+){0,3}?(?=[A-Z]))|(?:special|senior|chief|deputy|human rights)\s+)"
    r"(?:rapporteur|minister|president|spokes(?:man|woman|person)|director|lawyer|attorney|journalist|"
    r"activist|researcher|professor|chair(?:man|woman)?|secretary|ambassador|envoy|expert|judge|"
    r"prosecutor|survivor|witness|prisoner|author|historian|advocate|representative)s?\b",
    re.IGNORECASE,
)
_PLURAL_FA = re.compile(r"-(?:ha|haa|hay|haye)\d*$", re.IGNORECASE)
# "Johann Kriegler, who led the judges": a relative clause of persons ("which" is for things)
_WHO_AFTER = re.compile(r"\s*,\s*who\b")
# "British barrister Michael Mansfield", "the lawyer Kenneth Lewis", "The prosecutor, Ann Lind, asked": an
# occupation written before a name (with the comma of an apposition)
_OCCUPATION_BEFORE = re.compile(
    r"\b(?:barrister|lawyer|attorney|judge|prosecutor|rapporteur|envoy|ambassador|diplomat|jurist|scholar|"
    r"journalist|professor|researcher|activist|"
    r"historian|author|filmmaker|novelist|poet|reporter|spokes(?:man|woman|person))\s*,?\s+$"
)
_LED_BY = re.compile(r"\b(?:led|headed|chaired|presided over|represented)\s+by\s+$")
# "experts, including Mary Robinson", "his lawyer Kenneth Lewis", "My twin sister, Laleh B.", a byline
# "By Lawdan B.": slots only a person's name fills
_NAME_SLOT = re.compile(
    r"(?:\b(?i:including)|\b(?i:his|her|their|my|our)\s+(?:\w+\s+)?(?:lawyers?|attorneys?|counsel|mother|father|"
    r"brother|sister|wife|husband|son|daughter|cousin|uncle|aunt|friend|colleague)\s*,?|(?:^|\n)\s*By:?|"
    # "an eyewitness, named X Y,": a person introduced by name
    r"\b(?i:named))\s+$"
)
# a capitalised office phrase right before a name, as UN and legal writing titles its holders:
# "Special Rapporteur on Torture Ana Ruiz", "Secretary-General Lin Moor", "Prof. Ana Ruiz"
_TITLE_PHRASE_BEFORE = re.compile(
    r"(?:\b(?:Special\s+(?:Rapporteur|Representative|Envoy|Adviser|Advisor)|Secretary[- ]General|"
    r"High\s+Commissioner|Permanent\s+Representative|Ambassador|Prime\s+Minister|Foreign\s+Minister)"
    # the mandate's words, the last before the name capitalised: "on the Situation in Ruritania", not "on"
    r"(?:[\s,]+(?:(?:on|of|the|for|and|or|in|to)\s+)*[A-Z][\w’'.-]*)*|\b(?:Prof|Professor)\.?)\s+$"
)
# an initial before the given name ("S. Lee Wako"), not the last letter of an abbreviation ("U.N.")
_INITIAL_BEFORE = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,2}\s*$")
# an apposition saying what person the word before it names: ", a young girl", ", an old prisoner"
_APPOSED_PERSON = re.compile(
    r"\s*,\s*(?:a|an)\s+(?:[a-z]+\s+){0,2}?(?:girl|boy|woman|man|widow|widower|teenager|child|mother|father|"
    r"schoolgirl|schoolboy)(?![\w'’-])"
)
# the verbs a headline in title case puts after its subject: "Rapporteur Calls for …", "Envoy Urges …"
_HEADLINE_VERBS = frozenset(
    {"calls", "says", "urges", "demands", "warns", "welcomes", "condemns", "seeks", "asks", "slams",
     "criticises", "criticizes", "denounces", "rejects", "confirms", "reveals", "describes", "tells"}
)  # fmt: skip
# a capitalised name and the bracket opened after it: "Ann Lind (" (before "A. Berg)")
_PEN_NAME_OPENS = re.compile(rf"[{_UPPER}][a-z][\w'-]*\s*\(\s*$")
# an editor's bracketed name opening a quoted clause: "“[Larsson] indicated that ..."
_BRACKETED_SUBJECT = re.compile(
    rf"\[([{_UPPER}][a-z][\w'-]+)\]\s+(?:[a-z]+ed|[a-z]+s|had|was|is|has|did|said|met|told)\b"
)
# the holy figures of Shia Islam, invoked ("our Imam Ali"), are no person of the account
_IMAMS = frozenset(
    {"ali", "hossein", "hussein", "husain", "hasan", "hassan", "sajjad", "bagher", "baqir", "sadegh", "sadiq",
     "kazem", "reza", "javad", "hadi", "askari", "mahdi", "zaman"}
)  # fmt: skip
# "her brother Adel", "their son, Kaveh": a kin word with its possessive before a single name
_KIN_SLOT = re.compile(
    r"\b(?i:his|her|their|my|our)\s+(?:\w+\s+)?(?i:brother|sister|mother|father|wife|husband|son|daughter|"
    r"cousin|uncle|aunt|nephew|niece)\s*,?\s+$"
)
# an author cited with the year of the work: "Abrahamian (1999)", "(Zahedi 2017, 45)", "Robertson, G. (2010)"
_YEAR_CITED_AFTER = re.compile(
    r"(?:,\s*(?:[A-Z]\.\s*){1,2})?\s*(?:et al\.\s*)?\(\s*(?:1[89]|20)\d\d[a-z]?\s*[,:;)]"
)
_YEAR_CITED_INSIDE = (
    re.compile(r"\(\s*$"),
    re.compile(r"\s*(?:et al\.\s*)?,?\s*(?:1[89]|20)\d\d[a-z]?\s*[,:;)]"),
)
_EXCLAMATION = re.compile(r"\b(?:Allah|God|Ya)\b")
_CREDIT = re.compile(r"\b(?:Photo|Photograph|Picture|Image|Credit|Photo credit)s?\s*:\s*$")
_FA_WORD = re.compile(r"[^\W\d_][\w\u200c]*")
# (an alias or a Latin spelling in brackets also closes a name: "محمد مقیسه(ناصریان)")
_FA_STOP_AFTER = re.compile(r"\s*(?:[،,.:؛;!?()]|را(?![\w\u200c])|که(?![\w\u200c])|و(?![\w\u200c]))")


@dataclass
class PersonMention:
    start: int
    end: int
    text: str
    tokens: list[str]
    title: str | None = None
    lineage: bool = False
    known: bool = False  # backed by the name lexicon (or a title), not only by shape
    entity: int = -1
    cues: dict[str, float] = field(default_factory=dict)
    position: str | None = None
    detail: dict[str, object] = field(default_factory=dict)


def _claimed(taken: bytes | bytearray, found: list[PersonMention]) -> bytearray:
    """`taken` with the spans of the names already found marked too: where no further name may start."""
    claimed = bytearray(taken)
    for p in found:
        claimed[p.start : p.end] = b"\x01" * (p.end - p.start)
    return claimed


def _latin_surname_shape(word: str) -> bool:
    return len(word) >= 4 and _SURNAME_SHAPE.search(word.lower()) is not None


_PART_BREAK = re.compile(r"[-']")


def _parts(token: str) -> list[str]:
    return [p for p in _PART_BREAK.split(token.casefold()) if p]


@lru_cache(maxsize=1 << 14)  # (a name's words recur through a text; the lexicons are frozen)
def _in(lex: frozenset[str], token: str) -> bool:
    folded = token.casefold().removesuffix("'s")
    return (
        folded in lex or folded.replace("-", "") in lex or any(p in lex for p in _parts(folded) if len(p) > 2)
    )


_TITLE_WORDS_BEFORE = re.compile(r"([A-Z][\w'-]*\.?(?: [A-Z][\w'-]*)?)\s+$")


@lru_cache(maxsize=4)
def _bare_titles(titles: frozenset[str]) -> frozenset[str]:
    """The titles without their full stops, made once rather than per name."""
    return frozenset(t.rstrip(".") for t in titles)


def _title_before(norm: str, start: int, lex: Lexicon) -> str | None:
    m = _TITLE_WORDS_BEFORE.search(norm[max(0, start - 40) : start])
    if m is None:
        return None
    words = m.group(1)
    titles = _bare_titles(lex.titles)
    for candidate in (words, words.split(" ")[-1]):
        if candidate.casefold().rstrip(".") in titles:
            return candidate
    return None


def _position_beside(norm: str, start: int, end: int, lex: Lexicon) -> bool:
    """ "Nayeri, the religious judge", "prosecutor Eshraghi": a surname standing for an official."""
    positions = _positions()
    return bool(positions[0].match(norm, end) or positions[1].search(norm[max(0, start - 50) : start]))


@cache
def _positions() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    alt = "|".join(re.escape(p) for p in lex.positions)
    alt_fa = "|".join(re.escape(p) for p in lex.positions_fa)
    return (
        re.compile(rf"\s*,\s*(?:the\s+|a\s+|then\s+)?(?:[\w-]+\s+){{0,2}}?(?:{alt})\b", re.IGNORECASE),
        re.compile(rf"\b(?:{alt})\s*,?\s*$", re.IGNORECASE),
        # «نیری» قاضی شرع: a quoted name, the office after the closing quote
        re.compile(rf"\s*[»\"”]?\s*[،,]?\s*(?:{alt_fa})(?![\w\u200c])"),
        re.compile(rf"(?<![\w\u200c])(?:{alt_fa})\s*[،,]?\s*[«\"“]?\s*$"),
    )


def _latin(doc: Document, taken: bytearray, lex: Lexicon) -> list[PersonMention]:
    norm = doc.norm
    lowercase = {w for w in re.findall(r"\b[a-z][a-z']+\b", norm)}
    sentence_starts = {s.start for s in doc.sentences}
    found: list[PersonMention] = []
    rejected: list[list[tuple[int, int]]] = []

    def common(token: str) -> bool:
        folded = token.casefold()
        return folded in lex.stop_words or folded in lex.not_names or folded in lowercase

    runs = list(_RUN.finditer(_unwrapped(norm)))
    skip = -1
    for i, run in enumerate(runs):
        if i == skip or _EXCLAMATION.search(run.group(0)):
            continue  # "Allah Akbar" is a cry, not a man named Akbar
        tokens = [(m.start() + run.start(), m.end() + run.start()) for m in _TOKEN.finditer(run.group(0))]
        # "Kristina L. Carleson": a middle initial joins the run after it, if the whole reads as a name
        if (
            i + 1 < len(runs)
            and len(tokens) >= 2
            and tokens[-1][1] - tokens[-1][0] == 1
            and runs[i + 1].start() == run.end() + 2
            and norm[run.end() : run.end() + 2] == ". "
            and not any(taken[run.start() : runs[i + 1].end()])
        ):
            nxt = runs[i + 1]
            joined = tokens + [
                (m.start() + nxt.start(), m.end() + nxt.start()) for m in _TOKEN.finditer(nxt.group(0))
            ]
            whole = _latin_group(joined, norm, lex, common, sentence_starts)
            if whole and whole[0].start < tokens[-1][0] and whole[0].end > nxt.start():
                found.extend(whole)
                skip = i + 1
                continue
        # split the run where another finder has claimed a word (a place, an organisation, a date)
        groups: list[list[tuple[int, int]]] = [[]]
        for s, e in tokens:
            if any(taken[s:e]):
                groups.append([])
            elif groups[-1] and norm[s:e] in _RUN_BREAKS:
                groups.append([])  # "Tyler Brannagan By Tyler Brannagan": a title-case line holds two names
            else:
                groups[-1].append((s, e))
        for group in groups:
            named = _latin_group(group, norm, lex, common, sentence_starts)
            found.extend(named)
            if not named and 2 <= len(group) <= 3:
                rejected.append(group)
    found.extend(_coordinated(rejected, found, norm, lex, common))
    for m in _BRACKETED_SUBJECT.finditer(norm):
        s, e = m.span(1)
        word = m.group(1)
        if not any(taken[s:e]) and not common(word) and not any(p.start <= s < p.end for p in found):
            found.append(PersonMention(s, e, word, [word]))
    return sorted(found, key=lambda p: p.start)


def _unwrapped(norm: str) -> str:
    """The text with the line breaks of hard-wrapped prose as spaces (same offsets): a name broken over two
    lines of a long paragraph ("Anne\nBurley") is one run; a short line (a heading, a byline) stays apart."""

    def join(m: re.Match[str]) -> str:
        line_start = norm.rfind("\n", 0, m.start()) + 1
        return " " if m.start() - line_start >= 50 else "\n"

    # (a text is hard-wrapped when several long lines break mid-sentence; a page's title lines are not)
    broken = re.findall(r"^[^\n]{50,}[^\W\d_,;]\n(?=[^\W\d_])", norm, re.MULTILINE)
    if len(broken) < 3:
        return norm
    return re.sub(r"(?<=[^\W\d_])\n(?=[^\W\d_])", join, norm)


# the words that join the names of a list: "A B, C D and E F"
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
# the rest of a list closed by "and": ", C D and", " and"; a title's commas ("X, Eyewitness Accounts, Y")
# make no list
_LIST_CLOSES = re.compile(r"(?:\s*,\s*(?:(?:(?:Prof|Dr|[A-Z])\.|[A-Z][\w'’-]*)\s*)+)*\s*,?\s+and\s")


def _coordinated(
    groups: list[list[tuple[int, int]]],
    found: list[PersonMention],
    norm: str,
    lex: Lexicon,
    common: Callable[[str], bool],
) -> list[PersonMention]:
    """ "Prof. A B, Lena Hart and C D": two or three capitalised words listed beside a person's name are
    a name too, as academic and legal writing lists its participants."""
    candidates = []
    for group in groups:
        words = [norm[s:e] for s, e in group]
        if all(re.fullmatch(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+", w) for w in words) and not any(
            common(w) or w.casefold() in _PLACE_HEADS or w.casefold() in _MEDIA_HEADS for w in words
        ):
            candidates.append(group)
    added: list[PersonMention] = []
    changed = True
    while changed:
        changed = False
        names = found + added
        for group in list(candidates):
            start, end = group[0][0], group[-1][1]
            closed = _LIST_CLOSES.match(norm, end) is not None or re.search(
                r"\band\s+$", norm[start - 6 : start]
            )
            beside = closed and any(
                (_LIST_JOIN.fullmatch(norm, p.end, start) is not None)
                or (_LIST_JOIN.fullmatch(norm, end, p.start) is not None)
                for p in names
                if len(p.tokens) >= 2
            )
            if beside:
                words = [norm[s:e] for s, e in group]
                added.append(PersonMention(start, end, norm[start:end], words))
                candidates.remove(group)
                changed = True
    return added


def _latin_group(
    group: list[tuple[int, int]],
    norm: str,
    lex: Lexicon,
    common: Callable[[str], bool],
    sentence_starts: set[int],
) -> list[PersonMention]:
    title: str | None = None
    office = False  # an office written as a title before the name: "Judge Zander", "Prosecutor Martina W."
    if any(norm[s:e].casefold() in _PLACE_HEADS for s, e in group):
        return []  # "Seyed Nizamuddin Shrine", "Taleb Amoli Street", "Shahrak Shahab Nia": a place's name
    if any(norm[s:e].casefold() in _MEDIA_HEADS for s, e in group):
        return []  # "Simay Azadi TV", "Radio Farda": a broadcaster, not a person
    offices = [i for i, (s, e) in enumerate(group[:-1]) if norm[s:e].casefold() in _OFFICE_TITLES]
    if offices and offices[-1] > 0:
        group = group[
            offices[-1] :
        ]  # "Nobel Peace Laureate X Y", "Rules Committee Chair X Y": the name follows
    if any(norm[s:e].casefold() in _BODY_HEADS for s, e in group):
        return []  # "Leiden University", "the Prosecution Authority": a body, not a person
    owner = next((i for i, (s, e) in enumerate(group[:-1]) if norm[s:e].endswith("'s")), None)
    if owner is not None:
        group = group[: owner + 1]  # "Hamid Noury's Trial", "One Prisoner's Story": the name ends at its 's
    while group:
        word = norm[group[0][0] : group[0][1]]
        folded = word.casefold()
        pair = f"{folded} {norm[group[1][0] : group[1][1]].casefold()}" if len(group) > 2 else ""
        if pair in lex.titles:
            title = norm[group[0][0] : group[1][1]]
            group = group[2:]  # "Grand Ayatollah X Y": a title of two words
        elif folded in lex.titles or folded.rstrip(".") in lex.titles:
            title = word
            group = group[1:]
        elif folded in _HONOURS and len(group) > 1:
            office = True  # "Sir X Y": the honour left out, no title the roles read (it says no office)
            group = group[1:]
        elif folded in _OFFICE_TITLES and len(group) > 1:
            office = True
            group = group[1:]
        elif common(word) and not (_in(lex.given, word) or _in(lex.surnames, word)):
            title = None
            group = group[1:]
        elif folded in lex.stop_words or folded in lex.not_names:
            group = group[1:]
        else:
            break
    while group:
        word = norm[group[-1][0] : group[-1][1]]
        known = _in(lex.given, word) or _in(lex.surnames, word)
        if not (word.casefold() in lex.lineage or word in _POST_NOMINALS or (common(word) and not known)):
            break
        group = group[:-1]
    if not group or len(group) > 4:
        return []
    words = [norm[s:e] for s, e in group]
    listed = load_gazetteer().lookup(" ".join(words)) if len(words) >= 2 else None
    if listed is not None and listed.category == "place":
        return []  # "the tribunal for Sierra Leone, who …": a country left free of a place mention, no name
    if any(w.casefold() in lex.not_names or _PLURAL_FA.search(w) for w in words):
        return []  # "the Azadi-ha": a Persian plural written in Latin letters names a group, no person
    start, end = group[0][0], group[-1][1]
    if words[-1].endswith("'s"):
        end -= 2
        words[-1] = words[-1][:-2]
    head, _, tail = words[-1].rpartition("-")
    if head and tail in lex.stop_words:
        end -= len(tail) + 1  # "Montazeri-who": a dash written as a hyphen, the word after it no name
        words[-1] = head
    title = title or _title_before(norm, start, lex)
    if title and title.casefold() == "imam" and len(words) == 1 and words[0].casefold() in _IMAMS:
        return []  # "our Imam Ali": a holy figure invoked, no person of the account
    lineage = words[0].casefold() in lex.lineage
    given = any(_in(lex.given, w) for w in words)
    surname = any(_in(lex.surnames, w) for w in words)
    # (a word in capitals is a headline's, "EXECUTIVE SUMMARY": its shape is no evidence of a surname)
    shape = _latin_surname_shape(words[-1]) and not common(words[-1]) and not words[-1].isupper()
    initial = _INITIAL_BEFORE.search(norm, max(0, start - 6), start)
    pen_name = False
    if len(words) >= 2:
        # "Photo: Sophie Tanha/TT": a credit line names its photographer
        credit = _CREDIT.search(norm[max(0, start - 24) : start]) is not None and len(words) <= 3
        # "Javaid Rehman, the UN Special Rapporteur", "a team led by Kristina L. Carleson": two or three
        # capitalised words, none of them a common word, in a place only a person's name takes
        placed = (
            len(words) <= 3
            and not any(common(w) for w in words)
            and (
                _APPOSED_OCCUPATION.match(norm, end) is not None
                or _WHO_AFTER.match(norm, end) is not None
                or _OCCUPATION_BEFORE.search(norm[max(0, start - 30) : start]) is not None
                or _LED_BY.search(norm[max(0, start - 30) : start]) is not None
                or _NAME_SLOT.search(norm[max(0, start - 40) : start]) is not None
                or _TITLE_PHRASE_BEFORE.search(norm[max(0, start - 160) : start]) is not None
                or initial is not None
            )
        )
        if not (given or surname or title or lineage or shape or credit or office or placed):
            return []
        if lineage and len(words) == 1:
            return []
    else:
        word = words[0]
        if lineage:
            return []
        lone_given = _in(lex.given, word) and (word.casefold() not in lex.stop_words)
        lone_surname = _in(lex.surnames, word) and not common(word)
        official = (surname or shape) and _position_beside(norm, start, end, lex)
        # "Mother Lotfi": a parent called by the family's name
        parent = shape and KIN_HONORIFIC.search(norm, max(0, start - 8), start) is not None
        # "“…,” Mesdaghi said", "said Tavakoli": a surname-shaped word as the speaker of a quotation
        speaker = shape and (
            _SPEECH_AFTER.match(norm, end) is not None
            or _SPEECH_BEFORE.search(norm, max(0, start - 12), start) is not None
        )
        # "Abrahamian (1999)", "(Zahedi 2017, 45)": an author cited with the year of the work
        cited = not common(word) and (
            _YEAR_CITED_AFTER.match(norm, end) is not None
            or (
                _YEAR_CITED_INSIDE[0].search(norm, max(0, start - 3), start) is not None
                and _YEAR_CITED_INSIDE[1].match(norm, end) is not None
            )
        )
        speaker = speaker or cited
        # "her brother Adel": a single capitalised word named as a relative
        kin = not common(word) and _KIN_SLOT.search(norm, max(0, start - 40), start) is not None
        # "Ann Lind (A. Berg)": an initial and a word bracketed after a name, the pen name she wrote under
        pen_name = (
            initial is not None
            and not common(word)
            and _PEN_NAME_OPENS.search(norm, max(0, initial.start() - 40), initial.start()) is not None
            and norm[end : end + 1] == ")"
        )
        # "One was Lale, a young girl living in Paris": a single word described as a person right after it
        described = not common(word) and _APPOSED_PERSON.match(norm, end) is not None
        kin = kin or pen_name or described
        parent = parent or speaker or kin
        office = office or (
            not common(word) and _LOWER_OFFICE_BEFORE.search(norm, max(0, start - 22), start) is not None
        )
        if not (lone_given or lone_surname or title or official or parent or (office and not common(word))):
            return []
        if start in sentence_starts and not title and word.casefold() in {"said", "hope", "may"}:
            return []
        if word.casefold() in _HEADLINE_VERBS and not (lone_given or lone_surname):
            return []  # "UN Special Rapporteur Calls for Inquiry": a headline's verb after the office
    if initial is not None and (len(words) >= 2 or pen_name):
        start = initial.start()  # "S. Lee Wako": the initial is part of the name as written
    text = norm[start:end]
    return [PersonMention(start, end, text, words, title, lineage, given or surname or bool(title))]


@dataclass(frozen=True)
class _FaWords:
    """The Persian words of a text (spans into `norm`) and what the lexicon says about them."""

    norm: str
    tokens: list[tuple[int, int]]
    words: list[str]
    lex: Lexicon

    def taken(self, claimed: bytearray, j: int) -> bool:
        """Whether word j overlaps text another finder has claimed."""
        return any(claimed[self.tokens[j][0] : self.tokens[j][1]])

    def given_at(self, j: int) -> int:
        """How many tokens from j form a given name (0 if none)."""
        norm, tokens, words, lex = self.norm, self.tokens, self.words, self.lex
        # a given name written as two words ("بهنام" as "به نام"), unless the words are two plain words:
        # "به نام" (in the name of), "به من" (to me; بهمن)
        pair = (
            j + 1 < len(words)
            and _gap(norm, tokens[j][1], tokens[j + 1][0])
            and not (words[j] in lex.not_names_fa and words[j + 1] in lex.not_names_fa)
        )
        if pair and _allah(fa_key(words[j] + words[j + 1])) in lex.given_fa:
            return 2
        if words[j] in lex.not_names_fa:
            return 0
        if words[j] == "زمان" and j > 0 and words[j - 1] in _TIME_BEFORE:
            return 0  # "در زمان خمینی": "in the time of", not the given name Zaman
        key = _allah(fa_key(words[j]))
        return 1 if key in lex.given_fa or _compound_given(key, lex.given_fa) else 0

    def surname_at(self, j: int) -> bool:
        """Whether word j reads as a surname: known, shaped like one, or followed by punctuation or a
        particle (را, که, و)."""
        norm, tokens, words, lex = self.norm, self.tokens, self.words, self.lex
        if j >= len(words) or _relative_fa(words[j], lex):
            return False
        key = fa_key(words[j])
        when = (
            j + 1 < len(words) and words[j + 1] == "که" and not norm[tokens[j][1] : tokens[j + 1][0]].strip()
        )
        if key in lex.surnames_fa and not when:
            return True  # "زمانی" is a surname after a given name, "when" before "که"
        if words[j] in lex.not_names_fa:
            return False
        end = tokens[j][1]
        if len(key) >= 2 and _positions()[2].match(norm, end) is not None:
            return True  # "رضا ملک معاون …": an office right after the word closes the name
        if key in lex.given_fa:
            return False
        if len(key) >= 3 and _SURNAME_SHAPE_FA.search(key) and not key.endswith(("ند", "یم", "ید")):
            return True
        return len(key) >= 3 and _FA_STOP_AFTER.match(norm, end) is not None

    def mention(self, first: int, stop: int, title: str | None, lineage: bool, known: bool) -> PersonMention:
        """The mention of words first..stop-1."""
        s, e = self.tokens[first][0], self.tokens[stop - 1][1]
        return PersonMention(s, e, self.norm[s:e], self.words[first:stop], title, lineage, known)


def _allah(key: str) -> str:
    """ "لطف اله", "روحاله": a given name closing on God's name written "اله" is the "الله" one."""
    return key[:-3] + "الله" if key.endswith("اله") and not key.endswith("الله") and len(key) > 4 else key


_IMAMS_FA = frozenset(
    {"علی", "حسن", "حسین", "سجاد", "باقر", "صادق", "کاظم", "رضا", "جواد", "هادی", "عسکری", "زمان"}
)
_TIME_BEFORE = frozenset({"در", "از", "تا", "آن", "همان", "این"})
_SURNAME_TAIL_FA = frozenset({"نژاد", "زاده", "پور", "فر", "فرد", "نیا", "راد", "وند", "منش", "دوست", "خواه"})
_POSSESSIVE_FA = ("مان", "تان", "شان", "م", "ت", "ش")


def _relative_fa(word: str, lex: Lexicon) -> bool:
    """A word for a relative, with its possessive ending too ("برادرم مجید": my brother Majid)."""
    if word in lex.relatives_fa:
        return True
    bare = word.replace("\u200c", "")
    return any(bare.endswith(e) and bare[: -len(e)] in lex.relatives_fa for e in _POSSESSIVE_FA)


def _compound_given(key: str, given: frozenset[str]) -> bool:
    """Two known given names written as one word ("حسینعلی", "محمدرضا" when unlisted): a given name, as
    the names package reads a compound (compounds.toml)."""
    return any(key[:i] in given and key[i:] in given for i in range(3, len(key) - 2))


def _unglued(norm: str, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """ "شکوهی وبهمن باقری": "و" (and) written against the next name; the name starts after it."""
    word = norm[start:end]
    if (
        len(word) > 3
        and word[0] == "و"
        and word not in lex.not_names_fa
        and fa_key(word[1:]) in lex.given_fa
        and fa_key(word) not in lex.given_fa
        and fa_key(word) not in lex.surnames_fa
    ):
        return start + 1, end
    return start, end


def _persian(doc: Document, taken: bytearray, lex: Lexicon) -> list[PersonMention]:
    norm = doc.norm
    tokens = [_unglued(norm, m.start(), m.end(), lex) for m in _FA_WORD.finditer(norm)]
    fa = _FaWords(norm, tokens, [norm[s:e] for s, e in tokens], lex)
    found: list[PersonMention] = []
    i = 0
    while i < len(fa.words):
        if fa.taken(taken, i):
            i += 1
            continue
        titled = _title_fa(norm, tokens[i][0], lex)
        title = titled[0] if titled else None
        j = i
        if titled:
            while j < len(tokens) and tokens[j][0] < titled[1]:
                j += 1
        lineage = j < len(fa.words) and fa.words[j] in lex.lineage_fa
        k = j + 1 if lineage else j
        if k >= len(fa.words) or fa.taken(taken, k):
            i = max(i + 1, k)
            continue
        if k > 0 and fa.words[k - 1] == "حی":
            i = k + 1
            continue  # "حی علی الصلاة": the call to prayer, not a man named Ali
        if title == "امام" and fa.words[k] in _IMAMS_FA:
            i = k + 1
            continue  # "روز تولد امام رضا": one of the Twelve Imams, no one in the events
        match = _name_at(fa, taken, j, k, title, lineage)
        if match is None:
            i += 1
            continue
        found.append(match[0])
        i = match[1]
    return found


def _title_fa(norm: str, start: int, lex: Lexicon) -> tuple[str, int] | None:
    """The title (آقای, حاج, ...) written at `start` as a whole word, if any, and where it ends. A title
    opening on "آ" is often written without the madda ("اقای"); titles written one after another
    ("جناب آقای") are one title, the last of them kept."""
    found = None
    while (one := _one_title_fa(norm, start, lex)) is not None:
        found = (one[0], one[1])
        gap = re.match(r"[ \u200c]+", norm[one[1] : one[1] + 3])
        if gap is None:
            break
        start = one[1] + gap.end()
    return found


def _one_title_fa(norm: str, start: int, lex: Lexicon) -> tuple[str, int] | None:
    for t in lex.titles_fa:
        for spelling in (t, "ا" + t[1:]) if t.startswith("آ") else (t,):
            end = start + len(spelling)
            if norm.startswith(spelling, start) and (end == len(norm) or not norm[end].isalnum()):
                return t, end
    return None


def _name_at(
    fa: _FaWords, taken: bytearray, j: int, k: int, title: str | None, lineage: bool
) -> tuple[PersonMention, int] | None:
    """The name whose own words start at word k (its title and lineage word from word j), and the word
    after it; None if none starts there."""
    byline = _byline_fa(fa, taken, j, k)
    if byline > k:
        return fa.mention(j, byline, title, lineage, False), byline
    n = fa.given_at(k)
    if n:
        found = _given_name_at(fa, taken, j, k, n, title, lineage)
        slotted = _slotted_name(fa, taken, k) if found is None else k
        return found if slotted == k else (fa.mention(j, slotted, title, lineage, True), slotted)
    if title and fa.surname_at(k):
        return fa.mention(j, k + 1, title, lineage, True), k + 1
    if title in ("خانم", "آقای"):
        end = _words_after_title(fa, taken, k)
        if end > k:
            # "خانم کریستینا لیندهوف کارلسون": a title before words no list holds (a foreign name)
            return fa.mention(j, end, title, lineage, False), end
    joined = _two_word_official(fa, taken, k)
    if joined:
        return fa.mention(
            j, k + 2, title, lineage, True
        ), k + 2  # "خامنه ای": an official's name in two words
    slotted = _slotted_name(fa, taken, k)
    if slotted > k:
        return fa.mention(j, slotted, title, lineage, False), slotted
    key = fa_key(fa.words[k])
    if key in fa.lex.surnames_fa:
        # a family name of two known surnames before an office: «موسوی اردبیلی» دادستان کل
        two = (
            k + 1 < len(fa.words)
            and fa_key(fa.words[k + 1]) in fa.lex.surnames_fa
            and _gap(fa.norm, fa.tokens[k][1], fa.tokens[k + 1][0])
            and not fa.taken(taken, k + 1)
        )
        stop = k + 2 if two else k + 1
        if _position_beside_fa(fa.norm, fa.tokens[k][0], fa.tokens[stop - 1][1], fa.lex):
            return fa.mention(j, stop, title, lineage, True), stop  # "نیری، حاکم شرع"
        if (key in fa.lex.known_officials or key in _heads_of_state_fa()) and not two:
            # an official of public record named by the surname alone ("فتوای خمینی", "خامنه‌ای")
            return fa.mention(j, k + 1, title, lineage, True), k + 1
        if not two and _GOVERNMENT_BEFORE_FA.search(fa.norm, max(0, fa.tokens[k][0] - 10), fa.tokens[k][0]):
            # "دولت روحانی": the government named by its head, a known surname
            return fa.mention(j, k + 1, title, lineage, True), k + 1
    if _unknown_given(fa.words, fa.tokens, k, fa.norm, fa.lex, taken):
        # a given name missing from the lexicon before a known surname: "فرامرز عباسی"
        return fa.mention(j, k + 2, title, lineage, False), k + 2
    if _apposed_occupation_fa(fa, taken, k):
        # "یان هامارسون، وکیل مشاور …": two unknown words opening a sentence, then ", lawyer": a name
        return fa.mention(j, k + 2, title, lineage, False), k + 2
    if _everyday_given_before_surname(fa, taken, k):
        # "هاله بهمن‌نیا": an everyday-word given name before a surname with a surname's ending
        return fa.mention(j, k + 2, title, lineage, True), k + 2
    if _quoted_official_fa(fa, taken, k):
        # «تیزرای» (دادستان سابق شهر): a byname in quotes, the office bracketed after it
        return fa.mention(j, k + 1, title, lineage, False), k + 1
    if _family_named_parent_fa(fa, k):
        return fa.mention(
            j, k + 1, title, lineage, False
        ), k + 1  # «مادر لطفی»: the mother, by the family name
    return None


def _byline_fa(fa: _FaWords, taken: bytearray, j: int, k: int) -> int:
    """The end of a name written as a line of its own, as a byline or a signature is ("جعفر بهکیش",
    "زینت میرهاشمی" between a headline and the date): two or three words, the first a given name (an
    everyday-word one too, then the last shaped like a surname), none an everyday word the lists know. k if
    none."""
    norm, tokens, words = fa.norm, fa.tokens, fa.words
    line_start = norm.rfind("\n", 0, tokens[j][0]) + 1
    before = norm[line_start : tokens[j][0]]
    # or after a dash closing the line's title: "برگ‌های پاییز ـ نام نویسنده"
    if before.strip() and not re.search(r"\S\s+[ـ–—\u200c-]\s*$", before):
        return k
    line_end = norm.find("\n", tokens[k][1])
    line_end = len(norm) if line_end < 0 else line_end
    end = k
    while end < len(words) and tokens[end][1] <= line_end:
        end += 1
    if not 2 <= end - k <= 3 or norm[tokens[end - 1][1] : line_end].strip():
        return k
    everyday = fa_key(words[k]) in _everyday_given_fa()
    if not (fa.given_at(k) or everyday):
        return k
    for i in range(k, end):
        word = words[i]
        if (
            fa.taken(taken, i)
            or word in fa.lex.not_names_fa
            or _relative_fa(word, fa.lex)
            or len(fa_key(word)) < 2
            or (i > k and (word.endswith(_VERB_ENDING_FA) or fa_key(word) in _everyday_given_fa()))
            or (i > k and not _gap(norm, tokens[i - 1][1], tokens[i][0]))
        ):
            return k
    last = fa_key(words[end - 1])
    if len(last) < 3 or last in _everyday_surnames():
        return k
    if everyday and not fa.given_at(k) and _SURNAME_SHAPE_FA.search(last) is None:
        return k
    return end


def _quoted_official_fa(fa: _FaWords, taken: bytearray, k: int) -> bool:
    start, end = fa.tokens[k]
    word = fa.words[k]
    if (
        fa.taken(taken, k)
        or len(fa_key(word)) < 3
        or word in fa.lex.not_names_fa
        or _relative_fa(word, fa.lex)
    ):
        return False
    if not re.search(r"[«\"“]\s*$", fa.norm[max(0, start - 3) : start]):
        return False
    return _office_in_brackets_fa().match(fa.norm, end) is not None


@cache
def _office_in_brackets_fa() -> re.Pattern[str]:
    alt = "|".join(re.escape(p) for p in lexicon().positions_fa)
    return re.compile(rf"\s*[»\"”]\s*\(\s*(?:{alt})(?![\w\u200c])")


_GOVERNMENT_BEFORE_FA = re.compile(r"(?<![\w\u200c])(?:دولت|کابینه)(?:[\u200c ]?ی)?\s+$")


# «مادر لطفی», (مادر لطفی): a parent called by the family's name, quoted or bracketed as a byname
_QUOTED_PARENT_FA = re.compile(r"[\"(]\s*(?:مادر|پدر)\s+$")
_QUOTE_CLOSE = re.compile(r"\s*[\")]")


def _family_named_parent_fa(fa: _FaWords, k: int) -> bool:
    """A family name after "مادر"/"پدر": a known surname, or one shaped like a surname inside quotes or
    brackets («مادر لطفی») — the byname the families of the executed are known by."""
    norm, start, end = fa.norm, fa.tokens[k][0], fa.tokens[k][1]
    word, key = fa.words[k], fa_key(fa.words[k])
    if not KIN_HONORIFIC.search(norm, max(0, start - 8), start) or word in fa.lex.not_names_fa:
        return False
    if key in fa.lex.given_fa or _relative_fa(word, fa.lex) or word.endswith(_VERB_ENDING_FA):
        return False
    if key in fa.lex.surnames_fa and key not in _everyday_surnames():
        return True
    quoted = _QUOTED_PARENT_FA.search(norm, max(0, start - 10), start) and _QUOTE_CLOSE.match(norm, end)
    return bool(quoted) and len(key) >= 4 and _SURNAME_SHAPE_FA.search(key) is not None


def _two_word_official(fa: _FaWords, taken: bytearray, k: int) -> bool:
    """ "خامنه ای", "لاجور دی": a public-record official's surname written as two words."""
    if (
        k + 1 >= len(fa.words)
        or fa.taken(taken, k + 1)
        or not _gap(fa.norm, fa.tokens[k][1], fa.tokens[k + 1][0])
    ):
        return False
    joined = fa_key(fa.words[k] + fa.words[k + 1])
    # (or a listed surname whose ending is written apart, "خامنه ای": a known name, whatever its role)
    return joined in fa.lex.known_officials or (len(fa.words[k + 1]) <= 3 and joined in fa.lex.surnames_fa)


# slots only a person's name fills: "از جمله X", "گفتگویی با X", "مصاحبه با X", "نامه‌ی X", "شهادت X"
_NAME_SLOT_FA = re.compile(
    # ("گفتگویی داشت با X", "گفت‌وگوی نشریه با X": a word between the interview and "با")
    r"(?<![\w\u200c])(?:از جمله|گفتگو(?:ی|یی|ئی)?(?:\s+[\w\u200c]+)?\s+با|"
    r"گفت[\u200c ]?و[\u200c ]?گو(?:ی|یی|ئی)?(?:\s+[\w\u200c]+)?\s+با|"
    r"مصاحبه(?:[\u200c ]?ای)? با|نامه(?:[\u200c ]?ی)?|شهادت|نام من|(?P<by>توسط))\s*[،,]?\s*$"
)


# a parent called by the family's name, as the families of the executed are ("مادر لطفی", "Mother Behkish")
KIN_HONORIFIC = re.compile(r"(?:(?<![\w\u200c])(?:مادر|پدر)|\b(?:Mother|Father))\s+$")
_AGE_AFTER_FA = re.compile(r"\s*\d{1,2}\s*ساله(?![\w\u200c])")


def _slotted_name(fa: _FaWords, taken: bytearray, k: int) -> int:
    """The end of a two- or three-word name the lists may not know, in a slot only a name fills ("گفتگویی
    با رها بحرینی"): a known given name first, or a surname-shaped or known surname last. k if none."""
    given = fa.given_at(k) or 1
    end = k + given + 1
    if end > len(fa.words):
        return k
    slot = _NAME_SLOT_FA.search(fa.norm, max(0, fa.tokens[k][0] - 24), fa.tokens[k][0])
    if slot is not None and slot.group("by") and not fa.given_at(k):
        return k  # "توسط اکبر X" (by Akbar X), not "توسط افراد مسلحی" (by armed men): a given name first
    if slot is None:
        # or an age after the name ("مهری درخشان نیا ۱۶ساله"), its surname in one or two words
        aged = [
            e
            for e in (end, end + 1)
            if e <= len(fa.words) and _AGE_AFTER_FA.match(fa.norm, fa.tokens[e - 1][1])
        ]
        if not aged:
            return k
        end = aged[0]
    for i in range(k, end):
        word = fa.words[i]
        if (
            fa.taken(taken, i)
            or word in fa.lex.not_names_fa
            or _relative_fa(word, fa.lex)
            or (i > k and word.endswith(_VERB_ENDING_FA))  # ("رها" is a name, "-ها" ends a plural after it)
            or any(c.isdigit() for c in word)
            or (i > k and not _gap(fa.norm, fa.tokens[i - 1][1], fa.tokens[i][0]))
        ):
            return k
    last = fa_key(fa.words[end - 1])
    shaped = last in fa.lex.surnames_fa or (len(last) >= 3 and _SURNAME_SHAPE_FA.search(last) is not None)
    return end if fa.given_at(k) or shaped else k


# occupations an apposition gives a name: lawyer, reporter, spokesperson, prosecutor, judge, rapporteur
_FA_OCCUPATION = re.compile(
    r"\s*[،,]\s*(?:وکیل|وکلای|خبرنگار|گزارشگر|سخنگوی|دادستان|قاضی|نماینده|رئیس|مدیر|استاد|پژوهشگر)(?![\w\u200c])"
)


# "به گفته X Y، مدیر …": a source cited by name opens the name as a sentence start does
_CITED_FA = re.compile(r"(?:به گفته(?:[\u200c ]?ی)?|از قول)\s+$")


def _apposed_occupation_fa(fa: _FaWords, taken: bytearray, k: int) -> bool:
    if k + 1 >= len(fa.words) or fa.taken(taken, k) or fa.taken(taken, k + 1):
        return False
    words = fa.words[k : k + 2]
    if any(len(w) < 2 or w in fa.lex.not_names_fa or fa_key(w) in fa.lex.relatives_fa for w in words):
        return False
    if not _gap(fa.norm, fa.tokens[k][1], fa.tokens[k + 1][0]):
        return False
    opening = fa.norm[max(0, fa.tokens[k][0] - 3) : fa.tokens[k][0]].strip()
    cited = _CITED_FA.search(fa.norm, max(0, fa.tokens[k][0] - 14), fa.tokens[k][0]) is not None
    return (not opening or opening[-1] in ".؟!:\n" or cited) and _FA_OCCUPATION.match(
        fa.norm, fa.tokens[k + 1][1]
    ) is not None


def _given_name_at(
    fa: _FaWords, taken: bytearray, j: int, k: int, n: int, title: str | None, lineage: bool
) -> tuple[PersonMention, int] | None:
    """A known given name of `n` words at word k, with its surname; or alone after a title or a word for
    a relative ("آقای رئیسی", "حاج قاسم", "مادر محمد،"). None if neither."""
    norm, tokens, words = fa.norm, fa.tokens, fa.words
    if (
        k + n < len(words)
        and _gap(norm, tokens[k + n - 1][1], tokens[k + n][0])
        and fa.given_at(k + n)
        and fa.surname_at(k + n + fa.given_at(k + n))
    ):
        n += fa.given_at(k + n)  # "محمد علی رضایی"
    last = k + n
    if fa.surname_at(last) and not fa.taken(taken, last) and _gap(norm, tokens[last - 1][1], tokens[last][0]):
        if (
            last + 1 < len(words)
            and (fa_key(words[last + 1]) in fa.lex.surnames_fa or words[last + 1] in _SURNAME_TAIL_FA)
            and _gap(norm, tokens[last][1], tokens[last + 1][0])
        ):
            last += 1  # "قاسمی نژاد", "علی زاده": a surname's ending written as a word of its own
        return fa.mention(j, last + 1, title, lineage, True), last + 1
    if _given_as_surname(fa, taken, last):
        return fa.mention(j, last + 1, title, lineage, True), last + 1
    if last < len(words) and not fa.taken(taken, last) and _two_word_official(fa, taken, last):
        return fa.mention(j, last + 2, title, lineage, True), last + 2  # "علی خامنه ای"
    # (the name in quotes too: "خواهر «مسعود»")
    after_relative = (
        j > 0
        and _relative_fa(words[j - 1], fa.lex)
        and re.fullmatch(r"[ \u200c]{1,2}[«\"“]?", norm[tokens[j - 1][1] : tokens[j][0]]) is not None
    )
    if _AGE_AFTER_FA.match(norm, tokens[k + n - 1][1]):
        return fa.mention(j, k + n, title, lineage, True), k + n  # "محمد ۲۵ ساله": a name with an age
    pseudonym = _PSEUDONYM_FA.match(norm, tokens[k + n - 1][1]) is not None  # "منوچهر (نام مستعار)"
    if title or after_relative or pseudonym or _coordinated_given(fa, taken, j, k + n):
        return fa.mention(j, k + n, title, lineage, True), k + n
    if _repeated_name(fa, taken, last):
        return fa.mention(j, last + 1, title, lineage, False), last + 1
    return None


def _given_as_surname(fa: _FaWords, taken: bytearray, last: int) -> bool:
    """ "مهین لطیف، خواهر …": a given name after a given name is the surname (لطیف, کریم are both) where a
    comma or a particle closes the pair, here or at another place the text writes the pair."""
    if last >= len(fa.words) or fa.taken(taken, last) or fa.given_at(last) != 1:
        return False
    norm, tokens = fa.norm, fa.tokens
    if not _gap(norm, tokens[last - 1][1], tokens[last][0]) or (
        # (a given name after a comma starts the next name of a list: "تقی شهرام، محسن فاضل")
        last + 1 < len(fa.words)
        and _gap(norm, tokens[last][1], tokens[last + 1][0])
        and fa.given_at(last + 1)
    ):
        return False
    pair = norm[tokens[last - 1][0] : tokens[last][1]]
    closed = rf"(?<![\w\u200c]){re.escape(pair)}(?=\s*(?:[،,.:؛;!?]|که(?![\w\u200c])|را(?![\w\u200c])))"
    return re.search(closed, norm) is not None


_PSEUDONYM_FA = re.compile(r"\s*[(«]\s*(?:نام\s+)?مستعار\s*[)»]")
_VERB_ENDING_FA = ("ند", "یم", "ید", "ها", "های", "ترین", "شد", "کرد", "است", "بود")


def _words_after_title(fa: _FaWords, taken: bytearray, k: int) -> int:
    """The end of two or three words after "خانم" / "آقای" that are no everyday words the lists know (a
    name the lexicon lacks); k if fewer than two."""
    end = k
    while end < min(k + 3, len(fa.words)):
        word = fa.words[end]
        if end > k and not _gap(fa.norm, fa.tokens[end - 1][1], fa.tokens[end][0]):
            break
        if (
            len(fa_key(word)) < 3
            or fa.taken(taken, end)
            or word in fa.lex.not_names_fa
            or _relative_fa(word, fa.lex)
            or word.endswith(_VERB_ENDING_FA)
            or any(c.isdigit() for c in word)
        ):
            break
        end += 1
    return end if end - k >= 2 else k


def _coordinated_given(fa: _FaWords, taken: bytearray, j: int, end: int) -> bool:
    """ "محمود و محمد علی": a known given name joined by "و" to another is one of two people named (each
    alone would be a word of the text as often as a name)."""
    words = fa.words
    after = (
        end + 1 < len(words) and words[end] == "و" and not fa.taken(taken, end + 1) and fa.given_at(end + 1)
    )
    before = (
        j >= 2 and words[j - 1] == "و" and any(i >= 0 and fa.given_at(i) == j - 1 - i for i in (j - 2, j - 3))
    )
    return bool(after or before)


# a surname's ending that no everyday word has (not the bare "ی"): "-نیا", "-نژاد", "-فرد", "-وند", "-مقدم"
# (not "یان": قربانیان, زندانیان are plurals)
_STRONG_SURNAME_FA = re.compile(r"..(?:زاده|پور|نژاد|فر|فرد|نیا|وند|کیا|راد|منش|تبار|نسب|مقدم|لو)$")


def _everyday_given_before_surname(fa: _FaWords, taken: bytearray, k: int) -> bool:
    if k + 1 >= len(fa.words) or fa.taken(taken, k) or fa.taken(taken, k + 1):
        return False
    if fa_key(fa.words[k]) not in _everyday_given_fa() or not _gap(
        fa.norm, fa.tokens[k][1], fa.tokens[k + 1][0]
    ):
        return False
    second = fa.words[k + 1]
    key = fa_key(second)
    if second in fa.lex.not_names_fa or key in fa.lex.given_fa or _relative_fa(second, fa.lex):
        return False
    if len(key) >= 5 and _STRONG_SURNAME_FA.search(key) is not None and not second.endswith(_VERB_ENDING_FA):
        return True
    return len(key) >= 4 and (_family_name_told(fa, second) or _pair_repeated_fa(fa, k))


def _pair_repeated_fa(fa: _FaWords, k: int) -> bool:
    """ "شعله پاکروان" written twice or more (a host named in a programme's title and again in its text): the
    pair is a name, where its second word has no ending of an adjective or a plural ("-ی", "-ها")."""
    second = fa.words[k + 1]
    if second.endswith(("ی", "ها", "های", "ای", "ترین", *_VERB_ENDING_FA)) or _relative_fa(second, fa.lex):
        return False
    return _word_pairs_fa(fa.norm)[fa.norm[fa.tokens[k][0] : fa.tokens[k + 1][1]]] >= 2


@lru_cache(maxsize=4)
def _word_pairs_fa(norm: str) -> Counter[str]:
    """How often each two words follow one another in the text, as written (one pass over the text)."""
    words = [m.span() for m in _FA_WORD.finditer(norm)]
    return Counter(norm[a[0] : b[1]] for a, b in itertools.pairwise(words) if _gap(norm, a[1], b[0]))


def _family_name_told(fa: _FaWords, word: str) -> bool:
    """ "خاطره معینی" where "منصوره معینی" is written too: the word is a family's name the text gives after
    a given name that is no everyday word, so an everyday-word given name before it is a name as well."""
    for m in re.finditer(rf"(?<![\w\u200c])([^\W\d_][\w\u200c]*)\s+{re.escape(word)}(?![\w\u200c])", fa.norm):
        key = fa_key(m.group(1))
        if key in fa.lex.given_fa and key not in _everyday_given_fa():
            return True
    return False


# the state's leaders and presidents of the period, named by the surname alone in any account of it (whatever
# their role there: roles.py reads the accused from `known_officials`); no everyday word ("روحانی", cleric)
_HEADS_OF_STATE_FA = ("خمینی", "خامنه‌ای", "رفسنجانی", "منتظری", "خاتمی", "احمدی‌نژاد", "بنی‌صدر", "موسوی")


@cache
def _heads_of_state_fa() -> frozenset[str]:
    return frozenset(fa_key(w) for w in _HEADS_OF_STATE_FA)


@cache
def _everyday_given_fa() -> frozenset[str]:
    """Persian spellings of given names that are everyday words too (شعله flame, ستاره star)."""
    from testament.names import given_names

    return frozenset(fa_key(p) for n in given_names() if n.everyday_word for p in n.persian)


def _repeated_name(fa: _FaWords, taken: bytearray, last: int) -> bool:
    """ "عفت ماهباز - …  عفت ماهباز از آخرین …": a known given name and a word no list holds, written together
    twice or more (a byline, then the text about its author), with a word boundary after each: a name."""
    if (
        last >= len(fa.words)
        or fa.taken(taken, last)
        or not _gap(fa.norm, fa.tokens[last - 1][1], fa.tokens[last][0])
    ):
        return False
    word = fa.words[last]
    if len(fa_key(word)) < 4 or word in fa.lex.not_names_fa or fa_key(word) in fa.lex.given_fa:
        return False
    if word.endswith(("ند", "یم", "ید", "ها", "های", "ترین")) or _relative_fa(word, fa.lex):
        return False
    pair = fa.norm[fa.tokens[last - 1][0] : fa.tokens[last][1]]
    return len(re.findall(rf"(?<![\w\u200c]){re.escape(pair)}(?![\w\u200c])", fa.norm)) >= 2


def _position_beside_fa(norm: str, start: int, end: int, lex: Lexicon) -> bool:
    positions = _positions()
    return bool(positions[2].match(norm, end) or positions[3].search(norm[max(0, start - 40) : start]))


def _unknown_given(
    words: list[str], tokens: list[tuple[int, int]], k: int, norm: str, lex: Lexicon, taken: bytearray
) -> bool:
    if k + 1 >= len(words) or not _gap(norm, tokens[k][1], tokens[k + 1][0]):
        return False
    first, second = words[k], words[k + 1]
    if first in lex.not_names_fa or first in lex.relatives_fa or fa_key(first) in lex.surnames_fa:
        return False
    if first == "زمان" and k > 0 and words[k - 1] in _TIME_BEFORE:
        return False  # "در زمان خمینی": "in the time of"
    if len(fa_key(first)) < 3 or any(taken[tokens[k + 1][0] : tokens[k + 1][1]]):
        return False
    if len(fa_key(first)) > 3 and first.endswith(("ها", "های")):
        return False  # "بعدها اکبری": a plural or an adverb (later), no given name
    if fa_key(second) in _everyday_surnames():
        return False  # "مرزهای آزادی", "رژیم آخوندی": a surname that is an everyday word, after no known name
    if fa_key(second) in lex.known_officials:
        return (
            False  # "دژخیمان خمینی" (Khomeini's henchmen): an official's given name is known, not this word
        )
    # "به شکلی قربانی شدند" (became victims): a surname-like word before a verb of becoming is a noun
    return fa_key(second) in lex.surnames_fa and not (k + 2 < len(words) and words[k + 2] in _NOT_AFTER_NAME)


@cache
def _everyday_surnames() -> frozenset[str]:
    return frozenset(fa_key(w) for w in lexicon().raw["names"]["everyday_surnames_fa"])


_NOT_AFTER_NAME = frozenset(
    {"که", "شد", "شدند", "شده", "شود", "شوند", "می‌شوند", "میشوند", "گشتند", "گردیدند"}
)


def _gap(norm: str, end: int, start: int) -> bool:
    return 0 < start - end <= 2 and norm[end:start].strip(" \u200c") == ""


def _cluster(
    found: list[PersonMention], doc: Document, taken: bytearray, lex: Lexicon
) -> list[PersonMention]:
    """Group mentions into persons and find the lone surnames or given names of persons already named."""
    persian = doc.language == "fa"

    def key(token: str) -> str:
        return fa_key(token) if persian else token.casefold().removesuffix("'s")

    def name_keys(p: PersonMention) -> list[str]:
        return [key(t) for t in p.tokens if t.casefold() not in lex.lineage and t not in lex.lineage_fa]

    # words that are never a name alone: a part of a name that is one of them is not looked for again
    plain = {key(w) for w in (lex.not_names_fa if persian else lex.stop_words | lex.not_names)}
    full: dict[str, int] = {}
    parts: dict[str, set[int]] = {}
    given_of: dict[int, str] = {}  # a person's given name (its key), for a title's gender to tell apart
    familiar: dict[str, set[int]] = {}  # "هبت" of "هبت‌الله معینی": the short form friends call him by
    count = 0
    longer = {" ".join(name_keys(p)) for p in found if len(name_keys(p)) >= 3}
    for p in found:
        keys = name_keys(p)
        if len(keys) < 2:
            continue
        joined = " ".join(keys)
        # "Fani Yazdi" after "Reza Fani Yazdi": the surname of one longer name is that name
        tails = [n for n in longer if n != joined and n.endswith(" " + joined)]
        if len(tails) == 1:
            joined = tails[0]
        if joined not in full:
            full[joined] = count
            count += 1
        p.entity = full[joined]
        given_of.setdefault(p.entity, keys[0])
        # "Khodabandeh" after "Khodabandeh-Loui": a double-barrelled surname's first half stands for it too
        halves = {h for h in keys[-1].split("-")[:1] if not persian and "-" in keys[-1] and len(h) >= 6}
        short = _familiar_fa(keys[0], lex, plain) if persian else None
        if short is not None:
            familiar.setdefault(short, set()).add(p.entity)
        for part in ({keys[0], keys[-1]} | halves) - plain:
            if persian and (len(part) < 3 or part in _everyday_given_fa()):
                continue  # "ای" of "خامنه ای" ("عده ای"), "ستاره" (a star): no name alone
            parts.setdefault(part, set()).add(p.entity)
    singles: dict[str, int] = {}
    mothers: dict[str, int] = {}

    def parent(k: str) -> int:
        """The person of a parent called by the family's name ("Mother Yousefi" after "Farideh Yousefi"):
        one per family name, never the victim of that name."""
        nonlocal count
        if k not in mothers:
            mothers[k] = count
            count += 1
        return mothers[k]

    for p in found:
        if p.entity >= 0:
            continue
        k = " ".join(name_keys(p)) or key(p.tokens[-1])
        owners = parts.get(k, set())
        if len(p.tokens) == 1 and KIN_HONORIFIC.search(doc.norm, max(0, p.start - 8), p.start):
            p.entity = parent(k)
        elif len(owners) == 1:
            p.entity = next(iter(owners))
        elif len(owners) > 1 and (one := _owner_by_title(p.title, owners, given_of)) is not None:
            p.entity = one  # "خانم معینی" after "خاطره معینی" and "هیبت‌الله معینی": the woman of the family
        else:
            if k not in singles:
                singles[k] = count
                count += 1
            p.entity = singles[k]
    lone = {k: next(iter(v)) for k, v in parts.items() if len(v) == 1} | singles
    # lone mentions of names already known and missed by the first pass ("Akhgar said", "قاسم را")
    claimed = _claimed(taken, found)
    pattern = _FA_WORD if persian else _TOKEN
    extra: list[PersonMention] = []
    for m in pattern.finditer(doc.norm):
        word, end = m.group(0), m.end()
        if not persian and word.endswith("'s"):
            word, end = word[:-2], end - 2
        k = key(word)
        if persian and word in lexicon().positions_fa:
            continue  # "«قاضی مرگ»": the office alone, not the surname Ghazi of a name told before
        if (k not in lone and k not in familiar) or any(claimed[m.start() : end]):
            continue
        if k in lone:
            # "مادر یوسفی": the victim's mother named by the family name, another person
            parental = KIN_HONORIFIC.search(doc.norm, max(0, m.start() - 8), m.start()) is not None
            entity = parent(k) if parental else lone[k]
        elif (
            persian
            and len(familiar[k]) == 1
            and (
                _FAMILIAR_BEFORE_FA.search(doc.norm, max(0, m.start() - 8), m.start()) is not None
                or _FAMILIAR_AFTER_FA.match(doc.norm, end) is not None
            )
        ):
            entity = next(iter(familiar[k]))
        else:
            continue
        extra.append(
            PersonMention(m.start(), end, doc.norm[m.start() : end], [word], None, False, True, entity)
        )
    return sorted(found + extra, key=lambda p: p.start)


# the short form of a given name closing on "الله" ("هبت" for "هبت‌الله", as friends call him), read as the
# person only where a person stands: joined to "من" ("من و هبت") or speaking ("هبت گفت", "به هبت گفتم")
_FAMILIAR_BEFORE_FA = re.compile(r"(?<![\w\u200c])(?:من|ما|او)\s+و\s+$")
_FAMILIAR_AFTER_FA = re.compile(r"\s+(?:گفت|گفتم|پرسید|پرسیدم|جواب داد)(?![\w\u200c])")


def _familiar_fa(given: str, lex: Lexicon, plain: set[str]) -> str | None:
    """The short form of a given name's key that closes on "الله" ("هبتالله" → "هبت"), unless it is a
    word or name of its own."""
    key = _allah(given)
    short = key.removesuffix("الله")
    if short == key or len(short) < 3 or short in plain:
        return None
    if short in lex.given_fa or short in lex.surnames_fa or short in _everyday_given_fa():
        return None
    return short


_TITLE_GENDER = {"خانم": "female", "آقای": "male", "آقا": "male", "mrs": "female", "ms": "female",
                 "miss": "female", "mr": "male"}  # fmt: skip


def _owner_by_title(title: str | None, owners: set[int], given_of: dict[int, str]) -> int | None:
    """The one person of a family (a surname several named persons share) whose given name is of the
    gender a title before the bare surname gives ("Mrs Karimi" after "Ali Karimi" and "Sara Karimi")."""
    gender = _TITLE_GENDER.get((title or "").casefold().rstrip("."))
    if gender is None:
        return None
    fits = [e for e in owners if _given_genders().get(given_of.get(e, "")) == gender]
    return fits[0] if len(fits) == 1 else None


@cache
def _given_genders() -> dict[str, str]:
    """Given names (Persian keys and Latin spellings, casefolded) of one gender only, and that gender."""
    from testament.names import given_names

    seen: dict[str, set[str]] = {}
    for n in given_names():
        for spelling in (*(fa_key(s) for s in n.persian), *(s.casefold() for s in (n.latin, *n.variants))):
            seen.setdefault(spelling, set()).add(n.gender)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def find_persons(doc: Document, taken: bytearray) -> list[PersonMention]:
    lex = lexicon()
    found = _persian(doc, taken, lex) if doc.language == "fa" else _latin(doc, taken, lex)
    # "رئیس دفتر قاضی محمد مقیسه": an office word standing alone is the office, not a surname
    found = [p for p in found if not (len(p.tokens) == 1 and p.tokens[0] in lex.positions_fa)]
    pairs: list[tuple[PersonMention, PersonMention]] = []
    if doc.language == "fa":
        pairs = _transliterated(doc, taken, found)
        found += [m for pair in pairs for m in pair]
        found += _aliases_fa(doc.norm, taken, found, lex)
        found += _listed_given_fa(doc.norm, taken, found, lex)
    _extend_to_names_told(doc.norm, taken, found)
    persons = _cluster(found, doc, taken, lex)
    # "ساندر (Zander)": the name and its Latin spelling in brackets are one person (docs/annotation.md)
    for persian_name, latin_name in pairs:
        for p in persons:
            if p.entity == latin_name.entity and p is not persian_name:
                p.entity = persian_name.entity
    _bracketed_aliases(doc.norm, persons)
    return persons


def _extend_to_names_told(norm: str, taken: bytearray, found: list[PersonMention]) -> None:
    """ "مریم گلزاده غفوری" as a byline, "مریم گلزاده" then "غفوری" later: a name read short where the word
    after it completes a longer name the text writes elsewhere takes that word too."""
    longer = {tuple(p.tokens) for p in found if len(p.tokens) >= 2}
    # every run of words inside a longer name, looked up once per candidate instead of scanning every name
    parts = {name[i:j] for name in longer for i in range(len(name)) for j in range(i + 1, len(name) + 1)}
    starts = {p.start for p in found}
    for p in found:
        while (m := _NEXT_WORD.match(norm, p.end)) is not None:
            if m.start(1) in starts or any(taken[m.start(1) : m.end(1)]):
                break
            joined = (*p.tokens, m.group(1))
            if joined not in parts:
                break
            p.end, p.text, p.tokens = m.end(1), norm[p.start : m.end(1)], [*p.tokens, m.group(1)]


_NEXT_WORD = re.compile(r"[ \u200c]+([^\W\d_][\w\u200c]*)")
# the joints of a list of names: "، ", "، و ", " و "
_LIST_SEP_FA = re.compile(r"\s*[،,]\s*(?:و\s+)?|\s+و\s+")
_LIST_ENDS_FA = re.compile(r"[ \t]*(?:\[|\n|$)")  # the list's end: the line's, or an editor's "[...]"
_LIST_SEP_BEFORE_FA = re.compile(r"(?:\s*[،,]\s*(?:و\s+)?|\s+و\s+)$")


def _listed_given_fa(
    norm: str, taken: bytearray, found: list[PersonMention], lex: Lexicon
) -> list[PersonMention]:
    """ "زهرا فلاحتی، محبوبه حاج علی و فروغ را صدا کردند": a known given name standing alone (or with a word
    shaped as a surname) as an item of a list whose next or previous item is a named person: a name too, as
    lists of the executed and of cellmates give some by the given name alone."""
    claimed = _claimed(taken, found)
    ends = {p.end for p in found if len(p.tokens) >= 2}
    starts = {p.start for p in found if len(p.tokens) >= 2}
    out: list[PersonMention] = []
    words = list(_FA_WORD.finditer(norm))
    for i, m in enumerate(words):
        key = _allah(fa_key(m.group(0)))
        known = key in lex.given_fa or key in _everyday_given_fa()
        if not known or any(claimed[m.start() : m.end()]) or m.group(0) in lex.not_names_fa:
            continue
        end, tokens = m.end(), [m.group(0)]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if (
            nxt is not None
            and _gap(norm, m.end(), nxt.start())
            and not any(claimed[nxt.start() : nxt.end()])
            and _SURNAME_SHAPE_FA.search(nxt.group(0)) is not None
            and fa_key(nxt.group(0)) not in lex.given_fa
            and nxt.group(0) not in lex.not_names_fa
        ):
            end, tokens = nxt.end(), [m.group(0), nxt.group(0)]  # "پرند میثمی"
        before = _LIST_SEP_BEFORE_FA.search(norm, max(0, m.start() - 6), m.start())
        after = _LIST_SEP_FA.match(norm, end)
        named_before = before is not None and before.start() in ends
        named_after = after is not None and after.end() in starts
        closes = _FA_STOP_AFTER.match(norm, end) is not None or _LIST_ENDS_FA.match(norm, end) is not None
        if (named_before and closes) or named_after:
            out.append(PersonMention(m.start(), end, norm[m.start() : end], tokens, None, False, True))
            claimed[m.start() : end] = b"\x01" * (end - m.start())
            starts.add(m.start())
            ends.add(end)
    return out


# "حمید نوری (عباسی)": the name a person went by, bracketed after the name
_ALIAS_FA = re.compile(r"\s*\(\s*(?P<w>[^\W\d_][\w\u200c]{2,20})\s*\)")
_ALIAS_SHAPE_FA = re.compile(r"(?:یان|زاده|پور|نژاد|فر|فرد|نیا|وند|کیا|راد|دوست|خواه|منش|تبار)$")


def _aliases_fa(norm: str, taken: bytearray, found: list[PersonMention], lex: Lexicon) -> list[PersonMention]:
    """A surname (known, or shaped like one by its ending) in brackets right after a name: the alias the
    person went by, a mention of the same person (`_bracketed_aliases`)."""
    claimed = _claimed(taken, found)
    out = []
    for p in found:
        m = _ALIAS_FA.match(norm, p.end)
        if m is None or any(claimed[m.start("w") : m.end("w")]):
            continue
        word = m.group("w")
        key = fa_key(word)
        if word in lex.not_names_fa or key in lex.given_fa or word in lex.positions_fa:
            continue
        if key in lex.surnames_fa or key in lex.known_officials or _ALIAS_SHAPE_FA.search(key):
            out.append(PersonMention(m.start("w"), m.end("w"), word, [word], None, False, True))
    return out


_OPEN = re.compile(r"\s*[\[(]\s*$")
_CLOSE = re.compile(r"\s*[\])]")


def _bracketed_aliases(norm: str, persons: list[PersonMention]) -> None:
    """ "Hamid Abbasi [Noury]": an editor's bracket names the person behind an alias; one person."""
    for p, q in itertools.pairwise(persons):
        if p.entity == q.entity or not _OPEN.match(norm[p.end : q.start]) or not _CLOSE.match(norm, q.end):
            continue
        alias = p.entity
        for r in persons:
            if r.entity == alias:
                r.entity = q.entity


# "قاضی ساندر (Zander)", "دادستان ... (Lindqvist)": an office, a word, and its Latin spelling in brackets
_TRANSLITERATED = re.compile(
    r"(?<![\w\u200c])(?:قاضی|دادستان|وکیل|رئیس دادگاه|رییس دادگاه)\s+(?P<fa>[^\W\d_][\w\u200c]{1,20})\s*"
    r"\(\s*(?P<lat>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s*\)"
)


def _transliterated(
    doc: Document, taken: bytearray, found: list[PersonMention]
) -> list[tuple[PersonMention, PersonMention]]:
    """Persons named after their office with their Latin spelling in brackets, not found otherwise:
    foreign judges and prosecutors in Persian reports of trials abroad."""
    claimed = _claimed(taken, found)
    pairs = []
    for m in _TRANSLITERATED.finditer(doc.norm):
        (fs, fe), (ls, le) = m.span("fa"), m.span("lat")
        if any(claimed[fs:fe]) or any(claimed[ls:le]) or doc.norm[fs:fe] in lexicon().not_names_fa:
            continue
        persian = PersonMention(fs, fe, doc.norm[fs:fe], [doc.norm[fs:fe]], None, False, False)
        latin = PersonMention(ls, le, doc.norm[ls:le], doc.norm[ls:le].split(), None, False, False)
        pairs.append((persian, latin))
    return pairs


def person_value(p: PersonMention, doc: Document) -> tuple[str, dict[str, object]]:
    """The name as written (spaces collapsed) and, when every word is known, its common Latin spelling."""
    lex = lexicon()
    text = re.sub(r"\s+", " ", doc.text[p.start : p.end])
    latin = []
    for token in p.tokens:
        key = fa_key(token) if doc.language == "fa" else token.casefold()
        canonical = lex.canonical.get(key)
        if canonical is None and token.casefold() in lex.lineage | {"سید"}:
            canonical = "Seyed"
        latin.append(canonical)
    detail: dict[str, object] = {}
    if all(latin):
        detail["latin"] = " ".join(str(x) for x in latin)
    return text, detail


def to_mentions(persons: list[PersonMention], doc: Document) -> list[Mention]:
    out = []
    for p in persons:
        value, detail = person_value(p, doc)
        detail.update(p.detail)
        detail["entity"] = p.entity
        if p.title:
            detail["title"] = p.title
        if p.position:
            detail["position"] = p.position
        confidence = 0.85 if p.known and len(p.tokens) > 1 else 0.7 if p.known else 0.55
        out.append(
            Mention("person", p.start, p.end, doc.text[p.start : p.end], value, None, confidence, detail)
        )
    return out


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
