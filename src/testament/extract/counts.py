"""Reported counts: "over 30,000 political prisoners", "81 men", "160 lashes", "۶۵ نفر", "سی هزار نفر".

A number is a count only when it counts something: people (prisoners, men, victims, "of us"), executions,
bodies, graves or lashes. Durations ("10 years"), labels ("ward 3", "Article 7"), ages and dates are not.
A bare number right after a counted one in the same sentence takes its unit: "160 lashes and Javad 100".
Who reported the count (the narrator, a quoted witness, an organisation) is added by the discourse step.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from testament.extract._lexicon import lexicon
from testament.extract._text import Document, guard_all
from testament.extract.mention import Mention

__all__ = ["find_counts", "parse_number_words"]

_DIGITS = re.compile(r"(?<![\w.,/])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/]|[.,]\d)")
# Persian writes a number against its noun as often as apart ("5نفر"): a letter may follow the digits
# and groups its thousands with a Persian comma or a space as well ("30،000", "30 000")
# or with a point ("۳۰.۰۰۰", "۳۰٫۰۰۰": the Arabic decimal sign often stands for the thousands separator)
# and after a word it was written against ("بیش از۳۰ هزار")
# ("نبود.۱۴۰ مجاهد": a full stop after a Persian word, the next sentence's number against it)
_DIGITS_FA = re.compile(
    r"(?<!\d)(?<![A-Za-z_,/])(?<![\dA-Za-z_]\.)(?<!^\.)"
    r"(\d{1,3}(?:[,،]\d{3})+|\d{1,3}(?:\.\d{3})+(?![.\d])|\d{1,3}(?: \d{3})+(?!\d)|\d+)"
    r"(?![0-9/]|[.,،]\d)"
)
_GROUP = re.compile(
    r"\b(?:in\s+)?(?:a\s+|one\s+)?(?:groups?|batch|batches)\s+of\s+$|(?:گروه|دسته)(?:\u200c?ها(?:ی)?)?\s+$",
    re.IGNORECASE,
)
_AT_A_TIME = re.compile(r"\s+at\s+a\s+time\b", re.IGNORECASE)
_EVERY = re.compile(
    r"\bevery\s+(?:few\s+|couple of\s+|\w+\s+)?(?:minutes?|hours?|days?|nights?|mornings?)\b"
    r"|هر\s+چند\s+(?:دقیقه|ساعت|روز)",
    re.IGNORECASE,
)
# a Persian number may be written against its classifier: "۳۰ هزارنفر", "هزاران‌نفر", "سی‌تن"
_CLASSIFIER_FA = r"\u200c?(?:(?:نفر|تن)(?:ی|ه)?|تایی|تائی)(?![\w\u200c])"
_END_FA = rf"(?:(?![\w\u200c])|(?={_CLASSIFIER_FA}))"
_SCALE_AFTER = re.compile(rf"\s+(thousand|million)(?![\w\u200c])|\s*(هزار|میلیون){_END_FA}", re.IGNORECASE)
_ODD = re.compile(r"\s+و\s+چند(?![\w\u200c])|-odd\b|\s+(?:odd|plus)\b|\+", re.IGNORECASE)
_GLUED_SCALE = re.compile(r"(?<=[^\s\u200c])(هزار|میلیون)(?![\w\u200c])")
# ", perhaps more,", "، شاید هم بیشتر،": a hedge between commas does not part a number from its noun
_ASIDE = re.compile(
    r"\s*[،,]\s*(?:(?:شاید|هم|بیشتر|کمتر|حتی|یا|perhaps|maybe|possibly|probably|or|even|more|fewer|so)\s*){1,4}[،,]",
    re.IGNORECASE,
)
# a possessive or plural ending on a Persian noun ("فرزندش", "برادرانم", "فرزندانشان", "بچه‌ها"; "نفریست":
# نفری است)
_FA_ENDING = re.compile(r"\u200c?(?:هایشان|هایش|هایم|انشان|انمان|انش|انم|ها|ان|اش|ام|شان|مان|ست|ش|م)$")
# "put the number of people executed at around 5,000", "estimated the death toll at 30,000"
_TOLL_AT = re.compile(
    r"\b(?:number|toll|figure|total)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:people|prisoners|those|victims|dead|deaths|executions|killed|executed)"
    r"[^.;]{0,80}?\s+at\s+(?:around\s+|about\s+|some\s+|least\s+|more than\s+|over\s+|nearly\s+)?$"
    r"|\bdeath\s+toll\s+(?:[^.;]{0,40}?\s)?at\s+(?:around\s+|about\s+|some\s+|least\s+|over\s+)?$"
    # "estimates tend towards a figure of 20,000", "a death toll of some 4,000": the figure is the toll
    r"|\b(?:a|the)\s+(?:figure|toll|death\s+toll)\s+of\s+"
    r"(?:(?:some|about|around|over|nearly|roughly|more than|at least|up to|as many as)\s+)?$"
    # "put the number between 2,800 and 3,800", "puts the number in thousands", "the number exceeded 30,000"
    r"|\b(?:puts?|putting|placed?|places|estimated?|estimates)\s+(?:the|their|this|that)\s+(?:number|toll|figure)"
    r"\s+(?:at|between|in(?:\s+the)?|as high as|to be)\s+(?:around\s+|about\s+|some\s+|over\s+|nearly\s+)?$"
    # "the prisoners numbered around 2,000", "the regime executed 8,000 in a month"
    r"|\b(?:numbered|numbering|totall?ed|totall?ing|executed|hanged|killed|massacred|murdered)\s+"
    r"(?:(?:around|about|some|over|more than|nearly|roughly|at least|as many as|up to)\s+)?$"
    # "the figure is between 4,000 and 5,000", "the estimate was around 3,000"
    r"|\bthe\s+(?:number|toll|figure|estimate|total)\s+(?:is|was|lies|lay)\s+"
    r"(?:between|around|about|some|over|nearly|at least|more than)\s+$"
    r"|\bthe\s+(?:number|toll|figure)\s+(?:of\s+[^.;]{1,50}?\s+)?"
    r"(?:exceeded|exceeds|reached|reaches|rose to|climbed to|stood at|stands at)\s+$"
    # "تعداد اعدام‌شدگان به ۴۰۰۰ رسید", "شمار قربانیان را ۵۰۰۰ اعلام کرد"
    r"|(?<![\w\u200c])(?:تعداد|شمار|آمار)[\s\u200c](?:[^.؛]{0,20}?)(?:اعدام|قربانی|کشت|زندانی|جان|قتل|ناپدید)"
    r"[^.؛]{0,40}?(?<![\w\u200c])(?:به|را)\s+"
    r"(?:(?:بیش از|بالغ بر|حدود|نزدیک به|دست[\s\u200c]?کم)\s+)?$"
    # "the figure is disputed, ranging from 1,000", "the number is thought to be between 2,800"
    r"|\b(?:number|toll|figure|estimates?|total)\b(?!\s+of\s+(?:days|weeks|months|years|hours))[^.;]{0,60}?\b"
    r"(?:(?:ranging|ranges|ranged|varying|varies)\s+"
    r"(?:from|between)|(?:is|was|are|were)\s+(?:thought|believed|estimated|said|reported)\s+to\s+be"
    r"(?:\s+(?:between|around|about|some|over|nearly|at least|more than|up to|as high as))?)\s+$"
    # "The estimates are around 30,000", "estimates range from 2,800"
    r"|\bestimates\s+(?:are|were|range|ranged|vary|go|run|ran)\s+"
    r"(?:from\s+|between\s+|as high as\s+|up to\s+)?"
    r"(?:around\s+|about\s+|some\s+|over\s+|nearly\s+|roughly\s+)?$",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(r"\s*(?:or|یا)\s*", re.IGNORECASE)
# "has estimated that 4,500", "is estimated to hold 15,000", "estimates them at"
_ESTIMATED = re.compile(
    r"\bestimated?\s+(?:that|to\s+(?:be|hold|have|number|total)|them\s+at|at)\s+(?:only\s+)?$", re.IGNORECASE
)
# "۳۰ هزار نفر تخمین می‌زند", "... نفر برآورد شده است": the figure an estimate gives
_ESTIMATED_FA = re.compile(r"[\s\u200c]*(?:[\w\u200c]+[\s\u200c]+){0,2}?(?:تخمین|برآورد)(?![\w])")
# "تخمین زدیم که ... تنها هشتصد نفر مانده‌اند": a figure inside what the speaker estimated
_ESTIMATED_FA_BEFORE = re.compile(
    r"(?<![\w\u200c])(?:تخمین|برآورد)[\s\u200c]*(?:زد|می[\s\u200c]*زن|کرد|می[\s\u200c]*کن)[\w\u200c]*\s+که\s+"
    r"[^.؛!?\n]{0,80}$"
)
_ONLY = ("only", "تنها", "فقط")  # "only" is exact, but not inside an estimate
_FUNCTION_WORDS = ("of", "the", "our", "my", "us", "them", "those", "such", "and", "از")
_NOT_ONLY_FA = re.compile(r"\s+(?:تنها|فقط)(?![\w\u200c])")
_AND_MORE_FA = re.compile(r"\s+و\s+(\d{1,3})(?![\d\w])")  # "۳هزار و ۸۰۰": 3800


def _words_pattern(words: list[str], persian: bool, scales: list[str] | None = None) -> re.Pattern[str]:
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    if persian:
        # words join with "و" ("سی و پنج"); a scale also joins with a space or ZWNJ ("سی هزار", "سی‌هزار");
        # two numbers side by side without "و" are two ("دو سه نفر": two or three)
        # "سه صد": hundreds may be written apart from their unit, as a scale is
        scale = "|".join(re.escape(w) for w in [*(scales or ()), "صد"])
        # a scale may touch its number when the ZWNJ was lost in copying ("دههزار" for "ده‌هزار")
        # "و" may also be written against the words ("بیست‌وپنج", "سی‌وپنج‌هزار")
        return re.compile(
            rf"(?<![\w\u200c])(?:{alt})(?:[\s\u200c]*و[\s\u200c]*(?:{alt})|[\s\u200c]*(?:{scale}))*{_END_FA}"
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
    words = re.split(r"[\s\u200c-]+", text.strip().lower())
    if persian:
        words = [part for word in words for part in _glued_and(word, {*values, *scales})]
    for word in words:
        if word in ("and", "و", "a", ""):
            continue
        if persian and word == "صد" and 0 < current < 10:
            current *= 100  # "سه صد", "یک‌صد": hundreds written apart
        elif word in values:
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


def _glued_and(word: str, known: set[str]) -> list[str]:
    """ "بیستوپنج" -> ["بیست", "و", "پنج"]: number words joined by a "و" written against them."""
    if word in known:
        return [word]
    for i, char in enumerate(word):
        if char == "و" and (word[:i] in known or i == 0):
            rest = _glued_and(word[i + 1 :], known)
            if all(part in known or part == "و" for part in rest):
                return [part for part in (word[:i], "و", *rest) if part]
    return [word]


# "arbitrarily", "wrongly"; "arrested", "already-jailed", "long-imprisoned": adverbs and participles
_DESCRIBING_EN = re.compile(r"[a-z]{3,}ly|(?:[a-z]+-)?[a-z]{2,}(?:ed|en)")
_LOST_SPACE_EN = re.compile(r"([a-z]{4,})(were|was|who|had|have|in|and|from)")


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
        # "تقریباً": the tanween of an adverb is folded to a ZWNJ
        # ("بیش از۳۰": a Persian hedge may touch the number)
        gap = r"\s*" if persian else r"\s+"
        self.qualifier = re.compile(rf"(?:^|[\s(])({alt})\u200c?{gap}$", re.IGNORECASE)
        self.qualifiers = {k.lower(): v for k, v in qualifiers.items()}
        word = r"[\w\u200c'%]+" if persian else r"[\w'%]+(?:-[\w']+)*"
        # 'five to seven "judges"', "860 more 'executed prisoners'", "دو‌تن": a quote mark opening the noun
        # phrase, or a ZWNJ parting a Persian number from its noun
        self.next_token = re.compile(rf"[ \t\n\"'\u200c-]{{0,3}}({word})")
        self.joiners = {"to", "or", "out", "and", "تا", "یا", "از", "الی"}
        self.digits = _DIGITS_FA if persian else _DIGITS
        vague: dict[str, int] = counted[f"vague_{lang}"]
        alt_vague = "|".join(sorted((re.escape(v) for v in vague), key=len, reverse=True))
        # "وهزاران جنازه": Persian writes "and" against the next word, and a "۰" may stand for the full stop
        # ("...اند۰هزاران نفر"); English copied from a PDF loses the spaces around "thousands"
        # ("wherethousands of", "thousandsof")
        edge = (
            r"(?:(?<![\w\u200c])|(?<=(?<![\w\u200c])و)|(?<=[^\W\d_]0))"
            if persian
            else r"(?:\b|(?<=[a-z])(?=(?:thousands|hundreds)of\b|(?:thousands|hundreds)\s+of\b))"
        )
        end_edge = _END_FA if persian else r"(?:\b|(?=of\b))"
        self.vague = re.compile(rf"{edge}(?:{alt_vague}){end_edge}", re.IGNORECASE)
        self.vague_values = {k.lower(): v for k, v in vague.items()}
        self.number_words = set(words)
        # "دوتن از روزنامه‌نگاران", "سه‌نفر": a number word written against its classifier
        alt_words = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        self.glued_classifier = re.compile(
            rf"(?<![\w\u200c])(?:{alt_words})(?=\u200c?(?:(?:نفر|تن)(?:ی|ه)?|تایی|تائی)(?![\w\u200c]))"
        )
        # "سه هزار تا بالاتر از ده‌هزار تن": the second number may carry its own hedge
        self.lead = re.compile(
            r"\s*(?:(?:of|out of|to|or|and|تا|یا|از|الی)\s+)?(?:the\s+|more than\s+|over\s+|"
            r"بالاتر از\s+|بیش از\s+|بیشتر از\s+)?",
            re.IGNORECASE,
        )
        self.people_verbs = re.compile(
            r"\s+(?:of (?:us|them)\s+)?(?:came back|returned|survived|were left|remained|"
            r"died|perished|vanished|"
            # "as many as 30,000 may have died", "sent 4,000 to the gallows": a hedged or sent-off death
            r"(?:may|might|could|must|would) have (?:died|perished|been (?:executed|hanged|killed|murdered))|"
            r"to (?:the gallows|death|(?:their|the) deaths?|the firing squads?)|"
            r"(?:were|are|had been|have been) (?:\w+ly\s+)?(?:executed|hanged|killed|shot|taken|buried|"
            r"murdered|massacred|slaughtered|disappeared|put to death|slain|"
            r"convicted|sentenced|arrested|tried)|"
            r"(?:were|had|have) (?:\w+ly\s+)?been (?:executed|hanged|killed|convicted|sentenced|arrested)|"
            # "of the 30,000 executed, most were ...": the killed named by their participle
            r"(?:executed|killed|massacred|murdered|hanged)(?=\s*[,.;:)]|\s+(?:in|at|during|by|were|was|are)\b)|"
            r"زنده ماندند|برگشتند|اعدام شدند|اعدام شده|کشته شدند|جان باختند|تیرباران شدند|ناپدید شدند|"
            r"به قتل رسیدند|به دار آویخته شدند|قتل عام شدند)",
            re.IGNORECASE,
        )

    def numbers(self, norm: str) -> list[tuple[int, int, int]]:
        """(start, end, value) of every written number, digits or words."""
        found: list[tuple[int, int, int]] = []
        for m in self.digits.finditer(norm):
            if found and m.start() < found[-1][1]:
                continue  # the "۸۰۰" of "۳هزار و ۸۰۰", read with it
            value = int(re.sub(r"[,،. ]", "", m.group(1)))
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
            for m in self.glued_classifier.finditer(norm):
                glued = parse_number_words(m.group(0), persian=True)
                if glued is not None and not any(s <= m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), glued))
        found.sort()
        return found

    def counted_after(self, norm: str, end: int) -> tuple[str, str, int] | None:
        """(category, counted phrase, phrase end) when a counted noun follows within a few filler words."""
        aside = _ASIDE.match(norm, end)
        pos = aside.end() if aside else end
        previous = ""
        # "thousands of already sentenced political prisoners", "five confirmed or suspected mass graves"
        for _ in range(7):
            m = self.next_token.match(norm, pos)
            if m is None:
                return None
            word = m.group(1).lower().strip("'")  # "'executed prisoners'": the closing quote mark
            if word in self.time_units or word.split("-")[-1] in self.time_units:
                return None
            noun = self._noun(word)
            if noun is not None:
                return self.counted[noun], norm[end : m.end()].strip(" -"), m.end()
            if word in ("us", "them", "those") and previous == "of":
                return "people", norm[end : m.end()].strip(), m.end()
            if (
                word in ("and", "or")
                and previous not in ("", *_FUNCTION_WORDS)
                and (previous in self.fillers or self._describing(previous))
            ):
                # "political and social activists", "confirmed or credibly suspected mass grave sites"
                previous, pos = word, m.end()
                continue
            if word not in self.fillers and not self._describing(word):
                if word in self.joiners or word[:1].isdigit() or word in self.number_words:
                    # "40 of the 120 prisoners", "4,000 to 5,000 people": the first counts what the last does
                    through = self._through_number(norm, m)
                    if through is not None or not (self.persian and word == "تا"):
                        return through
                    # "دو تا پاسدار": تا counting things, no range
                else:
                    return None
            previous, pos = word, m.end()
        return None

    def _describing(self, word: str) -> bool:
        """An English word that describes the counted noun without ending the phrase: an adverb and a
        participle before it ("thousands of arbitrarily arrested prisoners", "already-jailed prisoners"), or
        the owner of a kin noun ("14 of her relatives")."""
        if self.persian or word in self.number_words or word in self.joiners:
            return False  # "fifteen", "hundred" end like a participle but are numbers
        return word in ("her", "his", "their") or _DESCRIBING_EN.fullmatch(word) is not None

    def _noun(self, word: str) -> str | None:
        """The counted noun `word` is, or (Persian) is with a possessive or plural ending: "دو فرزندش" (his
        two children), "سه برادرم"."""
        if word in self.counted:
            return word
        if self.persian:
            stem = _FA_ENDING.sub("", word)
            if stem != word and stem in self.counted:
                return stem
            # "دو برادرمجاهد": a lost space between the noun and the word describing it
            for i in range(3, len(word) - 2):
                if word[:i] in self.counted and (word[i:] in self.counted or word[i:] in self.fillers):
                    return word[:i]
            return None
        # "prisonerswere executed": a space lost in copying from a PDF
        lost = _LOST_SPACE_EN.fullmatch(word)
        if lost is not None and lost.group(1) in self.counted:
            return lost.group(1)
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
        """ "Only six came back", "ten of us survived", "4000 young Iranian were murdered": a bare number
        (or one with describing words) doing what people do."""
        pos = end
        for _ in range(4):
            if self.people_verbs.match(norm, pos) is not None:
                return True
            m = self.next_token.match(norm, pos)
            if m is None or m.group(1).lower() not in self.fillers:
                return False
            pos = m.end()
        return False

    def label_before(self, norm: str, start: int) -> bool:
        before = norm[max(0, start - 24) : start].lower().split()
        if len(before) > 1 and before[-2] in ("هر", "every", "each"):
            return False  # "در هر اتاق ۶۰ زندانی": every room held sixty, no room number
        # "شد،سالن 2": a Persian comma written against the label word
        return bool(before) and before[-1].rstrip(".:#").split("،")[-1] in self.labels

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
        if (
            reader.persian
            and norm[start].isdigit()
            and _GLUED_BEFORE_FA.search(norm[max(0, start - 12) : start])
            and not _GLUED_OK_FA.search(norm[max(0, start - 12) : start])
        ):
            continue  # "تیر۶۷": digits against a word that is no preposition or hedge ("از۳۰", "حدود۵۰")
        if inside_vague[start] or (norm[start:end] == "نه" and _not_nine(norm, start, end)):
            continue  # ("نه تنها": not only, no nine)
        if _year_like(norm[start:end], value) and _MONTH_BEFORE.search(norm[max(0, start - 16) : start]):
            continue  # "از ژوئیه تا دسامبر ۱۳۶۷ اعدام شده‌اند": the year of a date, however it goes on
        if _BOTH_FA.search(norm[max(0, start - 4) : start]) and value == 2:
            continue  # "هر دو" (both): the two already named, no second count
        if _ONE_OR_FA.search(norm[max(0, start - 5) : start]) and value == 2:
            continue  # "یکی دو نفر" (one or two): a few, no count
        odd = _ODD.match(norm, end)
        if norm[max(0, start - 2) : start].strip() in ("#", "No"):
            continue
        counted = reader.counted_after(norm, odd.end() if odd else end)
        if counted is not None and _family_size(norm, start, counted, reader.persian):
            continue  # "she had two children": who the victim left, not a count of the events
        detail: dict[str, Any] = {}
        confidence = 0.85
        if _GROUP.search(norm[max(0, start - 20) : start]):
            detail["group"] = True  # "in groups of two or three": the bounds of a group's size
            if counted is None:
                counted = ("people", "group", end)  # "a group of ten", "گروه ده نفری"
        if (
            counted is None
            and not reader.time_after(norm, end)
            and not _year_like(norm[start:end], value)
            and (
                _TOLL_AT.search(norm[max(doc.sentence_at(start).start, start - 120) : start])
                or (reader.persian and _toll_fa(doc, start, end))
            )
        ):
            counted = ("people", "toll", end)  # "put the number of those executed at around 5,000"
        if counted is None and mentions and _range_end(norm, mentions[-1], start):
            last = mentions[-1].detail  # "between 2,800 and 3,800 in his memoirs": the range's second bound
            counted = (last["category"], last["counted"], end) if "category" in last else None
        if counted is None and _AT_A_TIME.match(norm, end):
            counted = ("people", "group", end)  # "they hanged them in batches, 30 at a time"
            detail["group"] = True
        if counted is None and not odd and _these_few(norm, start, end, reader.persian):
            counted = ("people", "people", end)  # "the seven, to be questioned", "این دو در کمیسیون"
        if counted is None and _FURTHER.search(norm[max(0, start - 12) : start]) and _CLOSE.match(norm, end):
            counted = _unit_before(doc, reader, start)  # "with the next lash ... a further three."
        if counted is None and _acts_times(norm, doc, start, end, reader.persian):
            counted = ("acts", "times", end)  # "tortured three times", "دو بار ... دستگیر شدم"
        if counted is None:
            hedged = reader.qualifier.search(norm[max(0, start - 24) : start]) is not None
            if reader.time_after(norm, end) or (_year_like(norm[start:end], value) and not hedged):
                continue  # "the massacre (1988)": a year, no bare count ("about 2000 were killed" is one)
            killed = (
                reader.verb_after(norm, end)
                or _OF_KILLING.search(norm[max(0, start - 40) : start])
                or (
                    reader.persian
                    and value >= 100
                    and _OF_KILLING_FA.search(norm[max(0, start - 30) : start])
                )
                or _aside_figure(doc, start, end)
            )
            inherited = "people" if killed else _elliptic(mentions, doc, start, end)
            if inherited is None:
                continue
            detail.update(category=inherited, counted=inherited, elliptic=True)
            confidence = 0.6
        else:
            category, phrase, _ = counted
            detail.update(category=category, counted=phrase)
        qualifier = reader.qualifier.search(norm[max(0, start - 24) : start])
        closing = bool(mentions) and _range_end(norm, mentions[-1], start)
        # "2,800 or 3,800", "five or six": two alternative figures, each exact (but "groups of two or three")
        alternative = (
            closing
            and _ALTERNATIVE.fullmatch(norm[mentions[-1].end : start]) is not None
            and not mentions[-1].detail.get("group")
        )
        if odd:
            detail["qualifier"] = "more_than"  # "twenty-odd", "بیست و چند": the number and some more
        elif qualifier and not (qualifier.group(1).lower() in _ONLY and _estimated(doc, reader, start, end)):
            detail["qualifier"] = reader.qualifiers[qualifier.group(1).lower()]
        elif closing and "qualifier" in mentions[-1].detail:
            # "about 5-6 guards": both ends are about; "over 170 to 190": the unhedged end is a bound
            last = mentions[-1].detail["qualifier"]
            # "at least 4,000-5,000": both ends are at_least
            keep = last in ("about", "at_least") or (alternative and last == "exact")
            detail["qualifier"] = last if keep else "range"
        elif _estimated(doc, reader, start, end):
            detail["qualifier"] = "about"  # "has estimated that 4,500", "۳۰ هزار نفر تخمین می‌زند"
        else:
            detail["qualifier"] = "exact"
        if closing and not alternative and mentions[-1].detail.get("qualifier") == "exact":
            # "700 to 800", "from 658 people to over 12,000": the unhedged first end is a range's bound
            mentions[-1].detail["qualifier"] = "range"
            if detail["qualifier"] == "exact":
                detail["qualifier"] = "range"
        if closing:
            _carry_scale(norm, mentions, start, value)
        _recurring(doc, start, detail)
        mentions.append(Mention("count", start, end, doc.text[start:end], value, None, confidence, detail))
    mentions.extend(_vague(doc, reader, taken, mentions))
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return mentions


# "آمار اعدام‌شدگان بیش از ۳۰ هزار است", "این رقم را تا ۳۰ هزار ذکر کرده‌اند", "تعداد قربانیان حدود ۵ هزار
# برآورد می‌شود": a figure the sentence gives as the number (تعداد، شمار، آمار، رقم) and states or estimates
_TOLL_FA_BEFORE = re.compile(r"(?<![\w\u200c])(?:تعداد|شمار|آمار|رقم)(?![\w])[^.؛!?:\n]{0,60}$")
_TOLL_FA_AFTER = re.compile(
    r"(?:\s*(?:تا|الی|-)\s*[\w\u200c]+(?:\s+(?:هزار|میلیون))?)?(?:[\s\u200c]+(?:نفر|تن|هم|نیز|را))*[\s\u200c]*"
    r"(?:است|بوده?|می[\s\u200c]?رسد|رسید|برآورد|تخمین|اعلام|ذکر|گزارش|می[\s\u200c]?دانند|عنوان)(?![\w])"
)


def _toll_fa(doc: Document, start: int, end: int) -> bool:
    before = doc.norm[max(doc.sentence_at(start).start, start - 80) : start]
    return _TOLL_FA_BEFORE.search(before) is not None and _TOLL_FA_AFTER.match(doc.norm, end) is not None


def _estimated(doc: Document, reader: _Reader, start: int, end: int) -> bool:
    """The figure is what someone estimated: "has estimated that 4,500", "۳۰ هزار نفر تخمین می‌زند"."""
    norm = doc.norm
    sentence = doc.sentence_at(start).start
    if _ESTIMATED.search(norm[max(sentence, start - 45) : start]):
        return True
    if not reader.persian:
        return False
    before = norm[max(sentence, start - 120) : start]
    return bool(_ESTIMATED_FA.match(norm, end) or _ESTIMATED_FA_BEFORE.search(before))


# digits written against the word before them: a preposition or a hedge ("از۳۰", "حدود۵۰"), but no month
# or label ("تیر۶۷")
_GLUED_BEFORE_FA = re.compile(r"[^\W\d_]$")
_GLUED_OK_FA = re.compile(
    r"(?<![\w\u200c])(?:از|تا|با|به|و|که|را|بر|حدود|قریب|نزدیک|تنها|فقط|حداقل|حداکثر|دستکم|لااقل)$"
)


# "نه پیکرشان را دادند و نه وصیتشان را" (neither ... nor), "ده‌ها، نه! صدها" (no!): the negation, no nine
_NEITHER_FA = re.compile(r"[^.؛!?\n]{0,150}?(?<![\w\u200c])و\s*نه(?![\w\u200c])")
_INTERJECTION_FA = re.compile(r"\s*[!،,]")
# the "nor" half: "نه او را دیدم و نه برادرش را"
_NOR_FA = re.compile(r"(?<![\w\u200c])نه(?![\w\u200c])[^.؛!?\n]{0,150}?(?<![\w\u200c])و\s*$")


def _not_nine(norm: str, start: int, end: int) -> bool:
    if _NOR_FA.search(norm[max(0, start - 160) : start]) is not None:
        return True
    return any(rx.match(norm, end) is not None for rx in (_NOT_ONLY_FA, _NEITHER_FA, _INTERJECTION_FA))


_KIN_EN = {"children", "sons", "daughters", "brothers", "sisters", "kids"}
_KIN_FA = {"فرزند", "بچه", "پسر", "دختر", "برادر", "خواهر"}
_HAD_EN = re.compile(r"\b(?:had|has|have|having)\s+$", re.IGNORECASE)
_HAD_EN_AFTER = re.compile(r"\s*(?:[.;:),]|$)")
_HAD_FA = re.compile(r"[\s\u200c]*(?:[\w\u200c]+[\s\u200c]+)?(?:داشت|دارد|داشتند|دارند)(?![\w\u200c])")


def _family_size(norm: str, start: int, counted: tuple[str, str, int], persian: bool) -> bool:
    """ "He had three sons.", "دو فرزند داشت": the size of a family is the biography of a victim; what
    happened to the children ("had two sons executed", "دو فرزندش اعدام شدند") stays a count."""
    words = re.findall(r"[\w\u200c]+", counted[1].lower())
    if not words:
        return False
    if persian:
        kin = words[-1] in _KIN_FA or _FA_ENDING.sub("", words[-1]) in _KIN_FA
        return kin and _HAD_FA.match(norm, counted[2]) is not None
    return (
        words[-1] in _KIN_EN
        and _HAD_EN.search(norm[max(0, start - 8) : start]) is not None
        and _HAD_EN_AFTER.match(norm, counted[2]) is not None
    )


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
        r"\bbetween\s+$", norm[max(0, previous.start - 9) : previous.start], re.IGNORECASE
    ):
        return True  # "between 2,800 and 3,800"
    # "from 658 people to over 12,000", "از ۶۵۸ نفر تا بیش از دوازده هزار نفر": the noun inside the range
    if re.fullmatch(
        r"\s*[\w\u200c]+\s+(?:to|تا)\s+(?:(?:more than|over|up to|بیش از|بیشتر از|بالاتر از)\s+)?",
        gap,
        re.IGNORECASE,
    ) and re.search(r"(?:^|\s)(?:from|از)\s+$", norm[max(0, previous.start - 6) : previous.start]):
        return True
    # "دو سه نفر", "پنج شش نفر": two number words side by side, the second larger, are a range
    words = not norm[previous.start].isdigit() and not norm[start].isdigit()
    return (
        words
        and gap.strip() == ""
        and isinstance(previous.value, int)
        and previous.value < _value_at(norm, start)
    )


# "arrested two more times", "imprisoned and tortured three times"; "دو بار به اعدام محکوم شد"
_TIMES_EN = re.compile(r"\s+(?:more\s+|other\s+|separate\s+|different\s+)?times\b", re.IGNORECASE)
_ACT_BEFORE_EN = re.compile(
    r"\b(?:arrested|detained|imprisoned|jailed|tortured|flogged|whipped|lashed|interrogated|sentenced|"
    r"summoned|tried|beaten|rearrested|re-arrested)\b[^.;:!?]{0,40}$",
    re.IGNORECASE,
)
_TIMES_FA = re.compile(r"[\s\u200c]*بار(?![\w\u200c])")
_ACT_AFTER_FA = re.compile(
    r"[^.،؛!?\n]{0,90}?(?<![\w\u200c])(?:دستگیر|بازداشت|محکوم|شکنجه|شلاق|زندانی\s+شد|احضار|بازجویی)"
)


def _acts_times(norm: str, doc: Document, start: int, end: int, persian: bool) -> bool:
    """A number of times an act was done to someone: a count of acts (not the times a thing was seen)."""
    if persian:
        times = _TIMES_FA.match(norm, end)
        return times is not None and _ACT_AFTER_FA.match(norm, times.end()) is not None
    if _TIMES_EN.match(norm, end) is None:
        return False
    return _ACT_BEFORE_EN.search(norm[max(doc.sentence_at(start).start, start - 60) : start]) is not None


# "these two" / "این دو" standing for persons: the number is the noun phrase's head
_THESE_EN = re.compile(r"\b(?:these|those|the)\s+$", re.IGNORECASE)
_THESE_AFTER_EN = re.compile(r"\s*[,;:]|\s+(?:were|are|was|had|have|will|would|who|whom)\b", re.IGNORECASE)
_THESE_FA = re.compile(r"(?<![\w\u200c])(?:این|آن)\s+$")
_THESE_AFTER_FA = re.compile(r"\s*[،,؛]|\s+(?:را|در|که|هم|نیز|با|به|از|و|بودند|هستند)(?![\w\u200c])")


def _these_few(norm: str, start: int, end: int, persian: bool) -> bool:
    before, after = (_THESE_FA, _THESE_AFTER_FA) if persian else (_THESE_EN, _THESE_AFTER_EN)
    return before.search(norm[max(0, start - 8) : start]) is not None and after.match(norm, end) is not None


# "the massacre of 30,000 in 1988", "the execution of more than 4,000 that summer": who were killed
_OF_KILLING = re.compile(
    r"\b(?:massacre|execution|killing|murder|slaughter|disappearance)s?\s+of\s+"
    r"(?:some\s+|over\s+|more\s+than\s+|about\s+|around\s+|nearly\s+|up\s+to\s+|as\s+many\s+as\s+|at\s+least\s+)?$",
    re.IGNORECASE,
)
# "قتل‌عام ۳۰ هزار در تابستان ۶۷": the killed named by the killing; "قتل‌عام ۶۷" (of 1367) is a year, so
# only a hundred or more
_OF_KILLING_FA = re.compile(
    r"(?<![\w\u200c])(?:قتل[\s\u200c]?عام|کشتار|اعدام|کشتن)\s+"
    r"(?:(?:بیش از|بیشتر از|حدود|نزدیک به|بالغ بر|دست[\s\u200c]?کم|حداقل)\s+)?$"
)
# "the purge the following year -- by some accounts as many as 30,000 --", "the massacre (some 4,000)":
# a figure set off after a killing gives the number killed
_ASIDE_OPEN = re.compile(
    r"(?:--|\()\s*(?:(?:by\s+some\s+(?:accounts|estimates)|reportedly|some\s+say|perhaps)\s*,?\s*)?"
    r"(?:(?:some|over|more\s+than|about|around|nearly|up\s+to|as\s+many\s+as|at\s+least)\s+)?$",
    re.IGNORECASE,
)
_ASIDE_CLOSE = re.compile(r"\s*(?:--|\))")
_KILLING_BEFORE = re.compile(
    r"\b(?:purges?|massacres?|executions?|killings?|executed|killed|massacred|murdered)\b", re.IGNORECASE
)


def _aside_figure(doc: Document, start: int, end: int) -> bool:
    norm = doc.norm
    opening = _ASIDE_OPEN.search(norm[max(0, start - 50) : start])
    if opening is None or _ASIDE_CLOSE.match(norm, end) is None:
        return False
    lead = norm[max(doc.sentence_at(start).start, start - 200) : start - len(opening.group(0))]
    return _KILLING_BEFORE.search(lead) is not None


_MONTH_BEFORE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|ژوییه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر|"
    r"فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|بهمن|اسفند|سال|تابستان)[\s\u200c,]+$",
    re.IGNORECASE,
)
_BOTH_FA = re.compile(r"(?<![\w\u200c])هر\s+$")
_ONE_OR_FA = re.compile(r"(?<![\w\u200c])یکی[\s\u200c]*$")
# "you would receive a further three.": a bare number adding to a unit named just before
_FURTHER = re.compile(r"\b(?:a\s+further|another|an\s+extra)\s+$", re.IGNORECASE)
_CLOSE = re.compile(r"\s*(?:[.;:!?)]|,\s|$)")


def _unit_before(doc: Document, reader: _Reader, start: int) -> tuple[str, str, int] | None:
    """The counted noun nearest before `start` in this sentence or the one before ("the next lash")."""
    sentence = doc.sentence_at(start)
    previous = doc.sentence_at(sentence.start - 1) if sentence.start > 0 else sentence
    window = doc.norm[max(previous.start, start - 250) : start]
    for word in reversed(re.findall(r"[\w']+", window)):
        noun = reader._noun(word.lower())
        if noun is not None:
            return reader.counted[noun], noun, start
    return None


def _year_like(written: str, value: int) -> bool:
    return re.fullmatch(r"\d{4}", written) is not None and (1300 <= value <= 1420 or 1900 <= value <= 2030)


def _carry_scale(norm: str, mentions: list[Mention], start: int, value: int) -> None:
    """ "10-30,000", "5 to 6 thousand", "۵ تا ۶ هزار": the first end of a range takes the second's scale."""
    last = mentions[-1]
    if not isinstance(last.value, int) or not 2 <= last.value < 1000 or value < 1000:
        return
    # "سه چهار هزار نفر": two number words side by side share the scale too
    # "four or five thousand", "۴ یا ۵ هزار": two alternatives share it as well
    if not re.fullmatch(r"\s*(?:(?:-|to|and|or|تا|الی|یا)\s*)?", norm[last.end : start], re.IGNORECASE):
        return
    scale = 1000000 if value >= 1000000 else 1000
    if value % scale == 0 and last.value * scale <= value:
        mentions[-1] = dataclasses.replace(last, value=last.value * scale)


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


# "hundreds, if not thousands", "hundreds, even thousands", "صدها و حتی هزاران", and the self-correcting
# "ده‌ها، نه! صدها، نه! هزاران" (dozens, no! hundreds, no! thousands): one noun counted by the whole chain
_JOINED_VAGUE = re.compile(
    r"\s*,?\s+(?:و|یا|or|and|if not)\s+(?:(?:even|perhaps|حتی|شاید)\s+)?"
    r"|\s*[,،]\s*(?:(?:or|and|و|یا)\s+)?(?:even|perhaps|maybe|possibly|if not|nay|no|بلکه|حتی|شاید|نه)"
    r"(?:\s*[!,،]\s*|\s+)",
    re.IGNORECASE,
)


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
        tail = end
        for _ in range(3):
            # "صدها و هزاران زندانی", "hundreds or thousands of prisoners": the noun counted by the last
            joined = _JOINED_VAGUE.match(norm, tail) if counted is None else None
            second = reader.vague.match(norm, joined.end()) if joined is not None else None
            if second is None:
                break
            tail = second.end()
            counted = reader.counted_after(norm, tail)
        if counted is None and _TOLL_AT.search(norm[max(doc.sentence_at(start).start, start - 120) : start]):
            counted = ("people", "toll", end)  # "puts the number in thousands"
        if counted is None and not reader.verb_after(norm, tail):
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


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
