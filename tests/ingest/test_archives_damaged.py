"""A zip archive whose members cannot be read: a member damaged inside (its checksum fails, its deflate stream
is cut) or locked by a password is refused, named as `archive.zip/member`; the archive itself and the members
that read are kept; `--strict` stops at the first refused member; a damaged archive is refused whole."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case

pytestmark = pytest.mark.sqlite
TESTIMONY = b"On July 30, 1988, they took me to the general ward of the prison. " * 20
LIST = b"name,father name\nAli Kazemi,Mohammad\n"


@pytest.fixture
def case(tmp_path: Path) -> Case:
    made = Case.create(tmp_path / "case", settings=Settings(actor="zip-test"))
    yield made
    made.close()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return bytearray(out.getvalue())


def _data_offset(raw: bytearray, name: str) -> int:
    """Where the packed bytes of member `name` start (after its local header)."""
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo(name)
    start = info.header_offset
    name_len = int.from_bytes(raw[start + 26 : start + 28], "little")
    extra_len = int.from_bytes(raw[start + 28 : start + 30], "little")
    return start + 30 + name_len + extra_len


def _statuses(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.file: f.status for f in report.files}


def _ingest(case: Case, path: Path, **options: object):  # type: ignore[no-untyped-def]
    return ingest_files(case, [path], IngestOptions(**options))  # type: ignore[arg-type]


def test_ingest_zip_member_failing_its_checksum_is_refused_and_the_rest_kept(
    case: Case, tmp_path: Path
) -> None:
    raw = _zip({"a.txt": TESTIMONY, "b.csv": LIST}, zipfile.ZIP_STORED)
    raw[_data_offset(raw, "a.txt") + 10] ^= 0xFF  # one byte flipped: the CRC-32 no longer matches
    (tmp_path / "box.zip").write_bytes(bytes(raw))
    report = _ingest(case, tmp_path / "box.zip")
    assert _statuses(report) == {
        "box.zip": "ingested",
        "box.zip/a.txt": "rejected",
        "box.zip/b.csv": "ingested",
    }
    refused = next(f for f in report.files if f.status == "rejected")
    assert refused.message.startswith("box.zip/a.txt: the file is damaged inside the archive")
    assert "Hint:" in refused.message or refused.problems
    assert case.status()["person_records"] == 1


def test_ingest_zip_member_with_a_cut_deflate_stream_is_refused(case: Case, tmp_path: Path) -> None:
    raw = _zip({"a.txt": TESTIMONY})
    start = _data_offset(raw, "a.txt")
    raw[start : start + 8] = b"\xff" * 8  # not a deflate stream any more
    (tmp_path / "box.zip").write_bytes(bytes(raw))
    report = _ingest(case, tmp_path / "box.zip")
    assert _statuses(report) == {"box.zip": "ingested", "box.zip/a.txt": "rejected"}
    assert "damaged inside the archive" in report.files[1].message


def test_ingest_zip_strict_stops_at_the_first_refused_member(case: Case, tmp_path: Path) -> None:
    raw = _zip({"a.txt": TESTIMONY, "b.csv": LIST}, zipfile.ZIP_STORED)
    raw[_data_offset(raw, "a.txt") + 10] ^= 0xFF
    (tmp_path / "box.zip").write_bytes(bytes(raw))
    report = _ingest(case, tmp_path / "box.zip", strict=True)
    assert "box.zip/b.csv" not in _statuses(report)
    assert _statuses(report)["box.zip/a.txt"] == "rejected"


def test_ingest_zip_cut_short_is_refused_whole(case: Case, tmp_path: Path) -> None:
    raw = _zip({"a.txt": TESTIMONY, "b.csv": LIST})
    (tmp_path / "box.zip").write_bytes(bytes(raw[: len(raw) // 2]))  # the central directory is gone
    report = _ingest(case, tmp_path / "box.zip")
    assert _statuses(report) == {"box.zip": "rejected"}
    assert case.status()["artifacts"] == 0 and case.status()["custody_events"] == 0


def test_cli_ingest_zip_with_a_locked_member_exits_2_naming_it(tmp_path: Path) -> None:
    raw = _zip({"locked.txt": TESTIMONY, "open.txt": TESTIMONY + b"!"})
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        offset = archive.getinfo("locked.txt").header_offset
    raw[offset + 6] |= 0x1  # the "encrypted" flag, in the local header and in the central directory
    central = raw.index(b"PK\x01\x02")
    while int.from_bytes(raw[central + 42 : central + 46], "little") != offset:
        central = raw.index(b"PK\x01\x02", central + 4)
    raw[central + 8] |= 0x1
    (tmp_path / "box.zip").write_bytes(bytes(raw))
    runner = CliRunner()
    env = {"TESTAMENT_ACTOR": "zip-test"}
    assert runner.invoke(app, ["init", str(tmp_path / "c")], env=env).exit_code == 0
    result = runner.invoke(app, ["ingest", str(tmp_path / "c"), str(tmp_path / "box.zip")], env=env)
    assert result.exit_code == 2
    out = " ".join(result.output.split())
    assert "box.zip/locked.txt: the file is encrypted inside the archive" in out
    assert "unpack it with its password" in out and "ingested box.zip/open.txt" in out
