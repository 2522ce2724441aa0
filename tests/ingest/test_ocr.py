"""OCR of scans and page images: on SQLite, SQLCipher and PostgreSQL (Tesseract takes about a second a
page). The pages are rendered here from known text, so the character error rate is measured, not guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from testament.extract import extract_artifact
from testament.ingest import IngestOptions, ingest_files
from testament.ingest import ocr as ocr_module
from testament.ingest.ocr import _page_of, tesseract_version
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.schema import artifacts, attestations, mentions
from tests.ingest.scans import ENGLISH, PERSIAN, cer, write_png, write_scanned_pdf

MAX_CER = 0.05


def _text_of(case: Case, artifact_id: int) -> tuple[dict, str]:
    """The OCR text artifact derived from `artifact_id`, and its text."""
    with case.read() as conn:
        row = conn.execute(select(artifacts).where(artifacts.c.derived_from == artifact_id)).one()
    return dict(row._mapping), case.blobs.get(row.sha256).decode("utf-8")


def _derived_details(case: Case, sha256: str) -> dict:
    with case.read() as conn:
        events = [e for e in read_events(conn) if e.event_type == "derived" and e.artifact_sha256 == sha256]
    assert len(events) == 1
    return json.loads(events[0].details)


def _cited(case: Case, text_id: int) -> list[tuple[int, str, str]]:
    """(page, mention type, original text) of every span extraction proposed from the text."""
    with case.read() as conn:
        rows = conn.execute(
            select(attestations.c.page, mentions.c.mention_type, attestations.c.original_text)
            .join(mentions, mentions.c.claim_id == attestations.c.claim_id)
            .where(attestations.c.artifact_id == text_id)
            .order_by(attestations.c.char_start)
        )
        return [(r.page, r.mention_type, r.original_text) for r in rows]


@pytest.mark.parametrize(("language", "truth"), [("fa", PERSIAN), ("en", ENGLISH)])
def test_ocr_scanned_page_reads_within_five_percent_and_is_extracted(
    fresh_case: Case, tmp_path: Path, language: str, truth: str
) -> None:
    page = write_png(tmp_path / f"page_{language}.png", truth, rtl=language == "fa")
    report = ingest_files(fresh_case, [page], IngestOptions())
    outcome = report.files[0]
    assert report.ok and outcome.kind == "testimony", report.to_dict()
    assert "1 page(s) read by OCR" in outcome.message

    derived, text = _text_of(fresh_case, outcome.artifact_id or 0)
    error = cer(truth, text)
    print(f"CER {language}: {error:.4f}")  # the measured number, for bench/README.md
    assert error <= MAX_CER, (error, text)
    assert (derived["transformation"], derived["tool"]) == ("text of", "tesseract")
    assert derived["tool_version"] == tesseract_version()
    details = _derived_details(fresh_case, derived["sha256"])
    assert details["tool"] == "tesseract" and details["languages"] == "eng+fas"
    assert 50 <= details["mean_confidence"] <= 100 and details["page_confidence"][0] is not None

    extracted = extract_artifact(fresh_case, outcome.artifact_id or 0)
    assert extracted.language == language and extracted.text_artifact_id == derived["id"]
    cited = _cited(fresh_case, derived["id"])
    assert {kind for _, kind, _ in cited} >= {"date", "place", "act"}
    assert {page for page, _, _ in cited} == {1}
    assert ("place", "زندان اوین" if language == "fa" else "Evin prison") in {(k, t) for _, k, t in cited}
    assert verify_case(fresh_case, record=False).ok


def test_ocr_scanned_pdf_of_two_pages_cites_the_page_of_each_span(fresh_case: Case, tmp_path: Path) -> None:
    scan = write_scanned_pdf(tmp_path / "scan.pdf", [(ENGLISH, False), (PERSIAN, True)])
    report = ingest_files(fresh_case, [scan], IngestOptions())
    outcome = report.files[0]
    assert report.ok and outcome.kind == "testimony" and "2 page(s) read by OCR" in outcome.message

    with fresh_case.read() as conn:
        original = conn.execute(select(artifacts).where(artifacts.c.id == outcome.artifact_id)).one()
    assert original.media_type == "application/pdf" and original.size == scan.stat().st_size
    assert fresh_case.blobs.get(original.sha256) == scan.read_bytes()  # the scan itself, preserved
    derived, text = _text_of(fresh_case, original.id)
    first, second = text.split("\f")
    assert cer(ENGLISH, first) <= MAX_CER and cer(PERSIAN, second) <= MAX_CER
    assert len(_derived_details(fresh_case, derived["sha256"])["page_confidence"]) == 2

    extract_artifact(fresh_case, original.id)
    cited = _cited(fresh_case, derived["id"])
    assert (1, "place", "Evin prison") in cited and (2, "place", "زندان اوین") in cited
    assert {page for page, _, _ in cited} == {1, 2}
    assert verify_case(fresh_case, record=False).ok


def test_ocr_without_tesseract_keeps_the_scan_preserved_unread(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = write_scanned_pdf(tmp_path / "scan.pdf", [(ENGLISH, False)])
    monkeypatch.setattr(ocr_module.shutil, "which", lambda _name: None)
    ocr_module.tesseract_languages.cache_clear()
    case = Case.create(tmp_path / "case", settings=settings, encrypt=False)
    try:
        report = ingest_files(case, [scan], IngestOptions())
        outcome = report.files[0]
        assert report.ok and outcome.status == "ingested" and outcome.kind == "other"
        assert any("Tesseract is not installed" in w for w in outcome.warnings)
        assert case.status()["artifacts"] == 1  # the scan, without text
        assert verify_case(case, record=False).ok
    finally:
        case.close()
        ocr_module.tesseract_languages.cache_clear()


def test_ocr_page_text_rebuilt_from_tsv_in_reading_order() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        header,
        "4\t1\t1\t1\t1\t0\t0\t0\t9\t9\t-1\t",
        "5\t1\t1\t1\t1\t1\t90\t0\t9\t9\t96.5\tدر",
        "5\t1\t1\t1\t1\t2\t50\t0\t9\t9\t90.5\tاوین",
        "5\t1\t1\t1\t2\t1\t90\t20\t9\t9\t80\tدوم",
        "5\t1\t1\t1\t2\t2\t50\t20\t9\t9\t-1\t ",
        "5\t1\t2\t1\t1\t1\t0\t90\t9\t9\t55\tEvin",
    ]
    page = _page_of(rows)
    assert page.text == "در اوین\nدوم\n\nEvin"
    assert page.words == 4 and page.confidence == pytest.approx((96.5 + 90.5 + 80 + 55) / 4, abs=0.05)
    assert _page_of([header]).confidence is None
