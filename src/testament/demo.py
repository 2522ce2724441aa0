"""`make demo`: the main job end to end on a synthetic case, with every answer known.

    python -m testament.demo [FOLDER]      (default: demo/)

Generates a realistic scenario (victim lists in four formats and languages, testimonies, ground truth),
creates a case, ingests everything (the deliberately corrupted rows are reported and skipped), proposes
claims from the testimonies, verifies custody, writes an off-site checkpoint, and estimates the total
number of victims from the lists' overlap, next to the true number.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from testament.files import private_dir, write_private
from testament.settings import Settings

if TYPE_CHECKING:
    from testament.estimate import CaptureHistory
    from testament.ingest import IngestReport
    from testament.link import CaseLink, Scores
    from testament.store.case import Case
    from testament.store.integrity import VerifyReport
    from testament.synthetic import SynthResult

__all__ = ["run_demo"]

_MARKER = ".testament-demo"
console = Console()


def _fresh_folder(root: Path) -> None:
    if root.exists():
        if not (root / _MARKER).exists():
            raise SystemExit(f"{root} exists and was not made by the demo; choose another folder")
        shutil.rmtree(root)
    private_dir(root, parents=True)  # like a case folder: owner only (0700; files 0600)
    write_private(root / _MARKER, "made by `make demo`; safe to delete\n")


def _estimate_from_truth(truth: dict[str, Any], plots: Path) -> list[dict[str, Any]]:
    """MSE on the true capture patterns (what perfect linkage would give), beside the true total."""
    from testament.estimate import CaptureHistory
    from testament.estimate.run import EstimateOptions, run_estimates

    lists = [entry["id"] for entry in truth["lists"]]
    patterns = [[int(ch) for ch in key] for key in truth["capture_patterns"]]
    history = CaptureHistory.from_counts(
        lists, patterns, truth["capture_patterns"].values(), source="truth.json"
    )
    options = EstimateOptions(methods=("loglinear", "dga", "lcmcr"), model="best-bic", seed=1988, chains=2)
    results = run_estimates({None: history}, options, plot_dir=plots)
    return [r.to_dict() for r in results]


def run_demo(root: Path) -> dict[str, Any]:
    """Run the demo into `root` (made afresh) and return the summary it writes to `summary.json`."""
    _fresh_folder(root)
    data, case_dir, keys = root / "data", root / "case", root / "keys"
    synth, truth = _generate_scenario(data)
    case, report = _ingest(case_dir, data, truth)
    _extract(case)
    linked, scores, linked_history = _link(case, data, synth)
    verified = _checkpoint(case, keys)
    status = case.status()
    case.close()
    estimates = _estimate(linked_history, truth, root / "plots", synth.people)

    summary = {
        "synthetic": {"people": synth.people, "observed": synth.observed, "seed": 1988},
        "status": status,
        "ingest": report.to_dict(),
        "verify": verified.to_dict(),
        "linkage": {"records": linked.records, "persons": linked.persons, "pair_f1": scores.pair_f1},
        "estimates": estimates,
    }
    write_private(root / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    console.rule("Where to look")
    console.print(
        f"  {case_dir}/               the case (try: .venv/bin/testament status {case_dir})\n"
        f"  {data}/               the generated lists, testimonies and truth.json\n"
        f"  {keys}/checkpoint.json  a signed checkpoint of the custody log\n"
        f"  {root / 'plots'}/              posterior and overlap plots\n"
        f"  {root / 'summary.json'}      everything above as JSON",
        highlight=False,
    )
    return summary


def _generate_scenario(data: Path) -> tuple[SynthResult, dict[str, Any]]:
    """1. The synthetic scenario written into `data`, and its ground truth."""
    from testament.synthetic import generate, scenario

    console.rule("1. Synthetic scenario (invented people, known truth)")
    synth = generate(data, scenario("realistic", people=5000, lists=4, testimonies=8), seed=1988)
    truth = json.loads(synth.truth.read_text("utf-8"))
    console.print(
        f"{synth.people:,} true victims, {synth.observed:,} on at least one of {len(synth.rows)} lists; "
        f"{synth.testimonies} testimonies; {len(truth['corrupted'])} rows deliberately corrupted."
    )
    return synth, truth


def _ingest(case_dir: Path, data: Path, truth: dict[str, Any]) -> tuple[Case, IngestReport]:
    """2. A new case with every list and testimony ingested, the corrupted rows skipped and compared with
    the ones the scenario planted."""
    from testament.ingest import IngestOptions, ingest_files
    from testament.store.case import Case

    console.rule("2. Case and ingest")
    settings = Settings(actor="demo")
    case = Case.create(case_dir, settings=settings)
    lists = sorted((data / "lists").iterdir())
    testimonies = sorted((data / "testimonies").iterdir())
    report = ingest_files(case, lists + testimonies, IngestOptions(skip_bad_rows=True))
    table = Table("file", "status", "records", "claims", "rows refused")
    for outcome in report.files:
        table.add_row(outcome.file, outcome.status, str(outcome.person_records), str(outcome.claims),
                      str(outcome.skipped_rows))  # fmt: skip
    console.print(table)
    refused = sorted((p.file, p.row) for p in report.problems)
    planted = sorted((Path(c["file"]).name, c["row"]) for c in truth["corrupted"])
    console.print(f"Rows refused: {len(refused)}; rows the scenario corrupted: {len(planted)}; "
                  f"{'all found' if set(planted) <= set(refused) else 'some missed'}.")  # fmt: skip
    return case, report


def _extract(case: Case) -> None:
    """3. Candidate claims proposed from the testimonies, counted by type."""
    console.rule("3. Extraction from testimonies (candidates for human review)")
    from testament.extract import extract_case

    totals: dict[str, int] = {}
    for extracted in extract_case(case):
        for kind, n in extracted.by_type.items():
            totals[kind] = totals.get(kind, 0) + n
    console.print(
        "Proposed from the testimonies: "
        + ", ".join(f"{n} {kind}" for kind, n in sorted(totals.items()))
        + ". Review them with: .venv/bin/testament review claims CASE"
    )


def _link(
    case: Case, data: Path, synth: SynthResult
) -> tuple[CaseLink, Scores, dict[str | None, CaptureHistory]]:
    """4. The case linked, scored against the truth, and the capture history of the linked persons."""
    console.rule("4. Linkage: the same person across lists")
    from testament.estimate.casedata import history_from_case
    from testament.link import LinkOptions, link_case
    from testament.link.evaluate import evaluate_case
    from testament.synthetic import truth_of_case

    linked = link_case(case, LinkOptions())
    scores = evaluate_case(case, truth_of_case(case, data))
    console.print(
        f"{linked.records:,} list records joined into {linked.persons:,} persons "
        f"(truth: {synth.observed:,}); pairwise precision {scores.pair_precision:.3f}, recall "
        f"{scores.pair_recall:.3f}, F1 {scores.pair_f1:.3f}; {linked.queue} pairs queued for review "
        "(.venv/bin/testament review links CASE)."
    )
    return linked, scores, history_from_case(case)


def _checkpoint(case: Case, keys: Path) -> VerifyReport:
    """5. A partner's signing key in `keys`, a signed checkpoint of the custody log, and a verify of the
    case against it."""
    from testament.store.crypto import generate_signing_key
    from testament.store.integrity import checkpoint_case, verify_case

    console.rule("5. Custody")
    private_dir(keys)
    private, public = generate_signing_key()
    write_private(keys / "partner.key", private)
    write_private(keys / "partner.key.pub", public)
    checkpoint = checkpoint_case(case, private, label="partner.key")
    write_private(keys / "checkpoint.json", json.dumps(checkpoint, indent=2) + "\n")
    verified = verify_case(case, checkpoint=json.dumps(checkpoint).encode(), pubkey=public)
    console.print(f"verify: {'clean' if verified.ok else 'FAILED'} ({verified.blobs_checked} blobs, "
                  f"{verified.events_checked} custody events, checkpoint checked)")  # fmt: skip
    return verified


def _estimate(
    linked_history: dict[str | None, CaptureHistory], truth: dict[str, Any], plots: Path, people: int
) -> list[dict[str, Any]]:
    """6. Every method on the linked case and on the true overlap, shown beside the true total."""
    console.rule("6. How many? Multiple systems estimation on the linked case and on the true overlap")
    estimates = _estimate_from_truth(truth, plots)
    from testament.estimate import EstimateOptions, run_estimates

    options = EstimateOptions(methods=("loglinear", "dga", "lcmcr"), model="best-bic", seed=1988, chains=2)
    from_case = [r.to_dict() | {"input": "linked case"} for r in run_estimates(linked_history, options)]
    estimates = from_case + [e | {"input": "true overlap"} for e in estimates]
    est_table = Table("input", "method", "model", "observed", "estimate", "95% interval", "truth")
    for r in estimates:
        interval = f"{r['lower']:,.0f} – {r['upper']:,.0f}"
        est_table.add_row(
            r["input"], r["method"], r["model"], f"{r['observed']:,}", f"{r['estimate']:,.0f}", interval,
            f"{people:,}",
        )  # fmt: skip
    console.print(est_table)
    return estimates


def main() -> None:
    run_demo(Path(sys.argv[1] if len(sys.argv) > 1 else "demo"))


if __name__ == "__main__":
    main()
