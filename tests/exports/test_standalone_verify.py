"""`verify-bundle` and the standalone verifier: an untouched bundle verifies; flipping any byte of a member,
the manifest or the signature, or adding, dropping or renaming a member fails and names it. The standalone
file, copied out of the repository and run by the venv's python in isolated mode, imports nothing of
Testament and gives the same verdicts."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import testament.exports.standalone_verify as standalone
from testament.cli.main import app
from testament.exports.bundle import build_bundle
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store.case import Case
from testament.store.crypto import generate_signing_key

TESTIMONY = "Reza Karimi was taken from Evin in the summer of 1988.\n"
LIST_CSV = "name,father name\nReza Karimi,Ali\nرضا کریمی,علی\n"
ROLES = ("manifest.json", "manifest.sig", "custody.json", "collection.json", "withheld.json", "list", "text")


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, dict[str, str]]:
    """A bundle of a plain case (a list and a testimony, both sent as originals) and the signer's key."""
    folder = tmp_path_factory.mktemp("verify")
    (folder / "victims.csv").write_text(LIST_CSV, "utf-8")
    (folder / "testimony.txt").write_text(TESTIMONY, "utf-8")
    private, public = generate_signing_key()
    (folder / "signer.pub").write_bytes(public)
    with Case.create(folder / "case", settings=Settings(actor="tester")) as case:
        report = ingest_files(case, [folder / "victims.csv", folder / "testimony.txt"], IngestOptions())
        assert report.ok
        list_id, text_id = (f.artifact_id for f in report.files)
        result = build_bundle(case, folder / "bundle.zip", private, recipient="Partner NGO", use="archive")
    names = {n: n for n in ROLES[:5]}
    names["list"] = next(n for n in result.members if n.startswith(f"files/{list_id}-"))
    names["text"] = next(n for n in result.members if n.startswith(f"files/{text_id}-"))
    return folder / "bundle.zip", public, names


def _rewrite(
    src: Path, dst: Path, change: Callable[[list[tuple[str, bytes]]], list[tuple[str, bytes]]]
) -> Path:
    with zipfile.ZipFile(src) as archive:
        members = [(i.filename, archive.read(i.filename)) for i in archive.infolist()]
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in change(members):
            archive.writestr(name, data)
    return dst


def _flip(target: str, at: int) -> Callable[[list[tuple[str, bytes]]], list[tuple[str, bytes]]]:
    def change(members: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
        out = []
        for name, data in members:
            if name == target:
                i = at % len(data)
                data = data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
            out.append((name, data))
        return out

    return change


def _named(problems: list[standalone.Problem]) -> set[str]:
    return {p.member for p in problems}


def test_untouched_bundle_verifies(signed: tuple[Path, bytes, dict[str, str]]) -> None:
    bundle, public, _ = signed
    assert standalone.verify_bundle(bundle, public) == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_flipped_byte_is_named(
    signed: tuple[Path, bytes, dict[str, str]], tmp_path: Path, role: str, where: str
) -> None:
    bundle, public, names = signed
    size = len(zipfile.ZipFile(bundle).read(names[role]))
    at = {"first": 0, "middle": size // 2, "last": size - 1}[where]
    problems = standalone.verify_bundle(_rewrite(bundle, tmp_path / "t.zip", _flip(names[role], at)), public)
    assert names[role] in _named(problems), problems


@pytest.mark.parametrize("role", ROLES)
def test_dropped_or_renamed_member_is_named(
    signed: tuple[Path, bytes, dict[str, str]], tmp_path: Path, role: str
) -> None:
    bundle, public, names = signed
    name = names[role]
    dropped = _rewrite(bundle, tmp_path / "d.zip", lambda ms: [(n, d) for n, d in ms if n != name])
    assert name in _named(standalone.verify_bundle(dropped, public))
    renamed = _rewrite(
        bundle, tmp_path / "r.zip", lambda ms: [(n + ".x" if n == name else n, d) for n, d in ms]
    )
    assert {name, name + ".x"} <= _named(standalone.verify_bundle(renamed, public))


def test_added_member_and_other_key_are_named(
    signed: tuple[Path, bytes, dict[str, str]], tmp_path: Path
) -> None:
    bundle, public, names = signed
    added = _rewrite(bundle, tmp_path / "a.zip", lambda ms: [*ms, ("files/extra.txt", b"planted")])
    assert _named(standalone.verify_bundle(added, public)) == {"files/extra.txt"}
    with pytest.warns(UserWarning, match="Duplicate name"):  # zipfile warns, and writes it all the same
        twice = _rewrite(bundle, tmp_path / "2.zip", lambda ms: [*ms, (names["list"], b"planted")])
    assert names["list"] in _named(standalone.verify_bundle(twice, public))
    _, other = generate_signing_key()
    assert _named(standalone.verify_bundle(bundle, other)) == {"manifest.sig"}


def test_every_byte_of_the_signature_file_matters(
    signed: tuple[Path, bytes, dict[str, str]], tmp_path: Path
) -> None:
    bundle, public, _ = signed
    size = len(zipfile.ZipFile(bundle).read("manifest.sig"))
    missed = [
        at
        for at in range(size)
        if not standalone.verify_bundle(
            _rewrite(bundle, tmp_path / "s.zip", _flip("manifest.sig", at)), public
        )
    ]
    # a flipped bit in JSON whitespace or the last newline changes nothing the signature file says
    raw = zipfile.ZipFile(bundle).read("manifest.sig")
    assert all(raw[at : at + 1] in b" \n" for at in missed), missed


def test_standalone_imports_only_stdlib_and_cryptography() -> None:
    tree = ast.parse(Path(standalone.__file__).read_text("utf-8"))
    modules = {
        (node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert modules - {"__future__", "cryptography"} <= set(sys.stdlib_module_names)
    assert "testament" not in modules


def test_standalone_run_gives_the_same_verdicts(
    signed: tuple[Path, bytes, dict[str, str]], tmp_path: Path
) -> None:
    bundle, public, names = signed
    cases = {"untouched": bundle}
    for role in ROLES:
        cases[f"flip-{role}"] = _rewrite(bundle, tmp_path / f"flip-{role}.zip", _flip(names[role], 7))
        cases[f"drop-{role}"] = _rewrite(
            bundle, tmp_path / f"drop-{role}.zip", lambda ms, n=names[role]: [(m, d) for m, d in ms if m != n]
        )
    cases["added"] = _rewrite(bundle, tmp_path / "added.zip", lambda ms: [*ms, ("extra", b"x")])
    here = {k: sorted(map(str, standalone.verify_bundle(p, public))) for k, p in cases.items()}
    alone = tmp_path / "partner" / "standalone_verify.py"
    alone.parent.mkdir()
    shutil.copy(standalone.__file__, alone)
    pub = tmp_path / "signer.pub"
    pub.write_bytes(public)
    driver = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('v', {str(alone)!r})\n"
        "v = importlib.util.module_from_spec(spec); sys.modules['v'] = v; spec.loader.exec_module(v)\n"
        f"cases = json.loads({json.dumps({k: str(p) for k, p in cases.items()})!r})\n"
        f"key = open({str(pub)!r}, 'rb').read()\n"
        "out = {k: sorted(map(str, v.verify_bundle(p, key))) for k, p in cases.items()}\n"
        "assert not [m for m in sys.modules if m.startswith('testament')], 'imported testament'\n"
        "print(json.dumps(out))\n"
    )
    run = subprocess.run([sys.executable, "-I", "-c", driver], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == here
    # and as a partner runs it: exit status and the failing member named
    ok = subprocess.run(
        [sys.executable, "-I", str(alone), str(bundle), "--pubkey", str(pub)], capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.startswith("OK")
    bad = subprocess.run(
        [sys.executable, "-I", str(alone), str(cases["flip-text"]), "--pubkey", str(pub)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and names["text"] in bad.stdout


def test_cli_verify_bundle(signed: tuple[Path, bytes, dict[str, str]], tmp_path: Path) -> None:
    bundle, public, names = signed
    pub = tmp_path / "signer.pub"
    pub.write_bytes(public)
    good = CliRunner().invoke(app, ["verify-bundle", str(bundle), "--pubkey", str(pub)])
    assert good.exit_code == 0 and "OK" in good.output
    broken = _rewrite(bundle, tmp_path / "b.zip", _flip(names["custody.json"], 3))
    bad = CliRunner().invoke(app, ["verify-bundle", str(broken), "--pubkey", str(pub), "--json"])
    assert bad.exit_code == 1
    assert [p["member"] for p in json.loads(bad.output)["problems"]] == ["custody.json"]
