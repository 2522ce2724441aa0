"""Scenario specifications: every knob of a synthetic scenario, the named scenarios, and loading a scenario
from a TOML/JSON file. The knobs are documented in docs/synthetic.md; this module checks them."""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from testament.errors import InputError
from testament.synthetic._data import load

__all__ = [
    "FIELDS",
    "FORMATS",
    "SCENARIO_NAMES",
    "ListSpec",
    "ScenarioSpec",
    "load_scenario",
    "scenario",
]

FORMATS = ("csv", "csv-bom", "csv-cp1256", "xlsx", "json")
LANGUAGES = ("en", "fa", "fr", "de")
DATE_STYLES = ("sh", "sh_fa", "sh_words", "sh_latin", "iso", "long")
PRECISIONS = ("day", "month", "season", "year")
ORDERS = ("shuffled", "name", "city", "date")
STRATUM_KINDS = ("city", "prison", "affiliation", "sex", "week")
# Record fields a list may carry besides its name columns.
FIELDS = (
    "record_id",
    "father_name",
    "birth_year",
    "age",
    "sex",
    "city",
    "prison",
    "affiliation",
    "arrest_date",
    "execution_date",
    "burial_place",
    "fate",
    "notes",
)
SCENARIO_NAMES = ("easy", "realistic", "hard")

Odds = dict[str, dict[str, float]]  # stratum kind -> value id -> odds multiplier


@dataclass(frozen=True)
class ListSpec:
    """One victim list: who compiled it, how it is laid out, whom it reaches and how careful it is."""

    id: str
    organisation: str = "Synthetic list"
    # layout
    language: str = "en"
    format: str = "csv"
    name_columns: str = "full"  # full | split
    name_order: str = "given_first"  # given_first | surname_first (Latin: SURNAME Given)
    fields: tuple[str, ...] = ("record_id", "father_name", "birth_year", "city", "prison", "execution_date")
    header_variant: int = 0
    date_style: str = "iso"
    date_precision: dict[str, float] = field(default_factory=lambda: {"day": 1.0})
    birth_calendar: str = "gregorian"  # gregorian | sh
    digits: str = "ascii"  # ascii | persian (Persian-language lists)
    sex_style: int = 0
    spelling: str = "en"  # Latin house style: en | fr | de
    compound: str = "joined"  # joined | split | hyphen (Latin compound names)
    persian_form: int = 0  # 0-11: yeh (ی/ي) x kaf (ک/ك) x joiner (ZWNJ/space/none)
    seyed_kept: float = 0.7
    id_style: str = "number"  # number | code
    id_prefix: str = ""
    order: str = "shuffled"
    missing_token: int = 0
    notes_rate: float = 0.05
    alt_name_rate: float = 0.1
    # capture
    rate: float = 0.3
    favour: Odds = field(default_factory=dict)
    copies: str | None = None
    copy_share: float = 0.0
    avoids: str | None = None
    avoid_factor: float = 1.0
    # care
    spelling_noise: float = 0.0
    typo_rate: float = 0.0
    missing_rate: float = 0.0
    duplicate_rate: float = 0.0
    corrupt_rows: int = 0

    @property
    def script(self) -> str:
        return "fa" if self.language == "fa" else "latin"

    @property
    def suffix(self) -> str:
        return {"xlsx": ".xlsx", "json": ".json"}.get(self.format, ".csv")


@dataclass(frozen=True)
class ScenarioSpec:
    """A whole scenario: the population, the capture model and the lists. Build with `scenario()`."""

    name: str = "custom"
    description: str = ""
    people: int = 5000
    testimonies: int = 20
    lists: tuple[ListSpec, ...] = ()
    heterogeneity: float = 0.0  # sd of a person's log-odds of being listed, shared by all lists
    visibility: Odds = field(default_factory=dict)  # odds multipliers applied by every list
    week_trend: float = 1.0  # odds multiplier per week of death after the first
    female_share: float = 0.07
    seyed_share: float = 0.08
    name_concentration: float = 1.0
    persian_testimony_share: float = 0.2
    truth_format: str = "auto"  # auto | json | parquet
    parquet_threshold: int = 100_000
    xlsx_max_rows: int = 100_000

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check(ok: bool, message: str, hint: str | None = None) -> None:
    if not ok:
        raise InputError(f"Scenario: {message}", hint=hint or "see docs/synthetic.md for every knob")


def _probability(value: float, name: str) -> None:
    _check(0.0 <= value <= 1.0, f"{name} must be between 0 and 1, not {value}")


def _check_odds(odds: Odds, where: str) -> None:
    for kind, table in odds.items():
        _check(kind in STRATUM_KINDS, f"{where}: unknown stratum kind '{kind}'", f"use {STRATUM_KINDS}")
        for value, multiplier in table.items():
            _check(multiplier >= 0, f"{where}.{kind}.{value}: an odds multiplier cannot be negative")


def validate(spec: ScenarioSpec) -> ScenarioSpec:
    """Check every knob; return the spec with format-forced settings applied (cp1256 → Arabic yeh,
    ASCII digits). Raises InputError naming the knob."""
    _check(spec.people >= 1, "people must be at least 1")
    _check(spec.testimonies >= 0, "testimonies cannot be negative")
    _check(len(spec.lists) >= 1, "a scenario needs at least one list")
    _check(spec.heterogeneity >= 0, "heterogeneity cannot be negative")
    _check(spec.week_trend > 0, "week_trend must be positive")
    _check(spec.name_concentration > 0, "name_concentration must be positive")
    _check(spec.truth_format in ("auto", "json", "parquet"), "truth_format must be auto, json or parquet")
    for value, name in (
        (spec.female_share, "female_share"),
        (spec.seyed_share, "seyed_share"),
        (spec.persian_testimony_share, "persian_testimony_share"),
    ):
        _probability(value, name)
    _check_odds(spec.visibility, "visibility")
    seen: list[str] = []
    fixed = []
    for ls in spec.lists:
        w = f"list '{ls.id}'"
        _check(ls.id.replace("_", "").isalnum() and ls.id not in seen, f"{w}: ids must be unique words")
        _check(ls.language in LANGUAGES, f"{w}: language must be one of {LANGUAGES}")
        _check(ls.format in FORMATS, f"{w}: format must be one of {FORMATS}")
        _check(ls.format != "csv-cp1256" or ls.language == "fa", f"{w}: csv-cp1256 is for Persian lists")
        _check(ls.name_columns in ("full", "split"), f"{w}: name_columns must be full or split")
        _check(ls.name_order in ("given_first", "surname_first"), f"{w}: bad name_order")
        _check(all(f in FIELDS for f in ls.fields), f"{w}: unknown field in {ls.fields}", f"use {FIELDS}")
        _check(ls.date_style in DATE_STYLES, f"{w}: date_style must be one of {DATE_STYLES}")
        _check(
            set(ls.date_precision) <= set(PRECISIONS) and sum(ls.date_precision.values()) > 0,
            f"{w}: date_precision needs weights for {PRECISIONS}",
        )
        _check(ls.birth_calendar in ("gregorian", "sh"), f"{w}: birth_calendar must be gregorian or sh")
        _check(ls.spelling in ("en", "fr", "de"), f"{w}: spelling must be en, fr or de")
        _check(ls.compound in ("joined", "split", "hyphen"), f"{w}: compound must be joined, split or hyphen")
        _check(0 <= ls.persian_form < 12, f"{w}: persian_form must be 0-11")
        _check(
            0 <= ls.header_variant < 3 and 0 <= ls.sex_style < 3 and 0 <= ls.missing_token < 3,
            f"{w}: bad index",
        )
        _check(ls.order in ORDERS, f"{w}: order must be one of {ORDERS}")
        _check(ls.id_style in ("number", "code"), f"{w}: id_style must be number or code")
        _check(0 < ls.rate < 1, f"{w}: rate must be strictly between 0 and 1")
        _check(ls.corrupt_rows >= 0, f"{w}: corrupt_rows cannot be negative")
        for value, name in (
            (ls.copy_share, "copy_share"),
            (ls.spelling_noise, "spelling_noise"),
            (ls.typo_rate, "typo_rate"),
            (ls.missing_rate, "missing_rate"),
            (ls.duplicate_rate, "duplicate_rate"),
            (ls.seyed_kept, "seyed_kept"),
            (ls.notes_rate, "notes_rate"),
            (ls.alt_name_rate, "alt_name_rate"),
        ):
            _probability(value, f"{w}: {name}")
        _check(ls.avoid_factor >= 0, f"{w}: avoid_factor cannot be negative")
        _check_odds(ls.favour, f"{w}: favour")
        for other, knob in ((ls.copies, "copies"), (ls.avoids, "avoids")):
            _check(
                other is None or other in seen,
                f"{w}: {knob} = '{other}' must name a list that comes before it",
                "lists are drawn in order; put the list it refers to first",
            )
        seen.append(ls.id)
        if ls.format == "csv-cp1256":  # Windows-1256 has no Persian yeh and no Persian digits
            ls = replace(ls, persian_form=6 + ls.persian_form % 6, digits="ascii")
            if ls.date_style == "sh_fa":
                ls = replace(ls, date_style="sh")
        fixed.append(ls)
    return replace(spec, lists=tuple(fixed))


def _list_from(raw: dict[str, Any], index: int) -> ListSpec:
    raw = dict(raw)
    profile = raw.pop("profile", None)
    base: dict[str, Any] = {}
    if profile is not None:
        profiles = load("lists")
        _check(profile in profiles, f"unknown list profile '{profile}'", f"use one of {sorted(profiles)}")
        base = dict(profiles[profile])
    base.update(raw)
    base.setdefault("id", profile or f"list{index + 1}")
    known = {f.name for f in fields(ListSpec)}
    unknown = set(base) - known
    _check(not unknown, f"unknown list knob(s) {sorted(unknown)}")
    if "fields" in base:
        base["fields"] = tuple(base["fields"])
    return ListSpec(**base)


def _from_dict(raw: dict[str, Any]) -> ScenarioSpec:
    raw = dict(raw)
    base_name = raw.pop("base", None)
    base = scenario(base_name).to_dict() if base_name else {}
    lists_raw = raw.pop("lists", None)
    known = {f.name for f in fields(ScenarioSpec)}
    unknown = set(raw) - known
    _check(not unknown, f"unknown scenario knob(s) {sorted(unknown)}")
    merged = {**base, **raw}
    if lists_raw is None:
        lists_raw = base.get("lists", [])
    elif base:  # a partial override of the base scenario's lists, matched by position
        old = base.get("lists", [])
        lists_raw = [{**(old[i] if i < len(old) else {}), **item} for i, item in enumerate(lists_raw)]
    merged["lists"] = tuple(_list_from(item, i) for i, item in enumerate(lists_raw))
    return ScenarioSpec(**merged)


def _with_counts(
    spec: ScenarioSpec, people: int | None, lists: int | None, testimonies: int | None
) -> ScenarioSpec:
    chosen = spec.lists
    if lists is not None:
        _check(lists >= 1, "--lists must be at least 1")
        chosen = spec.lists[:lists]
        ids = {ls.id for ls in chosen}
        i = 0
        while len(chosen) < lists:  # repeat the templates under new ids, without their dependencies
            template = spec.lists[i % len(spec.lists)]
            round_ = i // len(spec.lists) + 2
            new_id = f"{template.id}{round_}"
            while new_id in ids:
                round_ += 1
                new_id = f"{template.id}{round_}"
            ids.add(new_id)
            chosen += (replace(template, id=new_id, copies=None, avoids=None),)
            i += 1
        # a kept list may refer to one that was cut
        chosen = tuple(
            replace(
                ls,
                copies=ls.copies if ls.copies in ids else None,
                avoids=ls.avoids if ls.avoids in ids else None,
            )
            for ls in chosen
        )
    return replace(
        spec,
        people=spec.people if people is None else people,
        testimonies=spec.testimonies if testimonies is None else testimonies,
        lists=chosen,
    )


def scenario(
    name: str = "realistic",
    *,
    people: int | None = None,
    lists: int | None = None,
    testimonies: int | None = None,
) -> ScenarioSpec:
    """A named scenario (`easy`, `realistic`, `hard`), optionally resized: `lists=K` keeps the first K lists
    (or repeats them, without their copy/avoid links, when K is larger)."""
    named = load("scenarios")
    _check(name in named, f"unknown scenario '{name}'", f"use one of {SCENARIO_NAMES} or a .toml/.json file")
    spec = _from_dict({"name": name, **named[name]})
    return validate(_with_counts(spec, people, lists, testimonies))


def load_scenario(
    source: str | Path,
    *,
    people: int | None = None,
    lists: int | None = None,
    testimonies: int | None = None,
) -> ScenarioSpec:
    """A scenario by name, or from a .toml/.json file whose keys are ScenarioSpec knobs (`base = "hard"`
    starts from a named scenario; `lists = [...]` entries take a `profile` from lists.toml)."""
    text = str(source)
    if text in named_scenarios():
        return scenario(text, people=people, lists=lists, testimonies=testimonies)
    path = Path(source)
    try:
        data = path.read_text("utf-8")
    except OSError:
        raise InputError(
            f"Scenario '{text}' is neither a named scenario nor a readable file",
            hint=f"use one of {SCENARIO_NAMES} or a path to a .toml or .json file",
        ) from None
    try:
        raw = json.loads(data) if path.suffix.lower() == ".json" else tomllib.loads(data)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not valid {path.suffix.lstrip('.') or 'TOML'} ({exc})") from None
    raw.setdefault("name", path.stem)
    return validate(_with_counts(_from_dict(raw), people, lists, testimonies))


def named_scenarios() -> tuple[str, ...]:
    return tuple(load("scenarios"))
