"""Every way a checkpoint check can fail, by the library and through `testament verify`: a deleted tail, a
checkpoint of another case, a malformed or unreadable checkpoint, the wrong kind of key. Each failure is
named (file, event number, what is wrong) and a failure of input exits 2, a failed check 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, func, select
from typer.testing import CliRunner

from testament.cli.main import app
from testament.errors import InputError
from testament.settings import Settings
from testament.store import crypto
from testament.store.case import Case
from testament.store.checkpoints import after_commit, check_checkpoints, checkpoint_file, set_checkpoints
from testament.store.custody import read_events
from testament.store.integrity import verify_case
from testament.store.schema import custody_events

ENV = {"TESTAMENT_ACTOR": "cp-test"}
runner = CliRunner()


def _cli(*args: object):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _case(path: Path) -> Case:
    return Case.create(path, settings=Settings(actor="cp-test"))


def _head(case: Case) -> tuple[int, str]:
    with case.read() as conn:
        seq = int(conn.execute(select(func.max(custody_events.c.seq))).scalar_one())
        head = conn.execute(select(custody_events.c.hash).where(custody_events.c.seq == seq)).scalar_one()
    return seq, str(head)


def _events(case: Case):
    with case.read() as conn:
        return read_events(conn)


def _log_events(case: Case, n: int) -> None:
    """n more custody events (each `verify` logs one)."""
    for _ in range(n):
        verify_case(case)


def _truncate(case: Case, keep: int) -> None:
    """What an insider does with SQL: the events after `keep` deleted, bypassing `Case.write` (no hook)."""
    with case.backend.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.seq > keep))


@pytest.fixture
def case(tmp_path: Path) -> Case:
    """A plain SQLite case with automatic checkpoints to a folder outside it and a few events."""
    made = _case(tmp_path / "case")
    (tmp_path / "partner").mkdir()
    set_checkpoints(made, folder=tmp_path / "partner")
    _log_events(made, 2)
    yield made
    made.close()


def _folder(case: Case) -> Path:
    return Path(case.config.checkpoints["folder"])  # type: ignore[index]


def _own_file(case: Case) -> Path:
    return checkpoint_file(_folder(case), case.config.case_id)


def _signed(case_id: str, seq: int, head_hash: str, key, /, **changes: object) -> dict:
    """A statement signed as `custody.sign_checkpoint` signs it, with some fields changed before signing."""
    statement = {
        "type": "testament-custody-checkpoint/1",
        "case_id": case_id,
        "seq": seq,
        "head_hash": head_hash,
        "made_at": "2026-01-01T00:00:00Z",
        "public_key": crypto.public_key_text(key),
        **changes,
    }
    return {**statement, "signature": crypto.sign(key, rfc8785.dumps(statement))}


def _case_key(case: Case):
    return crypto.load_private_key((case.path / "checkpoint.key").read_bytes(), label="k")


def _new_key():
    return crypto.load_private_key(crypto.generate_signing_key()[0], label="k")


def _pub_pem(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


# --- a deleted tail ----------------------------------------------------------------------------------------


def test_verify_deleted_tail_names_every_event_gone(case: Case) -> None:
    """Rule: a checkpoint whose event is gone names the range deleted, from the new end to its event."""
    signed, _ = _head(case)
    _truncate(case, signed - 3)
    report = verify_case(case, record=False)
    assert [f.kind for f in report.findings] == ["checkpoint_missing"]
    message = report.findings[0].message
    assert str(_own_file(case)) in message
    assert f"custody event {signed} it vouches for" in message
    assert (
        f"ends at event {signed - 3}, so at least custody events {signed - 2}-{signed} were deleted"
        in message
    )


def test_verify_code_far_past_the_end_names_the_range_deleted(case: Case) -> None:
    seq, head = _head(case)
    code = f"{seq + 4}-{head[:16]}"
    findings = verify_case(case, codes=[code], record=False).findings
    assert [f.kind for f in findings] == ["checkpoint_missing"]
    assert f"checkpoint code {code}" in findings[0].message
    assert f"at least custody events {seq + 1}-{seq + 4} were deleted" in findings[0].message


def test_verify_code_of_the_next_event_names_one_event(case: Case) -> None:
    seq, head = _head(case)
    findings = verify_case(case, codes=[f"{seq + 1}-{head[:16]}"], record=False).findings
    assert f"at least custody events {seq + 1} were deleted" in findings[0].message


def test_cli_verify_deleted_tail_exits_3_and_names_the_checkpoint(case: Case) -> None:
    signed, _ = _head(case)
    _truncate(case, signed - 1)
    case.close()
    result = _cli("verify", case.path, "--no-record")
    assert result.exit_code == 3, result.output
    out = _flat(result.output)
    assert "FAILED: 1 problem(s)" in out and f"custody event {signed} it vouches for" in out
    assert "Traceback" not in result.output


def test_cli_verify_partner_checkpoint_after_truncation_exits_3(tmp_path: Path) -> None:
    made = _case(tmp_path / "case")
    _log_events(made, 3)
    made.close()
    assert _cli("keygen", tmp_path / "partner.key").exit_code == 0
    result = _cli("checkpoint", made.path, "--key", tmp_path / "partner.key", "--out", tmp_path / "cp.json")
    assert result.exit_code == 0, result.output
    seq = json.loads((tmp_path / "cp.json").read_text("utf-8"))["seq"]
    reopened = Case.open(made.path, settings=Settings(actor="x"))
    _truncate(reopened, seq - 1)
    reopened.close()
    args = ("--checkpoint", tmp_path / "cp.json", "--pubkey", tmp_path / "partner.key.pub", "--no-record")
    result = _cli("verify", made.path, *args)
    assert result.exit_code == 3
    assert f"custody event {seq} it vouches for" in _flat(result.output)


# --- a checkpoint of another case ---------------------------------------------------------------------------


def test_verify_checkpoint_of_another_case_is_named_and_not_counted(case: Case, tmp_path: Path) -> None:
    other = _case(tmp_path / "other")
    _log_events(other, 1)
    key = _new_key()
    seq, head = _head(other)
    theirs = json.dumps(_signed(other.config.case_id, seq, head, key)).encode()
    report = verify_case(case, checkpoint=theirs, pubkey=_pub_pem(key), record=False)
    assert [f.kind for f in report.findings] == ["checkpoint_case"]
    assert "made for another case" in report.findings[0].message
    assert report.checkpoints_checked == 1  # only the case's own, in its folder
    other.close()


def test_verify_copy_of_another_cases_checkpoint_in_the_folder_is_a_note(case: Case, tmp_path: Path) -> None:
    """A file named for this case but signed by another case's key: verify cannot check it and says so."""
    other = _case(tmp_path / "other")
    _log_events(other, 1)
    seq, head = _head(other)
    forged = _signed(case.config.case_id, seq, head, _new_key())  # as if another case's key
    copy = _folder(case) / f"testament-{case.config.case_id}-copy.json"
    copy.write_text(json.dumps(forged), "utf-8")
    report = verify_case(case, record=False)
    assert report.ok and report.checkpoints_checked == 1
    assert f"{copy}: signed by a key other than this case's; give --pubkey to check it" in report.notes
    other.close()


def test_cli_verify_checkpoint_of_another_case_exits_3(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert _cli("init", tmp_path / name).exit_code == 0
    assert _cli("keygen", tmp_path / "k").exit_code == 0
    assert (
        _cli("checkpoint", tmp_path / "b", "--key", tmp_path / "k", "--out", tmp_path / "b.json").exit_code
        == 0
    )
    result = _cli(
        "verify", tmp_path / "a", "--checkpoint", tmp_path / "b.json", "--pubkey", tmp_path / "k.pub"
    )
    assert result.exit_code == 3
    assert "made for another case" in _flat(result.output)


# --- malformed checkpoints ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[1, 2]", "not a Testament checkpoint"),
        (b'"a string"', "not a Testament checkpoint"),
        (b"null", "not a Testament checkpoint"),
        (b'{"type": "testament-checkpoint"}', "not a Testament checkpoint"),
    ],
    ids=["truncated", "binary", "list", "string", "null", "no-fields"],
)
def test_verify_malformed_given_checkpoint_is_refused(case: Case, raw: bytes, expected: str) -> None:
    with pytest.raises(InputError) as err:
        verify_case(case, checkpoint=raw, record=False)
    assert expected in err.value.message and "testament checkpoint" in (err.value.hint or "")


@pytest.mark.parametrize(
    "changes",
    [{"seq": "seven"}, {"seq": [7]}, {"seq": None}, {"seq": {"n": 7}}, {"type": "another-tool"}],
    ids=["seq-word", "seq-list", "seq-null", "seq-object", "type"],
)
def test_verify_given_checkpoint_with_wrong_field_types_is_refused(case: Case, changes: dict) -> None:
    seq, head = _head(case)
    raw = json.dumps(_signed(case.config.case_id, seq, head, _case_key(case), **changes)).encode()
    with pytest.raises(InputError) as err:
        verify_case(case, checkpoint=raw, record=False)
    assert err.value.message.startswith("file: ") and err.value.hint


def test_verify_seq_as_text_in_a_forged_statement_fails_its_signature(case: Case) -> None:
    """Rule: the signature covers the JSON types; `"seq": "7"` for `7` is a different statement."""
    seq, head = _head(case)
    good = _signed(case.config.case_id, seq, head, _case_key(case))
    forged = json.dumps({**good, "seq": str(seq)}).encode()
    findings = verify_case(case, checkpoint=forged, record=False).findings
    assert [f.kind for f in findings] == ["checkpoint_signature"]


def test_verify_signature_that_is_not_base64_fails_as_a_signature(case: Case) -> None:
    seq, head = _head(case)
    bad = {**_signed(case.config.case_id, seq, head, _case_key(case)), "signature": "%%% not base64 %%%"}
    findings = verify_case(case, checkpoint=json.dumps(bad).encode(), record=False).findings
    assert [f.kind for f in findings] == ["checkpoint_signature"]


def test_verify_unreadable_checkpoint_in_the_folder_is_a_note_and_is_never_replaced(case: Case) -> None:
    _own_file(case).write_text("{half a checkpoint", "utf-8")
    report = verify_case(case)  # recorded: the hook tries to write a new checkpoint after this
    assert any(n == f"{_own_file(case)}: not a readable checkpoint; not checked" for n in report.notes)
    assert report.checkpoints_checked == 0 and report.newest_checkpoint is None
    assert _own_file(case).read_text("utf-8") == "{half a checkpoint"  # left as evidence
    problem = case.checkpoint_news.problem or ""
    assert "not a readable checkpoint; it was left as it is" in problem and str(_own_file(case)) in problem


def test_verify_checkpoint_with_an_unreadable_time_counts_without_an_age(case: Case) -> None:
    seq, head = _head(case)
    odd = _signed(case.config.case_id, seq, head, _case_key(case), made_at="the day before yesterday")
    _own_file(case).write_text(json.dumps(odd), "utf-8")
    report = verify_case(case, record=False)
    assert report.ok and report.checkpoints_checked == 1 and report.newest_checkpoint is None


def test_verify_checkpoint_of_event_zero_holds_for_any_log(case: Case) -> None:
    zero = _signed(case.config.case_id, 0, "0" * 64, _case_key(case))
    report = verify_case(case, checkpoint=json.dumps(zero).encode(), record=False)
    assert report.ok and report.checkpoints_checked == 2


def test_verify_newest_of_several_copies_is_reported(case: Case) -> None:
    seq, _ = _head(case)
    events = {e.seq: e for e in _events(case)}
    made_at = "2000-01-01T00:00:00Z"
    older = _signed(case.config.case_id, seq - 1, events[seq - 1].hash, _case_key(case), made_at=made_at)
    (_folder(case) / f"testament-{case.config.case_id}-2000.json").write_text(json.dumps(older), "utf-8")
    report = verify_case(case, record=False)
    assert report.ok and report.checkpoints_checked == 2
    assert report.newest_checkpoint is not None and report.newest_checkpoint["seq"] == seq
    assert report.newest_checkpoint["where"] == str(_own_file(case))


def test_verify_empty_checkpoint_folder_is_a_note(case: Case) -> None:
    _own_file(case).unlink()
    report = verify_case(case, record=False)
    assert report.ok and report.checkpoints_checked == 0
    assert f"no checkpoint of this case in {_folder(case)}: deleting the newest events is not checked" in (
        report.notes
    )


# --- keys ---------------------------------------------------------------------------------------------------


def test_verify_given_checkpoint_of_another_key_needs_pubkey(case: Case) -> None:
    stranger = _new_key()
    seq, head = _head(case)
    raw = json.dumps(_signed(case.config.case_id, seq, head, stranger)).encode()
    with pytest.raises(InputError, match="signed by another key; --checkpoint needs --pubkey"):
        verify_case(case, checkpoint=raw, record=False)
    report = verify_case(case, checkpoint=raw, pubkey=_pub_pem(stranger), record=False)
    assert report.ok and report.checkpoints_checked == 2


def test_verify_given_checkpoint_with_the_wrong_pubkey_fails_its_signature(case: Case) -> None:
    signer, wrong = _new_key(), _new_key()
    seq, head = _head(case)
    raw = json.dumps(_signed(case.config.case_id, seq, head, signer)).encode()
    findings = verify_case(case, checkpoint=raw, pubkey=_pub_pem(wrong), record=False).findings
    assert [f.kind for f in findings] == ["checkpoint_signature"]
    assert "signature does not verify with the given key" in findings[0].message


def test_verify_pubkey_of_another_kind_is_refused(case: Case) -> None:
    ec_pub = _pub_pem(ec.generate_private_key(ec.SECP256R1()))
    for pem, expected in ((ec_pub, "--pubkey: not an Ed25519 public key"), (b"junk", "--pubkey: not a PEM")):
        with pytest.raises(InputError) as err:
            verify_case(case, pubkey=pem, record=False)
        assert expected in err.value.message and err.value.hint


def test_cli_checkpoint_with_a_key_of_another_kind_exits_2(case: Case, tmp_path: Path) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "ec.pem").write_bytes(ec_key)
    case.close()
    result = _cli("checkpoint", case.path, "--key", tmp_path / "ec.pem")
    assert result.exit_code == 2 and "not an Ed25519 key" in _flat(result.output)
    result = _cli("checkpoint", case.path, "--key", tmp_path / "absent.pem")
    assert result.exit_code == 2 and "absent.pem: cannot be read" in _flat(result.output)


def test_cli_verify_unreadable_inputs_exit_2(case: Case, tmp_path: Path) -> None:
    case.close()
    (tmp_path / "bad.json").write_text("{", "utf-8")
    for args, expected in (
        (("--checkpoint", tmp_path / "absent.json"), "--checkpoint"),
        (("--checkpoint", tmp_path / "bad.json"), "not JSON"),
        (("--pubkey", tmp_path / "absent.pub"), "--pubkey"),
        (("--code", "not-a-code"), "is not a checkpoint code"),
    ):
        result = _cli("verify", case.path, *args, "--no-record")
        assert result.exit_code == 2, (args, result.output)
        assert expected in _flat(result.output) and "Hint:" in result.output


def test_missing_signing_key_is_reported_after_commit_and_at_verify(case: Case) -> None:
    (case.path / "checkpoint.key").unlink()
    before = _own_file(case).read_bytes()
    _log_events(case, 1)
    assert f"the signing key {case.path / 'checkpoint.key'} is missing" in (
        case.checkpoint_news.problem or ""
    )
    assert _own_file(case).read_bytes() == before
    report = verify_case(case, record=False)
    assert (
        f"{_own_file(case)}: the case's checkpoint.key is missing; give --pubkey to check it" in report.notes
    )


def test_damaged_signing_key_is_refused_by_verify_and_reported_after_commit(case: Case) -> None:
    (case.path / "checkpoint.key").write_bytes(b"-----BEGIN PRIVATE KEY-----\nnope\n")
    with pytest.raises(InputError) as err:
        verify_case(case, record=False)
    assert "checkpoint.key: not an unencrypted PEM private key" in err.value.message
    seq, head = _head(case)
    after_commit(case, seq, head)
    assert "could not write to" in (case.checkpoint_news.problem or "")
    assert "InputError" in (case.checkpoint_news.problem or "")


# --- writing ------------------------------------------------------------------------------------------------


def test_older_head_never_replaces_a_newer_checkpoint(case: Case) -> None:
    """Two processes: the one that committed first may checkpoint last; the newer checkpoint stays."""
    newest = _own_file(case).read_bytes()
    events = _events(case)
    after_commit(case, events[-2].seq, events[-2].hash)
    assert _own_file(case).read_bytes() == newest and case.checkpoint_news.problem is None


def test_set_checkpoints_refuses_a_folder_and_a_code_together(case: Case, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not both"):
        set_checkpoints(case, folder=tmp_path, code=True)
    assert case.config.checkpoints and case.config.checkpoints["to"] == "folder"


def test_cli_checkpoint_to_takes_exactly_one_place(case: Case, tmp_path: Path) -> None:
    case.close()
    for args in ((), ("--code", "--off"), (tmp_path / "partner", "--off")):
        result = _cli("checkpoint-to", case.path, *args)
        assert result.exit_code == 2 and "give one of FOLDER, --code or --off" in _flat(result.output)
    result = _cli("checkpoint-to", case.path, "--off")
    assert result.exit_code == 0 and "automatic checkpoints: nowhere (off)" in result.output
    result = _cli("checkpoint-to", case.path, "--code")
    assert result.exit_code == 0 and "a code after each command" in result.output
    code = result.stderr.split("checkpoint code: ")[1].split()[0]
    assert _cli("verify", case.path, "--code", code, "--no-record").exit_code == 0


def test_check_checkpoints_refuses_bad_codes_before_checking_anything(case: Case) -> None:
    with pytest.raises(InputError, match="'12-xyz' is not a checkpoint code"):
        check_checkpoints(case, _events(case), given=[("cp.json", b"{")], codes=["12-xyz"])
