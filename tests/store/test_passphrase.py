"""A passphrase that survives people: strong at creation, changeable without rewriting the evidence, and
rebuildable from k of n recovery shares. Encryption is SQLCipher's; plain SQLite and PostgreSQL cases have
no passphrase, and say so."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from testament.errors import InputError, PassphraseError
from testament.ingest import IngestOptions, ingest_files
from testament.settings import Settings
from testament.store import crypto
from testament.store.case import CONFIG_NAME, Case
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.passphrase import check_strength, parse_shares_spec
from testament.store.records import list_person_records
from tests.conftest import PASSPHRASE
from tests.samples import CP1256_ROWS

NEW = "lantern orchard gravel midnight"
LATER = "violet tundra marble quickly"


def _blob_files(case_dir: Path) -> dict[str, str]:
    """Every file in the blob store, by path, with the SHA-256 of its bytes on disk."""
    return {
        str(p.relative_to(case_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((case_dir / "blobs").rglob("*"))
        if p.is_file()
    }


def _ingest(case: Case, tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_bytes(CP1256_ROWS.encode("cp1256"))
    report = ingest_files(case, [tmp_path / "list.csv"], IngestOptions())
    assert [f.status for f in report.files] == ["ingested"], report.to_dict()


def _as(settings: Settings, passphrase: str | None) -> Settings:
    return replace(settings, passphrase=passphrase)


@pytest.fixture
def case_with_shares(tmp_path: Path, settings: Settings) -> Iterator[tuple[Path, list[str]]]:
    """An encrypted case holding one ingested list, made with 2-of-3 recovery shares."""
    with Case.create(tmp_path / "case", settings=settings, encrypt=True, recovery=(2, 3)) as case:
        _ingest(case, tmp_path)
        shares = case.recovery_shares
    yield tmp_path / "case", shares


# --- strength ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["dragon", "secret", "password123", "Testament2024", "qwertyuiop"])
def test_check_strength_weak_passphrase_refused_with_advice(weak: str) -> None:
    with pytest.raises(PassphraseError, match="too weak") as caught:
        check_strength(weak)
    assert caught.value.exit_code == 2 and caught.value.hint
    assert weak not in caught.value.message and weak not in caught.value.hint


def test_check_strength_case_name_and_actor_count_as_guessable(tmp_path: Path) -> None:
    check_strength("kahrizak-detainees-1388")  # strong on its own ...
    with pytest.raises(PassphraseError, match="too weak"):  # ... not as the case folder's name
        check_strength("kahrizak-detainees-1388", case=tmp_path / "kahrizak-detainees-1388")
    with pytest.raises(PassphraseError, match="too weak"):
        check_strength("kahrizak-detainees-1388", actor="kahrizak-detainees-1388")


def test_check_strength_long_and_strong_passphrases_accepted() -> None:
    check_strength(PASSPHRASE)
    check_strength(NEW)
    check_strength("a sentence " * 12)  # past zxcvbn's 72 characters: its head is scored, no error


def test_create_encrypted_case_with_weak_passphrase_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(PassphraseError, match="too weak"):
        Case.create(tmp_path / "case", settings=Settings(actor="t", passphrase="secret"), encrypt=True)
    assert not (tmp_path / "case").exists()


def test_open_with_weak_wrong_passphrase_says_wrong_not_weak(
    case_with_shares: tuple[Path, list[str]], settings: Settings
) -> None:
    """Strength is judged when a passphrase is set, never when one is used."""
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        Case.open(case_with_shares[0], settings=_as(settings, "abc"))


# --- shares spec -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"), [("2-of-3", (2, 3)), ("3 of 5", (3, 5)), ("16-OF-16", (16, 16))]
)
def test_parse_shares_spec_reads_k_of_n(text: str, expected: tuple[int, int]) -> None:
    assert parse_shares_spec(text) == expected


@pytest.mark.parametrize("text", ["1-of-3", "3-of-2", "2/3", "2-of-17", "two of three", ""])
def test_parse_shares_spec_bad_input_refused(text: str) -> None:
    with pytest.raises(InputError, match="--recovery-shares") as caught:
        parse_shares_spec(text)
    assert "2-of-3" in (caught.value.hint or "")


def test_create_recovery_shares_without_encryption_refused(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError, match="encrypted"):
        Case.create(tmp_path / "case", settings=settings, recovery=(2, 3))
    assert not (tmp_path / "case").exists()


# --- change ------------------------------------------------------------------------------------------------


def test_change_passphrase_rewraps_key_and_leaves_evidence_untouched(
    case_with_shares: tuple[Path, list[str]], settings: Settings
) -> None:
    case_dir, _ = case_with_shares
    blobs_before = _blob_files(case_dir)
    assert blobs_before  # the ingested list and its text
    with Case.open(case_dir, settings=settings) as case:
        records_before = list_person_records(case)
        case.change_passphrase(NEW)
    assert _blob_files(case_dir) == blobs_before
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        Case.open(case_dir, settings=settings)
    with Case.open(case_dir, settings=_as(settings, NEW)) as case:
        assert list_person_records(case) == records_before
        report = verify_case(case)
        assert report.ok and report.blobs_checked == len(blobs_before), report.to_dict()
        with case.read() as conn:
            rekeyed = [e for e in read_events(conn) if e.event_type == "rekeyed"]
    assert [json.loads(e.details) for e in rekeyed] == [{"by": "passphrase change"}]
    text = (case_dir / CONFIG_NAME).read_text("utf-8")
    assert NEW not in text and PASSPHRASE not in text
    assert [p.name for p in case_dir.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_change_passphrase_to_weak_one_refused_and_nothing_changes(
    case_with_shares: tuple[Path, list[str]], settings: Settings
) -> None:
    case_dir, _ = case_with_shares
    before = (case_dir / CONFIG_NAME).read_bytes()
    with Case.open(case_dir, settings=settings) as case, pytest.raises(PassphraseError, match="too weak"):
        case.change_passphrase("password1")
    assert (case_dir / CONFIG_NAME).read_bytes() == before


def test_change_passphrase_crash_while_writing_settings_keeps_old_key(
    case_with_shares: tuple[Path, list[str]], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """case.json is replaced by rename: a failure before the rename leaves the old file whole, and the custody
    event of the change is rolled back with it."""
    case_dir, _ = case_with_shares
    before = (case_dir / CONFIG_NAME).read_bytes()

    def crash(*args: object) -> None:
        raise OSError("disk full")

    with Case.open(case_dir, settings=settings) as case:
        monkeypatch.setattr("testament.files.os.replace", crash)
        with pytest.raises(OSError, match="disk full"):
            case.change_passphrase(NEW)
        monkeypatch.undo()
    assert (case_dir / CONFIG_NAME).read_bytes() == before
    assert [p.name for p in case_dir.iterdir() if p.name.startswith(".")] == []
    with Case.open(case_dir, settings=settings) as case, case.read() as conn:
        assert "rekeyed" not in {e.event_type for e in read_events(conn)}


def test_change_passphrase_after_another_process_changed_it_refused(
    case_with_shares: tuple[Path, list[str]], settings: Settings
) -> None:
    case_dir, _ = case_with_shares
    with Case.open(case_dir, settings=settings) as first, Case.open(case_dir, settings=settings) as second:
        first.change_passphrase(NEW)
        with pytest.raises(Exception, match="changed by another process"):
            second.change_passphrase(LATER)
    with Case.open(case_dir, settings=_as(settings, NEW)):
        pass


@pytest.mark.parametrize(
    "backend",
    [pytest.param("sqlite", marks=pytest.mark.sqlite), pytest.param("postgres", marks=pytest.mark.postgres)],
)
def test_change_passphrase_of_unencrypted_case_refused(fresh_case: Case) -> None:
    with pytest.raises(InputError, match="not encrypted"):
        fresh_case.change_passphrase(NEW)


def test_case_made_before_key_wrapping_opens_and_change_wraps_its_key(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old cases keep working: their stretched passphrase is the master key, until a change wraps it."""
    params = crypto.KdfParams.new()
    monkeypatch.setattr(crypto.KdfParams, "new", classmethod(lambda cls: params))
    monkeypatch.setattr(crypto, "new_master_key", lambda: crypto.stretch(PASSPHRASE, params))
    with Case.create(tmp_path / "case", settings=settings, encrypt=True) as case:
        _ingest(case, tmp_path)
    monkeypatch.undo()
    config_path = tmp_path / "case" / CONFIG_NAME
    raw = json.loads(config_path.read_text("utf-8"))
    del raw["wrapped_key"]  # case.json as an older Testament wrote it
    config_path.write_text(json.dumps(raw), "utf-8")
    blobs_before = _blob_files(tmp_path / "case")

    with Case.open(tmp_path / "case", settings=settings) as case:
        assert case.config.wrapped_key is None and list_person_records(case)
        case.change_passphrase(NEW)
    assert "wrapped_key" in json.loads(config_path.read_text("utf-8"))
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        Case.open(tmp_path / "case", settings=settings)
    with Case.open(tmp_path / "case", settings=_as(settings, NEW)) as case:
        assert list_person_records(case) and verify_case(case).ok
    assert _blob_files(tmp_path / "case") == blobs_before


# --- recovery ----------------------------------------------------------------------------------------------


def test_create_with_recovery_logs_the_split_but_never_the_shares(
    case_with_shares: tuple[Path, list[str]], settings: Settings
) -> None:
    case_dir, shares = case_with_shares
    assert len(shares) == 3 and all(len(s.split()) == 33 for s in shares) and len(set(shares)) == 3
    with Case.open(case_dir, settings=settings) as case, case.read() as conn:
        events = read_events(conn)
    assert json.loads(events[0].details) == {"scheme": "slip39", "threshold": 2, "shares": 3}
    assert events[0].event_type == "key_split" and events[0].actor == settings.actor
    on_disk = b"".join(p.read_bytes() for p in case_dir.rglob("*") if p.is_file())
    assert not any(" ".join(s.split()[4:8]).encode() in on_disk for s in shares)


def test_recover_with_two_of_three_shares_rebuilds_key(
    case_with_shares: tuple[Path, list[str]], settings: Settings
) -> None:
    case_dir, shares = case_with_shares
    blobs_before = _blob_files(case_dir)
    with Case.open(case_dir, settings=settings) as case:
        records_before = list_person_records(case)
    with Case.recover(case_dir, shares=[shares[2], shares[0]], new_passphrase=NEW, settings=settings) as case:
        assert list_person_records(case) == records_before
    with pytest.raises(PassphraseError, match="wrong passphrase"):
        Case.open(case_dir, settings=settings)
    with Case.open(case_dir, settings=_as(settings, NEW)) as case:
        assert list_person_records(case) == records_before
        assert verify_case(case).ok
        with case.read() as conn:
            last = read_events(conn)[-2]  # before the `verified` event
    assert last.event_type == "rekeyed" and json.loads(last.details) == {
        "by": "recovery shares",
        "shares_used": 2,
    }
    assert _blob_files(case_dir) == blobs_before
    # the shares outlive a passphrase change: they encode the key, not the passphrase
    with Case.open(case_dir, settings=_as(settings, NEW)) as case:
        case.change_passphrase(LATER)
    Case.recover(case_dir, shares=shares[1:], new_passphrase=PASSPHRASE, settings=settings).close()


def test_recover_with_one_share_refused_and_nothing_changes(
    case_with_shares: tuple[Path, list[str]], settings: Settings
) -> None:
    case_dir, shares = case_with_shares
    before = (case_dir / CONFIG_NAME).read_bytes()
    with pytest.raises(InputError, match="1 recovery share given; this key needs 2"):
        Case.recover(case_dir, shares=[shares[1], ""], new_passphrase=NEW, settings=settings)
    assert (case_dir / CONFIG_NAME).read_bytes() == before
    Case.open(case_dir, settings=settings).close()


@pytest.mark.parametrize("damage", ["typo", "repeat", "mixed_sets", "other_case"])
def test_recover_with_bad_share_names_it(
    case_with_shares: tuple[Path, list[str]], settings: Settings, tmp_path: Path, damage: str
) -> None:
    case_dir, shares = case_with_shares
    words = shares[1].split()
    words[10] = "academic" if words[10] != "academic" else "acid"
    if damage == "typo":
        second, expected = " ".join(words), "recovery share 2: not a valid SLIP-39 share"
    elif damage == "repeat":
        second, expected = shares[0], "recovery share 2 repeats share 1"
    else:
        other = Case.create(tmp_path / "other", settings=settings, encrypt=True, recovery=(2, 3))
        other.close()
        if damage == "mixed_sets":
            second, expected = other.recovery_shares[1], "recovery share 2 belongs to another set"
        else:
            shares = other.recovery_shares
            second, expected = shares[1], "rebuild another case's key"
    with pytest.raises(InputError, match=expected) as caught:
        Case.recover(case_dir, shares=[shares[0], second], new_passphrase=NEW, settings=settings)
    said = f"{caught.value.message} {caught.value.hint}"
    for share in (shares[0], second):  # no run of share words in what is printed (the library's own would)
        words = share.split()
        assert not any(" ".join(words[i : i + 3]) in said for i in range(len(words) - 2))


def test_recover_case_made_without_shares_refused(tmp_path: Path, settings: Settings) -> None:
    Case.create(tmp_path / "case", settings=settings, encrypt=True).close()
    with pytest.raises(InputError, match="no recovery shares were made"):
        Case.recover(tmp_path / "case", shares=["a b c"], new_passphrase=NEW, settings=settings)


def test_wrapped_key_is_bound_to_its_case() -> None:
    master, stretched = crypto.new_master_key(), bytes(32)
    wrapped = crypto.wrap_master_key(stretched, master, "case-a")
    assert crypto.unwrap_master_key(stretched, wrapped, "case-a") == master
    assert master.hex() not in json.dumps(wrapped)
    with pytest.raises(PassphraseError):
        crypto.unwrap_master_key(stretched, wrapped, "case-b")  # copied into another case's settings
    with pytest.raises(PassphraseError):
        crypto.unwrap_master_key(bytes([1]) + bytes(31), wrapped, "case-a")
