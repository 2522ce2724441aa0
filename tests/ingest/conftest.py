"""Evidence files written for the ingest tests. All names are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.samples import BAD_ROWS, CP1256_ROWS, TESTIMONY, UTF8_ROWS


@pytest.fixture
def cp1256_list(tmp_path: Path) -> Path:
    path = tmp_path / "list_cp1256.csv"
    path.write_bytes(CP1256_ROWS.encode("cp1256"))
    return path


@pytest.fixture
def utf8_list(tmp_path: Path) -> Path:
    path = tmp_path / "list_utf8.csv"
    path.write_bytes(b"\xef\xbb\xbf" + UTF8_ROWS.encode("utf-8"))
    return path


@pytest.fixture
def bad_list(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_ROWS, "utf-8")
    return path


@pytest.fixture
def testimony_txt(tmp_path: Path) -> Path:
    path = tmp_path / "testimony.txt"
    path.write_text(TESTIMONY, "utf-8")
    return path
