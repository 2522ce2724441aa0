"""In an encrypted case no ingested name or testimony sentence is anywhere under the case folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case

NAMES = ["Kourosh Bahrami", "کوروش بهرامی", "Shirin Tavakoli", "شیرین توکلی"]
SENTENCE = "They read out the names of the men taken to the hall that night"


@pytest.mark.sqlcipher
def test_encrypted_case_holds_no_plaintext(tmp_path: Path, settings: Settings) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "list.csv").write_text(
        f"name,father name,execution date\n{NAMES[0]},Dariush,1367/05/10\n{NAMES[2]},Cyrus,1988\n", "utf-8"
    )
    key = "نام و نام خانوادگی"
    (src / "fa.json").write_text(f'[{{"{key}": "{NAMES[1]}"}}, {{"{key}": "{NAMES[3]}"}}]', "utf-8")
    (src / "testimony.md").write_text(f"# Account\n\n{SENTENCE}.\n", "utf-8")
    case = Case.create(tmp_path / "case", settings=settings, encrypt=True)
    report = ingest_files(case, sorted(src.iterdir()), IngestOptions(skip_bad_rows=True))
    assert all(f.status == "ingested" for f in report.files), report.to_dict()
    case.close()
    needles = [n.encode("utf-8") for n in NAMES] + [SENTENCE.encode("utf-8"), SENTENCE.encode("utf-16-le")]
    needles += [n.split()[0].encode("utf-8") for n in NAMES]
    files = [p for p in (tmp_path / "case").rglob("*") if p.is_file()]
    assert len(files) >= 5  # case.json, case.db and three blobs at least
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"plaintext found in {path.relative_to(tmp_path)}"
