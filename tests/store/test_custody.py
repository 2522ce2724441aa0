"""The custody chain's rules, each stated by the test that defends it: every field of an event is under its
hash, and every way a checkpoint can fail is named."""

from __future__ import annotations

import dataclasses
import json

import pytest

from testament.errors import InputError
from testament.store.crypto import generate_signing_key
from testament.store.custody import (
    GENESIS,
    CustodyEvent,
    check_checkpoint,
    make_checkpoint,
    verify_chain,
)

CASE_ID = "case-under-test"


def _chain(n: int = 3) -> list[CustodyEvent]:
    """A valid chain of n events, built the way `append_events` builds one."""
    events: list[CustodyEvent] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        fields = {
            "seq": seq,
            "event_type": "ingested",
            "artifact_sha256": f"{seq:064x}",
            "actor": "clerk",
            "tool": "testament",
            "tool_version": "0.1.0",
            "occurred_at": f"2026-01-0{seq}T00:00:00Z",
            "details": json.dumps({"rows": seq}),
            "prev_hash": prev,
        }
        draft = CustodyEvent(**fields, hash="")
        event = dataclasses.replace(draft, hash=draft.computed_hash())
        events.append(event)
        prev = event.hash
    return events


def test_verify_chain_untouched_chain_is_clean() -> None:
    assert verify_chain(_chain()) == []


_EDITS = {
    "event_type": "disclosed",
    "artifact_sha256": "f" * 64,
    "actor": "intruder",
    "tool": "other-tool",
    "tool_version": "9.9.9",
    "occurred_at": "2030-01-01T00:00:00Z",
    "details": json.dumps({"rows": 999}),
}


@pytest.mark.parametrize("field", sorted(_EDITS))
def test_verify_chain_edit_to_any_hashed_field_is_named(field: str) -> None:
    """Rule: each field of an event (its details above all: counts, rejected rows) is under its hash."""
    events = _chain()
    events[1] = dataclasses.replace(events[1], **{field: _EDITS[field]})
    findings = verify_chain(events)
    assert [(f.kind, f.where) for f in findings] == [("event_edited", "custody event 2")]


def test_verify_chain_event_hashes_differ_by_details_alone() -> None:
    one, other = _chain(1)[0], dataclasses.replace(_chain(1)[0], details=json.dumps({"rows": 2}))
    assert one.computed_hash() != other.computed_hash()


# --- checkpoints -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    return generate_signing_key()


def test_check_checkpoint_holding_chain_has_no_findings(keys: tuple[bytes, bytes]) -> None:
    events = _chain()
    cp = make_checkpoint(CASE_ID, events, keys[0], label="k")
    assert check_checkpoint(cp, keys[1], CASE_ID, events + _chain(4)[3:], label="cp") == []


def test_check_checkpoint_deleted_tail_is_named_missing(keys: tuple[bytes, bytes]) -> None:
    """Rule: deleting the newest events (the only edit a consistent chain hides) is caught by a checkpoint."""
    events = _chain(4)
    cp = make_checkpoint(CASE_ID, events, keys[0], label="k")
    findings = check_checkpoint(cp, keys[1], CASE_ID, events[:2], label="cp")
    assert [f.kind for f in findings] == ["checkpoint_missing"]
    assert "custody event 4" in findings[0].message


def test_check_checkpoint_rewritten_event_is_named_diverged(keys: tuple[bytes, bytes]) -> None:
    events = _chain()
    cp = make_checkpoint(CASE_ID, events, keys[0], label="k")
    rewritten = [*events[:2], dataclasses.replace(events[2], hash="0" * 64)]
    assert [f.kind for f in check_checkpoint(cp, keys[1], CASE_ID, rewritten, label="cp")] == [
        "checkpoint_diverged"
    ]


def test_check_checkpoint_of_another_case_is_named(keys: tuple[bytes, bytes]) -> None:
    events = _chain()
    cp = make_checkpoint("another-case", events, keys[0], label="k")
    assert [f.kind for f in check_checkpoint(cp, keys[1], CASE_ID, events, label="cp")] == ["checkpoint_case"]


def test_check_checkpoint_altered_statement_fails_signature(keys: tuple[bytes, bytes]) -> None:
    events = _chain()
    cp = make_checkpoint(CASE_ID, events, keys[0], label="k")
    forged = {**cp, "seq": 1, "head_hash": events[0].hash}
    assert [f.kind for f in check_checkpoint(forged, keys[1], CASE_ID, events, label="cp")] == [
        "checkpoint_signature"
    ]


def test_check_checkpoint_other_key_fails_signature(keys: tuple[bytes, bytes]) -> None:
    events = _chain()
    cp = make_checkpoint(CASE_ID, events, keys[0], label="k")
    _, other_pub = generate_signing_key()
    assert [f.kind for f in check_checkpoint(cp, other_pub, CASE_ID, events, label="cp")] == [
        "checkpoint_signature"
    ]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda cp: {k: v for k, v in cp.items() if k != "signature"},
        lambda cp: {k: v for k, v in cp.items() if k != "head_hash"},
        lambda cp: {**cp, "type": "something-else"},
        lambda cp: ["not", "an", "object"],
    ],
    ids=["no-signature", "no-head", "wrong-type", "not-an-object"],
)
def test_check_checkpoint_malformed_is_refused_with_hint(keys: tuple[bytes, bytes], mangle) -> None:
    events = _chain()
    cp = make_checkpoint(CASE_ID, events, keys[0], label="k")
    with pytest.raises(InputError) as err:
        check_checkpoint(mangle(cp), keys[1], CASE_ID, events, label="cp.json")
    assert "cp.json" in err.value.message and err.value.hint


def test_check_checkpoint_private_key_given_as_public_is_refused(keys: tuple[bytes, bytes]) -> None:
    events = _chain()
    cp = make_checkpoint(CASE_ID, events, keys[0], label="k")
    with pytest.raises(InputError):
        check_checkpoint(cp, keys[0], CASE_ID, events, label="cp")
