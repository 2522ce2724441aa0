"""Benchmark: extraction end to end on the development set of real testimony, scored where a user reads it.

    .venv/bin/python bench/extract_e2e.py [--part tuning+heldout] [--format txt|docx] [--link] [--json FILE]

`bench/extract.py --devset` scores the rules per mention, on the passage's own string. This script scores
what a user ends up with after the path a team takes: each passage is written as a testimony file (`txt`,
or `docx` through python-docx to include that reader; no PDF: fpdf2, the venv's one PDF writer, cannot
shape Persian), ingested into a fresh SQLite case (`ingest_files`), extracted as `testament extract` does
(`extract_case`, roles `combined`), and then **every proposal is accepted** through the review API
(`accept_candidate`, as `testament review claims --accept` does). "Accept all" is the upper bound of
review: a reviewer who rejects wrong proposals gains precision, never recall. The positions acceptance
proposes with a name stay `proposed` (accepting a name is not accepting an office). `--link` then links
the records into persons (`link_case`, as `testament link`).

The case is read back through the library's read paths, as its owner (who may read everything), and
scored against the gold (docs/annotation.md) for the whole run and per language:

* per mention: bench/extract.py's figure (`score_devset` on `extract_mentions`: "stage") beside the same
  scorer on the accepted candidates (`list_candidates`, offsets mapped back to the passage where ingest
  changed the text: "stored"), so a loss between the rules and the store shows as a gap between the two;
* persons: the person records acceptance made (`views.listings.records`), one person per distinct folded
  name in a testimony, with the role the review list shows, against distinct gold entities per role
  (victim, perpetrator, witness): P / R; how many gold persons became two or more case persons (the
  extractor's coreference reaches no read path: each accepted mention is a record of its own); the
  dashboard's person count beside the gold's;
* acts: gold acts (not negated) found as accepted act claims, on the timeline (`views.timeline`: dated),
  with a victim record (`views._facts.story_context`, from which the timeline names a victim once the
  record is linked to a person) and whether it is a gold victim; timeline entries that are gold acts;
* counts: the dashboard's witness counts (`views.dashboard.reported_counts`, counts of the dead) that are
  gold counts; of those, how many the gold hedges ("more than", "about", "thousands") while the
  page shows a bare number, how many it shows with the gold's hedge, and the first-hand flag of their
  attestation against the gold's provenance;
* positions: gold held positions whose holder's record carries a `held_position` claim (what the case
  file per accused reads).

`--part`: split names of `testament.extract.devset.SPLITS` joined by `+` (default `tuning+heldout`), or
`all`: every split but those run only when named (`ON_REQUEST`, as in bench/extract.py). A name outside
SPLITS is refused. Prints Markdown tables and the seconds of each step.
"""

from __future__ import annotations

import argparse
import difflib
import json
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from testament.extract.devset import Passage
    from testament.store.case import Case

ROOT = Path(__file__).resolve().parents[1] / "tests" / "extract" / "data" / "devset"
ROLES = {"victim": "victims", "perpetrator": "perpetrators", "witness": "witnesses"}
_AS_GOLD_ROLE = {"fellow_prisoner": "witness"}  # as devset.py scores the extractor's role


def splits_of(part: str) -> tuple[str, ...]:
    """The splits `--part` names ("tuning+heldout"); "all" leaves out those run only on request. A name
    outside `SPLITS` is refused, so a part being built (not in SPLITS yet) is never read."""
    from testament.extract.devset import ON_REQUEST, SPLITS

    if part == "all":
        return tuple(s for s in SPLITS if s not in ON_REQUEST)
    names = tuple(dict.fromkeys(p.strip() for p in part.split("+")))
    unknown = [n for n in names if n not in SPLITS]
    if unknown or not names:
        raise SystemExit(f"--part: {', '.join(unknown) or part!r} not among {', '.join(SPLITS)} (or all)")
    return names


# --- the path a team takes ---------------------------------------------------------------------------------


def _write(passage: Passage, folder: Path, fmt: str) -> Path:
    path = folder / f"{passage.id}.{fmt}"
    if fmt == "txt":
        path.write_text(passage.text, "utf-8")
    else:
        import docx  # python-docx, the docx reader's own library

        document = docx.Document()
        for line in passage.text.split("\n"):
            document.add_paragraph(line)
        document.save(str(path))
    return path


@dataclass
class Run:
    """What the case holds after ingest, extraction and accepting everything, per passage id."""

    texts: dict[str, str] = field(default_factory=dict)  # the text the store's offsets point into
    candidates: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    positions: list[Any] = field(default_factory=list)  # offices proposed with accepted persons, accepted
    records: dict[int, dict[str, Any]] = field(default_factory=dict)  # record id -> records() row
    timeline: list[Any] = field(default_factory=list)
    victims: dict[int, tuple[int, ...]] = field(default_factory=dict)  # act claim -> victim records
    counts: list[Any] = field(default_factory=list)
    dashboard: Any = None
    seconds: dict[str, float] = field(default_factory=dict)


def run_case(case: Case, passages: Sequence[Passage], folder: Path, fmt: str, *, link: bool = False) -> Run:
    from testament.extract import accept_candidate, extract_case, list_candidates
    from testament.extract.learnt import using_roles
    from testament.extract.proposal import read_text_of
    from testament.ingest import IngestOptions, ingest_files
    from testament.views._common import gated
    from testament.views._facts import story_context
    from testament.views.dashboard import dashboard, reported_counts
    from testament.views.listings import records, viewer_for
    from testament.views.timeline import timeline

    out = Run()
    clock = time.perf_counter()
    paths = [_write(p, folder, fmt) for p in passages]
    report = ingest_files(case, paths, IngestOptions(kind="testimony"))
    by_artifact = {}
    for outcome, passage in zip(report.files, passages, strict=True):
        assert outcome.status == "ingested" and outcome.artifact_id is not None, outcome.message
        by_artifact[outcome.artifact_id] = passage.id
    out.seconds["ingest"] = time.perf_counter() - clock
    clock = time.perf_counter()
    with using_roles("combined"):  # `testament extract`'s default
        extracted = extract_case(case, list(by_artifact))
    out.seconds["extract"] = time.perf_counter() - clock
    text_of = {r.text_artifact_id: by_artifact[r.artifact_id] for r in extracted}
    with case.read() as conn:
        for aid, pid in text_of.items():
            out.texts[pid] = read_text_of(case, conn, aid)[1]
    clock = time.perf_counter()
    for c in list_candidates(case):  # accept all: the upper bound of review
        accept_candidate(case, c.claim_id, reviewer="bench-accept-all")
    # accepting a person proposes the office read beside the name: a second pass accepts those too
    for c in list_candidates(case, types=["position"]):
        accept_candidate(case, c.claim_id, reviewer="bench-accept-all")
    out.seconds["accept"] = time.perf_counter() - clock
    if link:  # `testament link`: records into persons (Splink); the timeline names linked victims only
        from testament.link import link_case

        clock = time.perf_counter()
        link_case(case)
        out.seconds["link"] = time.perf_counter() - clock
    clock = time.perf_counter()
    for c in list_candidates(case, statuses=("accepted",)):
        if c.type == "position":  # an office reviewed on its own, no mention of the text
            out.positions.append(c)
        else:
            out.candidates[text_of[c.text_artifact_id]].append(c)
    viewer = viewer_for(case, None)
    out.records = {int(r["id"]): r for r in records(case, viewer).items}
    out.timeline = [e for e in timeline(case, viewer).entries if e.origin == "testimony"]
    with gated(case, viewer, "bench", aggregates=True) as reading:
        out.victims = {a.claim_id: a.victims for a in story_context(reading, "act")}
    out.counts = reported_counts(case, viewer)
    out.dashboard = dashboard(case, viewer)
    out.seconds["read"] = time.perf_counter() - clock
    return out


# --- back to the passage's offsets -------------------------------------------------------------------------


def offset_map(stored: str, original: str) -> dict[int, int] | None:
    """Stored-text offset -> passage offset for every character ingest kept unchanged; None when the
    texts are equal (the identity)."""
    if stored == original:
        return None
    out: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, stored, original, autojunk=False)
    for tag, a0, a1, b0, _ in matcher.get_opcodes():
        if tag == "equal":
            out.update({a0 + k: b0 + k for k in range(a1 - a0)})
    out[len(stored)] = len(original)
    return out


def as_mention(c: Any, where: dict[int, int] | None) -> dict[str, Any] | None:
    """An accepted candidate as a mention dict in the passage's offsets (None: its span was not kept)."""
    start, end = c.start, c.end
    if where is not None:
        if start not in where or end - 1 not in where:
            return None
        start, end = where[start], where[end - 1] + 1
    value: Any = c.value
    if c.type == "count" and str(value).isdigit():
        value = int(value)
    return {"type": c.type, "start": start, "end": end, "value": value, "role": c.role, "detail": c.detail}


# --- scoring at the user's level ---------------------------------------------------------------------------


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def _fold(name: str) -> str:
    from testament.names import fold_latin, normalise_persian, script_of

    return fold_latin(name) if script_of(name) == "latin" else normalise_persian(name).replace("\u200c", " ")


@dataclass
class Tally:
    """Counters summed over a group's passages (see `figures` for what each becomes)."""

    n: Counter[str] = field(default_factory=Counter)

    def add(self, key: str, amount: int = 1) -> None:
        self.n[key] += amount


def score_passage(p: Passage, run: Run, t: Tally) -> None:
    where = offset_map(run.texts[p.id], p.text)
    t.add("texts_changed", where is not None)
    cands = run.candidates.get(p.id, [])
    mapped = [(c, as_mention(c, where)) for c in cands]
    t.add("spans_lost", sum(m is None for _, m in mapped))
    kept = [(c, m) for c, m in mapped if m is not None]
    _persons(p, run, kept, t)
    _acts(p, run, kept, t)
    _counts(p, run, kept, t)


def _persons(p: Passage, run: Run, kept: list[tuple[Any, dict[str, Any]]], t: Tally) -> None:
    gold = [g for g in p.gold if g["type"] == "person"]
    role_of = {str(g["entity"]): str(g["role"]) for g in gold}
    # the case's persons in this testimony: accepted person mentions that became records, by folded name
    people: dict[str, list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
    for c, m in kept:
        if c.type != "person":
            continue
        record = run.records.get(int(c.person_record_id or 0))
        t.add("person_accepted")
        if record is None or not any(f["predicate"] == "name" for f in record["fields"]):
            t.add("person_no_record")  # accepted, but no record with a name a user could read
            continue
        people[_fold(str(c.value))].append((c, m))
    t.add("case_persons", len(people))
    t.add("gold_persons", len(role_of))
    found: dict[str, set[str]] = defaultdict(set)  # gold entity -> roles the case gives it
    persons_of: Counter[str] = Counter()  # gold entity -> case persons that are it
    for members in people.values():
        roles = Counter(_AS_GOLD_ROLE.get(c.role, c.role) for c, _ in members)
        role = roles.most_common(1)[0][0]
        t.add("case_persons_two_roles", len(roles) > 1)
        entities = {str(g["entity"]) for _, m in members for g in gold if _overlaps(m, g)}
        for e in entities:
            found[e].add(role)
            persons_of[e] += 1
        if role in ROLES:
            t.add(f"case_{role}")
            t.add(f"case_{role}_right", any(role_of[e] == role for e in entities))
    for e, role in role_of.items():
        t.add("gold_persons_found", e in found)
        t.add("gold_persons_split", persons_of[e] > 1)
        if role in ROLES:
            t.add(f"gold_{role}")
            t.add(f"gold_{role}_found", role in found.get(e, set()))
    # positions: a gold held position is in the case when its holder's record carries a held_position claim
    holders = {
        e
        for c, m in kept
        if c.type == "person"
        and any(
            f["predicate"] == "held_position"
            for f in run.records.get(int(c.person_record_id or 0), {}).get("fields", [])
        )
        for e in {str(g["entity"]) for g in gold if _overlaps(m, g)}
    }
    for g in p.gold:
        if g["type"] == "held_position":
            t.add("gold_positions")
            t.add("gold_positions_found", str(g["holder"]) in holders)


def _acts(p: Passage, run: Run, kept: list[tuple[Any, dict[str, Any]]], t: Tally) -> None:
    victims = {str(g["entity"]) for g in p.gold if g["type"] == "person" and g.get("role") == "victim"}
    spans_of_victims = [g for g in p.gold if g["type"] == "person" and str(g["entity"]) in victims]
    record_span = {int(c.person_record_id): m for c, m in kept if c.type == "person" and c.person_record_id}
    acts = {c.claim_id: m for c, m in kept if c.type == "act"}
    on_timeline = {e.claim_id: e for e in run.timeline if e.claim_id in acts}
    gold = [g for g in p.gold if g["type"] == "act" and not g.get("negated")]
    t.add("case_acts", len(acts))
    for cid, e in on_timeline.items():
        t.add("timeline_acts")
        t.add("timeline_acts_gold", any(_overlaps(acts[cid], g) and g["value"] == e.act for g in gold))
    for g in gold:
        t.add("gold_acts")
        match = next((cid for cid, m in acts.items() if _overlaps(m, g) and m["value"] == g["value"]), None)
        if match is None:
            continue
        t.add("gold_acts_in_case")
        t.add("gold_acts_on_timeline", match in on_timeline)
        t.add("gold_acts_victim_named", match in on_timeline and on_timeline[match].person_id is not None)
        spans = [record_span[r] for r in run.victims.get(match, ()) if r in record_span]
        t.add("gold_acts_with_victim", bool(spans))
        t.add("gold_acts_victim_right", any(_overlaps(s, v) for s in spans for v in spans_of_victims))


def _counts(p: Passage, run: Run, kept: list[tuple[Any, dict[str, Any]]], t: Tally) -> None:
    counts = {c.claim_id: m for c, m in kept if c.type == "count"}
    shown = [r for r in run.counts if r.claim_id in counts]
    gold = [g for g in p.gold if g["type"] == "count"]
    t.add("gold_counts", len(gold))
    t.add(
        "gold_counts_in_case",
        sum(any(_overlaps(m, g) and m["value"] == g["value"] for m in counts.values()) for g in gold),
    )
    for r in shown:
        m = counts[r.claim_id]
        g = next((g for g in gold if _overlaps(m, g) and g["value"] == r.value), None)
        t.add("dashboard_counts")
        if g is None:
            continue
        t.add("dashboard_counts_gold")
        hedged = g.get("qualifier") not in (None, "exact")
        t.add(f"dashboard_shown_{g.get('qualifier')}")
        qualifier = {"at_most": "up_to", None: "exact"}.get(
            m["detail"].get("qualifier"), m["detail"].get("qualifier")
        )
        # the page's hedge (views.dashboard.ReportedFigure), as the guide names it
        on_page = {"at_most": "up_to"}.get(r.qualifier, r.qualifier)
        t.add("dashboard_hedged", hedged and on_page in (None, "exact"))  # a hedged count shown bare
        t.add("dashboard_hedge_shown", hedged and on_page == g.get("qualifier"))
        t.add("dashboard_hedge_stored", hedged and qualifier == g.get("qualifier"))
        first_hand = bool(m["detail"].get("first_hand"))
        t.add("dashboard_first_hand_right", first_hand == (g.get("provenance") == "first_hand"))


# --- tables -----------------------------------------------------------------------------------------------


def _pr(right: int, total: int) -> str:
    return f"{right / total:.2f} ({right}/{total})" if total else "–"


def _table(title: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    print(f"\n{title}\n\n| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")


_TYPES = ("person", "act", "count", "date", "place", "all")


def _pooled(members: Sequence[Passage], extract: Any) -> Any:
    """bench/extract.py's group figures over these passages, whatever their splits (score_devset groups
    per split; a fresh part's groups have no pooled row)."""
    from dataclasses import replace

    from testament.extract.devset import score_devset

    return score_devset([replace(p, split="tuning") for p in members], extract=extract)["tuning"]


def stage_rows(run: Run, groups: dict[str, list[Passage]]) -> list[list[str]]:
    """bench/extract.py's per-mention figures, on the rules' own run and on what the store kept."""
    from testament.extract import extract_mentions

    stored = {}
    for p in groups[next(iter(groups))]:
        where = offset_map(run.texts[p.id], p.text)
        stored[p.text] = [m for c in run.candidates.get(p.id, []) if (m := as_mention(c, where))]
    rows = []
    for name, members in groups.items():
        for label, extract in (
            ("stage", lambda text: extract_mentions(text, roles="combined")),
            ("stored", lambda text: stored[text]),
        ):
            g = _pooled(members, extract)
            cells = [f"{g.types[k].f1:.2f}" for k in _TYPES]
            figures = (g.roles, g.qualifiers, g.provenance, g.positions)
            rows.append([name, label, *cells, *(_pr(*f) for f in figures)])
    return rows


# (header, cell from a group's counters), one list per table
_PERSONS = [
    *(
        (f"{plural} P / R", lambda n, r=r: f"{_pr(n[f'case_{r}_right'], n[f'case_{r}'])} / "
         f"{_pr(n[f'gold_{r}_found'], n[f'gold_{r}'])}")
        for r, plural in ROLES.items()
    ),
    ("gold persons found", lambda n: _pr(n["gold_persons_found"], n["gold_persons"])),
    ("case persons / gold", lambda n: f"{n['case_persons']} / {n['gold_persons']}"),
    ("gold split in 2+", lambda n: str(n["gold_persons_split"])),
    ("case persons with 2 roles", lambda n: str(n["case_persons_two_roles"])),
]  # fmt: skip
_ACTS = [
    ("in the case", lambda n: _pr(n["gold_acts_in_case"], n["gold_acts"])),
    ("on the timeline", lambda n: _pr(n["gold_acts_on_timeline"], n["gold_acts"])),
    ("timeline entries that are gold acts", lambda n: _pr(n["timeline_acts_gold"], n["timeline_acts"])),
    ("act claims", lambda n: str(n["case_acts"])),
    ("with a victim record", lambda n: _pr(n["gold_acts_with_victim"], n["gold_acts_in_case"])),
    ("victim is a gold victim", lambda n: _pr(n["gold_acts_victim_right"], n["gold_acts_with_victim"])),
    ("timeline names a victim", lambda n: str(n["gold_acts_victim_named"])),
]
_COUNTS = [
    ("gold counts in the case", lambda n: _pr(n["gold_counts_in_case"], n["gold_counts"])),
    ("dashboard counts that are gold", lambda n: _pr(n["dashboard_counts_gold"], n["dashboard_counts"])),
    (
        "hedged: shown bare / shown with the gold's hedge (hedge stored)",
        lambda n: f"{n['dashboard_hedged']} / {n['dashboard_hedge_shown']} ({n['dashboard_hedge_stored']})",
    ),
    ("first-hand right", lambda n: _pr(n["dashboard_first_hand_right"], n["dashboard_counts_gold"])),
    ("gold positions on a record", lambda n: _pr(n["gold_positions_found"], n["gold_positions"])),
    ("texts ingest changed (spans lost)", lambda n: f"{n['texts_changed']} ({n['spans_lost']})"),
]


def report(passages: Sequence[Passage], run: Run, title: str) -> dict[str, Any]:
    """Print the tables for the whole run and per language; return the counters per group."""
    groups: dict[str, list[Passage]] = {title: list(passages)}
    for lang in ("en", "fa"):
        if any(p.language == lang for p in passages):
            groups[f"{title}/{lang}"] = [p for p in passages if p.language == lang]
    tallies = {}
    for name, members in groups.items():
        tallies[name] = Tally()
        for p in members:
            score_passage(p, run, tallies[name])
    _table(
        "Per mention (F1; roles right of matched persons; count qualifiers, first-hand, positions right)",
        ["group", "level", *_TYPES, "roles", "qualifier", "first-hand", "positions"],
        stage_rows(run, groups),
    )
    for heading, columns in (
        ("Persons in the case (distinct folded names per testimony; P / R per role)", _PERSONS),
        ("Acts (gold acts, not negated)", _ACTS),
        ("Counts on the dashboard, positions on records", _COUNTS),
    ):
        rows = [[name, *(cell(t.n) for _, cell in columns)] for name, t in tallies.items()]
        _table(heading, ["group", *(h for h, _ in columns)], rows)
    n = tallies[title].n
    shown = {k.removeprefix("dashboard_shown_"): v for k, v in n.items() if k.startswith("dashboard_shown_")}
    print(
        "\nGold qualifiers of the counts the dashboard shows: "
        + ", ".join(f"{k} {v}" for k, v in sorted(shown.items()))
    )
    d = run.dashboard
    print(
        f"Dashboard: {d.records} records, {d.persons} persons, {d.claims_from_testimonies} claims from "
        f"testimonies ({d.claims_reviewed} reviewed); gold: {n['gold_persons']} distinct persons, per passage"
    )
    return {name: dict(t.n) for name, t in tallies.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--part", default="tuning+heldout", help="splits joined by + (default tuning+heldout)"
    )
    parser.add_argument(
        "--format", choices=("txt", "docx"), default="txt", help="the testimony files' format"
    )
    parser.add_argument(
        "--link", action="store_true", help="also link records into persons, as `testament link`"
    )
    parser.add_argument("--json", type=Path, help="also write the counters here")
    args = parser.parse_args()
    from testament.extract.devset import load_devset
    from testament.settings import Settings
    from testament.store.case import Case

    splits = splits_of(args.part)
    passages = load_devset(ROOT, splits=splits)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        case = Case.create(Path(tmp) / "case", settings=Settings(actor="bench"))
        try:
            run = run_case(case, passages, Path(tmp), args.format, link=args.link)
        finally:
            case.close()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"## {'+'.join(splits)}: {len(passages)} passages, {args.format}{', linked' * args.link}, {when}")
    tallies = report(passages, run, "+".join(splits))
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in run.seconds.items())
    print(f"\nWall time {time.perf_counter() - started:.1f} s ({steps}; the rest is scoring)")
    if args.json:
        args.json.write_text(
            json.dumps({"seconds": run.seconds, "tallies": tallies}, indent=1) + "\n", "utf-8"
        )


if __name__ == "__main__":
    main()
