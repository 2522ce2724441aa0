"""One victim list as its compilers would have written it: the people it caught (plus duplicates), in
its own columns, header language, spellings, date conventions, gaps, typos and deliberately corrupted
rows. Everything is drawn column by column with numpy; only string formatting loops over rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from testament.synthetic._calendar import format_dates, gregorian_parts, solar_parts, to_persian_digits
from testament.synthetic._data import load
from testament.synthetic.capture import Capture
from testament.synthetic.population import Gazetteer, Population
from testament.synthetic.scenario import PRECISIONS, ListSpec
from testament.synthetic.spelling import NameTable, name_tables, persian_form, typo

__all__ = ["CP1256", "RenderedList", "render_list"]

# Windows-1256 has Arabic yeh but no Persian yeh, and no Persian digits: what old Persian files hold.
CP1256 = str.maketrans({"ی": "ي", "ۀ": "ه", **{chr(0x06F0 + i): str(i) for i in range(10)}})

_NAME_FIELDS = ("given", "surname", "father")
_CORRUPT_DATE = {
    "sh": "1367/13/45",
    "sh_fa": "۱۳۶۷/۱۳/۴۵",
    "sh_words": "۴۵ مرداد ۱۳۶۷",
    "sh_latin": "45 Mordad 1367",
    "iso": "1988-13-45",
    "long": "August 45, 1988",
}


@dataclass
class RenderedList:
    spec: ListSpec
    headers: list[str]
    columns: list[list[str]]  # one list of cell texts per header ("" = empty cell)
    fields: list[str]  # the record field of each column
    person: np.ndarray  # true person behind each row
    duplicate: np.ndarray  # the row repeats a person already on this list
    copied_from: np.ndarray  # 1-based row of the copied list, or 0
    names: dict[str, np.ndarray]  # given/surname/father as written (before the full-name join)
    corrupted: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.person)

    def first_row(self, people: int) -> np.ndarray:
        """0-based first row of each person on this list, -1 where absent."""
        first = np.full(people, -1, dtype=np.int64)
        persons, index = np.unique(self.person, return_index=True)
        first[persons] = index
        return first


def _place_table(items: list[dict[str, Any]], lang: str, form: int) -> tuple[np.ndarray, np.ndarray]:
    """Per item, its name in `lang` followed by alternative names; padded 2-D object array + counts."""
    options = []
    for item in items:
        if lang == "fa":
            names = [item["fa"], *item.get("alt_fa", [])]
            names = [persian_form(n, form) for n in names]
        else:
            names = [item.get(lang, item["en"]), *item.get("alt", [])]
        options.append(names)
    width = max(len(o) for o in options)
    table = np.array([o + [o[0]] * (width - len(o)) for o in options], dtype=object)
    return table, np.array([len(o) for o in options])


def _pick(
    table: tuple[np.ndarray, np.ndarray], codes: np.ndarray, rate: float, rng: np.random.Generator
) -> np.ndarray:
    """Primary names of `codes`; with probability `rate` an alternative name where one exists."""
    names, counts = table
    which = np.zeros(len(codes), dtype=np.int64)
    alt = (rng.random(len(codes)) < rate) & (counts[codes] > 1)
    which[alt] = 1 + (rng.random(int(alt.sum())) * (counts[codes[alt]] - 1)).astype(np.int64)
    return names[codes, which]


def _render_names(table: NameTable, tokens: np.ndarray, ls: ListSpec, rng: np.random.Generator) -> np.ndarray:
    if ls.script == "fa":
        return table.render_persian(tokens, form=ls.persian_form, noise=ls.spelling_noise, rng=rng)
    return table.render_latin(
        tokens, style=ls.spelling, compound=ls.compound, noise=ls.spelling_noise, rng=rng
    )


def _titles(ls: ListSpec, female: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The Seyed/Seyedeh title as this list writes it for each row."""
    names = name_tables()
    out = np.empty(len(female), dtype=object)
    for is_female, (fa, latin, others) in ((False, names.seyed), (True, names.seyede)):
        sel = female == is_female
        if ls.script == "fa":
            out[sel] = persian_form(fa, ls.persian_form)
            continue
        house = {"de": latin.replace("y", "j")}.get(ls.spelling, latin)
        options = np.array([house, *others], dtype=object)
        pick = np.where(
            rng.random(int(sel.sum())) < ls.spelling_noise, rng.integers(1, len(options), int(sel.sum())), 0
        )
        out[sel] = options[pick]
    return out


def _order(ls: ListSpec, rows: np.ndarray, pop: Population, rng: np.random.Generator) -> np.ndarray:
    tie = rng.random(len(rows))
    if ls.order == "shuffled":
        return np.argsort(tie, kind="stable")
    if ls.order == "city":
        return np.lexsort((tie, pop.city[rows]))
    if ls.order == "date":
        return np.lexsort((tie, pop.execution_day[rows]))
    names = name_tables()
    key = names.surname.fa if ls.script == "fa" else names.surname.latin
    rank = np.argsort(np.argsort(np.array(key, dtype=object)))
    return np.lexsort((tie, pop.given[rows], rank[pop.surname[rows]]))


def _translate(column: list[str], table: dict[int, str]) -> list[str]:
    """str.translate over a whole column at once (one call instead of one per cell)."""
    return "\x1f".join(column).translate(table).split("\x1f") if column else []


def _digits(values: list[str], ls: ListSpec) -> list[str]:
    return [to_persian_digits(v) for v in values] if ls.digits == "persian" and ls.script == "fa" else values


def render_list(
    ls: ListSpec,
    j: int,
    pop: Population,
    capture: Capture,
    gaz: Gazetteer,
    earlier: dict[str, RenderedList],
    rng: np.random.Generator,
) -> RenderedList:
    """Render list number `j` of the scenario; `earlier` holds the lists already rendered (for copies)."""
    phrases = load("phrases")

    caught = np.flatnonzero(capture.caught[:, j])
    dup = caught[rng.random(len(caught)) < ls.duplicate_rate]
    rows = np.concatenate([caught, dup])
    duplicate = np.concatenate([np.zeros(len(caught), bool), np.ones(len(dup), bool)])
    order = _order(ls, rows, pop, rng)
    rows, duplicate = rows[order], duplicate[order]
    n = len(rows)

    written, copied_from = _write_names(ls, j, pop, capture, earlier, rows, duplicate, rng)
    cells = _fill_cells(ls, pop, gaz, rows, written, phrases, rng)
    _blank_gaps(ls, cells, phrases, n, rng)
    headers, columns, fields_out = _assemble(ls, cells, written, phrases)
    if ls.format == "csv-cp1256":  # what the file will hold, so truth.json and the file agree
        headers = [h.translate(CP1256) for h in headers]
        columns = [_translate(col, CP1256) for col in columns]
        for part in _NAME_FIELDS:
            written[part] = np.array(_translate(written[part].tolist(), CP1256), dtype=object)
    corrupted = _corrupt(ls, headers, columns, fields_out, n, rng)
    return RenderedList(ls, headers, columns, fields_out, rows, duplicate, copied_from, written, corrupted)


# --- names ---------------------------------------------------------------------------------------------


def _write_names(
    ls: ListSpec,
    j: int,
    pop: Population,
    capture: Capture,
    earlier: dict[str, RenderedList],
    rows: np.ndarray,
    duplicate: np.ndarray,
    rng: np.random.Generator,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Given name, surname and father's name as the list writes them (titles, typos, and the spelling of
    the list a record was copied from), and for each row the 1-based row it was copied from (0: none)."""
    names = name_tables()
    n = len(rows)
    written = {
        "given": _render_names(names.given, pop.given[rows], ls, rng),
        "surname": _render_names(names.surname, pop.surname[rows], ls, rng),
        "father": _render_names(names.given, pop.father[rows], ls, rng),
    }
    titled = pop.seyed[rows] & (rng.random(n) < ls.seyed_kept)
    if titled.any():
        titles = _titles(ls, pop.female[rows][titled], rng)
        written["given"][titled] = titles + " " + written["given"][titled]
    mistyped = np.flatnonzero(rng.random(n) < ls.typo_rate)
    draws = rng.random((len(mistyped), 4))
    for r, u in zip(mistyped.tolist(), draws, strict=True):
        part = _NAME_FIELDS[int(u[3] * 3)]
        written[part][r] = typo(written[part][r], u)
    copied_from = np.zeros(n, dtype=np.int64)
    if ls.copies is not None:
        source = earlier[ls.copies]
        was_copied = capture.copied[rows, j] & ~duplicate
        src_row = source.first_row(len(pop))[rows]
        copied_from[was_copied] = src_row[was_copied] + 1
        if source.spec.script == ls.script:  # the record travels with its spelling (and its typos)
            take = np.flatnonzero(was_copied)
            for part in _NAME_FIELDS:
                written[part][take] = source.names[part][src_row[take]]
    return written, copied_from


# --- the other columns ----------------------------------------------------------------------------------


def _fill_cells(
    ls: ListSpec,
    pop: Population,
    gaz: Gazetteer,
    rows: np.ndarray,
    written: dict[str, np.ndarray],
    phrases: dict[str, Any],
    rng: np.random.Generator,
) -> dict[str, list[str]]:
    """Every column of `ls.fields` as text in the list's language, digits and styles (the father's name
    as `written`)."""
    lang = ls.language
    n = len(rows)
    form = ls.persian_form
    female = pop.female[rows]
    cells: dict[str, list[str]] = {}
    for name in ls.fields:
        if name == "record_id":
            ids = [f"{ls.id_prefix}{i:05d}" if ls.id_style == "code" else str(i) for i in range(1, n + 1)]
            cells[name] = _digits(ids, ls)
        elif name == "father_name":
            cells[name] = written["father"].tolist()
        elif name == "birth_year":
            years = (
                solar_parts(pop.birth_day[rows])[0]
                if ls.birth_calendar == "sh"
                else gregorian_parts(pop.birth_day[rows])[0]
            )
            cells[name] = _digits([str(y) for y in years.tolist()], ls)
        elif name == "age":
            ages = (pop.execution_day[rows] - pop.birth_day[rows]) * 4 // 1461
            cells[name] = _digits([str(a) for a in ages.tolist()], ls)
        elif name == "sex":
            male_word, female_word = phrases["sex"][lang][ls.sex_style]
            cells[name] = np.where(female, female_word, male_word).tolist()
        elif name in ("city", "prison", "affiliation"):
            items = {"city": gaz.cities, "prison": gaz.prisons, "affiliation": gaz.affiliations}[name]
            codes = {"city": pop.city, "prison": pop.prison, "affiliation": pop.affiliation}[name][rows]
            cells[name] = _pick(_place_table(items, lang, form), codes, ls.alt_name_rate, rng).tolist()
        elif name in ("arrest_date", "execution_date"):
            days = (pop.arrest_day if name == "arrest_date" else pop.execution_day)[rows]
            weights = np.array([ls.date_precision.get(p, 0.0) for p in PRECISIONS])
            precision = rng.choice(len(PRECISIONS), size=n, p=weights / weights.sum())
            cells[name] = format_dates(days, precision, ls.date_style, ls.digits == "persian")
        elif name == "burial_place":
            burial = pop.burial[rows]
            table = _place_table(gaz.burials, lang, form)[0][:, 0]
            city = _place_table(gaz.cities, lang, form)[0][:, 0]
            local = [b["id"] for b in gaz.burials].index("local")
            pattern = {"en": "{} cemetery", "fa": "گورستان {}", "fr": "cimetière de {}", "de": "Friedhof {}"}[
                lang
            ]
            local_names = np.array([pattern.format(c) for c in city], dtype=object)
            cells[name] = np.where(burial == local, local_names[pop.city[rows]], table[burial]).tolist()
        elif name == "fate":
            options = np.array(phrases["fate"][lang], dtype=object)
            weights = np.array([4.0] + [1.0] * (len(options) - 1))  # the plain word most of the time
            cells[name] = options[rng.choice(len(options), size=n, p=weights / weights.sum())].tolist()
        elif name == "notes":
            options = np.array(phrases["notes"][lang], dtype=object)
            picks = options[rng.integers(0, len(options), n)]
            cells[name] = np.where(rng.random(n) < ls.notes_rate, picks, "").tolist()
        if lang == "fa" and name in ("notes", "fate", "burial_place"):
            cells[name] = [persian_form(t, form) for t in cells[name]]
    return cells


def _blank_gaps(
    ls: ListSpec, cells: dict[str, list[str]], phrases: dict[str, Any], n: int, rng: np.random.Generator
) -> None:
    """Write the list's missing-value token into `cells` where a value is unknown: each cell (not ids or
    notes; names are not in `cells`) with probability missing_rate; burial places are unknown for most
    people anyway."""
    token = phrases["missing"][ls.language][ls.missing_token]
    for name, column in cells.items():
        if name in ("record_id", "notes"):
            continue
        rate = min(1.0, ls.missing_rate + (0.4 if name == "burial_place" else 0.0))
        for r in np.flatnonzero(rng.random(n) < rate).tolist():
            column[r] = token


# --- assemble columns ------------------------------------------------------------------------------------


def _assemble(
    ls: ListSpec, cells: dict[str, list[str]], written: dict[str, np.ndarray], phrases: dict[str, Any]
) -> tuple[list[str], list[list[str]], list[str]]:
    """(headers, columns, field of each column) in the list's layout: names split or joined in its order,
    then its other fields."""
    lang = ls.language
    heads = phrases["headers"][lang]
    headers: list[str] = []
    columns: list[list[str]] = []
    fields_out: list[str] = []

    def add(field_name: str, column: list[str]) -> None:
        headers.append(heads[field_name][ls.header_variant])
        columns.append(column)
        fields_out.append(field_name)

    if "record_id" in cells:
        add("record_id", cells["record_id"])
    given_l, surname_l = written["given"].tolist(), written["surname"].tolist()
    if ls.name_columns == "split":
        add("given_name", given_l)
        add("surname", surname_l)
    elif ls.name_order == "surname_first":
        sep = "، " if ls.script == "fa" else " "
        up = (lambda s: s) if ls.script == "fa" else str.upper
        add("full_name", [f"{up(s)}{sep}{g}" for g, s in zip(given_l, surname_l, strict=True)])
    else:
        add("full_name", [f"{g} {s}" for g, s in zip(given_l, surname_l, strict=True)])
    for name in ls.fields:
        if name != "record_id":
            add(name, cells[name])
    if ls.name_columns == "split" and ls.name_order == "surname_first":  # surname column first
        i = fields_out.index("given_name")
        headers[i], headers[i + 1] = headers[i + 1], headers[i]
        columns[i], columns[i + 1] = columns[i + 1], columns[i]
        fields_out[i], fields_out[i + 1] = fields_out[i + 1], fields_out[i]
    return headers, columns, fields_out


def _corrupt(
    ls: ListSpec,
    headers: list[str],
    columns: list[list[str]],
    fields_out: list[str],
    n: int,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """Break `corrupt_rows` rows the way real lists break: an impossible date, a birth year with a letter
    O for a zero, a sex code nobody uses, a row whose name was lost. Returns what was done where."""
    kinds = ["name"]
    if "execution_date" in fields_out:
        kinds.append("execution_date")
    if "birth_year" in fields_out:
        kinds.append("birth_year")
    if "sex" in fields_out:
        kinds.append("sex")
    out = []
    for r in sorted(rng.choice(n, size=min(ls.corrupt_rows, n), replace=False).tolist()):
        kind = kinds[int(rng.integers(0, len(kinds)))]
        if kind == "name":
            for f in ("full_name", "given_name", "surname"):
                if f in fields_out:
                    columns[fields_out.index(f)][r] = ""
            what = "missing name"
        elif kind == "execution_date":
            columns[fields_out.index(kind)][r] = _CORRUPT_DATE[ls.date_style]
            what = "impossible date"
        elif kind == "birth_year":
            col = columns[fields_out.index(kind)]
            col[r] = "13O5" if ls.birth_calendar == "sh" else "19O5"
            what = "letter O for zero"
        else:
            columns[fields_out.index(kind)][r] = "x"
            what = "unknown sex code"
        field_name = "name" if kind == "name" else kind
        header = None if kind == "name" else headers[fields_out.index(kind)]
        out.append({"row": r + 1, "field": field_name, "column": header, "kind": what})
    return out
