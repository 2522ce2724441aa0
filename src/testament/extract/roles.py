"""A person's part in the account, read from the words around each mention of them and summed over all
mentions of the same person: the narrator names themself ("My name is", "من ... هستم") or speaks the
quotations; a perpetrator holds a position ("X, the prosecutor", "حاکم شرع"), carries a cleric's title or
acts ("decided by X", "X ordered"); a victim is executed ("X was hanged"); a relative stands beside a
victim ("his mother, X,"); a fellow prisoner shares the narrator's cell or lashes. The strongest total
wins; a person with no cue at all is "other"."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from testament.extract._lexicon import lexicon
from testament.extract._text import Document
from testament.extract.discourse import Voices
from testament.extract.persons import PersonMention

__all__ = ["assign_roles"]

_PRIORITY = ("narrator", "perpetrator", "relative", "victim", "fellow_prisoner")
_EXECUTED = r"(?:executed|hanged|hung|killed|shot|murdered|put to death|shot dead)"
_NEXT_PRONOUN_FA = re.compile(r"(?<![\w\u200c])(?:او|وی)\s+را\s+[^.]{0,40}?(?:اعدام|تیرباران|به دار)")
_NEXT_PRONOUN = re.compile(
    rf"^\W*(?:[\w,' ]{{0,40}}?)\b(?:he|she)\b[^.]{{0,40}}?\b(?:was|were|had been)\s+(?:\w+\s+)?{_EXECUTED}",
    re.IGNORECASE,
)


def _alt(words: tuple[str, ...] | frozenset[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_Rule = tuple[str, float, re.Pattern[str], str]


def _rule(role: str, weight: float, where: str, *parts: str, flags: int = re.IGNORECASE) -> _Rule:
    return (role, weight, re.compile("".join(parts), flags), where)


@cache
def _rules() -> dict[str, list[_Rule]]:
    """Per language: (role, weight, pattern, where) with where "before" (matched at the end of the text
    before the mention), "after" (at the start of the text after it) or "sentence" (anywhere in it)."""
    lex = lexicon()
    pos, pos_fa = _alt(lex.positions), _alt(lex.positions_fa)
    rel, rel_fa = _alt(lex.relatives), _alt(lex.relatives_fa)
    x = _EXECUTED
    en = [
        _rule("narrator", 10, "before", r"(?:my name is|i am|i'm|call me|name was)\s*$"),
        _rule("narrator", 10, "after", r"^\s*(?:is|was) my name"),
        _rule("narrator", 8, "before", r"\bI,\s*$", flags=0),
        _rule("narrator", 6, "after", r"^,?\s+(?:is|was)\s+(?:one of (?:the\s+)?)?",
              r"(?:(?:few|last|remaining|rare|only|handful of)\s+)*",
              r"(?:survivors?|witness(?:es)?|eye-?witness(?:es)?|former (?:political )?prisoners?)"),
        _rule("narrator", 3, "after", r"^,?\s+(?:who|a) (?:survived|spent|was imprisoned|testified)"),
        _rule("narrator", 5, "before", r"\b(?:survivor|former (?:political )?prisoner|eye-?witness|witness)",
              r"s?,?\s+$"),
        _rule("narrator", 4, "after", r"^,\s+(?:a|an|the)\s+(?:former\s+)?(?:political\s+)?",
              r"(?:prisoner|survivor|witness)"),
        _rule("perpetrator", 8, "after", r"^\s*,\s*(?:the\s+|a\s+|then\s+(?:the\s+)?",
              r"|who was (?:then )?(?:the |a )?", rf"|former\s+|an?\s+)?(?P<pos>{pos})\b"),
        _rule("perpetrator", 6, "before", rf"\b(?P<pos>{pos})\s*,?\s*$"),
        _rule("perpetrator", 5, "after", r"^'s\s+(?:fatwa|decree|order|orders|edict)\b"),
        _rule("perpetrator", 4, "after", r"^\s+(?:\w+\s+){0,8}?",
              r"(?:with the lists?|read out the names|called out the names)"),
        _rule("perpetrator", 5, "before", r"\b(?:decided|sentenced|ordered|signed|interrogated|questioned|",
              r"tortured|flogged|headed|chaired|presided over|led|overseen|supervised|beaten|whipped|issued|",
              r"carried out|run|conducted|read out)\s+by\s+(?:the\s+\w+\s+)?$"),
        _rule("perpetrator", 5, "after", r"^\s+(?!was\b|were\b|had\b|has\b)(?:\w+ly\s+)?(?:ordered|signed|",
              r"presided|headed|chaired|sentenced|interrogated|tortured|flogged|oversaw|supervised|issued|decided)"),
        _rule("perpetrator", 5, "after", r"^\s+(?:is|was|has been|had been|went)\s+",
              r"(?:currently\s+|later\s+|now\s+)?",
              r"(?:on trial|tried|convicted|charged|indicted|accused|sentenced to life)"),
        _rule("perpetrator", 4, "sentence", r"\bfor (?:his|her) role in\b"),
        _rule("victim", 5, "after", r"^\s*,?\s*(?:[^.;,]{0,100}?,\s*)?(?:was|were|had been|has been|is)\s+",
              rf"(?:also\s+|later\s+|then\s+|eventually\s+|among those\s+)?{x}"),
        _rule("victim", 5, "after", r"^\s*(?:,[^.;]{0,100}?,\s*)?(?:was|is)\s+(?:one of|among)\s+(?:the\s+)?",
              rf"(?:[\w-]+\s+){{0,3}}?(?:prisoners|victims|people|those|inmates)\s+(?:who were\s+)?{x}"),
        _rule("victim", 4, "after", rf"^[^.;]{{0,80}}?\band\s+(?:was\s+)?{x}"),
        _rule("victim", 4, "after", r"^\s*(?:,[^.;]{0,100}?,\s*)?(?:was|were|had been|is)\s+(?:\w+\s+)?",
              r"(?:buried|dead|among the dead|among the victims)\b"),
        _rule("victim", 4, "before", r"\b(?:execution|death|murder|killing|hanging|grave|body|remains|",
              r"belongings) of\s+$"),
        _rule("victim", 4, "before", rf"\b{x}\s+$"),
        _rule("victim", 2, "before", r"\b(?:took|taken|called out|removed|led away)\s+$"),
        _rule("victim", 1, "after", rf"^'s\s+(?:{rel})\b"),
        _rule("relative", 6, "before", rf"\b(?:his|her|my|their|'s)\s+(?:{rel})\s*,\s*$"),
        _rule("relative", 5, "before", rf"\b(?:his|her|their)\s+(?:{rel})\s+$"),
        _rule("relative", 3, "before", rf"\bmy\s+(?:{rel})\s+$"),
        _rule("relative", 6, "after", rf"^\s*,\s*(?:his|her|their|the)\s+(?:{rel})\b"),
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
        _rule("narrator", 10, "before", r"(?:نام من|اسم من|من)\s+$"),
        _rule("narrator", 6, "after", r"^\s+(?:هستم|بودم)"),
        _rule("perpetrator", 8, "after", rf"^\s*[،,]\s*(?P<pos>{pos_fa})"),
        _rule("perpetrator", 6, "before", rf"(?P<pos>{pos_fa})\s*[،,]?\s*$"),
        _rule("perpetrator", 5, "before", r"(?:زیر نظر|به دستور|توسط)\s+$"),
        _rule("victim", 4, "after", r"^[^.؟!]{0,120}?(?:اعدام|تیرباران|به دار)(?![\w\u200c]*\s*ن)"),
        _rule("victim", 2, "after", r"^\s+را\s+[^.]{0,30}?بردند"),
        _rule("victim", 4, "after", r"^\s+(?:را\s+)?[^.،]{0,40}?(?:دفن|به خاک سپرد)"),
        _rule("victim", 4, "after", r"^\s+(?:مرده|کشته شده|اعدام شده)"),
        _rule("victim", 1, "before", rf"(?:{rel_fa})\s+$"),
        _rule("relative", 6, "before", rf"(?:{rel_fa})\s+[^،.]{{1,40}}[،,]\s*(?:خانم|آقای|حاج)?\s*$"),
        _rule("relative", 6, "after", rf"^\s*[،,]\s*(?:{rel_fa})"),
        _rule("fellow_prisoner", 4, "before", r"(?:هم‌بند|همبند|هم‌سلولی|همسلولی|دوست|رفیق)(?:م|ی|ش|مان)?\s+$"),
        _rule("fellow_prisoner", 2, "sentence", r"به من[^.]*(?:ضربه|شلاق)"),
    ]  # fmt: skip
    return {"en": en, "fa": fa}


def assign_roles(doc: Document, persons: list[PersonMention], voices: Voices | None) -> dict[int, str]:
    """Role per entity; also sets each mention's `position` where the text gives one."""
    rules = _rules()["fa" if doc.language == "fa" else "en"]
    norm = doc.norm
    scores: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_sentence: dict[int, list[PersonMention]] = defaultdict(list)
    for p in persons:
        by_sentence[doc.sentence_at(p.start).index].append(p)
    for p in persons:
        sentence = doc.sentence_at(p.start)
        before = norm[max(sentence.start, p.start - 80) : p.start]
        after = norm[p.end : min(sentence.end, p.end + 140)]
        text = norm[sentence.start : sentence.end]
        for role, weight, pattern, where in rules:
            subject = before if where == "before" else after if where == "after" else text
            m = pattern.search(subject) if where != "after" else pattern.match(subject)
            if m is None:
                continue
            if role == "perpetrator" and "pos" in (m.groupdict() or {}):
                p.position = m.group("pos").lower() if doc.language != "fa" else m.group("pos")
            scores[p.entity][role] += weight
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
    if voices is not None:
        for q in doc.quotes:
            speaker = voices.quote_speakers.get(q.start)
            if speaker is not None and speaker.entity is not None and q.first_person:
                scores[speaker.entity]["narrator"] += 4
    roles: dict[int, str] = {}
    for p in persons:
        table = scores.get(p.entity)
        if not table:
            roles[p.entity] = "other"
            continue
        best = max(_PRIORITY, key=lambda r: (table.get(r, 0.0), -_PRIORITY.index(r)))
        roles[p.entity] = best if table.get(best, 0.0) > 0 else "other"
    return roles
