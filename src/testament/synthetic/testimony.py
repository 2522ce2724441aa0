"""Survivors' testimonies written from templates (data/testimony.toml), with gold annotations: every
person, date, place, organisation, act and count as a character span into the exact text written, with
its normalised value, and for persons their role and who they truly are."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import jdatetime
import numpy as np

from testament.synthetic._calendar import EPOCH, to_persian_digits
from testament.synthetic._data import load
from testament.synthetic.population import Gazetteer, Population
from testament.synthetic.spelling import name_tables, persian_form

__all__ = ["Testimony", "write_testimonies"]

_TOKEN = re.compile(r"\{(\w+)\}|\[([^\]]+)\]\((\w+)\)")
_ROLES = ("judge", "prosecutor", "intel", "warden")
_OPTIONAL = {"transfer": 0.7, "count": 0.8, "perpetrator": 0.5, "flogging": 0.5, "family": 0.8, "burial": 0.6}
_ORDER = ("intro", "transfer", "corridor", "hearing", "count", "execution", "flogging", "perpetrator")
_CLOSING = ("family", "burial", "release")
Piece = tuple[str, dict[str, Any] | None]


@dataclass
class Testimony:
    file: str
    language: str
    text: str
    narrator: str
    prison: str
    annotations: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "language": self.language,
            "narrator": self.narrator,
            "prison": self.prison,
            "annotations": self.annotations,
        }


def _date(day: int) -> datetime.date:
    return EPOCH + datetime.timedelta(days=int(day))


def _interval(start: datetime.date, end: datetime.date) -> str:
    return f"{start.isoformat()}/{end.isoformat()}"


def _sh_month(d: datetime.date) -> tuple[jdatetime.date, datetime.date, datetime.date]:
    j = jdatetime.date.fromgregorian(date=d)
    first = jdatetime.date(j.year, j.month, 1)
    nxt = jdatetime.date(j.year + (j.month == 12), j.month % 12 + 1, 1)
    return j, first.togregorian(), nxt.togregorian() - datetime.timedelta(days=1)


class _Writer:
    """Builds the text piece by piece so every annotation's offsets are exact by construction."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.annotations: list[dict[str, Any]] = []

    def add(self, text: str, annotation: dict[str, Any] | None = None) -> None:
        if annotation is not None:
            self.annotations.append(
                {"start": self.length, "end": self.length + len(text), "text": text, **annotation}
            )
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Teller:
    """One testimony's cast, timeline and slot renderers for one language."""

    def __init__(
        self,
        t: int,
        lang: str,
        pop: Population,
        gaz: Gazetteer,
        roster: dict[int, dict[str, tuple[int, int, bool]]],
        victims: np.ndarray,
        rng: np.random.Generator,
    ) -> None:
        self.t, self.lang, self.pop, self.gaz, self.rng = t, lang, pop, gaz, rng
        self.words = load("testimony")["words"][lang]
        self.months = load("phrases")["months"]
        self.names = name_tables()
        self.victims = victims
        self.prison = int(pop.prison[victims[0]])
        self.roster = roster[self.prison]
        self.current = int(victims[0])
        self.last_day: int | None = None
        first_day = int(pop.execution_day[victims].min())
        self.corridor_day = first_day - int(rng.integers(0, 3))
        self.female = bool(pop.female[victims[0]])
        self.narrator = self._invent(female=self.female)
        self.fellow = self._invent(female=self.female)
        self.narrator_city = int(pop.city[victims[0]])
        self.org = int(pop.affiliation[victims[0]])
        self.relative_index = int(rng.integers(0, 4))
        self.relative = self._invent(female=self.relative_index in (0, 2))
        self.lashes = 10 * rng.integers(2, 21, size=2)
        self.count_value = int(rng.integers(8, 90))

    def _pick(self, *options: str) -> str:
        return options[int(self.rng.integers(0, len(options)))]

    def _invent(self, *, female: bool) -> tuple[int, int]:
        names = self.names
        if female:
            given = names.female_offset + int(self.rng.integers(0, len(names.given) - names.female_offset))
        else:
            given = int(self.rng.integers(0, names.female_offset))
        return given, int(self.rng.integers(0, len(names.surname)))

    # --- renderers ---------------------------------------------------------------------------------------
    def person(self, given: int, surname: int | None, role: str, **who: Any) -> Piece:
        names = self.names
        if self.lang == "fa":
            parts = [persian_form(names.given.fa[given], 0)]
            if surname is not None:
                parts.append(persian_form(names.surname.fa[surname], 0))
        else:
            style = "en" if self.rng.random() < 0.8 else ("fr", "de")[int(self.rng.integers(0, 2))]
            tokens = np.array([given])
            parts = [
                names.given.render_latin(tokens, style=style, compound="joined", noise=0.2, rng=self.rng)[0]
            ]
            if surname is not None:
                tokens = np.array([surname])
                parts.append(
                    names.surname.render_latin(
                        tokens, style=style, compound="joined", noise=0.2, rng=self.rng
                    )[0]
                )
        value = names.given.canonical(given) + (
            "" if surname is None else " " + names.surname.canonical(surname)
        )
        return " ".join(parts), {"type": "person", "value": value, "role": role, **who}

    def victim(self, v: int, full: bool = True) -> Piece:
        return self.person(
            int(self.pop.given[v]),
            int(self.pop.surname[v]) if full else None,
            "victim",
            person=int(v),
            entity=None,
        )

    def place(self, item: dict[str, Any]) -> Piece:
        text = persian_form(item["fa"], 0) if self.lang == "fa" else item["en"]
        return text, {"type": "place", "value": item["en"]}

    def organisation(self, fa: str, en: str) -> Piece:
        return (fa if self.lang == "fa" else en), {"type": "organisation", "value": en}

    def date(self, day: int, precision: str) -> Piece:
        d = _date(day)
        fa = self.lang == "fa"
        solar = fa or self.rng.random() < 0.3
        if precision == "day":
            self.last_day = day
            if solar:
                j = jdatetime.date.fromgregorian(date=d)
                text = f"{j.day} {self.months['sh_fa' if fa else 'sh_latin'][j.month - 1]} {j.year}"
            elif self.rng.random() < 0.5:
                text = f"{self.months['gregorian'][d.month - 1]} {d.day}, {d.year}"
            else:
                text = f"{d.day} {self.months['gregorian'][d.month - 1]} {d.year}"
            value = _interval(d, d)
        elif precision == "month":
            if solar:
                j, start, end = _sh_month(d)
                text = f"{self.months['sh_fa' if fa else 'sh_latin'][j.month - 1]} {j.year}"
            else:
                start = d.replace(day=1)
                end = d.replace(day=calendar.monthrange(d.year, d.month)[1])
                text = f"{self.months['gregorian'][d.month - 1]} {d.year}"
            value = _interval(start, end)
        elif precision == "part":  # early / mid / late in a Gregorian month (days 1-10, 11-20, 21-end)
            part = min(2, (d.day - 1) // 10)
            last = calendar.monthrange(d.year, d.month)[1]
            start = d.replace(day=1 + 10 * part)
            end = d.replace(day=last if part == 2 else 10 * (part + 1))
            text = f"{('early', 'mid', 'late')[part]} {self.months['gregorian'][d.month - 1]} {d.year}"
            value = _interval(start, end)
        else:  # year
            if solar:
                j = jdatetime.date.fromgregorian(date=d)
                start = jdatetime.date(j.year, 1, 1).togregorian()
                end = jdatetime.date(j.year + 1, 1, 1).togregorian() - datetime.timedelta(days=1)
                text = str(j.year)
            else:
                start, end, text = datetime.date(d.year, 1, 1), datetime.date(d.year, 12, 31), str(d.year)
            value = _interval(start, end)
        if fa:
            text = to_persian_digits(text)
        return text, {"type": "date", "value": value}

    def when(self, day: int) -> list[Piece]:
        """A sentence-opening date: relative to the last date told when close ("Two days later"), else
        absolute ("On August 6, 1988")."""
        gap = None if self.last_day is None else day - self.last_day
        if gap is not None and 0 <= gap <= 7 and self.rng.random() < 0.7:
            self.last_day = day
            text = self.words["relative_days"][str(gap)]
            d = _date(day)
            return [(text, {"type": "date", "value": _interval(d, d), "relative": True})]
        return [("On " if self.lang == "en" else "در ", None), self.date(day, "day")]

    def count(self, value: int) -> Piece:
        if self.lang == "fa":
            text = to_persian_digits(str(value))
        elif value < 20 or value >= 100 or self.rng.random() < 0.5:
            text = self.words["numbers"][value] if value < 20 and self.rng.random() < 0.5 else str(value)
        else:
            tens, ones = divmod(value, 10)
            text = self.words["tens"][tens] + (f"-{self.words['numbers'][ones]}" if ones else "")
        return text, {"type": "count", "value": int(value)}

    def official(self, role: str) -> list[Piece]:
        given, surname, cleric = self.roster[role]
        pieces: list[Piece] = []
        if cleric:
            pieces.append((self.words["cleric"] + " ", None))
        text, ann = self.person(
            given, surname, "perpetrator", person=None, entity=f"official-{self.prison}-{role}"
        )
        assert ann is not None
        ann["position"] = load("testimony")["words"]["en"]["positions"][role]
        pieces.append((text, ann))
        return pieces

    def slot(self, name: str) -> list[Piece]:
        """The pieces that fill `{name}` in a template."""
        for fill in (self._person_slot, self._date_slot, self._place_slot, self._word_slot):
            pieces = fill(name)
            if pieces is not None:
                return pieces
        raise KeyError(f"unknown testimony slot {{{name}}}")

    def _person_slot(self, name: str) -> list[Piece] | None:
        """People: the narrator, a cellmate, a relative, an official, the victim (None: not a person slot)."""
        v = self.current
        if name == "narrator":
            return [self.person(*self.narrator, "narrator", person=None, entity=f"survivor-{self.t}")]
        if name == "fellow":
            return [
                self.person(
                    *self.fellow, "fellow_prisoner", person=None, entity=f"survivor-{self.t}-cellmate"
                )
            ]
        if name == "relative":
            return [
                self.person(
                    self.relative[0],
                    self.relative[1],
                    "relative",
                    person=None,
                    entity=f"relative-{self.t}",
                    relative_of=v,
                )
            ]
        if name in ("judge", "prosecutor", "intel", "warden"):
            return self.official(name)
        if name == "victim":
            return [self.victim(v)]
        if name == "victim_given":
            return [self.victim(v, full=False)]
        return None

    def _date_slot(self, name: str) -> list[Piece] | None:
        """Dates of the story, at the precision a witness would give (None: not a date slot)."""
        pop, v = self.pop, self.current
        if name == "arrest_date":
            day0 = int(pop.arrest_day[self.victims[0]])
            return [self.date(day0 - int(self.rng.integers(0, 200)), self._pick("month", "year"))]
        if name == "transfer_date":
            precision = (
                "month" if self.lang == "fa" else self._pick("month", "part")
            )  # part: "early May 1987"
            return [self.date(self.corridor_day - int(self.rng.integers(90, 700)), precision)]
        if name == "corridor_date":
            return [self.date(self.corridor_day, "day")]
        if name == "exec_date":
            return [self.date(int(pop.execution_day[v]), "day")]
        if name == "exec_when":
            return self.when(int(pop.execution_day[v]))
        if name == "inform_date":
            return [self.date(int(pop.execution_day[v]) + int(self.rng.integers(60, 200)), "month")]
        if name == "release_date":
            day = self.corridor_day + int(self.rng.integers(150, 1100))
            return [self.date(day, self._pick("month", "year"))]
        return None

    def _place_slot(self, name: str) -> list[Piece] | None:
        """Places and organisations (None: not a place or organisation slot)."""
        pop, gaz, v = self.pop, self.gaz, self.current
        if name == "city":
            return [self.place(gaz.cities[self.narrator_city])]
        if name == "victim_city":
            return [self.place(gaz.cities[int(pop.city[v])])]
        if name in ("prison_a", "prison_b"):
            item = gaz.prisons[self.prison]
            if name == "prison_a":
                others = [p for p in ("evin", "ghezel_hesar", "gohardasht") if p != item["id"]]
                chosen = others[int(self.rng.integers(0, len(others)))]
                item = next(p for p in gaz.prisons if p["id"] == chosen)
            return [self.place(item)]
        if name == "burial":
            item = gaz.burials[int(pop.burial[v])]
            if item["id"] == "local":
                lead = "گورستان " if self.lang == "fa" else "the cemetery of "
                return [(lead, None), self.place(gaz.cities[int(pop.city[v])])]
            return [self.place(item)]
        if name == "org":
            a = gaz.affiliations[self.org]
            return [self.organisation(persian_form(a["fa"], 0), a["en"])]
        if name == "guards":
            return [
                self.organisation(
                    load("testimony")["words"]["fa"]["guards"], load("testimony")["words"]["en"]["guards"]
                )
            ]
        if name == "commission":
            return [
                self.organisation(
                    load("testimony")["words"]["fa"]["commission"],
                    load("testimony")["words"]["en"]["commission"],
                )
            ]
        return None

    def _word_slot(self, name: str) -> list[Piece] | None:
        """Counts, positions and words that agree with the victim (None: not such a slot)."""
        w = self.words
        sex = int(self.pop.female[self.current])
        if name.endswith("_position"):
            return [(w["positions"][name.removesuffix("_position")], None)]
        if name == "count":
            return [self.count(self.count_value)]
        if name in ("lashes", "lashes2"):
            return [self.count(int(self.lashes[int(name == "lashes2")]))]
        if name == "people_word":
            return [(w["people_word"][int(self.female)], None)]
        if name == "relative_word":
            return [(w["relative_word"][self.relative_index], None)]
        if name in ("he", "his"):
            return [(w[name][sex], None)]
        if name in ("He", "His"):
            word = w[name.lower()][sex]
            return [(word[:1].upper() + word[1:], None)]
        return None

    def render(self, template: str, out: _Writer) -> None:
        pos = 0
        for m in _TOKEN.finditer(template):
            out.add(template[pos : m.start()])
            if m.group(1):
                pieces = self.slot(m.group(1))
                if m.start() == 0 and pieces and pieces[0][1] is None:  # a sentence starting "on ..."
                    first = pieces[0][0]
                    pieces[0] = (first[:1].upper() + first[1:], None)
                for text, ann in pieces:
                    out.add(text, ann)
            else:
                out.add(m.group(2), {"type": "act", "value": m.group(3)})
            pos = m.end()
        out.add(template[pos:])


def _roster(gaz: Gazetteer, rng: np.random.Generator) -> dict[int, dict[str, tuple[int, int, bool]]]:
    """Invented officials per prison: (given token, surname token, is a cleric)."""
    names = name_tables()
    roster = {}
    for p in range(len(gaz.prisons)):
        roster[p] = {
            role: (
                int(rng.integers(0, names.female_offset)),
                int(rng.integers(0, len(names.surname))),
                role == "judge",
            )
            for role in _ROLES
        }
    return roster


def write_testimonies(
    count: int, persian_share: float, pop: Population, gaz: Gazetteer, rng: np.random.Generator
) -> list[Testimony]:
    """`count` testimonies; each names 2-5 executed cellmates drawn from one prison of the population."""
    templates = load("testimony")
    roster = _roster(gaz, rng)
    by_prison = np.argsort(pop.prison, kind="stable")
    bounds = np.searchsorted(pop.prison[by_prison], np.arange(len(gaz.prisons) + 1))
    sizes = np.diff(bounds).astype(float)
    out = []
    for t in range(1, count + 1):
        lang = "fa" if rng.random() < persian_share else "en"
        prison = int(rng.choice(len(sizes), p=sizes / sizes.sum()))
        group = by_prison[bounds[prison] : bounds[prison + 1]]
        first = group[int(rng.integers(0, len(group)))]
        same_sex = group[pop.female[group] == pop.female[first]]
        k = min(len(same_sex), int(rng.integers(2, 6)))
        victims = rng.choice(same_sex, size=k, replace=False)
        victims = victims[np.argsort(pop.execution_day[victims], kind="stable")]
        teller = _Teller(t, lang, pop, gaz, roster, victims, rng)
        out_text = _Writer()
        sections = templates[lang]
        for section in (*_ORDER, *_CLOSING):
            if section in _OPTIONAL and rng.random() >= _OPTIONAL[section]:
                continue
            pool = sections[section]
            if section == "execution":
                for v in victims.tolist():
                    teller.current = int(v)
                    teller.render(pool[int(rng.integers(0, len(pool)))], out_text)
                    out_text.add(" ")
                out_text.add("\n\n")
                continue
            if section in ("family", "burial"):
                teller.current = int(victims[int(rng.integers(0, len(victims)))])
            teller.render(pool[int(rng.integers(0, len(pool)))], out_text)
            out_text.add("\n\n" if section in ("intro", "hearing", "perpetrator", "release") else " ")
        text = re.sub(r"[ \n]+$", "\n", out_text.text)
        out.append(
            Testimony(
                file=f"testimonies/testimony_{t:04d}_{lang}.txt",
                language=lang,
                text=text,
                narrator=f"survivor-{t}",
                prison=gaz.prisons[teller.prison]["id"],
                annotations=out_text.annotations,
            )
        )
    return out
