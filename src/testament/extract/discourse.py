"""Who says what. A survivor's count and an organisation's claimed total are different kinds of evidence,
so every mention carries its speaker: the narrator of a first-person testimony, the author of an article
about a witness, a quoted person ("Akhgar said, '...'") or organisation ("The MEK said, '...'"), or the
source of indirect speech ("according to Amnesty International", "the MEK claims that ..."). Statements
the speaker only heard ("we learned that", "شنیدیم") are marked hearsay."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import Any

from testament.extract._text import Document, Quote, guard_all
from testament.extract.mention import Mention

__all__ = ["Speaker", "Voices"]

_SAY_EN = (
    r"(?:said|says|told\s+\w+|tells\s+\w+|recalled|recalls|explained|explains|added|adds|wrote|writes|stated|"
    r"states|recounted|recounts|testified|testifies|continued|continues|remembered|remembers|noted|notes|"
    r"described|describes|claimed|claims|reported|reports|declared|declares|announced|announces|estimated|"
    r"estimates|asserted|asserts|confirmed|confirms|alleged|alleges|insisted|insists|believes|believed|"
    r"put it|says that|said that)"
)
_SAY_FA = (
    r"(?:گفت|گفته است|گفته|می‌گوید|میگوید|می گوید|نوشت|نوشته است|نوشته|اعلام کرد|اعلام کرده|افزود|ادامه داد|"
    r"توضیح داد|یادآوری کرد|شهادت داد|تعریف کرد|اظهار داشت|مدعی شد|"
    # "یک زندانی گزارش کرده است که": a report given by someone (a prisoner), not the article's own
    r"گزارش (?:کرده|داده)(?:[\u200c ](?:است|اند))?|گزارش (?:کرد|داد))"
)
_LEFT_EN = re.compile(rf"\b{_SAY_EN}\b(?:\s+[\w']+){{0,3}}?\s*[,:]?\s*$", re.IGNORECASE)
_LEFT_FA = re.compile(rf"{_SAY_FA}(?:\s+که)?\s*[:،,]?\s*$")
_RIGHT_EN = re.compile(
    rf"^\s*,?\s*(?:(?P<who>(?:(?:Mr|Mrs|Ms|Dr)\.\s)?[^.\"]{{1,60}}?)\s+{_SAY_EN}\b|{_SAY_EN}\s+(?P<who2>[^.,\"]{{1,60}}))"
)
_RIGHT_FA = re.compile(rf"^\s*[،,]?\s*(?P<who>[^.\"]{{1,60}}?)\s+{_SAY_FA}")
_ACCORDING = re.compile(
    r"\b(?:according to|in the words of)\s+|(?<![\w\u200c])به گفته(?:‌ی| ی)?\s+", re.IGNORECASE
)
_INDIRECT_EN = re.compile(rf"\b{_SAY_EN}\b(?:\s+that)?", re.IGNORECASE)
_INDIRECT_FA = re.compile(rf"{_SAY_FA}(?:\s+که)?")
_OPENS_SPEECH_FA = re.compile(r"\s*[:«\"“]")
_PRONOUN = re.compile(r"\b(he|she|I|we|they)\s*$|(?<![\w\u200c])(او|وی|من|ما)\s*$", re.IGNORECASE)
_WITNESS = re.compile(
    r"\b(?:(?:another|one|a|the|an)\s+)?(?:former\s+)?(?:political\s+)?(?:survivor|prisoner|witness|inmate|"
    r"detainee|cellmate)s?\s*$|(?:یکی از )?(?:زندانیان|بازماندگان|شاهدان|زندانی|بازمانده|شاهد)\s*$",
    re.IGNORECASE,
)
_HEARSAY = re.compile(
    r"\b(?:heard|learned|learnt|were told|was told|told us|told me|rumou?rs?|rumou?red|found out|it was said|"
    r"apparently|reportedly|allegedly|through morse code)\b"
    r"|شنیدیم|شنیدم|فهمیدیم|فهمیدم|گفتند که|شنیده|با مورس",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Speaker:
    kind: str  # narrator, author, person, organisation, unknown
    text: str | None = None
    start: int | None = None
    end: int | None = None
    entity: int | None = None  # for persons: the entity of the person mention

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.text is not None:
            out.update(text=self.text, start=self.start, end=self.end)
        return out


class Voices:
    """Speakers of quotations and of indirect speech in one document."""

    def __init__(self, doc: Document, persons: list[Mention], organisations: list[Mention]) -> None:
        self.doc = doc
        self.persons = sorted(persons, key=lambda m: m.start)
        self._person_ends = [m.end for m in self.persons]
        self.actors = sorted(persons + organisations, key=lambda m: m.end)
        self._actor_ends = [m.end for m in self.actors]
        self.default = Speaker("narrator") if doc.first_person else Speaker("author")
        self.quote_speakers: dict[int, Speaker] = {}
        self._last: Speaker | None = None  # the last speaker attributed: what "he said" most likely points to
        self._indirect: list[tuple[int, int, Speaker]] = []
        events = [(q.start, "quote", q) for q in doc.quotes] + [
            (s.start, "sentence", s) for s in doc.sentences
        ]
        previous: Quote | None = None
        for _, _kind, item in sorted(events, key=lambda e: (e[0], e[1] == "sentence")):
            if isinstance(item, Quote):
                speaker = self._attribute(item)
                if speaker is None and previous is not None and self._continues(previous, item):
                    speaker = self.quote_speakers.get(previous.start)  # "...," he said. "..."
                if speaker is not None:
                    self.quote_speakers[item.start] = speaker
                    item.speaker = speaker.to_dict()
                    self._last = speaker
                previous = item
            else:
                self._indirect.extend(self._indirect_in(item))
        # spans in order and apart (as sentences are): then at most the last one starting by a position
        # can hold it, found by bisection instead of a scan per mention
        self._indirect_apart = all(
            a[0] <= b[0] and a[1] <= b[0] for a, b in itertools.pairwise(self._indirect)
        )
        self._indirect_starts = [start for start, _, _ in self._indirect]

    def _continues(self, previous: Quote, q: Quote) -> bool:
        same_paragraph = (
            self.doc.sentence_at(previous.start).paragraph == self.doc.sentence_at(q.start).paragraph
        )
        between = self.doc.norm[previous.end : q.start]
        return same_paragraph and len(between) < 60 and '"' not in between

    # --- resolution ----------------------------------------------------------------------------------
    def _speaker_of(self, mention: Mention) -> Speaker:
        kind = "person" if mention.type == "person" else "organisation"
        entity = mention.detail.get("entity") if mention.type == "person" else None
        return Speaker(
            kind, mention.text, mention.start, mention.end, entity if isinstance(entity, int) else None
        )

    def _actor_in(self, start: int, end: int, *, last: bool = True) -> Mention | None:
        """The person or organisation mention inside [start, end), the last one (or the first)."""
        i = bisect.bisect_right(self._actor_ends, end)
        inside = [m for m in self.actors[max(0, i - 8) : i] if m.start >= start]
        if not inside:
            return None
        return inside[-1] if last else min(inside, key=lambda m: m.start)

    def _pronoun(self, region_end: int, text: str) -> Speaker | None:
        m = _PRONOUN.search(text)
        if m is None:
            return None
        word = (m.group(1) or m.group(2) or "").lower()
        if word in ("i", "we", "من", "ما"):
            return Speaker("narrator")
        if word == "they":
            return None
        if self._last is not None and self._last.kind in ("person", "witness"):
            return self._last  # "he said": the speaker last quoted
        # he/she: the last person named before, outside any quotation
        i = bisect.bisect_right(self._person_ends, region_end - len(text)) - 1
        while i >= 0:
            candidate = self.persons[i]
            if self.doc.quote_at(candidate.start) is None:
                return self._speaker_of(candidate)
            i -= 1
        return None

    def _who(self, start: int, end: int) -> Speaker | None:
        actor = self._actor_in(start, end)
        if actor is not None and end - actor.end <= 25:
            return self._speaker_of(actor)
        text = self.doc.norm[start:end]
        witness = _WITNESS.search(text)
        if witness is not None:  # "another survivor recalled", "یکی از زندانیان گفت"
            return Speaker(
                "witness", self.doc.text[start + witness.start() : end].strip(), start + witness.start(), end
            )
        return self._pronoun(end, text)

    def _attribute(self, q: Quote) -> Speaker | None:
        norm = self.doc.norm
        persian = self.doc.language == "fa"
        sentence = self.doc.sentence_at(q.start)
        left_start = max(sentence.start, q.start - 120)
        left = norm[left_start : q.start]
        said = (_LEFT_FA if persian else _LEFT_EN).search(left)
        if said is not None:
            found = self._who(left_start, left_start + said.start())
            if found is not None:
                return found
        according = list(_ACCORDING.finditer(left))
        if according:
            actor = self._actor_in(left_start + according[-1].end(), q.start, last=False)
            if actor is not None:
                return self._speaker_of(actor)
        right = norm[q.end : q.end + 90]
        after = (_RIGHT_FA if persian else _RIGHT_EN).match(right)
        if after is not None:
            group = "who" if after.group("who") else "who2"
            s, e = q.end + after.start(group), q.end + after.end(group)
            actor = self._actor_in(s, e, last=False)
            if actor is not None:
                return self._speaker_of(actor)
            return self._pronoun(e, norm[s:e])
        return None

    def _indirect_in(self, s: Any) -> list[tuple[int, int, Speaker]]:
        """(from, to, speaker): the rest of a sentence after "X said that", all of it with "according to X"
        or, in Persian (verb last), when the sentence opens with the speaker and ends "... گفت"."""
        doc, norm = self.doc, self.doc.norm
        if doc.quote_at(s.start) is not None:
            return []
        out: list[tuple[int, int, Speaker]] = []
        text = norm[s.start : s.end]
        for m in _ACCORDING.finditer(text):
            actor = self._actor_in(s.start + m.end(), s.start + m.end() + 60, last=False)
            if actor is not None:
                out.append((s.start, s.end, self._speaker_of(actor)))
        pattern = _INDIRECT_FA if doc.language == "fa" else _INDIRECT_EN
        for m in pattern.finditer(text):
            verb = s.start + m.start()
            if doc.quote_at(verb) is not None or '"' in norm[verb : s.end][:4]:
                continue
            if doc.language == "fa":
                opener = self._actor_in(s.start, s.start + 40, last=False)
                if opener is not None:
                    # "X، که … اعدام شد، می‌گوید: …", "X … گفت که …": what X says follows the verb, what
                    # comes between the name and the verb is the writer's (the verb last, the content before
                    # it, only without a colon or "که" after)
                    opens = _OPENS_SPEECH_FA.match(norm, s.start + m.end())
                    said_from = s.start + m.end() if opens or m.group().endswith("که") else s.start
                    out.append((said_from, s.end, self._speaker_of(opener)))
                    continue
            who = self._who(max(s.start, verb - 70), verb)
            if who is not None:
                out.append((s.start + m.end(), s.end, who))
                self._last = who
        return out

    # --- queries ---------------------------------------------------------------------------------------
    def speaker_at(self, pos: int) -> Speaker:
        q = self.doc.quote_at(pos)
        if q is not None:
            return self.quote_speakers.get(q.start) or self._continued(q.start) or Speaker("unknown")
        if self._indirect_apart:
            i = bisect.bisect_right(self._indirect_starts, pos) - 1
            if i >= 0 and pos < self._indirect[i][1]:
                return self._indirect[i][2]
            return self.default
        for start, end, speaker in self._indirect:
            if start <= pos < end:
                return speaker
        return self.default

    def _continued(self, start: int) -> Speaker | None:
        """A quotation that opens a paragraph, with no speaker of its own, goes on with the speaker of the
        quotation just before it (the typographic convention for a quotation over several paragraphs)."""
        norm = self.doc.norm
        if norm[norm.rfind("\n", 0, start) + 1 : start].strip():
            return None
        earlier = [q for q in self.doc.quotes if q.end <= start and q.start in self.quote_speakers]
        if not earlier:
            return None
        attribution, _, rest = norm[earlier[-1].end : start].partition("\n")
        if len(attribution) > 80 or rest.strip():
            return None  # narration between the two, not only "," he said: not a continuation
        return self.quote_speakers[earlier[-1].start]

    def hearsay_at(self, pos: int) -> bool:
        sentence = self.doc.sentence_at(pos)
        return _HEARSAY.search(self.doc.norm[sentence.start : pos + 1]) is not None


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
