"""`extract_mentions`: testimony text in, proposed mentions out. Pure: no store, no network, no model.

Finders run in an order that settles overlaps: gazetteer names (places, organisations) first, then dates,
counts, persons and acts, each skipping characters an earlier finder claimed. Then roles, speakers and
the links between mentions (an act's victim, perpetrators, date and place; what a count counts and when)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from testament.errors import InputError
from testament.extract._text import Document, detect_language, guard_all, last_match
from testament.extract.acts import find_acts
from testament.extract.chronology import find_dates
from testament.extract.coreference import Reference, resolve_references
from testament.extract.counts import find_counts
from testament.extract.discourse import Voices
from testament.extract.gazetteer import (
    Gazetteer,
    commissions,
    contextual_organisations,
    komitehs,
    load_gazetteer,
    saint_grounds,
    towns_after_names,
    towns_inside,
)
from testament.extract.mention import Context, Mention, MentionType
from testament.extract.persons import find_persons, to_mentions
from testament.extract.provenance import in_heading, kin_of_the_one_named, knowledge_of, one_of_the_prisoners
from testament.extract.roles import assign_roles

if TYPE_CHECKING:
    from testament.extract.learnt import Relabeller

__all__ = ["extract_mentions"]

_WAR = re.compile(
    r"\bIran[-–‐ ]Iraq\s+war\b|جنگ(?:[\s\u200c]+هشت[\s\u200c]?ساله)?\s+(?:ایران\s+و\s+عراق|عراق\s+و\s+ایران)",
    re.IGNORECASE,
)

_LANGUAGES = ("en", "fa")
_RELATION = {
    "narrator": "eyewitness",
    "witness": "eyewitness",
    "relative": "relative",
    "perpetrator": "official",
    "official": "official",
    "victim": "victim",
    "fellow_prisoner": "fellow_prisoner",
}


def extract_mentions(
    text: str,
    *,
    language: str | None = None,
    context: Context | None = None,
    gazetteer: Gazetteer | None = None,
    roles: str | Relabeller | None = None,
) -> list[Mention]:
    """Every person, date, place, organisation, act and count the rules find in `text`, in text order.

    `language` is "en" or "fa" (Persian script); by default it is detected from the script. Offsets are
    into `text` exactly as given (page breaks as form feeds, as ingest stores them). `roles` is "combined"
    (the rules' role where a cue of theirs gave one, the learnt model's otherwise), "rules" (the hand-written
    role rules alone), "learnt" or "learnt-alone" (the models of testament.extract.learnt) or a model; by
    default `learnt.roles_setting()`, "combined" unless set."""
    if not isinstance(text, str):
        raise TypeError(f"extract_mentions expects a str, not {type(text).__name__}")
    lang = language or detect_language(text)
    if lang not in _LANGUAGES:
        raise InputError(
            f"language '{lang}' is not supported by the extraction rules",
            hint="use language='en' (English) or 'fa' (Persian script), or leave it out to detect it",
        )
    ctx = context or Context()
    doc = Document(text, lang)
    taken = bytearray(len(text) + 1)
    gaz = gazetteer or load_gazetteer()
    # the countries in the name of the Iran-Iraq war are places (docs/annotation.md), but leave the words
    # free for the date they may name ("پایان جنگ ایران و عراق": the end of the war)
    wars = [m.span() for m in _WAR.finditer(doc.norm)]
    matches = commissions(doc.norm, gaz, list(gaz.find(doc.norm)))
    if lang == "fa":
        matches = komitehs(doc.norm, gaz, matches)
        matches += contextual_organisations(doc.norm, gaz, matches) + saint_grounds(doc.norm, matches)
        matches = towns_after_names(doc.norm, matches)
    named: list[Mention] = []
    for g in matches:
        kind: MentionType = "place" if g.entry.category == "place" else "organisation"
        named.append(
            Mention(kind, g.start, g.end, text[g.start : g.end], g.entry.name, None, 0.9, g.entry.to_dict())
        )
        if not any(s <= g.start and g.end <= e for s, e in wars):
            taken[g.start : g.end] = b"\x01" * (g.end - g.start)
    for g in towns_inside(doc.norm, gaz, matches):  # nested in a place already claimed
        town = text[g.start : g.end]
        named.append(Mention("place", g.start, g.end, town, g.entry.name, None, 0.8, g.entry.to_dict()))
    dates = find_dates(doc, ctx, taken)
    counts = find_counts(doc, taken)
    raw_persons = find_persons(doc, taken)
    for p in raw_persons:
        taken[p.start : p.end] = b"\x01" * (p.end - p.start)
    acts = find_acts(doc, taken, matches)
    organisations = [m for m in named if m.type == "organisation"]
    voices = Voices(doc, to_mentions(raw_persons, doc), organisations)
    references = resolve_references(doc, raw_persons)
    roles_by = roles if roles is not None else _roles_setting()
    found = assign_roles(doc, raw_persons, voices, references)
    ruled = found  # the rules' own roles: whose experience an act is rests on their cues, not on the model's
    if roles_by != "rules":
        from testament.extract.learnt import relabel_roles

        found = relabel_roles(doc, raw_persons, found, roles_by)
    persons = [
        replace(m, role=found.get(int(m.detail["entity"]), "other")) for m in to_mentions(raw_persons, doc)
    ]
    mentions = sorted(named + dates + counts + persons + acts, key=lambda m: (m.start, m.end))
    return _enrich(doc, mentions, voices, found, references, ruled)


def _roles_setting() -> str:
    from testament.extract.learnt import roles_setting

    return roles_setting()


def _ref(m: Mention) -> dict[str, Any]:
    return {"type": m.type, "start": m.start, "end": m.end, "text": m.text, "value": m.value}


class _Index:
    """Mentions by sentence, for linking."""

    def __init__(self, doc: Document, mentions: list[Mention], references: list[Reference]) -> None:
        self.doc = doc
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            self.by_sentence.setdefault(doc.sentence_at(m.start).index, []).append(m)
        self.persons = [m for m in mentions if m.type == "person"]
        self.references: dict[int, list[Reference]] = {}
        for r in references:
            self.references.setdefault(doc.sentence_at(r.start).index, []).append(r)
        self.names: dict[int, list[Mention]] = {}
        for m in mentions:
            if m.type == "person":
                self.names.setdefault(int(m.detail["entity"]), []).append(m)

    def referred(self, m: Mention) -> list[tuple[Reference, Mention]]:
        """Persons referred to in m's sentence by a kinship phrase or pronoun, each with the name
        mention that stands for them (the last before the reference)."""
        out = []
        for r in self.references.get(self.doc.sentence_at(m.start).index, []):
            names = self.names.get(r.entity, [])
            before = [n for n in names if n.start < r.start] or names
            if before:
                out.append((r, before[-1]))
        return out

    def near(self, m: Mention, kind: str, *, previous: bool = False) -> list[Mention]:
        sentence = self.doc.sentence_at(m.start)
        same = [x for x in self.by_sentence.get(sentence.index, []) if x.type == kind and x is not m]
        if same or not previous:
            return same
        before = self.doc.neighbour(sentence, -1)
        if before is None:
            return []
        return [x for x in self.by_sentence.get(before.index, []) if x.type == kind]


def _nearest(m: Mention, candidates: list[Mention]) -> Mention | None:
    if not candidates:
        return None
    return min(candidates, key=lambda x: (abs(x.start - m.start), x.start))


def _enrich(
    doc: Document,
    mentions: list[Mention],
    voices: Voices,
    roles: dict[int, str],
    references: list[Reference] | None = None,
    ruled: dict[int, str] | None = None,
) -> list[Mention]:
    index = _Index(doc, mentions, references or [])
    ruled = roles if ruled is None else ruled
    out: list[Mention] = []
    for m in mentions:
        detail = dict(m.detail)
        speaker = voices.speaker_at(m.start)
        said = speaker.to_dict()
        role = roles.get(speaker.entity) if speaker.entity is not None else None
        if role == "narrator":
            said["kind"] = "narrator"
        kind = said["kind"]
        known = knowledge_of(doc, m, kind)
        # the witness's own act, or the fellow prisoners they were held with ("had to stay along with
        # about 60 prisoners"), told in the author's voice; not a country's total
        own = m.type == "act" or (m.type == "count" and isinstance(m.value, int) and m.value < 1000)
        # (a heading names the event, it tells no one's experience)
        if (
            known.provenance == "report"
            and own
            and not in_heading(doc.norm, m)
            and _own_experience(doc, m, index, ruled)
        ):
            known = replace(known, provenance="first_hand")
        hearsay = known.provenance in ("hearsay", "second_hand_named", "second_hand_unnamed")
        relation = "eyewitness" if kind == "narrator" else _RELATION.get(role or "", "third_party")
        if kind == "narrator" and hearsay:
            relation = "fellow_prisoner"
        detail.update(speaker=said, relation=relation, first_hand=known.first_hand, stance=known.stance)
        if m.type in ("act", "count"):
            detail["provenance"] = known.provenance
            if known.negated:
                detail["negated"] = True
            if known.uncertain:
                detail["uncertain"] = True
        if m.type == "person" and detail.get("positions"):
            detail["positions"] = [_position_links(m, dict(q), index) for q in detail["positions"]]
        if m.type == "act":
            detail.update(_act_links(m, index, roles))
        elif m.type == "count":
            event = _nearest(m, index.near(m, "act"))
            if event is not None:
                detail["event"] = event.value
            for kind_ in ("date", "place"):
                linked = _nearest(m, index.near(m, kind_))
                if linked is not None:
                    detail[kind_] = _ref(linked)
        out.append(replace(m, detail=detail))
    return out


_WITNESSES = frozenset({"witness", "narrator", "fellow_prisoner"})
# between a witness's name and an act: what they say, not what they underwent ("X said that ... executed")
_REPORTED = re.compile(
    r"\b(?:said|says|told|tells|stated|testified|recalled|recounts?|that|which)\b|[.;:!?\"“”]|گفت|"
    r"می[\u200c ]?گوید|اظهار|شهادت داد|نوشت|(?<![\w\u200c])(?:او|وی|آنها|آنان)\s+که",
    re.I,
)  # ("survivors of the massacre, in which ... killed": the event, not what the witness underwent; Persian
# "که" after the name is "who" ("X ... است که ... دستگیر شده بود"), after a pronoun a new subject's clause)


_WHOLE_EVENT = re.compile(
    r"massacre|killings|mass\s+executions?|purges?\b|کشتار|قتل[\s\u200c]?عام|اعدام[\s\u200c]?ها|پاکسازی", re.I
)


def _own_experience(doc: Document, m: Mention, index: _Index, ruled: dict[int, str]) -> bool:
    """An act an article tells of the witness it is about ("Zand, who spent eleven years in prison", "Zand
    was in Gohardasht prison") is the witness's own experience: first-hand, though told in the author's
    voice (docs/annotation.md). Not the massacre as a whole, which no one person underwent."""
    if _WHOLE_EVENT.search(m.text) or _TITLE_ACT.match(m.text) or one_of_the_prisoners(doc.norm, m):
        # (a title beside the name, "X, former political prisoner": the page's framing, docs/annotation.md)
        return False
    if kin_of_the_one_named(doc, m):
        return False  # "او خواهر X است که … دستگیر شد": what befell her kin
    sentence = doc.sentence_at(m.start)
    if _THOUSANDS_OF.search(doc.norm, sentence.start, sentence.end):
        return False  # "X was among thousands of political prisoners who were sentenced to death"
    if m.value == "execution" and _EXECUTED.match(m.text):
        return False  # "X was executed shortly after": no account of his own
    if _OF_THE_WITNESS.match(doc.norm, m.end):
        return True  # "تاریخ‌های دستگیری شاهد", "the arrest of the witness"
    if _the_witness_underwent(doc, m, index):
        return True
    persons = index.near(m, "person")
    for p in persons:
        # the witness is the subject, up to the act, with no other person between ("Khalili, nicknamed
        # “Uncle” among the prisoners in Ghezel Hesar, was arrested"); a quoted name of a charge is no speech
        near = _witness(p, ruled) and p.end <= m.start and m.start - p.end <= 140
        between = _QUOTED.sub("", doc.norm[p.end : m.start])
        other = any(p.end <= q.start < m.start for q in persons if q is not p)
        if near and not other and _REPORTED.search(between) is None and not _KIN_OF.match(between):
            return True
        # "When Shayesteh was released", "both Shayesteh and her husband were imprisoned": a relative's own
        # arrest and prison years, the passive's subject (docs/annotation.md: the relative's own arrest)
        if not other and _RELATIVE_SUBJECT.fullmatch(between) and _relative(p, ruled):
            return True
        # "Arrested at age 17 for …, Mr. X's beliefs changed": an opening participle whose subject is the
        # witness named after it in the sentence
        opening = doc.norm[doc.sentence_at(m.start).start : m.start].strip() == ""
        after = m.end <= p.start and p.start - m.end <= 120 and _PARTICIPLE.match(m.text)
        others = any(m.end <= q.start < p.start for q in persons if q is not p)
        if opening and after and _witness(p, ruled) and not others:
            return True
    # "He was later sentenced to 12 years": a pronoun standing for the witness, as the act's subject
    for r, name in index.referred(m):
        if r.kind != "pronoun" or not _witness(name, ruled) or not (0 <= m.start - r.end <= 80):
            continue
        if _REPORTED.search(_QUOTED.sub("", doc.norm[r.end : m.start])) is None:
            return True
    return _he_the_witness(doc, m, index, ruled)


# an act that is a title beside a name ("political prisoner", "زندانی سیاسی سابق")
_TITLE_ACT = re.compile(r"(?:former\s+)?political\s+prisoners?$|executioners?$|زندانی\s+سیاسی", re.I)
_THOUSANDS_OF = re.compile(r"\bthousands\s+of\b|(?<![\w\u200c])هزاران(?![\w\u200c])", re.I)
_EXECUTED = re.compile(r"executed$|hanged$|اعدام\s+(?:شد|شده|گردید)", re.I)
# "Mohammad's brother was arrested": the witness's kin is the subject
_KIN_OF = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:brothers?|sisters?|father|mother|sons?|daughters?|husband|wife|cousins?|uncle|"
    r"aunt|relatives?|friends?)\b",
    re.I,
)
_PARTICIPLE = re.compile(r"[A-Z][a-z]+ed$")
_HE_WAS = re.compile(r"\b(?:he|she)\s+(?:was|had\s+been)\s+(?:\w+ly\s+|later\s+|then\s+)?$", re.I)


def _he_the_witness(doc: Document, m: Mention, index: _Index, ruled: dict[int, str]) -> bool:
    """A "he was" right before the act ("At night, he was tortured by the sounds …") stands for the last
    person named in the few sentences before, when that person is a witness."""
    sentence = doc.sentence_at(m.start)
    if _HE_WAS.search(doc.norm[max(sentence.start, m.start - 40) : m.start]) is None:
        return False
    earlier = [p for p in index.persons if m.start - 500 <= p.end <= m.start]
    return bool(earlier) and _witness(earlier[-1], ruled)


_RELATIVE_SUBJECT = re.compile(
    r"\s+(?:and\s+(?:her|his)\s+(?:husband|wife|brother|sister|son|daughter|father|mother)\s+)?"
    r"(?:was|were|had\s+been|has\s+been)\s+(?:\w+ly\s+|later\s+|then\s+|also\s+|again\s+)?",
    re.I,
)


_RELATIVE_RULED = frozenset({"relative", "other"})


def _relative(p: Mention, ruled: dict[int, str]) -> bool:
    entity = p.detail.get("entity")
    # (the rules may have found no cue, "other", where the learnt model reads the relative)
    return p.role == "relative" and (entity is None or ruled.get(int(entity), p.role) in _RELATIVE_RULED)


def _witness(p: Mention, ruled: dict[int, str]) -> bool:
    """A witness by the rules' cues: the learnt model names more persons witnesses (an official quoted), and
    their acts nearby are not thereby first-hand."""
    entity = p.detail.get("entity")
    return p.role in _WITNESSES and (entity is None or ruled.get(int(entity), p.role) in _WITNESSES)


# a trial report's unnamed witness: "stating that the witness had been imprisoned", "asked the witness …
# He responded that he had been imprisoned", "شاهد … او را به اوین منتقل کردند"
_THE_WITNESS = re.compile(
    r"\b(?:the|this)\s+witness\b(?!['’]s?\s+\w)|(?<![\w\u200c])شاهد(?![\w\u200c])", re.I
)
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she)\b|(?<![\w\u200c])(?:او|وی)(?![\w\u200c])", re.I)
_OTHER_AGENT = re.compile(r"\b(?:they|guards?|prisoners|the prosecutor|the judge)\b", re.I)


def _the_witness_underwent(doc: Document, m: Mention, index: _Index) -> bool:
    """The act's subject is "the witness", right before it or as "he"/"she" standing for the witness last
    named within the few sentences before, with no other person named between."""
    if _WHOLE_EVENT.search(m.text):
        return False
    sentence = doc.sentence_at(m.start)
    lead = doc.norm[max(sentence.start, m.start - 60) : m.start]
    witness = last_match(_THE_WITNESS, lead)
    if witness is not None:
        between = lead[witness.end() :]
        return _REPORTED.search(between) is None and _OTHER_AGENT.search(between) is None
    pronoun = last_match(_SUBJECT_PRONOUN, lead)
    if pronoun is None or _OTHER_AGENT.search(lead[pronoun.end() :]):
        return False
    since = max(0, m.start - 500)
    last = last_match(_THE_WITNESS, doc.norm[since : m.start])
    # no person named after the witness's last mention, whom a pronoun could stand for instead (a prison's
    # name, "Ghezel Hesar", is no person)
    return last is not None and not any(since + last.end() <= p.start < m.start for p in index.persons)


_QUOTED = re.compile(r"“[^”]{0,60}”|\"[^\"]{0,60}\"|«[^»]{0,60}»")
_OF_THE_WITNESS = re.compile(r"(?:\s+of\s+the\s+witness\b|[\u200c ]?(?:ی\s+|\s+)شاهد(?![\w\u200c]))", re.I)


def _position_links(m: Mention, position: dict[str, Any], index: _Index) -> dict[str, Any]:
    """A held position's date and place: those told in the same sentence (or, for the date, the one
    before): what a held_position claim is dated and placed by (docs/extraction.md)."""
    date = _nearest(m, index.near(m, "date", previous=True))
    if date is not None:
        position["date"] = _ref(date)
    # the place nearest the position's own words, not the name's: "X, the deputy prosecutor of Tehran, sat
    # on the commission at Evin" places the prosecutor in Tehran and the commission at Evin
    start, end = int(position["start"]), int(position["end"])
    places = index.near(m, "place")
    if places:
        place = min(places, key=lambda x: (max(x.start - end, start - x.end, 0), x.start))
        position["place"] = _ref(place)
    return position


# a field line of a memorial entry: "Date of Killing: …", "Mode of Execution: Hanging", "نحوه کشته‌شدن: …"
_ENTRY_FIELD = re.compile(
    r"[ \t]*(?:(?:Date|Location|Place|Mode|Manner|Cause)\s+of\s+(?:Killing|Death|Execution|Arrest|Burial)"
    r"|(?:تاریخ|محل|نحوه|مکان)\s+(?:کشته[\u200c ]?شدن|اعدام|دستگیری|بازداشت|مرگ|دفن))\s*:",
    re.IGNORECASE,
)


def _entry_victim(m: Mention, index: _Index) -> list[Mention]:
    """An act on a field line of a memorial entry ("Date of Killing: …", "نحوه کشته‌شدن: حلق آویز") is the
    entry's: its victim is the victim named last before the line."""
    norm = index.doc.norm
    line_start = norm.rfind("\n", 0, m.start) + 1
    if _ENTRY_FIELD.match(norm, line_start) is None:
        return []
    named = [p for p in index.persons if p.role == "victim" and p.end <= line_start]
    return named[-1:]


# "They were (both) executed", "They were reportedly brought before … and sentenced": a sentence whose
# subject is "they", in the passive, up to the act (no other clause's subject or verb of saying between)
_THEY_WERE = re.compile(r"\s*They\s+(?:were|had\s+been|have\s+been)\s")
_OTHER_CLAUSE = re.compile(r"[.;:!?]|\b(?:they|he|she|we|I|who|which|that|said|told)\b", re.IGNORECASE)


def _they_were(m: Mention, index: _Index) -> list[Mention]:
    """The victims "they" stands for: two or more victims named in the sentence before, when the act's
    sentence opens with "They were" and names no person of its own."""
    doc = index.doc
    sentence = doc.sentence_at(m.start)
    opening = _THEY_WERE.match(doc.norm, sentence.start)
    if opening is None or _OTHER_CLAUSE.search(doc.norm, opening.end(), m.start):
        return []
    if index.near(m, "person"):
        return []
    before = doc.neighbour(sentence, -1)
    if before is None:
        return []
    named = [p for p in index.by_sentence.get(before.index, []) if p.type == "person" and p.role == "victim"]
    return named if len({p.detail.get("entity") for p in named}) >= 2 else []


def _act_links(m: Mention, index: _Index, roles: dict[int, str]) -> dict[str, Any]:
    links: dict[str, Any] = {}
    date = _nearest(m, index.near(m, "date", previous=True))
    if date is not None:
        links["date"] = _ref(date)
    place = _nearest(m, index.near(m, "place"))
    if place is not None:
        links["place"] = _ref(place)
    people = index.near(m, "person")
    victims = [p for p in people if p.role == "victim"]
    referred: list[dict[str, Any]] = []
    if not victims:
        # "my brother was hanged", "they executed him": the person the words refer to (coreference)
        for r, name in index.referred(m):
            if name.role == "victim" and all(v["start"] != name.start for v in referred):
                referred.append(dict(_ref(name), via=r.text))
    if not victims and not referred:
        victims = _they_were(m, index)
    if not victims and not referred and m.value == "execution":
        victims = [p for p in index.near(m, "person", previous=True) if p.role == "victim"][-1:]
    if not victims and not referred:
        victims = _entry_victim(m, index)
    if victims or referred:
        links["victims"] = [_ref(p) for p in victims] + referred
    perpetrators = [_ref(p) for p in people if p.role == "perpetrator"]
    perpetrators += [
        _ref(o)
        for o in index.near(m, "organisation")
        if o.detail.get("kind") in ("state_body", "commission", "court")
    ]
    if perpetrators:
        links["perpetrators"] = perpetrators
    if m.value == "flogging":
        lashes = [c for c in index.near(m, "count", previous=True) if c.detail.get("category") == "lashes"]
        if lashes:
            links["lashes"] = [int(c.value) for c in lashes]
    return links


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
