"""The gazetteer: places (prisons, cities, cemeteries and grave sites, countries, courts abroad) and
organisations, with Latin and Persian names, read from an editable TOML file. The shipped one is
`testament/names/data/gazetteer.toml`, the one list of places that `testament.names.place_key` (linkage,
estimation strata) reads too.

Matching works on word tokens, not one huge regular expression, so it stays linear in the text: every
name is keyed by its casefolded letters with spaces, hyphens, ZWNJ and apostrophes dropped, so "Gohar
Dasht", "Gohar-Dasht" and "Gohardasht" are one key, and the longest name starting at a word wins."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from testament.errors import InputError
from testament.extract._text import guard_all

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerMatch",
    "contextual_organisations",
    "load_gazetteer",
    "unlisted_organisations",
]

_TOKEN = re.compile(r"[^\W_]+(?:'(?!s\b)[^\W_]+)*")  # "Amnesty International's": the 's is not the name
_GAP = re.compile(r"[\s\-\u200c()'/]{0,3}|[ \t]{4,8}")  # "RFE/RL"; "قزل    حصار", a justified line's spaces
_MAX_TOKENS = 8  # at least; a longer listed name raises its gazetteer's reach (Gazetteer.reach)
_KINDS = {
    # site: a named place of no other kind (an airport, a park, a venue)
    "place": {"prison", "city", "province", "cemetery", "grave_site", "country", "court", "site"},
    # court_abroad: a court trying the events (Stockholm), never a party to them; media: a news organisation
    "organisation": {
        "party",
        "state_body",
        "commission",
        "court",
        "court_abroad",
        "ngo",
        "international",
        "media",
    },
}


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    category: str  # place or organisation
    name: str  # the gazetteer name: a mention's value
    kind: str
    names: tuple[str, ...]  # every spelling, Latin and Persian
    lat: float | None = None
    lon: float | None = None
    uncertainty_m: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.lat is not None:
            out.update(lat=self.lat, lon=self.lon, uncertainty_m=self.uncertainty_m)
        return out


@dataclass(frozen=True)
class GazetteerMatch:
    start: int
    end: int
    entry: GazetteerEntry


_KEY_DROP = re.compile(r"[\s\-\u200c'()]")


@lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    # "البانی" for "آلبانی": Persian writers often drop the madda, so a name's key ignores it
    return _KEY_DROP.sub("", text).casefold().replace("آ", "ا")


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    # key -> (entry, spelling as written in the gazetteer)
    _index: dict[str, list[tuple[GazetteerEntry, str]]] = field(default_factory=dict, repr=False)
    # every prefix of every key in `_index`: a scan stops once its key has no listed name to grow into
    _prefixes: set[str] = field(default_factory=set, repr=False)
    # the most words a listed name has: "Justice for the Victims of the 1988 Massacre in Iran" has ten
    reach: int = _MAX_TOKENS

    def add(self, entry: GazetteerEntry) -> None:
        self.entries[entry.id] = entry
        for spelling in entry.names:
            key = _key(spelling)
            self._index.setdefault(key, []).append((entry, spelling))
            self._prefixes.update(key[:n] for n in range(len(key) + 1))
            self.reach = max(self.reach, len(_TOKEN.findall(spelling)))

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self.entries.get(entry_id)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry a name stands for, in any of its spellings."""
        found = self._index.get(_key(name))
        return found[0][0] if found else None

    def find(self, norm: str) -> Iterator[GazetteerMatch]:
        """Longest non-overlapping names in `norm` (a text normalised by `Document`): the listed names, and
        the organisations a list cannot hold all of, named by their kind's word ("the Ottawa Citizen",
        "International Liberty Association"), by the initials of one named before ("ILA"), or by a
        lowercase word a country's state body goes by ("Iran's judiciary")."""
        listed = list(self._listed(norm))
        yield from sorted(unlisted_organisations(norm, self, listed), key=lambda g: (g.start, g.end))

    def _listed(self, norm: str) -> Iterator[GazetteerMatch]:
        tokens = _unglued_tokens(norm, [(m.start(), m.end()) for m in _TOKEN.finditer(norm)])
        i = 0
        while i < len(tokens):
            start = tokens[i][0]
            best = self._longest(norm, tokens, i, start)
            glued = _GLUED_PREPOSITION.match(norm, start, tokens[i][1])
            if best is None and glued is not None:
                # "درمشهد": a preposition written against a place name; the place is the rest of the word
                start = glued.end()
                best = self._longest(norm, tokens, i, start)
                if best is not None and best[2].category != "place":
                    best = None
            if best is None:
                i += 1
                continue
            j, end, entry = best
            if "(" in norm[start:end] and end < len(norm) and norm[end] == ")":
                end += 1  # "Fadaian (Majority)"
            yield GazetteerMatch(start, end, entry)
            i = j + 1

    def _longest(
        self, norm: str, tokens: list[tuple[int, int]], i: int, start: int
    ) -> tuple[int, int, GazetteerEntry] | None:
        """(last token, end, entry) of the longest name starting at `start` inside token `i`."""
        best: tuple[int, int, GazetteerEntry] | None = None
        key = ""
        for j in range(i, min(i + self.reach, len(tokens))):
            if (
                j > i
                and not _GAP.fullmatch(norm, tokens[j - 1][1], tokens[j][0])
                and not _initial_gap(norm, tokens[j - 1])
            ):
                break
            key += _key(norm[start if j == i else tokens[j][0] : tokens[j][1]])
            if key not in self._prefixes:
                break
            for entry, spelling in self._index.get(key, ()):
                end = tokens[j][1]
                if j > i and end - tokens[j][0] == 1 and norm[end : end + 1] == "." == norm[tokens[j - 1][1]]:
                    end += 1  # "U.N.": the initialism's last full stop is part of it
                if (
                    _case_fits(norm[start:end], spelling)
                    and (entry.kind != "site" or _words_case_fits(norm[start:end], spelling))
                    and not _described_court(norm[start:end], entry)
                ):
                    best = (j, end, entry)
                    break
        return best


# "Associated PressSTOCKHOLM —": a byline run together with the dateline's city in capitals
_GLUED_DATELINE = re.compile(r"(?<=[a-z])(?=[A-Z]{3,}\b)")


def _unglued_tokens(norm: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`tokens` with a word split where a name in capitals is written against the word before it: the agency
    and the city are two names (docs/annotation.md, twenty-third part)."""
    cuts = [m.start() for m in _GLUED_DATELINE.finditer(norm)]
    if not cuts:
        return tokens
    out: list[tuple[int, int]] = []
    for start, end in tokens:
        first = bisect_right(cuts, start)
        for cut in cuts[first : bisect_left(cuts, end, first)]:
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def _words_case_fits(found: str, spelling: str) -> bool:
    """Every word capitalised as the spelling writes it: a site's name ("Stockholm Airport"), not a
    description of it ("a Stockholm airport", the city a place and the airport no name)."""
    if not spelling[:1].isascii():
        return True
    words = re.findall(r"[^\W\d_]+", found)
    listed = re.findall(r"[^\W\d_]+", spelling)
    if len(words) != len(listed):
        return False
    return all(a[0].isupper() == b[0].isupper() for a, b in zip(words, listed, strict=True))


# a people's adjective: "Swedish", "Iranian", "Iraqi"
_PEOPLE_ADJECTIVE = re.compile(
    r"(?:[A-Z][a-z]+(?:ish|ian|ese|ch|can|man)|Iraqi|Pakistani|Israeli|Saudi|Kuwaiti|Yemeni|Omani)$"
)


def _described_court(found: str, entry: GazetteerEntry) -> bool:
    """ "a Swedish appeals court": a court named by its country's adjective and its kind in lowercase words is
    described, not named (docs/annotation.md, twenty-first part), unlike "the Swedish Appeals Court"."""
    if entry.category != "organisation" or entry.kind not in ("court", "court_abroad"):
        return False
    words = found.split()
    return (
        len(words) >= 2
        and _PEOPLE_ADJECTIVE.match(words[0]) is not None
        and all(w[:1].islower() for w in words[1:])
    )


def _initial_gap(norm: str, token: tuple[int, int]) -> bool:
    """ "U.N. Security Council": a single capital and its full stop join the next letter of an initialism."""
    start, end = token
    return (
        end - start == 1
        and norm[start].isupper()
        and norm[end : end + 1] == "."
        and (norm[end + 1 : end + 2].isupper() or norm[end + 1 : end + 3].lstrip()[:1].isupper())
    )


# "درمشهد", "بهتهران": a Persian preposition written against the next word (three letters at least follow)
_GLUED_PREPOSITION = re.compile(r"(?:در|به|از)(?=[\u0600-\u06ff]{3})")


def _case_fits(found: str, spelling: str) -> bool:
    if not spelling[:1].isascii() or not spelling[:1].isalpha():
        return True
    letters = re.sub(r"[^A-Za-z]", "", spelling)
    if letters.isupper() and len(letters) <= 6:  # acronyms: MEK, UN, IRGC
        return re.sub(r"[^A-Za-z]", "", found) == letters
    return not spelling[0].isupper() or found[0].isupper()


def _entries(raw: dict[str, Any], source: str) -> Iterator[GazetteerEntry]:
    for category in ("place", "organisation"):
        for n, item in enumerate(raw.get(category, []), start=1):
            where = f"{source}: [[{category}]] number {n}"
            try:
                entry_id, name, kind = str(item["id"]), str(item["name"]), str(item["kind"])
            except KeyError as missing:
                raise InputError(
                    f"{where} has no {missing.args[0]}", hint="every entry needs id, name and kind"
                ) from None
            if kind not in _KINDS[category]:
                raise InputError(
                    f"{where} ({entry_id}): kind '{kind}' is not known",
                    hint=f"use one of {', '.join(sorted(_KINDS[category]))}",
                )
            names = (name, *item.get("variants", []), *item.get("fa", []))
            yield GazetteerEntry(
                entry_id,
                category,
                name,
                kind,
                tuple(dict.fromkeys(names)),
                item.get("lat"),
                item.get("lon"),
                item.get("uncertainty_m"),
            )


_GROUNDS_FA = ("گورستان", "قبرستان", "آرامستان")


def _with_prisons(entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Every prison is also found as "<name> Prison" and "زندان <name>"; every city gives "<City> Prison"
    unless a prison entry already holds that name."""
    out: list[GazetteerEntry] = []
    claimed = {_key(n) for e in entries if e.kind in ("prison", "court_abroad") for n in e.names}
    listed = {_key(n) for e in entries for n in e.names}
    for e in entries:
        if e.kind == "prison":
            extra = [
                f"{n} Prison" for n in e.names if n.isascii() and not n.lower().endswith(("prison", "jail"))
            ]
            extra += [f"زندان {n}" for n in e.names if not n.isascii() and not n.startswith("زندان")]
            out.append(GazetteerEntry(**{**e.__dict__, "names": tuple(dict.fromkeys((*e.names, *extra)))}))
            continue
        if e.kind == "cemetery":
            # "Behesht-e Reza Cemetery", "گورستان خاوران": the ground named with its kind
            extra = [f"{n} Cemetery" for n in e.names if n.isascii() and "cemetery" not in n.lower()]
            extra += [
                f"{w} {n}"
                for n in e.names
                if not n.isascii()
                for w in ("گورستان", "قبرستان", "آرامگاه", "آرامستان")
                if not n.startswith(("گورستان", "قبرستان", "آرامگاه", "آرامستان"))
            ]
            e = GazetteerEntry(**{**e.__dict__, "names": tuple(dict.fromkeys((*e.names, *extra)))})
        if e.kind == "court_abroad":
            e = GazetteerEntry(
                **{**e.__dict__, "names": tuple(dict.fromkeys((*e.names, *_district_fa(e.names))))}
            )
        out.append(e)
        if e.kind == "city" and e.category == "place" and _key(f"District Court of {e.name}") not in claimed:
            # "District Court of Durres", "Stockholm's District Court": the court (an organisation), so the
            # city inside its name is no place mention (docs/annotation.md)
            latin = [n for n in e.names if n.isascii()]
            courts = [f"District Court of {n}" for n in latin] + [f"{n}'s District Court" for n in latin]
            courts += [f"{n} District Court" for n in latin]
            # "the Durres Court": a court named by its city alone (the trial's sessions held there)
            courts += [f"{n} Court" for n in latin if _key(f"{n} Court") not in listed]
            courts += _district_fa([f"دادگاه {n}" for n in e.names if not n.isascii()])
            out.append(
                GazetteerEntry(
                    f"{e.id}_district_court",
                    "organisation",
                    f"{e.name} District Court",
                    "court_abroad",
                    tuple(courts),
                )
            )
        if e.kind == "city" and e.category == "place":
            # "شهرداری مشهد", "Mashhad Municipality": the city's administration (it runs the cemeteries)
            names = [f"{n} Municipality" for n in e.names if n.isascii()]
            names += [f"{w} of {n}" for n in e.names if n.isascii() for w in ("municipality", "Municipality")]
            names += [f"شهرداری {n}" for n in e.names if not n.isascii()]
            out.append(
                GazetteerEntry(
                    f"{e.id}_municipality",
                    "organisation",
                    f"{e.name} Municipality",
                    "state_body",
                    tuple(names),
                )
            )
            # "Tehran city council", "شورای شهر تهران": the elected council of the city
            councils = [f"{n} City Council" for n in e.names if n.isascii()]
            councils += [f"شورای شهر {n}" for n in e.names if not n.isascii()]
            out.append(
                GazetteerEntry(
                    f"{e.id}_council", "organisation", f"{e.name} City Council", "state_body", tuple(councils)
                )
            )
        if e.kind == "city" and e.category == "place":
            # "گورستان زاهدان", "Zahedan Cemetery": the town's cemetery, a place as the town's prison is
            # (docs/annotation.md), unless a listed place already holds the name
            names = [f"{w} {n}" for n in e.names if not n.isascii() for w in _GROUNDS_FA]
            names += [f"{n} Cemetery" for n in e.names if n.isascii()]
            names = [n for n in names if _key(n) not in listed]
            if names:
                out.append(
                    GazetteerEntry(
                        f"{e.id}_cemetery",
                        "place",
                        f"{e.name} Cemetery",
                        "cemetery",
                        tuple(names),
                        e.lat,
                        e.lon,
                        10000.0,
                    )
                )
        # "زندان لرستان": a province's prison named by the province, as a town's is by the town
        short = e.name.removesuffix(" Province") if e.kind == "province" else e.name
        if (
            e.kind in ("city", "province")
            and e.category == "place"
            and _key(f"{short} Prison") not in claimed
        ):
            latin = [n for n in e.names if n.isascii() and (e.kind == "city" or "rovince" not in n)]
            names = [f"{n} Prison" for n in latin] + [f"prison of {n}" for n in latin]
            names += [f"prison of the city of {n}" for n in latin]  # "the prison of the city of Zahedan"
            fa = [n for n in e.names if not n.isascii() and not n.startswith("استان")]
            names += [f"زندان {n}" for n in fa]
            out.append(
                GazetteerEntry(
                    f"{e.id}_prison",
                    "place",
                    f"{short} Prison",
                    "prison",
                    tuple(names),
                    e.lat,
                    e.lon,
                    5000.0,
                )
            )
    return out


# the word that ends an organisation's name and says what kind of body it is, capitalised as a name's word:
# "Ottawa Citizen", "Massacre88 Campaign", "Obama Administration", "Guardian Council"
_ORG_HEADS = {
    **dict.fromkeys(
        ("News", "Times", "Post", "Citizen", "Star", "Stars", "Magazine", "Magazin", "Herald", "Tribune",
         "Gazette", "Journal", "Press", "Service"),
        "media",
    ),
    **dict.fromkeys(("Party", "Army"), "party"),
    **dict.fromkeys(("Court",), "court"),
    **dict.fromkeys(("Administration", "Council"), "state_body"),
    **dict.fromkeys(
        ("Association", "Campaign", "Foundation", "Institute", "Center", "Centre", "Organization",
         "Organisation", "Union", "Society", "League", "Network", "Agency", "Coalition", "Alliance",
         "Federation", "Movement", "Fund", "Trust", "Bureau", "Tribunal"),
        "ngo",
    ),
}  # fmt: skip
_CAP_WORD = r"(?:[A-Z]\.){2,}|[A-Z][\w'’&-]*"  # "U.S.", "SNC-Lavalin"
_UNLISTED_ORG = re.compile(
    rf"(?<![\w'’.-])(?P<name>(?:{_CAP_WORD} (?:(?:of|for|the|in|on) )*){{1,5}}(?:{'|'.join(_ORG_HEADS)}))"
    r"(?![\w'’-])"
)
# capitalised words that make a run a headline in title case ("Official Upheld By Swedish Court"), no name
_TITLE_CASE = frozenset(
    {"By", "In", "Of", "On", "At", "For", "To", "The", "A", "An", "From", "With", "Is", "And"}
)
_ARTICLES = frozenset({"the", "a", "an"})
# common nouns a headline or a title capitalises, ending in a kind's word: no body's name
_COMMON_RUNS = frozenset({"Civil Society", "Secret Service", "Secret Services"})
_CONNECTORS = frozenset({"of", "for", "the", "in", "on"})
_BRACKET_BEFORE = re.compile(r"\s*\(")
# "Iran's judiciary", "the judiciary" (not "judiciary panels"); "Iran's intelligence service"
_LOWER_BODIES = (
    (
        # "Iran's judiciary news agency": the agency, one mention (docs/annotation.md, twenty-third part)
        "mizan",
        re.compile(r"(?:\bthe|\bIran['’]s|\bIranian)\s+(?P<w>judiciary(?:['’]s)? news agency)\b"),
    ),
    (
        "judiciary",
        re.compile(
            r"(?:\bthe|\bIran['’]s|\bIranian)\s+(?P<w>judiciary)\b(?!\s+(?!and\b|of\b|in\b|to\b|for\b)[a-z])"
        ),
    ),
    (
        "intelligence_ministry",
        re.compile(
            r"(?:\bIran['’]s|\bIranian|\bthe Islamic Republic['’]s|\bthe regime['’]s)\s+"
            r"(?P<w>intelligence (?:service|services|ministry|agency))\b"
        ),
    ),
)
# "the Ahmadinejad administration", "دولت روحانی": the state's government named by the president (or prime
# minister) who led it. Only the word for the government is claimed: the name after or before it stays free
# for the person it also is (docs/annotation.md: both are annotated).
_HEADS_OF_GOVERNMENT = (
    "Bani-?Sadr|Bazargan|Mousavi|Moussavi|Rafsanjani|Khatami|Ahmadinejad|Ahmadinezhad|Rouhani|Rohani|Raisi|"
    "Raeisi|Pezeshkian"
)
_HEADS_OF_GOVERNMENT_FA = (
    "بنی[\u200c ]?صدر|بازرگان|(?:میر[\u200c ]?حسین )?موسوی|(?:هاشمی )?رفسنجانی|خاتمی|"
    "احمدی[\u200c ]?نژاد|روحانی|رئیسی|رییسی|پزشکیان"
)
_GOVERNMENT_BY_HEAD = (
    re.compile(rf"\b(?:{_HEADS_OF_GOVERNMENT})(?:['’]s)?\s+(?P<w>administration|government|cabinet)\b"),
    re.compile(
        rf"(?<![\w\u200c])(?P<w>دولت|کابینه)(?:[\u200c ]?ی)?\s+(?:آقای\s+)?(?:{_HEADS_OF_GOVERNMENT_FA})"
        r"(?![\w\u200c])"
    ),
)
# "the Swedish government", "the Iraqi Government": a state's government named by its people's adjective
# (not a surname's "-i": "the Rafsanjani government" leaves the name to the person, _GOVERNMENT_BY_HEAD)
_GOVERNMENT_OF_PEOPLE = re.compile(
    r"\b(?:[A-Z][a-z]+(?:ish|ian|ese|ch|can|man)|Iraqi|Pakistani|Israeli|Saudi|Kuwaiti|Yemeni|Omani)"
    r"\s+[Gg]overnment\b"
)
_INITIALS_SKIP = frozenset({"of", "for", "the", "in", "on", "and", "&"})
# "Taleb Amoli Street", "the Roudband Square", "Ali Saleh Holy Shrine": a street, square, road or shrine no
# list holds, named by capitalised words before its kind's word (docs/annotation.md: a place, its whole name
# one mention); the city named in the same sentence goes in brackets after it, as lists write such sites
_UNLISTED_SITE = re.compile(
    r"(?<![\w'’.-])(?P<name>(?:[A-Z][\w'’-]* ){1,3}(?:Holy )?"
    r"(?:Street|Square|Avenue|Boulevard|Road|Highway|Shrine|Park))(?![\w'’-])"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
# "the Tabriz-Marand road", "Abbas Abad – Kelardasht Road": a road named by the places it joins
_ROAD_END = r"(?:[A-Z][\w'’]* ){0,2}[A-Z][\w'’]*"
_ROAD_BETWEEN = re.compile(
    rf"(?<![\w'’.-])(?P<a>{_ROAD_END}) ?[-–—] ?(?P<b>{_ROAD_END}) "
    r"(?P<k>[Rr]oad|[Hh]ighway|[Ff]reeway|[Mm]otorway)\b"
)


def _roads_between(norm: str, gazetteer: Gazetteer, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """`found` with a road named by its two ends one place (docs/annotation.md: a road named as a burial site
    is a place), its value the ends' names joined by a dash; the towns at its ends no places of their own."""
    out = list(found)
    for m in _ROAD_BETWEEN.finditer(norm):
        start = m.start("a")
        ends = []
        for group in ("a", "b"):
            words = m.group(group).split(" ")
            while group == "a" and len(words) > 1 and words[0] in _TITLE_CASE:
                start += len(words[0]) + 1
                words = words[1:]
            listed = gazetteer.lookup(" ".join(words))
            ends.append(listed.name if listed is not None and listed.category == "place" else " ".join(words))
        inner = [g for g in out if g.start < m.end() and start < g.end]
        if any(g.entry.category != "place" or g.start < start or g.end > m.end() for g in inner):
            continue
        name = f"{ends[0]}–{ends[1]} {m.group('k').capitalize()}"
        entry = GazetteerEntry("unlisted_place", "place", name, "site", (name,))
        out = [g for g in out if g not in inner] + [GazetteerMatch(start, m.end(), entry)]
    return out


def _unlisted_sites(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    out: list[GazetteerMatch] = []
    for m in _UNLISTED_SITE.finditer(norm):
        start, end = m.span("name")
        words = norm[start:end].split(" ")
        if words[0] in _TITLE_CASE or any(w in _TITLE_CASE for w in words[1:]):
            continue  # "The Street", a headline in title case
        if any(g.start < end and start < g.end for g in found):
            continue  # a listed name there ("Evin Road"), or one inside it
        stops = [x.end() for x in _SENTENCE_END.finditer(norm, 0, start)]
        left = stops[-1] if stops else 0
        after = _SENTENCE_END.search(norm, end)
        right = after.start() if after else len(norm)
        cities = [g for g in found if g.entry.kind == "city" and left <= g.start and g.end <= right]
        name = norm[start:end]
        if cities:
            city = min(cities, key=lambda g: min(abs(g.start - end), abs(start - g.end)))
            name = f"{name} ({city.entry.name})"
        out.append(
            GazetteerMatch(start, end, GazetteerEntry("unlisted_place", "place", name, "site", (name,)))
        )
    return out


_GALLOWS_WORD = re.compile(r"سر[\u200c ]?بداران|Sarbedaran")
_THE_EXECUTED = re.compile(r"اعدام(?:[\u200c ]?های)?\s*\||\|\s*(?:of\s+)?[\d۰-۹٠-٩]")


# “گورستان‌های تهران”, "the 'cemeteries of Tehran'": in quotes, the name of the body that runs the city's
# cemeteries (docs/annotation.md), an organisation; the city in it no place of its own
_CEMETERY_BODY = re.compile(
    r"[\"“«'‘]\s*(?P<n>(?:گورستان|قبرستان)(?:[\u200c ]?(?:های|ها))\s+(?P<c>[^\s\"”»]+)|"
    r"(?i:cemeteries\s+of\s+)(?P<c2>[A-Z][\w-]+))\s*[\"”»'’]"
)


def _cemetery_bodies(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    out = list(found)
    for m in _CEMETERY_BODY.finditer(norm):
        group = "c" if m.group("c") is not None else "c2"
        city = next(
            (
                g
                for g in out
                if g.start == m.start(group) and g.end == m.end(group) and g.entry.kind == "city"
            ),
            None,
        )
        if city is None:
            continue
        name = f"{city.entry.name} Cemeteries Organisation"
        entry = GazetteerEntry("unlisted_organisation", "organisation", name, "state_body", (name,))
        out = [g for g in out if g is not city] + [GazetteerMatch(m.start("n"), m.end("n"), entry)]
    return out


def unlisted_organisations(
    norm: str, gazetteer: Gazetteer, listed: list[GazetteerMatch]
) -> list[GazetteerMatch]:
    """`listed` with the organisations no list names: a run of capitalised words ending in a word for a
    kind of body ("X Association", "X News"; the name as written is the value, a town at its start no place
    of its own), an organisation's initials written after its name ("International Liberty Association …
    ILA"), and a state body by its lowercase word after the country ("Iran's judiciary")."""
    out = list(listed)
    for m in _UNLISTED_ORG.finditer(norm):
        start, end = m.span("name")
        words = norm[start:end].split(" ")
        indefinite = False
        while words and words[0].casefold() in _ARTICLES:
            indefinite = indefinite or words[0].casefold() != "the"
            start += len(words[0]) + 1
            words = words[1:]
        owner = gazetteer.lookup(re.sub(r"['’]s$", "", words[0])) if re.search(r"['’]s$", words[0]) else None
        if owner is not None and owner.kind == "country":
            # "Ruritania's Supreme Court": the court is named after the country's, a place of its own
            start += len(words[0]) + 1
            words = words[1:]
        if indefinite or len(words) < 2 or any(w in _TITLE_CASE for w in words[1:]):
            continue  # "A Galaxy of Stars": a title; "Court In Sweden Upholds": a headline
        if " ".join(words) in _COMMON_RUNS or (
            len(words) == 2 and words[1] == "Court" and _PEOPLE_ADJECTIVE.match(words[0])
        ):
            continue  # "Civil Society Hearing"; "Swedish Court Upholds …" (a court by its kind and country)
        if len(words) == 2 and words[0].endswith("ing") and norm[end : end + 1] == ":":
            continue  # "Interviewing Organization: X": a form's field label, the body named after it
        opening = start == 0 or norm[:start].rstrip(" ").endswith(("\n", ":", ".", "!", "?", '"'))
        if opening and words[1] in _CONNECTORS:
            # "Members of the Workers Union": a sentence's first word, capitalised as such, is no name's
            drop = 1
            while drop < len(words) - 1 and words[drop] in _CONNECTORS:
                drop += 1
            start += sum(len(w) + 1 for w in words[:drop])
            words = words[drop:]
            if len(words) < 2:
                continue
        if norm[start - 1 : start] == "(" and any(
            g.entry.category == "organisation" and _BRACKET_BEFORE.fullmatch(norm, g.end, start) for g in out
        ):
            continue  # "Tudeh Party of Iran (Communist Party)": the party's other name, no second mention
        head_start = end - len(words[-1])
        inner = [g for g in out if g.start < end and start < g.end]
        if any(g.entry.category != "place" or g.start < start or g.end > head_start for g in inner):
            continue  # a listed name there already ("Soviet Union")
        name = norm[start:end]
        entry = GazetteerEntry("unlisted_organisation", "organisation", name, _ORG_HEADS[words[-1]], (name,))
        out = [g for g in out if g not in inner] + [GazetteerMatch(start, end, entry)]
    out = _names_joined(norm, out)
    out += _named_outlets(norm, _OUTLET_EN, out)
    out += _named_outlets(norm, _OUTLET_BEFORE_EN, out)
    for entry_id, pattern in _LOWER_BODIES:
        body = gazetteer.get(entry_id)
        for m in pattern.finditer(norm) if body is not None else ():
            if body is not None and not any(g.start < m.end("w") and m.start("w") < g.end for g in out):
                out.append(GazetteerMatch(m.start("w"), m.end("w"), body))
    out = _roads_between(norm, gazetteer, out)
    out = _cemetery_bodies(norm, out) + _unlisted_sites(norm, out)
    # "اعدام سربداران ۶۷", "Sarbedaran of 1988": "the ones sent to the gallows", the executed, not the party
    out = [
        g
        for g in out
        if not (
            g.entry.id == "union_communists"
            and _GALLOWS_WORD.fullmatch(norm, g.start, g.end)
            and _THE_EXECUTED.search(norm[max(0, g.start - 8) : g.start] + "|" + norm[g.end : g.end + 8])
        )
    ]
    for m in _GOVERNMENT_OF_PEOPLE.finditer(norm):
        if not any(g.start < m.end() and m.start() < g.end for g in out):
            name = m.group(0)
            entry = GazetteerEntry("unlisted_organisation", "organisation", name, "state_body", (name,))
            out.append(GazetteerMatch(m.start(), m.end(), entry))
    state = gazetteer.get("islamic_republic")
    for pattern in _GOVERNMENT_BY_HEAD if state is not None else ():
        for m in pattern.finditer(norm):
            if state is not None and not any(g.start < m.end("w") and m.start("w") < g.end for g in out):
                out.append(GazetteerMatch(m.start("w"), m.end("w"), state))
    out = _places_in_names(norm, out)
    return out + _initials(norm, out)


# "the Stockholm Police": a city in a police unit's name (a compound adjective, "a London-based firm", is
# left a place: the older parts' gold marks it, the eighteenth part's guide does not)
_NO_PLACE_AFTER = re.compile(r"\s+(?:[Pp]olice|Provincial Committee)\b")
# "the Tehran Provincial Committee of the party", "the Provincial Committee of Tehran": a party's organ named
# by its province or town, the place no place told
_NO_PLACE_BEFORE = re.compile(r"\bProvincial Committee of\s+$")
# "the Special Court for Sierra Leone", "the tribunal for Ruritania": the country in a court's name
_COURT_FOR = re.compile(r"\b(?:[Tt]ribunal|[Cc]ourt)\s+(?:for|of)\s+$")
_OTHER_NAME_OPENS = re.compile(r"\s*\(\s*")
_OTHER_NAME_CLOSES = re.compile(r"\s*\)\s*[Pp]rison\b(?!s)")
# "the judiciary in Sweden": the country that a state body belongs to, part of the body's name
_BODY_IN = re.compile(r"\s+in\s+")


def _places_in_names(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """`found` without the places that only qualify another name (docs/annotation.md, eighteenth part): a
    city in a police unit's name, a country in a court's ("tribunal for X"), a country's initials closing an
    organisation's name ("Amnesty International UK"), the country of "the judiciary in X" (the body's
    mention then)."""
    ordered = sorted(found, key=lambda g: (g.start, g.end))
    out: list[GazetteerMatch] = []
    for g in ordered:
        last = out[-1] if out else None
        if g.entry.category == "place" and (
            _NO_PLACE_AFTER.match(norm, g.end) or _NO_PLACE_BEFORE.search(norm, max(0, g.start - 30), g.start)
        ):
            continue
        closing = _OTHER_NAME_CLOSES.match(norm, g.end)
        if (
            last is not None
            and last.entry.category == g.entry.category == "place"
            and _OTHER_NAME_OPENS.fullmatch(norm, last.end, g.start)
            and (g.entry is last.entry or g.entry.kind == "prison")
            and (norm[g.start : g.end].endswith(("Prison", "prison")) or closing is not None)
        ):
            # "Gohardasht (Rajai Shahr) Prison": a prison with its other name in brackets, one mention (not
            # "X (Y) prisons", a list's shorthand for two)
            end = g.end if closing is None else closing.end()
            out[-1] = GazetteerMatch(last.start, end, g.entry if g.entry.kind == "prison" else last.entry)
            continue
        if g.entry.kind == "country" and _COURT_FOR.search(norm, max(0, g.start - 20), g.start):
            continue
        if last is not None and last.entry.category == "organisation" and g.entry.kind == "country":
            acronym = norm[g.start : g.end].isupper() and norm[last.end : g.start] == " "
            body = last.entry.id == "judiciary" and _BODY_IN.fullmatch(norm, last.end, g.start) is not None
            if acronym or body:
                out[-1] = GazetteerMatch(last.start, g.end, last.entry)
                continue
        out.append(g)
    return out


# a newspaper, magazine, site or channel named after its kind's word: "the blog Serendip", "the magazine
# "Arya"", «روزنامه سوئدی «اخبار امروز»», «مجله "نامه"», «سایت اینترنتی «بیداران»»
_OUTLET_EN = re.compile(
    r"\b(?:newspaper|magazine|journal|weekly|blog|website|news agency)\s+"
    r"(?:\"(?P<q>[^\"\n]{2,40})\"|(?P<w>[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3}))"
)
# "the Kayhan newspaper", "the Etemad daily": the name before the word for its kind
_OUTLET_BEFORE_EN = re.compile(
    # (not a people's adjective: "the Iranian newspaper")
    r"\b(?:the|The)\s+(?!(?:Iranian|Persian|Swedish|British|English|American|French|German|Iraqi|Israeli|"
    r"Saudi|Pakistani|Afghan|Turkish|Kurdish|Canadian|Dutch|Norwegian|Danish|Belgian|Austrian|Swiss|Italian|"
    r"Spanish|Russian|Albanian|Australian|Arab|Arabic|Lebanese|Official|Local|National)\s)"
    r"(?P<w>[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})\s+(?:newspaper|daily|weekly|magazine|news agency)\b"
)
_OUTLET_FA = re.compile(
    r"(?<![\w\u200c])(?:مجله|روزنامه|نشریه|هفته[\u200c ]?نامه|ماهنامه|سایت|وب[\u200c ]?سایت|خبرگزاری|کانال|"
    r"تارنمای)"
    r"(?:[\u200c ]?ی)?(?:\s+[^\s\"]{2,12}){0,2}?\s*\"(?P<q>[^\"\n]{2,40})\""
)


def _named_outlets(norm: str, pattern: re.Pattern[str], found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """News outlets no list names, named right after the word for their kind; the name as written is the
    value (docs/annotation.md: a named newspaper or magazine is an organisation)."""
    out: list[GazetteerMatch] = []
    for m in pattern.finditer(norm):
        group = "q" if m.groupdict().get("q") is not None else "w"
        start, end = m.span(group)
        if any(g.start < end and start < g.end for g in found + out):
            continue
        name = norm[start:end]
        out.append(
            GazetteerMatch(
                start, end, GazetteerEntry("unlisted_organisation", "organisation", name, "media", (name,))
            )
        )
    return out


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_ORGANIZATION_AFTER = re.compile(r" organi[sz]ation\b")


def _names_joined(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """ "(PMOI / MEK Iran)": a country written right after a party's acronym is part of the party's name;
    "Behesht Zahra organization": a place and a lowercase "organization" name the body that runs it. The
    place in either is no place mention (docs/annotation.md)."""
    ordered = sorted(found, key=lambda g: (g.start, g.end))
    out: list[GazetteerMatch] = []
    for g in ordered:
        last = out[-1] if out else None
        if (
            last is not None
            and last.entry.category == "organisation"
            and _ACRONYM.fullmatch(norm, last.start, last.end)
            and g.entry.category == "place"
            and g.entry.kind == "country"
            and g.start == last.end + 1
            and norm[last.end] == " "
        ):
            out[-1] = GazetteerMatch(last.start, g.end, last.entry)
            continue
        after = _ORGANIZATION_AFTER.match(norm, g.end) if g.entry.category == "place" else None
        if after is not None and g.entry.kind not in _TOWNS:
            name = norm[g.start : after.end()]
            entry = GazetteerEntry("unlisted_organisation", "organisation", name, "state_body", (name,))
            out.append(GazetteerMatch(g.start, after.end(), entry))
            continue
        out.append(g)
    return out


def _initials(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """ "International Liberty Association … ILA": the initials of an organisation named in the text, in
    capitals, name it again."""
    by_initials: dict[str, GazetteerEntry] = {}
    for g in found:
        words = [w for w in re.split(r"[\s-]+", norm[g.start : g.end]) if w.casefold() not in _INITIALS_SKIP]
        if g.entry.category == "organisation" and len(words) >= 2 and all(w[:1].isupper() for w in words):
            by_initials.setdefault("".join(w[0] for w in words), g.entry)
    out: list[GazetteerMatch] = []
    for m in re.finditer(r"(?<![\w.-])[A-Z]{2,6}(?![\w.-])", norm) if by_initials else ():
        entry = by_initials.get(m.group(0))
        if entry is not None and not any(g.start < m.end() and m.start() < g.end for g in found):
            out.append(GazetteerMatch(m.start(), m.end(), entry))
    return out


# "هواداری از سازمان": the bare word after a supporter's or member's word; "دادستانی و اطلاعات": the bare
# word joined to a state body (docs/annotation.md: a provincial intelligence office is the ministry)
_BARE_PARTY_FA = re.compile(
    r"(?<![\w\u200c])(?:هواداری|هوادار|طرفداری|عضویت|عضو)\s+(?:از\s+|در\s+)?(?P<w>سازمان)(?![\w\u200c])"
)
_BARE_INTELLIGENCE_FA = re.compile(r"(?<![\w\u200c])(?P<w>اطلاعات)(?![\w\u200c])")
_AGENT_BEFORE_FA = re.compile(
    r"(?<![\w\u200c])(?:نماینده|نمایندگان|مامور|مأمور|ماموران|مأموران|مامورین|مأمورین)(?:[\u200c ]?ی)?\s+$"
)
_MOJAHED_FA = re.compile(r"مجاهد")
# "به اطلاعات منتقل کردند" (not "اطلاعات منتقل شد", the information passed on)
_TO_BEFORE_FA = re.compile(r"(?<![\w\u200c])به\s+$")
_TAKEN_AFTER_FA = re.compile(r"\s+(?:بردند|منتقل\s*(?:کردند|شدیم|شدم|شد|شدند))(?![\w\u200c])")
_TAKEN_TO_FA = re.compile(r"(?<![\w\u200c])(?:بردند|بردن|برده|بردیم|منتقل\S*(?:\s+شد\S*)?)\s+به\s+$")
_MAJLIS_FA = re.compile(
    r"(?<![\w\u200c])(?:رئیس|رییس|نماینده|نمایندگان|نماینده‌ی|نمایندگی)\s+(?P<w>مجلس)(?![\w\u200c])"
)


def contextual_organisations(
    norm: str, gazetteer: Gazetteer, found: list[GazetteerMatch]
) -> list[GazetteerMatch]:
    """Organisations named by a bare word the gazetteer cannot hold alone: "سازمان" after "هواداری از" in an
    account that names the Mojahedin (their supporters' "the Organisation"), "مجلس" after an office of the
    parliament ("نایب رئیس مجلس"; alone it is also a gathering: "مجلس ختم"), "اطلاعات" joined by "و" to a
    state body ("دادستانی و اطلاعات", "سپاه و اطلاعات": the intelligence office)."""
    taken = bytearray(len(norm) + 1)
    for g in found:
        taken[g.start : g.end] = b"\x01" * (g.end - g.start)
    out: list[GazetteerMatch] = []
    pmoi = gazetteer.lookup("PMOI")
    if pmoi is not None and _MOJAHED_FA.search(norm):
        for m in _BARE_PARTY_FA.finditer(norm):
            if not any(taken[m.start("w") : m.end("w")]):
                out.append(GazetteerMatch(m.start("w"), m.end("w"), pmoi))
    majlis = gazetteer.get("majlis")
    for m in _MAJLIS_FA.finditer(norm) if majlis is not None else ():
        if not any(taken[m.start("w") : m.end("w")]):
            out.append(GazetteerMatch(m.start("w"), m.end("w"), majlis))  # type: ignore[arg-type]
    ministry = gazetteer.lookup("Ministry of Intelligence")
    bodies = {(g.start, g.end) for g in found if g.entry.kind == "state_body"}
    places = {g.start for g in found if g.entry.kind in ("prison", "city", "province")}
    for m in _BARE_INTELLIGENCE_FA.finditer(norm) if ministry is not None else ():
        if any(taken[m.start() : m.end()]):
            continue
        joined = any(
            re.fullmatch(r"\s+و\s+", norm[end : m.start()]) or re.fullmatch(r"\s+و\s+", norm[m.end() : start])
            for start, end in bodies
        )
        # "نماینده اطلاعات", "ماموران اطلاعات": the agents of the intelligence office
        agent = _AGENT_BEFORE_FA.search(norm, max(0, m.start() - 12), m.start()) is not None
        # "اطلاعات زندان ساری", "اطلاعات ساری": the intelligence office of a prison or town
        # (docs/annotation.md, twenty-second part); "بردند به اطلاعات": prisoners taken to it
        office = m.end() + 1 in places and norm[m.end()] == " "
        taken_to = _TAKEN_TO_FA.search(norm, max(0, m.start() - 16), m.start()) is not None or (
            _TO_BEFORE_FA.search(norm, max(0, m.start() - 4), m.start()) is not None
            and _TAKEN_AFTER_FA.match(norm, m.end()) is not None
        )
        if (joined or agent or office or taken_to) and ministry is not None:
            out.append(GazetteerMatch(m.start(), m.end(), ministry))
    out += _named_outlets(norm, _OUTLET_FA, found + out)
    out += _supreme_courts_fa(norm, found + out)
    out += _outlets_by_everyday_words_fa(norm, gazetteer, found + out)
    return out + _sources_fa(norm, gazetteer, found + out)


# an outlet whose name is everyday words too ("اخبار روز", the day's news), named where only an outlet can
# be: opening a line as its dateline ("اخبار روز: …", "اخبار روز – گزارش"), or as the one an interview was
# given to ("در گفتگویی با اخبار روز")
_INTERVIEW_WITH_FA = r"(?:گفت[\u200c ]?و[\u200c ]?گو|گفتگو|مصاحبه)(?:[\u200c ]?(?:یی|ای|ی))?\s+با\s+"
_EVERYDAY_OUTLETS_FA = tuple(
    (
        entry_id,
        re.compile(
            rf"^[ \t]*(?P<a>{name})(?=[ \t]*[:–-])"
            rf"|(?<![\w\u200c]){_INTERVIEW_WITH_FA}(?P<b>{name})(?![\w\u200c])",
            re.MULTILINE,
        ),
    )
    for entry_id, name in {"akhbar_rooz": "اخبار[\u200c ]روز"}.items()
)


def _outlets_by_everyday_words_fa(
    norm: str, gazetteer: Gazetteer, found: list[GazetteerMatch]
) -> list[GazetteerMatch]:
    out: list[GazetteerMatch] = []
    for entry_id, pattern in _EVERYDAY_OUTLETS_FA:
        entry = gazetteer.get(entry_id)
        if entry is None:
            continue
        for m in pattern.finditer(norm):
            group = "a" if m.group("a") is not None else "b"
            start, end = m.span(group)
            if not any(g.start < end and start < g.end for g in found + out):
                out.append(GazetteerMatch(start, end, entry))
    return out


# "دیوان عالی سوئد": a country's supreme court, the court's words an organisation and the country a place of
# its own (docs/annotation.md, twenty-third part; "دیوان عالی کشور" is listed)
_SUPREME_COURT_FA = re.compile(r"(?<![\w\u200c])دیوان[\u200c ]?(?:ی\s+)?عالی(?=\s)")


def _supreme_courts_fa(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    countries = {g.start: g for g in found if g.entry.kind == "country"}
    out: list[GazetteerMatch] = []
    for m in _SUPREME_COURT_FA.finditer(norm):
        country = countries.get(m.end() + 1)
        if country is None or any(g.start < m.end() and m.start() < g.end for g in found):
            continue
        name = f"Supreme Court of {country.entry.name}"
        entry = GazetteerEntry("unlisted_organisation", "organisation", name, "court_abroad", (name,))
        out.append(GazetteerMatch(m.start(), m.end(), entry))
    return out


# "برگرفته از: نام نشریه", "منبع: سایت": a page's source line names the outlet it was taken from
_SOURCE_LINE_FA = re.compile(
    r"(?<![\w\u200c])(?:برگرفته از|برگرفته شده از|منبع|به نقل از)\s*:\s*"
    r"(?P<q>[^\W\d_][\w\u200c]*(?:[ \u200c][^\W\d_][\w\u200c]*){0,3})[ \t]*(?:\n|$)"
)


def _sources_fa(norm: str, gazetteer: Gazetteer, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    out: list[GazetteerMatch] = []
    for m in _SOURCE_LINE_FA.finditer(norm):
        start, end = m.span("q")
        if any(g.start < end and start < g.end for g in found):
            continue
        name = norm[start:end]
        entry = gazetteer.lookup("سایت " + name) or GazetteerEntry(
            "unlisted_organisation", "organisation", name, "media", (name,)
        )
        out.append(GazetteerMatch(start, end, entry))
    return out


# "the Tehran committee", "the Mashhad Death Commission", "the Tehran 'death panel'": the commission of that
# city's prisons (the quotes round its nickname inside the name)
_CITY_COMMISSION = re.compile(
    r"\s+(?:(?:[Dd]eath\s+)?(?:[Cc]ommittee|[Cc]ommission)|[\"'‘“]?[Dd]eath\s+[Pp]anel[\"'’”]?)(?![\w-])"
)


# "a special commission", "a commission of international jurists": some other commission, not the one
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|another|one|new|special)\s+$", re.IGNORECASE)


def commissions(norm: str, gazetteer: Gazetteer, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """`found` with a city named before "committee" or "commission" (and the commission found after it, if
    any) made one match of the death commission: the city is the commission's name there, no place told;
    and without a bare "commission" that an indefinite word makes some other commission."""
    commission = gazetteer.get("death_commission")
    if commission is None:
        return found
    out: list[GazetteerMatch] = []
    skip_to = -1
    for g in found:
        if g.start < skip_to:
            continue
        if g.entry is commission and _bare_commission(norm, g, out):
            continue
        m = _CITY_COMMISSION.match(norm, g.end) if g.entry.kind == "city" else None
        if m is not None:
            out.append(GazetteerMatch(g.start, m.end(), commission))
            skip_to = m.end()
            continue
        city = _city_after(norm, g.end, found) if g.entry is commission else None
        out.append(g if city is None else GazetteerMatch(g.start, city.end, commission))
        skip_to = g.end if city is None else city.end
    return out


# "a commission of inquiry", "the commission of crimes": some other commission, or the committing of a thing
_OF_THING_AFTER = re.compile(
    r"\s+of\s+(?:inquiry|enquiry|experts|jurists|crimes?|atrocities|murders?|acts?)\b"
)


# "the Death Committee for Isfahan": the commission of that city
_FOR_CITY = re.compile(r"\s+for\s+")


# another commission named in the text: "a Truth Commission", "the Commission on Human Rights"
_OTHER_COMMISSION = re.compile(
    r"\b[A-Z][\w-]*\s+(?:Commission|Committee)\b|\b(?:Commission|Committee)\s+(?:on|of|for)\s+[A-Z]"
)


def _bare_commission(norm: str, g: GazetteerMatch, earlier: list[GazetteerMatch]) -> bool:
    """A bare lowercase "commission" that is some other one ("a special commission") or repeats the one named
    before ("the Death Commission … members of the commission"), or a bare "Commission" after another one
    was named ("a Truth Commission … before the Commission"): no mention (docs/annotation.md)."""
    word = norm[g.start : g.end]
    if " " in word:
        return False
    if not word.islower():
        # "the Commission on Human Rights", "a Truth Commission": a commission named, not a bare one
        if _OTHER_COMMISSION.match(norm, g.start) or re.search(
            r"[A-Z][\w-]*\s+$", norm[max(0, g.start - 30) : g.start]
        ):
            return False
        ours = [e for e in earlier if e.entry is g.entry]
        # (a match of the death commission covering the whole phrase is the death commission named)
        other = [
            m.span()
            for m in _OTHER_COMMISSION.finditer(norm, 0, g.start)
            if not any(e.start <= m.start() and e.end >= m.end() for e in ours)
        ]
        told = [e.end for e in ours if not any(s <= e.start and e.end <= t for s, t in other)]
        return bool(other) and max(s for s, _ in other) > max(told, default=-1)
    before = norm[max(0, g.start - 12) : g.start]
    if _INDEFINITE_BEFORE.search(before) or _OF_THING_AFTER.match(norm, g.end):
        return True
    named = any(e.entry is g.entry and norm[e.start : e.end].casefold() != word for e in earlier)
    return named and re.search(r"\bthe\s+$", before, re.IGNORECASE) is not None


def _city_after(norm: str, end: int, found: list[GazetteerMatch]) -> GazetteerMatch | None:
    m = _FOR_CITY.match(norm, end)
    if m is None:
        return None
    return next((g for g in found if g.start == m.end() and g.entry.kind == "city"), None)


# "گورستان آقا سید مرتضی", "آرامگاه آقاسیدمحمد": a town's burial ground named after the saint buried there
_SAINT_GROUND_FA = re.compile(
    r"(?<![\w\u200c])(?:گورستان|قبرستان|آرامگاه|آرامستان|امامزاده)\s+"
    r"(?:(?:آقا|سید|شیخ|بی[\u200c ]?بی|امامزاده|شاه)[\s\u200c]*)+[^\W\d_]{2,}(?![\w\u200c])"
)


_HOLDERS = frozenset({"prison", "cemetery", "grave_site", "court"})
_TOWNS = frozenset({"city", "province", "country"})


def towns_after_names(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """`found` with a town written right after a prison, cemetery or court, or after an organisation, made
    part of that name (Persian writes the town last: "زندان فجر اهواز", "دادگاه انقلاب اسلامی سنندج",
    "مجاهدین خلق ایران"): the place or body named there, no second place told (docs/annotation.md); a state
    body's name with the state after it ("قوه قضاییه جمهوری اسلامی") one mention of the body; and without
    the bare words that name no body alone (`_bare_bodies`)."""
    out: list[GazetteerMatch] = []
    for g in sorted(found, key=lambda g: g.start):
        last = out[-1] if out else None
        holder = last is not None and (
            last.entry.category == "organisation"
            or (last.entry.category == "place" and last.entry.kind in _HOLDERS)
        )
        joined = last is not None and 0 < g.start - last.end <= 2 and not norm[last.end : g.start].strip()
        if holder and last is not None and _own_place_after(norm, last, g):
            holder = False
        if holder and joined and g.entry.category == "place" and g.entry.kind in _TOWNS and last is not None:
            out[-1] = GazetteerMatch(last.start, g.end, last.entry)
            continue
        if (
            joined
            and last is not None
            and last.entry.kind in _STATE_BODIES
            and last.entry.id != g.entry.id == "islamic_republic"
        ):
            out[-1] = GazetteerMatch(last.start, g.end, last.entry)  # "وزارت امور خارجه جمهوری اسلامی"
            continue
        out.append(g)
    return [g for g in out if not _bare_body(norm, g) and not _university_town(norm, g)]


def _university_town(norm: str, g: GazetteerMatch) -> bool:
    return g.entry.category == "place" and bool(
        _UNIVERSITY_BEFORE_FA.search(norm, max(0, g.start - 12), g.start)
    )


# "دانشگاه تهران": a university named by its town; the town in its name is no place (docs/annotation.md)
_UNIVERSITY_BEFORE_FA = re.compile(r"(?<![\w\u200c])دانشگاه(?:[\u200c ]?های|[\u200c ]?ها)?\s+$")


def _own_place_after(norm: str, body: GazetteerMatch, g: GazetteerMatch) -> bool:
    """A place after a body that stays a place of its own: the country of a court abroad ("دیوان عالی سوئد",
    the court and the country), the town of an intelligence office named by its bare word ("اطلاعات ساری")."""
    if body.entry.kind == "court_abroad":
        return g.entry.kind == "country"
    return _BARE_INTELLIGENCE_FA.fullmatch(norm, body.start, body.end) is not None


_STATE_BODIES = frozenset({"state_body", "court", "commission"})
# "پزشکی قانونی" after a noun it qualifies ("متخصصان پزشکی قانونی", forensic experts; "سند پزشکی قانونی", a
# forensic document) is the discipline, not the office ("به پزشکی قانونی بردند")
_FORENSIC_FA = re.compile(r"پزشکی قانونی")
_NOUN_PHRASE_OPENS_FA = re.compile(
    r"(?:^|[\n.،,:؛;!?«»\"()\-]|(?<![\w\u200c])(?:به|از|در|با|و|توسط|که|را|برای|نزد|سوی|طرف))\s*$"
)


def _bare_body(norm: str, g: GazetteerMatch) -> bool:
    if g.entry.id != "legal_medicine" or not _FORENSIC_FA.fullmatch(norm, g.start, g.end):
        return False
    return _NOUN_PHRASE_OPENS_FA.search(norm, max(0, g.start - 12), g.start) is None


_KOMITEH_BEFORE = re.compile(r"(?<![\w\u200c])کمیته\s+$")


def komitehs(norm: str, gazetteer: Gazetteer, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """`found` with a place written right after "کمیته" made one match of the Revolutionary Committees: a
    local Komiteh named with its district ("کمیته خاوران"), the place in its name no place
    (docs/annotation.md)."""
    komiteh = gazetteer.get("komiteh")
    if komiteh is None:
        return found
    out: list[GazetteerMatch] = []
    for g in found:
        m = _KOMITEH_BEFORE.search(norm, max(0, g.start - 12), g.start)
        inside = any(h.start < g.start and g.start < h.end for h in found if h is not g)
        district = g.entry.category == "place" and g.entry.kind not in ("prison", "country")
        if m is not None and district and not inside:
            out.append(GazetteerMatch(m.start(), g.end, komiteh))
            continue
        out.append(g)
    return _numbered_komitehs(norm, komiteh, out)


# "کمیته منطقه ۸ تهران", "کمیته ناحیه 3": a Komiteh named by its district's number (and its town, even written
# against the number)
_GLUED_WORD = re.compile(r"[\w\u200c]+")
_NUMBERED_KOMITEH = re.compile(r"(?<![\w\u200c])کمیته\s+(?:منطقه|ناحیه)(?:[\u200c ]?ی)?\s*[\d۰-۹]+")


def _numbered_komitehs(
    norm: str, komiteh: GazetteerEntry, found: list[GazetteerMatch]
) -> list[GazetteerMatch]:
    out = list(found)
    for m in _NUMBERED_KOMITEH.finditer(norm):
        end = m.end()
        glued = _GLUED_WORD.match(norm, end)
        word_end = glued.end() if glued else end
        town = next((g for g in out if g.entry.kind in _TOWNS and g.start in (end, end + 1)), None)
        if town is not None and not norm[end : town.start].strip():
            end = town.end
        elif glued and word_end - end >= 3:
            end = word_end  # "۸تهران": the town written against the number, one token no list looks up
        if any(g.start < end and m.start() < g.end and g.entry is not komiteh for g in out if g is not town):
            continue
        out = [g for g in out if g is not town and not (g.entry is komiteh and m.start() <= g.start < end)]
        out.append(GazetteerMatch(m.start(), end, komiteh))
    return sorted(out, key=lambda g: (g.start, g.end))


def towns_inside(norm: str, gazetteer: Gazetteer, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """The towns named inside a prison's, cemetery's or court's name ("تبریز" in "زندان تبریز", "Hamedan" in
    "the prison of Hamedan"): a place of their own, nested in the other (docs/annotation.md). Not inside an
    organisation's name, which names no place."""
    out: list[GazetteerMatch] = []
    for g in found:
        if g.entry.category != "place" or g.entry.kind not in _HOLDERS:
            continue
        for t in gazetteer.find(norm[g.start : g.end]):
            inner = (t.start, t.end) != (0, g.end - g.start)
            if inner and t.entry.category == "place" and t.entry.kind in _TOWNS:
                out.append(GazetteerMatch(g.start + t.start, g.start + t.end, t.entry))
    return out


def saint_grounds(norm: str, found: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """Burial grounds the gazetteer does not list, named by a ground's word and a saint's name; the name
    as written is the value (no coordinates are known)."""
    out: list[GazetteerMatch] = []
    for m in _SAINT_GROUND_FA.finditer(norm):
        if any(g.start < m.end() and m.start() < g.end for g in found):
            continue
        entry = GazetteerEntry("unlisted_cemetery", "place", m.group(0), "cemetery", (m.group(0),))
        out.append(GazetteerMatch(m.start(), m.end(), entry))
    return out


def _district_fa(names: tuple[str, ...] | list[str]) -> list[str]:
    """ "دادگاه استکهلم" is also "دادگاه منطقه استکهلم", "دادگاه منطقه‌ای …", "دادگاه ناحیه …": a Swedish
    district court (tingsrätt) as Persian reports name it."""
    out = []
    for n in names:
        if n.startswith("دادگاه ") and n.count(" ") == 1:
            city = n.removeprefix("دادگاه ")
            out += [f"دادگاه {kind} {city}" for kind in ("منطقه", "منطقه‌ای", "ناحیه", "ناحیه‌ای", "بدوی")]
    return out


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """The shipped gazetteer, or one read from `path` (same layout as names/data/gazetteer.toml)."""
    if path is None:
        return _shipped()
    source = Path(path)
    try:
        raw = tomllib.loads(source.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"{source}: not a readable gazetteer ({type(exc).__name__})",
            hint="copy src/testament/names/data/gazetteer.toml and edit it",
        ) from None
    return _build(raw, source.name)


def _build(raw: dict[str, Any], source: str) -> Gazetteer:
    gazetteer = Gazetteer()
    # organisations first: where a name is both ("Komiteh"), the organisation is meant
    entries = sorted(_with_prisons(list(_entries(raw, source))), key=lambda e: e.category != "organisation")
    for entry in entries:
        gazetteer.add(entry)
    return gazetteer


@cache
def _shipped() -> Gazetteer:
    text = resources.files("testament.names").joinpath("data", "gazetteer.toml").read_text("utf-8")
    return _build(tomllib.loads(text), "gazetteer.toml")


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
