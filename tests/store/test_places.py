"""The case's place rows: one row per place whatever the spelling (through the gazetteer's keys), written
with its name claim and sealed by the caller's custody event."""

from __future__ import annotations

from sqlalchemy import func, select

from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.integrity import verify_case
from testament.store.places import find_place, insert_place, place_for
from testament.store.schema import claims, places
from testament.vocab import CustodyEventType


def test_a_place_is_found_in_any_spelling_and_written_once(fresh_case: Case) -> None:
    with fresh_case.write() as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        assert find_place(conn, "Evin") is None
        evin = insert_place(conn, ids, facts, "Evin Prison", kind="prison", latitude=35.79, longitude=51.39)
        assert place_for(conn, ids, facts, "زندان اوین", kind="prison") == evin
        assert place_for(conn, ids, facts, "Evin", kind="prison") == evin
        tehran = place_for(conn, ids, facts, "Tehran", kind="city")
        assert tehran != evin and find_place(conn, "تهران") == tehran
        assert find_place(conn, "") is None
        append_events(
            conn, "tester", [NewEvent(CustodyEventType.MAPPED, {"what": "place", **facts.details()})]
        )
    with fresh_case.read() as conn:
        assert conn.execute(select(func.count()).select_from(places)).scalar() == 2
        names = conn.execute(
            select(claims.c.value).where(claims.c.subject_type == "place").order_by(claims.c.subject_id)
        ).scalars()
        assert list(names) == ["Evin Prison", "Tehran"]
    assert verify_case(fresh_case).ok
