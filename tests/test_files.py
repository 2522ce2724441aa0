"""Owner-only files and folders, whatever the umask, without changing the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from testament.files import open_private, private_dir, tighten, write_private

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_dir_creates_missing_parents_0700_when_umask_022(tmp_path: Path, umask_022: None) -> None:
    private_dir(tmp_path / "a" / "b", parents=True)
    assert _mode(tmp_path / "a") == _mode(tmp_path / "a" / "b") == 0o700
    assert os.umask(0o022) == 0o022  # the umask was left as it was


def test_private_dir_leaves_existing_folder_alone(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir(mode=0o755)
    os.chmod(tmp_path / "mine", 0o755)
    private_dir(tmp_path / "mine")
    assert _mode(tmp_path / "mine") == 0o755


def test_open_private_exclusive_refuses_existing_file(tmp_path: Path) -> None:
    write_private(tmp_path / "k", b"secret", exclusive=True)
    with pytest.raises(FileExistsError):
        write_private(tmp_path / "k", b"other", exclusive=True)
    assert (tmp_path / "k").read_bytes() == b"secret" and _mode(tmp_path / "k") == 0o600


def test_open_private_0600_even_when_umask_would_strip_owner_write(tmp_path: Path) -> None:
    old = os.umask(0o277)
    try:
        with open_private(tmp_path / "f", "w") as fh:
            fh.write("x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "f") == 0o600


def test_tighten_removes_group_and_other_bits_only(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    os.chmod(tmp_path / "f", 0o644)
    assert tighten(tmp_path / "f", 0o600) is True
    assert _mode(tmp_path / "f") == 0o600
    assert tighten(tmp_path / "f", 0o600) is False
    os.chmod(tmp_path / "f", 0o444)
    tighten(tmp_path / "f", 0o600)
    assert _mode(tmp_path / "f") == 0o400  # a read-only file stays read-only
    assert tighten(tmp_path / "missing", 0o600) is False
