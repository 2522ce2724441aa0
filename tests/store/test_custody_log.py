"""The custody log as written and read back, each rule stated by the test that defends it: events are
numbered from 1 and chained from GENESIS, each hash is SHA-256 over the canonical JSON of all nine fields,
and every deletion, reordering or edit is named where a person can find it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import rfc8785
from sqlalchemy import Connection, create_engine

from testament import __version__
from testament.store.crypto import generate_signing_key
from testament.store.custody import (
    GENESIS,
    CustodyEvent,
    Finding,
    NewEvent,
    append_events,
    check_checkpoint,
    make_checkpoint,
    read_events,
    utc_now,
    verify_chain,
)
from testament.store.schema import custody_events
from testament.vocab import CustodyEventType

CASE_ID = "case-under-test"
TYPES = list(CustodyEventType)


@pytest.fixture
def conn() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    custody_events.create(engine)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


def _events(n: int) -> list[NewEvent]:
    return [
        NewEvent(TYPES[i % len(TYPES)], {"rows": i, "name": "é"}, artifact_sha256=f"{i:064x}")
        for i in range(n)
    ]


def _reference_hash(ev: CustodyEvent) -> str:
    """The documented hash, computed independently: SHA-256 of RFC 8785 JSON of the nine named fields."""
    body = {
        "seq": ev.seq,
        "event_type": ev.event_type,
        "artifact_sha256": ev.artifact_sha256,
        "actor": ev.actor,
        "tool": ev.tool,
        "tool_version": ev.tool_version,
        "occurred_at": ev.occurred_at,
        "details": ev.details,
        "prev_hash": ev.prev_hash,
    }
    return hashlib.sha256(rfc8785.dumps(body)).hexdigest()


def test_append_events_numbers_from_one_and_chains_from_genesis(conn: Connection) -> None:
    first = append_events(conn, "clerk", _events(2))
    second = append_events(conn, "analyst", _events(3))
    events = first + second
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]  # across the two calls
    assert [e.actor for e in events] == ["clerk"] * 2 + ["analyst"] * 3
    assert verify_chain(events) == []


def test_append_events_records_who_what_and_with_which_tool(conn: Connection) -> None:
    (event,) = append_events(
        conn, "clerk", [NewEvent(CustodyEventType.INGESTED, {"b": 1, "a": "é"}, "ab" * 32)]
    )
    assert (event.event_type, event.artifact_sha256, event.tool, event.tool_version) == (
        str(CustodyEventType.INGESTED),
        "ab" * 32,
        "testament",
        __version__,
    )
    assert event.details == '{"a":"é","b":1}'  # canonical JSON (RFC 8785), UTF-8 kept as text
    assert event.to_dict()["details"] == {"a": "é", "b": 1}
    assert event.to_dict()["seq"] == 1 and event.to_dict()["hash"] == event.hash


def test_append_events_hash_is_sha256_of_canonical_json_of_every_field(conn: Connection) -> None:
    """Rule: the hash format is fixed (a partner re-checks it with any SHA-256 and RFC 8785 library)."""
    events = append_events(conn, "clerk", _events(3))
    assert [e.hash for e in events] == [_reference_hash(e) for e in events]
    assert all(e.computed_hash() == e.hash for e in events)


def test_read_events_returns_what_was_appended_in_order(conn: Connection) -> None:
    written = append_events(conn, "clerk", _events(4))
    assert read_events(conn) == written
    assert append_events(conn, "clerk", []) == [] and read_events(conn) == written


@pytest.mark.parametrize("change", [{"seq": 7}, {"prev_hash": "1" * 64}], ids=["seq", "prev_hash"])
def test_computed_hash_covers_position_fields(conn: Connection, change: dict[str, object]) -> None:
    """Rule: an event's place in the chain (its number and predecessor) is under its hash too."""
    (event,) = append_events(conn, "clerk", _events(1))
    assert dataclasses.replace(event, **change).computed_hash() != event.hash  # type: ignore[arg-type]


def test_utc_now_is_utc_with_microseconds_whatever_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rule: custody times are UTC, written with a Z, so events from any machine sort and compare."""
    monkeypatch.setenv("TZ", "Asia/Tehran")
    time.tzset()
    try:
        stamp = utc_now()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert stamp.endswith("Z") and len(stamp) == len("2026-01-01T00:00:00.000000Z")
    parsed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    assert abs(parsed - datetime.now(UTC)) < timedelta(minutes=5)


# --- verify_chain: what a person is told ---------------------------------------------------------------


@pytest.fixture
def chain(conn: Connection) -> list[CustodyEvent]:
    return append_events(conn, "clerk", _events(6))


def _found(events: list[CustodyEvent]) -> list[tuple[str, str, str]]:
    return [(f.kind, f.where, f.message) for f in verify_chain(events)]


def test_verify_chain_one_deleted_event_is_named_by_number(chain: list[CustodyEvent]) -> None:
    assert _found([*chain[:1], *chain[2:]]) == [
        ("event_missing", "custody event 2", "custody event 2 missing (deleted)"),
        (
            "chain_broken",
            "custody event 3",
            "custody event 3: does not follow custody event 1 "
            "(an event before it was deleted, inserted, edited or reordered)",
        ),
    ]


def test_verify_chain_deleted_run_is_named_as_a_range(chain: list[CustodyEvent]) -> None:
    found = _found([*chain[:1], *chain[4:]])
    assert found[0] == ("event_missing", "custody event 2-4", "custody event 2-4 missing (deleted)")
    assert [f[:2] for f in found[1:]] == [("chain_broken", "custody event 5")]


def test_verify_chain_deleted_first_event_is_named(chain: list[CustodyEvent]) -> None:
    found = _found(chain[1:])
    assert found[0] == ("event_missing", "custody event 1", "custody event 1 missing (deleted)")


def test_verify_chain_reordered_events_are_out_of_order(chain: list[CustodyEvent]) -> None:
    swapped = [chain[0], chain[2], chain[1], *chain[3:]]
    found = _found(swapped)
    assert ("chain_broken", "custody event 2", "custody event 2: sequence number out of order") in found
    assert [f[0] for f in found].count("event_missing") == 2  # 3 after 1 and 4 after 2: 2 and 3 look deleted
    assert all(kind in ("chain_broken", "event_missing") for kind, _, _ in found)


def test_verify_chain_repeated_event_is_out_of_order(chain: list[CustodyEvent]) -> None:
    found = _found([*chain[:3], chain[2], *chain[3:]])
    assert ("chain_broken", "custody event 3", "custody event 3: sequence number out of order") in found
    assert not any(kind == "event_missing" for kind, _, _ in found)


def test_verify_chain_edited_event_message_names_it_and_its_type(chain: list[CustodyEvent]) -> None:
    chain[3] = dataclasses.replace(chain[3], actor="intruder")
    assert _found(chain) == [
        (
            "event_edited",
            "custody event 4",
            f"custody event 4 ({chain[3].event_type}): content does not match its hash",
        )
    ]


def test_finding_to_dict_names_kind_place_and_message() -> None:
    finding = Finding("event_edited", "custody event 4", "a message")
    assert finding.to_dict() == {"kind": "event_edited", "where": "custody event 4", "message": "a message"}


# --- checkpoints: what a person is told --------------------------------------------------------------


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    return generate_signing_key()


def test_make_checkpoint_of_an_empty_log_vouches_for_genesis(keys: tuple[bytes, bytes]) -> None:
    cp = make_checkpoint(CASE_ID, [], keys[0], label="k")
    assert (cp["seq"], cp["head_hash"], cp["case_id"]) == (0, GENESIS, CASE_ID)
    assert check_checkpoint(cp, keys[1], CASE_ID, [], label="cp") == []


def test_make_checkpoint_names_the_head(keys: tuple[bytes, bytes], chain: list[CustodyEvent]) -> None:
    cp = make_checkpoint(CASE_ID, chain, keys[0], label="k")
    assert (cp["seq"], cp["head_hash"]) == (6, chain[-1].hash)
    assert cp["type"] == "testament-custody-checkpoint/1"


def test_check_checkpoint_of_first_event_holds_after_later_events(
    keys: tuple[bytes, bytes], chain: list[CustodyEvent]
) -> None:
    cp = make_checkpoint(CASE_ID, chain[:1], keys[0], label="k")
    assert check_checkpoint(cp, keys[1], CASE_ID, chain, label="cp") == []
    rewritten = [dataclasses.replace(chain[0], hash="0" * 64), *chain[1:]]
    assert [f.kind for f in check_checkpoint(cp, keys[1], CASE_ID, rewritten, label="cp")] == [
        "checkpoint_diverged"
    ]


def test_check_checkpoint_findings_name_the_checkpoint(
    keys: tuple[bytes, bytes], chain: list[CustodyEvent]
) -> None:
    """Rule: each finding says which checkpoint file failed and why, in words."""
    cp = make_checkpoint(CASE_ID, chain, keys[0], label="k")
    where = "checkpoint cp.json"
    forged = {**cp, "seq": 1}
    other_case = make_checkpoint("another", chain, keys[0], label="k")
    rewritten = [*chain[:5], dataclasses.replace(chain[5], hash="0" * 64)]

    def found(checkpoint: dict[str, object], events: list[CustodyEvent]) -> list[tuple[str, str, str]]:
        return [
            (f.kind, f.where, f.message)
            for f in check_checkpoint(checkpoint, keys[1], CASE_ID, events, label="cp.json")
        ]

    assert found(forged, chain) == [
        ("checkpoint_signature", where, f"{where}: signature does not verify with the given key")
    ]
    assert found(other_case, chain) == [("checkpoint_case", where, f"{where}: made for another case")]
    ((kind, place, message),) = found(cp, chain[:3])
    assert (kind, place) == ("checkpoint_missing", where)
    assert message.startswith(f"{where}: custody event 6 it vouches for") and "gone" in message
    ((kind, place, message),) = found(cp, rewritten)
    assert (kind, place) == ("checkpoint_diverged", where)
    assert message.startswith(f"{where}: custody event 6 differs from the one signed on {cp['made_at']}")
    assert "(the log was rewritten since)" in message


def test_check_checkpoint_bad_public_key_is_named_as_the_pubkey_option(keys: tuple[bytes, bytes]) -> None:
    from testament.errors import InputError

    cp = make_checkpoint(CASE_ID, [], keys[0], label="k")
    with pytest.raises(InputError, match=r"^--pubkey: "):
        check_checkpoint(cp, b"junk", CASE_ID, [], label="cp")
    with pytest.raises(InputError, match=r"^signing\.key: "):
        make_checkpoint(CASE_ID, [], b"junk", label="signing.key")


def test_check_checkpoint_refusals_point_to_the_checkpoint_command(keys: tuple[bytes, bytes]) -> None:
    from testament.errors import InputError

    cp = make_checkpoint(CASE_ID, [], keys[0], label="k")
    for bad in ({k: v for k, v in cp.items() if k != "seq"}, {**cp, "type": "other"}):
        with pytest.raises(InputError) as caught:
            check_checkpoint(bad, keys[1], CASE_ID, [], label="cp")
        assert (caught.value.hint or "").startswith("use the JSON printed by `testament checkpoint`")


def test_details_json_round_trips(chain: list[CustodyEvent]) -> None:
    assert json.loads(chain[2].details) == {"rows": 2, "name": "é"}


@pytest.mark.parametrize(("kept", "gone"), [(3, "4-6"), (4, "5-6"), (5, "6"), (0, "1-6")])
def test_check_checkpoint_missing_head_names_the_deleted_events(
    keys: tuple[bytes, bytes], chain: list[CustodyEvent], kept: int, gone: str
) -> None:
    """Rule: when the event a checkpoint vouches for is gone, the finding says which events at least were
    deleted (from the end of the log as it is now to the checkpoint's event)."""
    cp = make_checkpoint(CASE_ID, chain, keys[0], label="k")
    ((kind, message),) = [
        (f.kind, f.message) for f in check_checkpoint(cp, keys[1], CASE_ID, chain[:kept], label="cp")
    ]
    assert kind == "checkpoint_missing"
    assert f"custody events {gone} were deleted" in message and f"ends at event {kept}," in message


def test_check_checkpoint_diverged_message_ends_saying_the_log_was_rewritten(
    keys: tuple[bytes, bytes], chain: list[CustodyEvent]
) -> None:
    cp = make_checkpoint(CASE_ID, chain, keys[0], label="k")
    rewritten = [*chain[:5], dataclasses.replace(chain[5], hash="0" * 64)]
    (finding,) = check_checkpoint(cp, keys[1], CASE_ID, rewritten, label="cp")
    assert finding.message.endswith(" (the log was rewritten since)")


def test_append_events_remembers_the_head_it_wrote_on_the_connection(conn: Connection) -> None:
    from testament.store import custody

    events = append_events(conn, "clerk", _events(2))
    assert conn.info[custody.APPENDED_HEAD] == (2, events[-1].hash)


def test_verify_chain_next_event_in_sequence_is_not_a_gap(chain: list[CustodyEvent]) -> None:
    """A chain with only an edited prev_hash: the numbers follow on, so nothing is called missing."""
    chain[2] = dataclasses.replace(chain[2], prev_hash="1" * 64)
    kinds = [f.kind for f in verify_chain(chain)]
    assert "event_missing" not in kinds and "chain_broken" in kinds
