"""Reported counts: "over 30,000 political prisoners", "81 men", "160 lashes", "۶۵ نفر", "سی هزار نفر".

A number is a count only when it counts something: people (prisoners, men, victims, "of us"), executions,
bodies, graves or lashes. Durations ("10 years"), labels ("ward 3", "Article 7"), ages and dates are not.
A bare number right after a counted one in the same sentence takes its unit: "160 lashes and Javad 100".
Who reported the count (the narrator, a quoted witness, an organisation) is added by the discourse step.
"""

from __future__ import annotations

import re
from typing import Any

from testament.extract._lexicon import lexicon
from testament.extract._text import Document
from testament.extract.mention import Mention

__all__ = ["find_counts", "parse_number_words"]

_DIGITS = re.compile(r"(?<![\w.,/])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/]|[.,]\d)")
# Persian writes a number against its noun as often as apart ("5نفر"): a letter may follow the digits
_DIGITS_FA = re.compile(r"(?<![\w.,/])(\d{1,3}(?:,\d{3})+|\d+)(?![0-9/]|[.,]\d)")
_GROUP = re.compile(
    r"\b(?:in\s+)?(?:a\s+|one\s+)?groups?\s+of\s+$|(?:گروه|دسته)(?:‌ها|های)?\s+$", re.IGNORECASE
)
_EVERY = re.compile(
    r"\bevery\s+(?:few\s+|couple of\s+|\w+\s+)?(?:minutes?|hours?|days?|nights?|mornings?)\b"
    r"|هر\s+چند\s+(?:دقیقه|ساعت|روز)",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(
    r"\s+(thousand|million)(?![\w\u200c])|\s*(هزار|میلیون)(?![\w\u200c])", re.IGNORECASE
)
_ODD = re.compile(r"\s+و\s+چند(?![\w\u200c])|-odd\b|\s+(?:odd|plus)\b|\+", re.IGNORECASE)
_GLUED_SCALE = re.compile(r"(?<=[^\s\u200c])(هزار|میلیون)(?![\w\u200c])")
# ", perhaps more,", "، شاید هم بیشتر،": a hedge between commas does not part a number from its noun
_ASIDE = re.compile(
    r"\s*[،,]\s*(?:(?:شاید|هم|بیشتر|کمتر|حتی|یا|perhaps|maybe|possibly|probably|or|even|more|fewer|so)\s*){1,4}[،,]",
    re.IGNORECASE,
)
# a possessive or plural ending on a Persian noun ("فرزندش", "برادرانم", "بچه‌ها")
_FA_ENDING = re.compile(r"\u200c?(?:هایشان|هایش|هایم|ها|ان|اش|ام|شان|مان|ش|م)$")
# "put the number of people executed at around 5,000", "estimated the death toll at 30,000"
_TOLL_AT = re.compile(
    r"\b(?:number|toll|figure|total)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:people|prisoners|those|victims|dead|deaths|executions|killed|executed)"
    r"[^.;]{0,80}?\s+at\s+(?:around\s+|about\s+|some\s+|least\s+|more than\s+|over\s+|nearly\s+)?$"
    r"|\bdeath\s+toll\s+(?:[^.;]{0,40}?\s)?at\s+(?:around\s+|about\s+|some\s+|least\s+|over\s+)?$"
    # "put the number between 2,800 and 3,800", "puts the number in thousands", "the number exceeded 30,000"
    r"|\b(?:puts?|putting|placed?|places|estimated?|estimates)\s+(?:the|their|this|that)\s+(?:number|toll|figure)"
    r"\s+(?:at|between|in(?:\s+the)?|as high as|to be)\s+(?:around\s+|about\s+|some\s+|over\s+|nearly\s+)?$"
    r"|\bthe\s+(?:number|toll|figure)\s+(?:exceeded|exceeds|reached|reaches|rose to|stood at|stands at)\s+$",
    re.IGNORECASE,
)
_NOT_ONLY_FA = re.compile(r"\s+(?:تنها|فقط)(?![\w\u200c])")
_AND_MORE_FA = re.compile(r"\s+و\s+(\d{1,3})(?![\d\w])")  # "۳هزار و ۸۰۰": 3800


def _words_pattern(words: list[str], persian: bool, scales: list[str] | None = None) -> re.Pattern[str]:
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    if persian:
        # words join with "و" ("سی و پنج"); a scale also joins with a space or ZWNJ ("سی هزار", "سی‌هزار");
        # two numbers side by side without "و" are two ("دو سه نفر": two or three)
        scale = "|".join(re.escape(w) for w in scales or ())
        # a scale may touch its number when the ZWNJ was lost in copying ("دههزار" for "ده‌هزار")
        return re.compile(
            rf"(?<![\w\u200c])(?:{alt})(?:\s+و\s+(?:{alt})|[\s\u200c]*(?:{scale}))*(?![\w\u200c])"
        )
    # "a hundred", "a thousand": the article is the number one only before a scale ("a five-member panel")
    return re.compile(
        rf"\b(?:a\s+(?=(?:hundred|thousand|million)\b))?(?:{alt})(?:(?:[\s-]+(?:and[\s-]+)?)(?:{alt}))*\b",
        re.IGNORECASE,
    )


def _tables(persian: bool) -> tuple[dict[str, int], dict[str, int]]:
    numbers = lexicon().raw["numbers"]["fa" if persian else "en"]
    return {**numbers["units"], **numbers["tens"]}, dict(numbers["scales"])


def parse_number_words(text: str, *, persian: bool = False) -> int | None:
    """ "thirty thousand" -> 30000, "one hundred and sixty" -> 160, "سی و پنج" -> 35; None if not a number."""
    values, scales = _tables(persian)
    total = current = 0
    seen = False
    text = _GLUED_SCALE.sub(r" \1", text) if persian else text
    for word in re.split(r"[\s\u200c-]+", text.strip().lower()):
        if word in ("and", "و", "a", ""):
            continue
        if word in values:
            current += values[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in scales:
            total += (current or 1) * scales[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


class _Reader:
    def __init__(self, persian: bool) -> None:
        lex = lexicon().raw
        lang = "fa" if persian else "en"
        self.persian = persian
        values, scales = _tables(persian)
        words = [*values, *scales] + ([] if persian else ["hundred"])
        self.words = _words_pattern(words, persian, list(scales))
        counted = lex["counted"]
        self.counted: dict[str, str] = {k.lower(): v for k, v in counted[lang].items()}
        self.fillers = {w.lower() for w in counted[f"fillers_{lang}"]}
        self.time_units = {w.lower() for w in counted[f"time_units_{lang}"]}
        self.labels = {w.lower().rstrip(".") for w in counted[f"labels_{lang}"]}
        qualifiers: dict[str, str] = counted[f"qualifiers_{lang}"]
        alt = "|".join(sorted((re.escape(q) for q in qualifiers), key=len, reverse=True))
        self.qualifier = re.compile(rf"(?:^|[\s(])({alt})\s+$", re.IGNORECASE)
        self.qualifiers = {k.lower(): v for k, v in qualifiers.items()}
        word = r"[\w\u200c'%]+" if persian else r"[\w'%]+(?:-[\w']+)*"
        self.next_token = re.compile(rf"[ \t\n-]{{0,3}}({word})")
        self.joiners = {"to", "or", "out", "and", "تا", "یا", "از", "الی"}
        self.digits = _DIGITS_FA if persian else _DIGITS
        vague: dict[str, int] = counted[f"vague_{lang}"]
        alt_vague = "|".join(sorted((re.escape(v) for v in vague), key=len, reverse=True))
        edge = r"(?<![\w\u200c])" if persian else r"\b"
        end_edge = r"(?![\w\u200c])" if persian else r"\b"
        self.vague = re.compile(rf"{edge}(?:{alt_vague}){end_edge}", re.IGNORECASE)
        self.vague_values = {k.lower(): v for k, v in vague.items()}
        self.number_words = set(words)
        # "سه هزار تا بالاتر از ده‌هزار تن": the second number may carry its own hedge
        self.lead = re.compile(
            r"\s*(?:(?:of|out of|to|or|and|تا|یا|از|الی)\s+)?(?:the\s+|more than\s+|over\s+|"
            r"بالاتر از\s+|بیش از\s+|بیشتر از\s+)?",
            re.IGNORECASE,
        )
        self.people_verbs = re.compile(
            r"\s+(?:of (?:us|them)\s+)?(?:came back|returned|survived|were left|remained|died|"
            r"(?:were|had been|have been) (?:\w+ly\s+)?(?:executed|hanged|killed|shot|taken|buried|"
            r"convicted|sentenced|arrested|tried)|"
            r"(?:were|had|have) (?:\w+ly\s+)?been (?:executed|hanged|killed|convicted|sentenced|arrested)|"
            r"زنده ماندند|برگشتند|اعدام شدند|اعدام شده)",
            re.IGNORECASE,
        )

    def numbers(self, norm: str) -> list[tuple[int, int, int]]:
        """(start, end, value) of every written number, digits or words."""
        found: list[tuple[int, int, int]] = []
        for m in self.digits.finditer(norm):
            if found and m.start() < found[-1][1]:
                continue  # the "۸۰۰" of "۳هزار و ۸۰۰", read with it
            value = int(m.group(1).replace(",", ""))
            end = m.end()
            scale = _SCALE_AFTER.match(norm, end)
            if scale:
                word = (scale.group(1) or scale.group(2)).lower()
                value *= 1000000 if word in ("million", "میلیون") else 1000
                end = scale.end()
                more = _AND_MORE_FA.match(norm, end) if word in ("هزار", "میلیون") else None
                if more:
                    value += int(more.group(1))
                    end = more.end()
            found.append((m.start(), end, value))
        digits = bytearray(len(norm) + 1)
        for start, end, _ in found:
            digits[start:end] = b"\x01" * (end - start)
        for m in self.words.finditer(norm):
            parsed = parse_number_words(m.group(0), persian=self.persian)
            if parsed is not None and not any(digits[m.start() : m.end()]):  # "۵ هزار" is one number
                found.append((m.start(), m.end(), parsed))
        if self.persian:
            found += _glued_pairs(norm)
        found.sort()
        return found

    def counted_after(self, norm: str, end: int) -> tuple[str, str, int] | None:
        """(category, counted phrase, phrase end) when a counted noun follows within a few filler words."""
        aside = _ASIDE.match(norm, end)
        pos = aside.end() if aside else end
        previous = ""
        for _ in range(5):  # "thousands of already sentenced political prisoners"
            m = self.next_token.match(norm, pos)
            if m is None:
                return None
            word = m.group(1).lower()
            if word in self.time_units or word.split("-")[-1] in self.time_units:
                return None
            noun = self._noun(word)
            if noun is not None:
                return self.counted[noun], norm[end : m.end()].strip(" -"), m.end()
            if word in ("us", "them", "those") and previous == "of":
                return "people", norm[end : m.end()].strip(), m.end()
            if word not in self.fillers:
                if word in self.joiners or word[:1].isdigit() or word in self.number_words:
                    # "40 of the 120 prisoners", "4,000 to 5,000 people": the first counts what the last does
                    return self._through_number(norm, m)
                return None
            previous, pos = word, m.end()
        return None

    def _noun(self, word: str) -> str | None:
        """The counted noun `word` is, or (Persian) is with a possessive or plural ending: "دو فرزندش" (his
        two children), "سه برادرم"."""
        if word in self.counted:
            return word
        if self.persian:
            stem = _FA_ENDING.sub("", word)
            if stem != word and stem in self.counted:
                return stem
        return None

    def _through_number(self, norm: str, m: re.Match[str]) -> tuple[str, str, int] | None:
        pos = m.start(1)
        ends = self.numbers_at(norm, pos)
        if m.group(1) in self.number_words:
            ends.append(m.end(1))  # "دوسه نفر": the second number written against the first
        for number in ends:
            found = self.counted_after(norm, number)
            if found is not None:
                return found
        return None

    def numbers_at(self, norm: str, pos: int) -> list[int]:
        """Ends of numbers starting at or just after `pos` (skipping "of the", "to", "out of")."""
        m = self.lead.match(norm, pos)
        start = m.end() if m else pos
        ends = []
        digit = self.digits.match(norm, start)
        if digit:
            ends.append(digit.end())
        word = self.words.match(norm, start)
        if word:
            ends.append(word.end())
        return ends

    def verb_after(self, norm: str, end: int) -> bool:
        """ "Only six came back", "ten of us survived": a bare number doing what people do."""
        return self.people_verbs.match(norm, end) is not None

    def label_before(self, norm: str, start: int) -> bool:
        before = norm[max(0, start - 14) : start].lower().split()
        return bool(before) and before[-1].rstrip(".:#") in self.labels

    def time_after(self, norm: str, end: int) -> bool:
        m = self.next_token.match(norm, end)
        if m is None:
            return False
        word = m.group(1).lower()
        return word in self.time_units or word.split("-")[-1] in self.time_units


def find_counts(doc: Document, taken: bytearray) -> list[Mention]:
    norm = doc.norm
    reader = _Reader(doc.language == "fa")
    mentions: list[Mention] = []
    # "چند صد نفر", "several hundred": the vague phrase, not the number inside it
    inside_vague = bytearray(len(norm) + 1)
    for v in reader.vague.finditer(norm):
        inside_vague[v.start() : v.end()] = b"\x01" * (v.end() - v.start())
    for start, end, value in reader.numbers(norm):
        if any(taken[start:end]) or value < 2 or reader.label_before(norm, start):
            continue
        if inside_vague[start] or (norm[start:end] == "نه" and _NOT_ONLY_FA.match(norm, end)):
            continue  # ("نه تنها": not only, no nine)
        odd = _ODD.match(norm, end)
        if norm[max(0, start - 2) : start].strip() in ("#", "No"):
            continue
        counted = reader.counted_after(norm, odd.end() if odd else end)
        detail: dict[str, Any] = {}
        confidence = 0.85
        if counted is None and _GROUP.search(norm[max(0, start - 20) : start]):
            counted = ("people", "group", end)  # "a group of ten", "گروه ده نفری"
            detail["group"] = True
        if counted is None and _TOLL_AT.search(norm[max(doc.sentence_at(start).start, start - 120) : start]):
            counted = ("people", "toll", end)  # "put the number of those executed at around 5,000"
        if counted is None and mentions and _range_end(norm, mentions[-1], start):
            last = mentions[-1].detail  # "between 2,800 and 3,800 in his memoirs": the range's second bound
            counted = (last["category"], last["counted"], end) if "category" in last else None
        if counted is None:
            if reader.time_after(norm, end):
                continue
            inherited = "people" if reader.verb_after(norm, end) else _elliptic(mentions, doc, start, end)
            if inherited is None:
                continue
            detail.update(category=inherited, counted=inherited, elliptic=True)
            confidence = 0.6
        else:
            category, phrase, _ = counted
            detail.update(category=category, counted=phrase)
        qualifier = reader.qualifier.search(norm[max(0, start - 24) : start])
        if odd:
            detail["qualifier"] = "more_than"  # "twenty-odd", "بیست و چند": the number and some more
        elif qualifier:
            detail["qualifier"] = reader.qualifiers[qualifier.group(1).lower()]
        elif mentions and _range_end(norm, mentions[-1], start) and "qualifier" in mentions[-1].detail:
            # "about 5-6 guards": both ends are about; "700 to 800" unhedged: both are a range's bounds
            if mentions[-1].detail["qualifier"] == "exact":
                mentions[-1].detail["qualifier"] = "range"
            detail["qualifier"] = mentions[-1].detail["qualifier"]
        else:
            detail["qualifier"] = "exact"
        _recurring(doc, start, detail)
        mentions.append(Mention("count", start, end, doc.text[start:end], value, None, confidence, detail))
    mentions.extend(_vague(doc, reader, taken, mentions))
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return mentions


_UNITS_FA = {"دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9, "ده": 10}
_GLUED_FA = re.compile(rf"(?<![\w\u200c])({'|'.join(_UNITS_FA)})({'|'.join(_UNITS_FA)})(?![\w\u200c])")


def _glued_pairs(norm: str) -> list[tuple[int, int, int]]:
    """ "دوسه نفر", "پنج‌شش": two or three written as one word (a range, the second one more)."""
    out = []
    for m in _GLUED_FA.finditer(norm):
        first, second = _UNITS_FA[m.group(1)], _UNITS_FA[m.group(2)]
        if second == first + 1:
            out += [(m.start(1), m.end(1), first), (m.start(2), m.end(2), second)]
    return out


def _range_end(norm: str, previous: Mention, start: int) -> bool:
    """This number closes a range opened by the previous count: "5-6", "4,000 to 5,000", "۷۰۰ الی ۸۰۰"."""
    gap = norm[previous.end : start]
    if re.fullmatch(r"\s*(?:-|–|to|or|تا|یا|الی)\s*", gap, re.IGNORECASE) is not None:
        return True
    if re.fullmatch(r"\s*and\s*", gap) and re.search(
        r"\bbetween\s+$", norm[max(0, previous.start - 9) : previous.start]
    ):
        return True  # "between 2,800 and 3,800"
    # "دو سه نفر", "پنج شش نفر": two number words side by side, the second larger, are a range
    words = not norm[previous.start].isdigit() and not norm[start].isdigit()
    return (
        words
        and gap.strip() == ""
        and isinstance(previous.value, int)
        and previous.value < _value_at(norm, start)
    )


def _value_at(norm: str, start: int) -> int:
    m = re.match(r"[\w\u200c]+", norm[start:])
    value = parse_number_words(m.group(0), persian=True) if m else None
    return value or 0


def _recurring(doc: Document, start: int, detail: dict[str, Any]) -> None:
    """ "Every few minutes a group of ten": the count is per occurrence, not a total."""
    sentence = doc.sentence_at(start)
    every = _EVERY.search(doc.norm[sentence.start : start])
    if every is not None:
        detail["recurring"] = every.group(0)


_JOINED_VAGUE = re.compile(r"\s+(?:و|یا|or|and|if not)\s+", re.IGNORECASE)


def _vague(doc: Document, reader: _Reader, taken: bytearray, found: list[Mention]) -> list[Mention]:
    """ "Dozens of prisoners", "thousands of political prisoners", "صدها نفر": a vague quantity of what is
    counted, kept with qualifier "vague" and the value the annotation guide gives it."""
    norm = doc.norm
    claimed = bytearray(len(norm) + 1)
    for f in found:
        claimed[f.start : f.end] = b"\x01" * (f.end - f.start)
    out: list[Mention] = []
    for m in reader.vague.finditer(norm):
        start, end = m.start(), m.end()
        if any(taken[start:end]) or any(claimed[start:end]):
            continue
        if re.search(r"\b(?:the|those|these)\s+$", norm[max(0, start - 7) : start], re.IGNORECASE):
            continue  # "the thousands of victims" refers to them; it reports no count
        counted = reader.counted_after(norm, end)
        joined = _JOINED_VAGUE.match(norm, end)
        second = reader.vague.match(norm, joined.end()) if joined is not None else None
        if counted is None and second is not None:
            # "صدها و هزاران زندانی", "hundreds or thousands of prisoners": the noun counted by the second
            counted = reader.counted_after(norm, second.end())
        if counted is None and _TOLL_AT.search(norm[max(doc.sentence_at(start).start, start - 120) : start]):
            counted = ("people", "toll", end)  # "puts the number in thousands"
        if counted is None and not reader.verb_after(norm, end):
            continue
        category, phrase = (counted[0], counted[1]) if counted else ("people", "people")
        value = reader.vague_values[m.group(0).lower()]
        detail: dict[str, Any] = {"category": category, "counted": phrase, "qualifier": "vague"}
        _recurring(doc, start, detail)
        out.append(Mention("count", start, end, doc.text[start:end], value, None, 0.6, detail))
    return out


def _elliptic(previous: list[Mention], doc: Document, start: int, end: int) -> str | None:
    """The unit of a bare number continuing a count in the same sentence ("160 lashes and Javad 100")."""
    if not previous:
        return None
    last = previous[-1]
    sentence = doc.sentence_at(start)
    if last.start < sentence.start or start - last.end > 80:
        return None
    after = doc.norm[end : end + 6]
    if not re.match(r"\s*(?:[.,;:)!?؛،]|for\b|to\b|each\b|برای|$)", after):
        return None
    category = last.detail.get("category")
    return str(category) if category in ("lashes", "people") else None
