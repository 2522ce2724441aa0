"""The development set of real testimony (issues 18 and 20, DESIGN.md §6b): load it, check it, score on it.

Passages are short excerpts of published accounts of 1988 that none of us wrote, annotated by hand by the
guide in docs/annotation.md *before* the rules ran on them; `sources.json` cites each source and pins the
SHA-256 of its text and of its gold. `load_devset` refuses a passage whose text, gold or labels do not agree
with the manifest and the guide; `score_devset` runs an extractor over every passage and scores it per
group (tuning / held-out / fresh / fresh2 … fresh19 × English / Persian): P/R/F1 per
mention type, roles of matched persons, provenance (first-hand or not) of matched acts and counts, count
qualifiers and positions.

The `fresh` part is a second held-out part, annotated after the first held-out part had been scored and
before any extractor ran on it, to be scored once; it stays out of the "en", "fa" and "all" groups so those
keep meaning tuning + held-out, comparable with the figures recorded before it existed. `fresh2` is a third,
made the same way once `fresh` had been scored and was used for tuning; it is kept apart likewise, and so
is `fresh3`, a fourth, made once `fresh2` had been scored and was used for tuning, `fresh4`, a fifth,
made once `fresh3` had been scored, `fresh5`, a sixth, made once `fresh4` had been scored, and `fresh6`, a
seventh, made once `fresh5` had been scored; `fresh7` and `fresh8`, made at the same time by two annotators
once `fresh6` had been scored, and `fresh9`, made by a third annotator in the same hour; `fresh10` and
`fresh11`, made by two more once those three had been scored, `fresh12` and `fresh13` once those two had
been, `fresh14` and `fresh15` once those two had been, and `fresh16` to `fresh19` by four annotators
in session 11 once those two had been. The `agreement/`
folder beside them holds a second annotator's gold for some fresh passages: it is in no split and the
manifest does not list it, so `load_devset` never
reads it.

The gold's vocabulary is the guide's, wider than the extractor's: roles `witness` and `official`, a
`held_position` type, provenance beyond first-hand. Where the two name the same thing differently the
scorer translates (`fellow_prisoner` is scored as `witness`, the extractor's `at_most` qualifier as
`up_to`); what the extractor cannot say is simply scored as missed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testament.errors import InputError
from testament.extract.evaluation import TypeScore, _pairs, load_annotations, role_accuracy, score_mentions
from testament.extract.gazetteer import Gazetteer, load_gazetteer
from testament.extract.mention import ACT_TERMS, MENTION_TYPES

__all__ = [
    "APART",
    "GOLD_PRECISIONS",
    "GOLD_PROVENANCE",
    "GOLD_QUALIFIERS",
    "GOLD_ROLES",
    "GOLD_TYPES",
    "ON_REQUEST",
    "SPLITS",
    "GroupScore",
    "Passage",
    "check_gold",
    "load_devset",
    "score_devset",
]

GOLD_TYPES: tuple[str, ...] = (*MENTION_TYPES, "held_position")
GOLD_ROLES: tuple[str, ...] = (
    "victim",
    "witness",
    "perpetrator",
    "relative",
    "narrator",
    "official",
    "other",
)
GOLD_PROVENANCE: tuple[str, ...] = (
    "first_hand",
    "second_hand_named",
    "second_hand_unnamed",
    "hearsay",
    "belief",
    "report",
)
GOLD_QUALIFIERS: tuple[str, ...] = ("exact", "about", "more_than", "at_least", "up_to", "range", "vague")
GOLD_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "part_of_month", "season", "year", "decade")
SPLITS: tuple[str, ...] = (
    "tuning", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
    "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16", "fresh17",
    "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24", "fresh25", "fresh26",
    "fresh27",
)  # fmt: skip
# Splits scored only in their own groups, never pooled into "en", "fa" and "all".
APART: tuple[str, ...] = SPLITS[2:]
# Splits a default bench run leaves out: run only when asked for by name, so their scores are seen once.
ON_REQUEST: tuple[str, ...] = SPLITS[3:]
LANGUAGES: tuple[str, ...] = ("en", "fa")

# The extractor's names for what the guide names otherwise.
_ROLE_AS_GOLD: dict[str | None, str | None] = {"fellow_prisoner": "witness"}
_QUALIFIER_AS_GOLD: dict[str | None, str] = {"at_most": "up_to", None: "exact"}
# Two date values agree when their intervals overlap this much (season conventions differ by days).
DATE_JACCARD = 0.75


@dataclass(frozen=True)
class Passage:
    """One annotated excerpt: its manifest entry (`source`), text and gold mentions."""

    id: str
    split: str
    language: str
    text: str
    gold: list[dict[str, Any]]
    source: dict[str, Any] = field(compare=False)


def _interval(value: Any) -> tuple[datetime.date, datetime.date] | None:
    try:
        a, b = str(value).split("/")
        return datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)
    except ValueError:
        return None


def check_gold(text: str, gold: Sequence[Mapping[str, Any]], where: str) -> list[str]:
    """Every way the gold breaks the guide: spans that are not the text, labels outside the vocabularies,
    values of the wrong shape, persons whose mentions disagree on the role. Empty when it is sound."""
    problems: list[str] = []
    roles: dict[str, str] = {}
    entities = {str(g.get("entity")) for g in gold if g.get("type") == "person"}
    for n, g in enumerate(gold, start=1):
        at = f"{where}, line {n}"
        kind = g.get("type")
        if kind not in GOLD_TYPES:
            problems.append(f"{at}: type {kind!r} is not one of {', '.join(GOLD_TYPES)}")
            continue
        start, end = g.get("start"), g.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"{at}: span {start}-{end} is outside the text")
        elif text[start:end] != g.get("text"):
            problems.append(f"{at}: span {start}-{end} is not the text the line gives")
        value = g.get("value")
        if kind == "person":
            role = g.get("role")
            if role not in GOLD_ROLES:
                problems.append(f"{at}: role {role!r} is not one of {', '.join(GOLD_ROLES)}")
            entity = str(g.get("entity") or "")
            if not entity:
                problems.append(f"{at}: a person needs an entity id")
            elif roles.setdefault(entity, str(role)) != role:
                problems.append(f"{at}: entity {entity!r} has two roles ({roles[entity]}, {role})")
        elif kind == "date":
            span = _interval(value)
            if span is None or span[0] > span[1]:
                problems.append(f"{at}: date value {value!r} is not an interval YYYY-MM-DD/YYYY-MM-DD")
            if g.get("precision", "day") not in GOLD_PRECISIONS:
                problems.append(f"{at}: precision {g.get('precision')!r} is not one of the guide's")
        elif kind == "count":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append(f"{at}: a count's value must be a whole number, not {value!r}")
            if g.get("qualifier") not in GOLD_QUALIFIERS:
                problems.append(f"{at}: qualifier {g.get('qualifier')!r} is not one of the guide's")
        elif kind == "act" and value not in ACT_TERMS:
            problems.append(f"{at}: act {value!r} is not in the vocabulary")
        elif kind == "held_position" and str(g.get("holder")) not in entities:
            problems.append(f"{at}: holder {g.get('holder')!r} is no person entity of this passage")
        if kind in ("act", "count") and g.get("provenance") not in GOLD_PROVENANCE:
            problems.append(f"{at}: provenance {g.get('provenance')!r} is not one of the guide's")
        for flag in ("negated", "uncertain"):
            if flag in g and not isinstance(g[flag], bool):
                problems.append(f"{at}: {flag} must be true or false")
    return problems


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_devset(root: Path | str, *, splits: Iterable[str] = SPLITS) -> list[Passage]:
    """The passages of `root/sources.json` in the given splits, after checking each text and gold against
    the manifest's SHA-256 and the guide. Raises InputError naming the file and what is wrong."""
    base = Path(root)
    manifest_path = base / "sources.json"
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{manifest_path}: cannot read the development set's manifest ({type(exc).__name__})",
            hint="the manifest is tests/extract/data/devset/sources.json",
        ) from None
    wanted = set(splits)
    out: list[Passage] = []
    for entry in manifest["passages"]:
        if entry["split"] not in wanted:
            continue
        text_path, gold_path = base / entry["text"], base / entry["gold"]
        for path, key in ((text_path, "sha256"), (gold_path, "gold_sha256")):
            if not path.is_file():
                raise InputError(f"{path}: listed in sources.json but missing", hint="restore the file")
            if _sha256(path) != entry[key]:
                raise InputError(
                    f"{path}: SHA-256 differs from sources.json ({key})",
                    hint="the gold is frozen; a reviewed correction updates the manifest in the same change",
                )
        text = text_path.read_text("utf-8")
        gold = load_annotations(gold_path)
        problems = check_gold(text, gold, str(gold_path))
        if problems:
            raise InputError(problems[0], hint=f"{len(problems)} problem(s); see docs/annotation.md")
        out.append(Passage(entry["id"], entry["split"], entry["language"], text, gold, entry))
    return out


@dataclass
class GroupScore:
    """Scores of one group of passages. `types` holds P/R/F1 per mention type (dates with the Jaccard rule)
    and "all"; `strict_dates` the date score with equal intervals; the pairs are (right, matched)."""

    name: str
    passages: int = 0
    types: dict[str, TypeScore] = field(default_factory=dict)
    strict_dates: TypeScore = field(default_factory=lambda: TypeScore("date"))
    roles: tuple[int, int] = (0, 0)
    provenance: tuple[int, int] = (0, 0)
    qualifiers: tuple[int, int] = (0, 0)
    positions: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.name,
            "passages": self.passages,
            "types": {k: v.to_dict() for k, v in self.types.items()},
            "strict_dates": self.strict_dates.to_dict(),
            "roles": list(self.roles),
            "provenance_first_hand": list(self.provenance),
            "count_qualifiers": list(self.qualifiers),
            "held_positions": list(self.positions),
        }


def _canonical(kind: str, value: Any, gazetteer: Gazetteer) -> Any:
    if kind in ("place", "organisation"):
        entry = gazetteer.lookup(str(value))
        return entry.name if entry is not None else str(value)
    return value


def _jaccard(a: Any, b: Any) -> float:
    x, y = _interval(a), _interval(b)
    if x is None or y is None:
        return 0.0
    inter = (min(x[1], y[1]) - max(x[0], y[0])).days + 1
    union = (max(x[1], y[1]) - min(x[0], y[0])).days + 1
    return max(inter, 0) / union


def _nested_place(g: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> bool:
    """A place inside another place of the same side ("تبریز" in "زندان تبریز")."""
    return g["type"] == "place" and any(
        h is not g
        and h["type"] == "place"
        and h["start"] <= g["start"]
        and g["end"] <= h["end"]
        and (h["end"] - h["start"]) > (g["end"] - g["start"])
        for h in others
    )


def _told_by(g: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the other side has a place overlapping `g` with the same (canonical) value."""
    return any(
        h["type"] == "place"
        and h["start"] < g["end"]
        and g["start"] < h["end"]
        and str(h["value"]).casefold() == str(g["value"]).casefold()
        for h in others
    )


def _prepare(
    passage: Passage, predicted: list[dict[str, Any]], gazetteer: Gazetteer
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(predicted, gold, gold held positions), comparable by score_mentions: values made canonical, negated
    acts out of the gold, and a predicted date given the gold's value where the intervals agree.

    A place inside another place ("تبریز" in "زندان تبریز") is optional on both sides: annotators differ
    on marking it (docs/annotation.md) and the outer place names it already, so it is scored where both sides
    tell it and left out where only one does."""
    gold = [
        dict(g, artifact=passage.id, value=_canonical(g["type"], g["value"], gazetteer))
        for g in passage.gold
        if g["type"] != "held_position" and not (g["type"] == "act" and g.get("negated"))
    ]
    positions = [dict(g, artifact=passage.id) for g in passage.gold if g["type"] == "held_position"]
    pred = []
    for p in predicted:
        item = dict(p, artifact=passage.id, value=_canonical(p["type"], p["value"], gazetteer))
        if item["type"] == "person":
            item["role"] = _ROLE_AS_GOLD.get(item.get("role"), item.get("role"))
        pred.append(item)
    kept_gold = [g for g in gold if not (_nested_place(g, gold) and not _told_by(g, pred))]
    kept_pred = [p for p in pred if not (_nested_place(p, pred) and not _told_by(p, gold))]
    return kept_pred, kept_gold, positions


def _loose_dates(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for p in pred:
        if p["type"] == "date":
            for g in gold:
                overlaps = g["type"] == "date" and g["start"] < p["end"] and p["start"] < g["end"]
                if overlaps and _jaccard(p["value"], g["value"]) >= DATE_JACCARD:
                    p = dict(p, value=g["value"], strict_value=p["value"])
                    break
        out.append(p)
    return out


def _add(total: tuple[int, int], right: int, matched: int) -> tuple[int, int]:
    return total[0] + right, total[1] + matched


def _score_group(
    name: str, items: list[tuple[Passage, list[dict[str, Any]]]], gazetteer: Gazetteer
) -> GroupScore:
    group = GroupScore(name, passages=len(items))
    all_pred: list[dict[str, Any]] = []
    all_gold: list[dict[str, Any]] = []
    strict_pred: list[dict[str, Any]] = []
    for passage, predicted in items:
        pred, gold, positions = _prepare(passage, predicted, gazetteer)
        loose = _loose_dates(pred, gold)
        all_pred += loose
        all_gold += gold
        strict_pred += pred
        # provenance and qualifiers on matched acts and counts (value must agree, as for the F1)
        for kind in ("act", "count"):
            p_k: list[Mapping[str, Any]] = [p for p in loose if p["type"] == kind]
            g_k: list[Mapping[str, Any]] = [g for g in gold if g["type"] == kind]
            for pi, gi in _pairs(p_k, g_k, "overlap"):
                said = bool((p_k[pi].get("detail") or {}).get("first_hand"))
                group.provenance = _add(group.provenance, said == (g_k[gi]["provenance"] == "first_hand"), 1)
                if kind == "count":
                    raw = (p_k[pi].get("detail") or {}).get("qualifier")
                    q = _QUALIFIER_AS_GOLD.get(raw, raw)
                    group.qualifiers = _add(group.qualifiers, q == g_k[gi].get("qualifier"), 1)
        # a held position counts as found when a mention of its holder was proposed with a position
        persons_p: list[Mapping[str, Any]] = [p for p in loose if p["type"] == "person"]
        persons_g: list[Mapping[str, Any]] = [g for g in gold if g["type"] == "person"]
        with_position = {
            str(persons_g[gi].get("entity"))
            for pi, gi in _pairs(persons_p, persons_g, "overlap")
            if (persons_p[pi].get("detail") or {}).get("position")
        }
        for h in positions:
            group.positions = _add(group.positions, str(h["holder"]) in with_position, 1)
    group.types = score_mentions(all_pred, all_gold)
    group.strict_dates = score_mentions(strict_pred, all_gold)["date"]
    group.roles = role_accuracy(all_pred, all_gold)
    return group


def score_devset(
    passages: Sequence[Passage],
    *,
    extract: Callable[[str], Iterable[Any]] | None = None,
    gazetteer: Gazetteer | None = None,
    whole: bool = False,
) -> dict[str, GroupScore]:
    """Run `extract` (text → Mentions or mention dicts; default the rules) over every passage and score it.
    Groups: "<split>/<language>" and "<split>" for each split, then "en", "fa", "all" over the splits that
    are not APART (the fresh parts are scored only in their own groups: "fresh/en", "fresh/fa", "fresh",
    "fresh2/en", "fresh2/fa", "fresh2", "fresh3/en", "fresh3/fa", "fresh3"); only groups with passages are
    returned. `whole` adds "whole/en", "whole/fa" and "whole": every passage given, tuned on or not, pooled
    (the issue's measure "on the development set"; the parts apart keep their own groups beside it)."""
    if extract is None:
        from testament.extract.pipeline import extract_mentions

        extract = extract_mentions
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    run: list[tuple[Passage, list[dict[str, Any]]]] = []
    for passage in passages:
        found = [m if isinstance(m, dict) else m.to_dict() for m in extract(passage.text)]
        run.append((passage, found))
    groups: dict[str, list[tuple[Passage, list[dict[str, Any]]]]] = {}
    for passage, found in run:
        names = [f"{passage.split}/{passage.language}", passage.split]
        if passage.split not in APART:
            names += [passage.language, "all"]
        if whole:
            names += [f"whole/{passage.language}", "whole"]
        for name in names:
            groups.setdefault(name, []).append((passage, found))
    order = [f"{s}/{lang}" for s in SPLITS for lang in LANGUAGES] + [*SPLITS, *LANGUAGES, "all"]
    order += [f"whole/{lang}" for lang in LANGUAGES] + ["whole"]
    return {name: _score_group(name, groups[name], gaz) for name in order if name in groups}
