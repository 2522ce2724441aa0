"""The person search index (`testament.store.name_index`) stays in step with the name claims whatever writes
them: list ingest, a reviewed mention that becomes a person record, an edited value, an in-place change and a
deletion through `FactWriter`; `check` finds a key the index lacks. On SQLite, SQLCipher and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select, update

from testament.extract import extract_artifact
from testament.extract.review import accept_candidate, edit_candidate, list_candidates
from testament.ingest import IngestOptions, ingest_files
from testament.store import name_index
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events
from testament.store.facts import FactWriter
from testament.store.schema import attestations, claims, name_keys
from testament.vocab import CustodyEventType

LIST_CSV = (
    "name,father name,birth year\nAli Kazemi,Mohammad,1340\nعلی کاظمی,محمد,1340\nSara Niknam,Ahmad,1345\n"
)
TESTIMONY = "My name is Parvaneh Sadeghi. I saw Hamid Rostami in Evin prison in the summer of 1988.\n"


def _keys(case: Case) -> dict[int, tuple[int | None, set[str]]]:
    """claim → (record, keys) as the index holds them; `check` says none is missing."""
    with case.read() as conn:
        assert name_index.check(conn) == []
        out: dict[int, tuple[int | None, set[str]]] = {}
        for cid, rid, key in conn.execute(select(name_keys)):
            out.setdefault(int(cid), (rid, set()))[1].add(str(key))
        return out


def _records(case: Case, words: str) -> list[int]:
    with case.read() as conn:
        return name_index.matching_records(conn, name_index.name_keys_of(words))


def test_the_index_follows_every_writer(fresh_case: Case, tmp_path: Path) -> None:
    case = fresh_case
    (tmp_path / "victims.csv").write_text(LIST_CSV, "utf-8")
    (tmp_path / "testimony.txt").write_text(TESTIMONY, "utf-8")
    report = ingest_files(case, [tmp_path / "victims.csv", tmp_path / "testimony.txt"], IngestOptions())
    assert report.ok, report.to_dict()
    # list ingest: both spellings of Ali Kazemi meet on one key; Sara Niknam is found by a prefix
    kazemi, persian, niknam = sorted(_records(case, "Kazemi") + _records(case, "Niknam"))
    assert _records(case, "کاظمی") == [kazemi, persian] == _records(case, "kazemi ALI")
    assert _records(case, "Nik") == [niknam] and _records(case, "Ni") == []  # 2 letters: whole keys only

    # extraction proposes mention claims (no person record yet); accepting one makes the record
    extract_artifact(case, report.files[1].artifact_id)  # type: ignore[arg-type]
    assert _records(case, "Rostami") == []
    person = next(c for c in list_candidates(case, types=["person"]) if "Rostami" in c.text)
    record = accept_candidate(case, person.claim_id).person_record_id
    assert record is not None and _records(case, "Rostami") == [record]
    assert _keys(case)[person.claim_id][0] == record

    # an edited value brings its keys (the passage, which still says Rostami, keeps its own)
    edit_candidate(case, person.claim_id, value="Hamid Rostamzadeh")
    assert _records(case, "Rostamzadeh") == [record] == _records(case, "Rostami")

    # an in-place change and a deletion by any sealed writer
    with case.read() as conn:
        niknam_claim = conn.execute(
            select(claims.c.id).where(claims.c.subject_id == niknam, claims.c.predicate == "name")
        ).scalar_one()
    with case.write() as conn:
        facts = FactWriter(conn)
        facts.written(claims, [niknam_claim])
        conn.execute(update(claims).where(claims.c.id == niknam_claim).values(value="Sara Golshiri"))
        append_events(conn, "tester", [NewEvent(CustodyEventType.REVIEWED, facts.details(always=True))])
    assert _records(case, "Golshiri") == [niknam]
    assert _records(case, "Niknam") == [niknam]  # the list cell still says Niknam: its passage keeps the key
    with case.read() as conn:
        gone = conn.execute(
            select(claims.c.id).where(claims.c.subject_id == persian, claims.c.predicate == "name")
        ).scalar_one()
        gone_atts = list(
            conn.execute(select(attestations.c.id).where(attestations.c.claim_id == gone)).scalars()
        )
    with case.write() as conn:
        facts = FactWriter(conn)
        facts.delete(attestations, gone_atts)
        facts.delete(claims, [gone])
        append_events(conn, "tester", [NewEvent(CustodyEventType.REVIEWED, facts.details(always=True))])
    assert gone not in _keys(case) and _records(case, "کاظمی") == [kazemi]

    # a key the index lacks is reported
    with case.write() as conn:
        conn.execute(delete(name_keys).where(name_keys.c.claim_id == niknam_claim))
    with case.read() as conn:
        assert name_index.check(conn) == ["name_keys: 3 name keys missing (rebuild the index)"]
    with case.write() as conn:
        name_index.rebuild(conn)
    assert _records(case, "Golshiri") == [niknam]
