"""Signed estimate reports: what a reader needs to check and reproduce every estimate saved in a case.

A zip signed like an evidence bundle (`testament.exports.signed`; `testament verify-bundle` checks it):

- `report.json`: the latest linkage run (model version, input hash, code version, threshold, counts) and
  every saved estimate (method, model, stratum, SHA-256 of its input, seed, settings, Testament version,
  estimate and interval, warnings), newest first;
- `patterns.csv`: the case's capture patterns now (`testament.exports.patterns`), and whether its SHA-256 is
  the input hash of each estimate (if not, the case changed since: re-run `estimate`);
- `plots/overlap.svg`: people per capture pattern (posterior plots need the draws, which are not saved);
- `README.txt`: how to reproduce each number with `testament estimate patterns.csv`.

Exporting it is a `disclosed` custody event (run ids and the manifest's SHA-256; no names)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from testament.errors import InputError
from testament.estimate.casedata import read_case
from testament.exports._common import disclose, output_file
from testament.exports.patterns import patterns_csv
from testament.exports.signed import json_member, write_signed_zip
from testament.store import crypto
from testament.store.case import Case
from testament.store.schema import estimate_runs, link_runs

__all__ = ["export_report"]

_RESULT_KEYS = ("settings", "warnings", "diagnostics", "model", "method", "seed", "version", "input")


def export_report(
    case: Case, out: Path, key_pem: bytes, *, key_label: str = "--key", force: bool = False
) -> dict[str, Any]:
    """Write the signed estimate report `out` (a zip; see the module docstring)."""
    key = crypto.load_private_key(key_pem, label=key_label)
    data = read_case(case)
    text = patterns_csv(data.histories)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    members: dict[str, bytes] = {"patterns.csv": text.encode("utf-8")}
    with tempfile.TemporaryDirectory() as scratch:
        from testament.estimate.plots import plot_overlap

        for key_name, history in data.histories.items():
            name = "overlap.svg" if key_name is None else f"overlap-{len(members)}.svg"
            plot_overlap(history, Path(scratch) / name)
            members[f"plots/{name}"] = (Path(scratch) / name).read_bytes()
    with output_file(out, force=force) as tmp, case.write() as conn:
        runs = conn.execute(select(estimate_runs).order_by(estimate_runs.c.id.desc())).all()
        if not runs:
            raise InputError("no estimate saved in this case yet", hint="run `testament estimate CASE` first")
        link = conn.execute(select(link_runs).order_by(link_runs.c.id.desc()).limit(1)).first()
        estimates = []
        for run in runs:
            result = json.loads(run.result)
            estimates.append(
                {
                    "estimate_run": run.id, "created_at": run.created_at, "actor": run.actor,
                    "method": run.method, "model": run.model, "stratum": run.stratum,
                    "input_sha256": run.input_sha256, "input_is_patterns_csv": run.input_sha256 == digest,
                    "seed": run.seed, "version": run.version, "estimate": run.estimate, "lower": run.lower,
                    "upper": run.upper, "observed": run.observed,
                    "settings": result.get("settings"), "warnings": result.get("warnings", []),
                }
            )  # fmt: skip
        report = {
            "case_id": case.config.case_id,
            "patterns_sha256": digest,
            "lists": [item.to_dict() for item in data.lists],
            "input_notes": data.notes,
            "input_warnings": data.warnings,
            "linkage_run": None if link is None else {
                "id": link.id, "created_at": link.created_at, "engine": link.engine,
                "threshold": link.threshold,
                "model_version": link.model_version, "input_hash": link.input_hash,
                "code_version": link.code_version, "records": link.records, "persons": link.persons,
            },
            "estimates": estimates,
        }  # fmt: skip
        members["report.json"] = json_member(report)
        members["README.txt"] = _readme(estimates).encode("utf-8")
        manifest_sha, names = write_signed_zip(
            tmp, members, key, {"kind": "estimate report", "case_id": case.config.case_id}
        )
        disclose(
            conn,
            case.settings.actor,
            {"what": "estimate report", "estimate_runs": [r.id for r in runs],
             "linkage_run": None if link is None else link.id, "manifest_sha256": manifest_sha},
        )  # fmt: skip
    return {"out": str(out), "members": names, "estimates": len(estimates), "manifest_sha256": manifest_sha}


def _readme(estimates: list[dict[str, Any]]) -> str:
    lines = [
        "Estimate report from a Testament case (signed: check it with `testament verify-bundle` or",
        "standalone_verify.py and the signer's public key).",
        "",
        "patterns.csv holds one 0/1 column per list and a count (Rcapture: closedp(d, dfreq = TRUE)).",
        "Each estimate below whose input_is_patterns_csv is true is reproduced by:",
        "",
    ]
    for e in estimates:
        seed = f" --seed {e['seed']}" if e["seed"] is not None else ""
        where = f" (stratum {e['stratum']})" if e["stratum"] else ""
        lines.append(
            f"  run {e['estimate_run']}{where}: testament estimate patterns.csv --method {e['method']}{seed}"
            f"  -> {e['estimate']:.0f} [{e['lower']:.0f}, {e['upper']:.0f}]"
        )
    return "\n".join(lines) + "\n"
