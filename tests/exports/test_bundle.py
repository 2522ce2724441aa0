"""Evidence bundles on every backend: what goes in (originals, redacted copies, nothing), the canaries,
consent and its withdrawal, collection records, and the `disclosed` custody event."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from testament.errors import InputError
from testament.exports.bundle import build_bundle
from testament.exports.standalone_verify import verify_bundle
from testament.store.collection import COLLECTION_FIELDS, record_collection
from testament.store.consents import record_consent, withdraw_consent
from testament.store.custody import read_events
from tests.exports.conftest import EXECUTION_SPAN, ExportCase, canary_hits, pdf_text


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _bundle(ec: ExportCase, out: Path, **kw: object) -> dict[str, bytes]:
    result = build_bundle(ec.case, out, ec.private_key, recipient="Stockholm District Court", **kw)
    assert verify_bundle(out, ec.public_key) == []
    assert result.members == sorted(
        _members(out), key=lambda n: (n not in ("manifest.json", "manifest.sig"), n)
    )
    return _members(out)


def _testimony(members: dict[str, bytes], ec: ExportCase) -> list[str]:
    return [name for name in members if name.startswith(f"files/{ec.text_id}-")]


def test_bundle_withholds_testimony_without_consent_and_holds_no_canary(
    export_case: ExportCase, tmp_path: Path
) -> None:
    out = tmp_path / "bundle.zip"
    members = _bundle(export_case, out)
    assert canary_hits(out.read_bytes()) == []
    for name, data in members.items():
        assert canary_hits(data) == [], name
    assert _testimony(members, export_case) == []
    withheld = json.loads(members["withheld.json"])["files"]
    assert [w["artifact_id"] for w in withheld] == [export_case.text_id]
    assert "consent" in withheld[0]["reason"]
    assert any(n.startswith(f"files/{export_case.list_id}-") for n in members)  # the list goes as it is


def test_bundle_collection_records_and_custody(export_case: ExportCase, tmp_path: Path) -> None:
    ec = export_case
    members = _bundle(ec, tmp_path / "before.zip")
    records = json.loads(members["collection.json"])["files"]
    record = next(r for r in records if r["artifact_id"] == ec.list_id)
    assert record["intake"]["received_by"] == "tester" and record["intake"]["received_at_utc"].endswith("Z")
    assert record["intake"]["method"].startswith("received into the case by testament")
    assert set(record["missing"]) == set(COLLECTION_FIELDS)
    events = json.loads(members["custody.json"])["events"]
    assert {ev["event_type"] for ev in events} >= {"received", "hashed"}
    assert {ev["artifact_sha256"] for ev in events} == {r["sha256"] for r in records}
    # recorded by hand: the fields given are in the next bundle, the others still named as missing
    record_collection(
        ec.case, ec.list_id, collected_by="Documentation Centre", collected_at="2024-03-02T10:00+03:30",
        collected_from="https://example.org/list-1988.csv",
    )  # fmt: skip
    members = _bundle(ec, tmp_path / "after.zip")
    record = next(
        r for r in json.loads(members["collection.json"])["files"] if r["artifact_id"] == ec.list_id
    )
    assert record["collection"]["collected_at"] == "2024-03-02T06:30:00Z"
    assert record["collection"]["collected_from"] == "https://example.org/list-1988.csv"
    assert set(record["missing"]) == {"method", "context"}
    record_collection(ec.case, ec.list_id, sensitivity="restricted")  # the collector is at risk
    members = _bundle(ec, tmp_path / "closed.zip")
    record = next(
        r for r in json.loads(members["collection.json"])["files"] if r["artifact_id"] == ec.list_id
    )
    assert "withheld" in record["collection"] and b"Documentation Centre" not in members["collection.json"]


def test_bundle_is_a_disclosed_event(export_case: ExportCase, tmp_path: Path) -> None:
    to = "دادستانی استکهلم (Stockholm prosecutor)"  # a manifest in Persian is canonical JSON too
    build_bundle(
        export_case.case, tmp_path / "b.zip", export_case.private_key, recipient=to, use="prosecutor"
    )
    assert verify_bundle(tmp_path / "b.zip", export_case.public_key) == []
    with export_case.case.read() as conn:
        last = read_events(conn)[-1]
    details = json.loads(last.details)
    assert last.event_type == "disclosed"
    assert details["what"] == "bundle" and details["to"] == to and details["use"] == "prosecutor"
    assert details["withheld"] == [export_case.text_id] and details["manifest_sha256"]


def test_bundle_consent_redaction_clearance_and_withdrawal(export_case: ExportCase, tmp_path: Path) -> None:
    ec = export_case
    record_consent(ec.case, ec.witness_person, "prosecutor")
    # consented, cleared for internal: a redacted copy of the testimony, no canary in any byte
    members = _bundle(ec, tmp_path / "internal.zip", use="prosecutor")
    (copy,) = _testimony(members, ec)
    assert copy.endswith("-redacted.txt")
    text = members[copy].decode("utf-8")
    assert "[withheld]" in text and EXECUTION_SPAN in text
    assert canary_hits((tmp_path / "internal.zip").read_bytes()) == []
    for name, data in members.items():
        assert canary_hits(data) == [], name
    # the same consent does not cover sharing with an organisation
    assert _testimony(_bundle(ec, tmp_path / "share.zip", use="share"), ec) == []
    # cleared for sealed: the original goes, and the canaries are in that member only
    members = _bundle(ec, tmp_path / "sealed.zip", use="prosecutor", cleared="sealed")
    (original,) = _testimony(members, ec)
    assert not original.endswith("-redacted.txt")
    assert len(canary_hits(members[original])) >= 4
    assert [n for n, d in members.items() if canary_hits(d)] == [original]
    # withdrawn: the next bundle leaves the testimony out
    withdraw_consent(ec.case, ec.witness_person, "prosecutor")
    members = _bundle(ec, tmp_path / "after.zip", use="prosecutor", cleared="sealed")
    assert _testimony(members, ec) == []


def test_bundle_refuses_bad_options_and_leaves_nothing(export_case: ExportCase, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    with pytest.raises(InputError, match="--use"):
        build_bundle(export_case.case, out, export_case.private_key, recipient="X", use="publish")
    with pytest.raises(InputError, match="--key"):
        build_bundle(export_case.case, out, b"not a key", recipient="X")
    with pytest.raises(InputError, match="--accused"):
        build_bundle(export_case.case, out, export_case.private_key, recipient="X", accused=999999)
    assert list(tmp_path.iterdir()) == []


def test_bundle_for_an_accused_holds_the_case_file(export_case: ExportCase, tmp_path: Path) -> None:
    ec = export_case
    out = tmp_path / "accused.zip"
    result = build_bundle(ec.case, out, ec.private_key, recipient="Court", accused=ec.victims[0])
    assert verify_bundle(out, ec.public_key) == []
    members = _members(out)
    assert result.case_file and "casefile.html" in members and members["casefile.pdf"].startswith(b"%PDF")
    manifest = json.loads(members["manifest.json"])
    assert manifest["accused"] == ec.victims[0] and manifest["case_file"] == "casefile.html"
    for name, data in members.items():
        assert canary_hits(data) == [], name
    words = pdf_text(members["casefile.pdf"])
    assert "Case file" in words and canary_hits(words.encode("utf-8")) == []
