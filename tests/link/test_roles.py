"""A testimony's perpetrator or witness is never merged with a victim on the model's say-so (issue 12)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from testament.estimate.linkage import read_pair_graph
from testament.extract import accept_candidate, extract_artifact, list_candidates
from testament.ingest import IngestOptions, ingest_files
from testament.link import link_case, read_records, record_decision
from testament.link.cluster import ADVERSE, VICTIM
from testament.link.model import Model
from testament.store.case import Case
from testament.store.schema import person_records
from tests.link.conftest import FAST, PLAIN_BACKENDS

# What is proved here is the role rule of clustering, not training or encryption: SQLite and PostgreSQL, and
# every link with the model trained once per session (`small_model`), not a training per run.
pytestmark = PLAIN_BACKENDS

LIST = """name,father's name,prison,date of execution
Hossein Mousavi,Ali,Evin,1988-08-01
Reza Karimi,Hasan,Gohardasht,1988-08-02
Mehdi Rezaei,Javad,Evin,1988-08-03
Ahmad Hosseini,Karim,Gohardasht,1988-08-04
"""
TESTIMONY = "We were taken to Evin in 1988. The interrogator Hossein Mousavi beat us every night.\n"


def _person_of(case: Case) -> dict[int, int | None]:
    with case.read() as conn:
        rows = conn.execute(select(person_records.c.id, person_records.c.person_id)).all()
    return {int(r.id): r.person_id for r in rows}


def test_link_case_reads_roles_and_a_reviewer_joins_across_them(
    fresh_case: Case, tmp_path: Path, small_model: Model
) -> None:
    lists, text = tmp_path / "victims.csv", tmp_path / "testimony.md"
    lists.write_text(LIST, "utf-8")
    text.write_text(TESTIMONY, "utf-8")
    report = ingest_files(fresh_case, [lists, text], IngestOptions())
    testimony = next(f for f in report.files if f.kind == "testimony").artifact_id
    assert testimony is not None
    extract_artifact(fresh_case, testimony)
    mention = next(
        c for c in list_candidates(fresh_case, types=["person"]) if c.text.endswith("Hossein Mousavi")
    )
    assert mention.role == "perpetrator"
    accept_candidate(fresh_case, mention.claim_id)
    records = read_records(fresh_case)
    roles = dict(
        zip(records.column("record_id").to_pylist(), records.column("role").to_pylist(), strict=True)
    )
    perpetrator = next(r for r, role in roles.items() if role == "perpetrator")
    rows = dict(zip(records.column("record_id").to_pylist(), records.column("row").to_pylist(), strict=True))
    victim = next(r for r in roles if rows[r] == 1)

    link_case(fresh_case, FAST, model=small_model)
    assert _person_of(fresh_case)[perpetrator] != _person_of(fresh_case)[victim]
    # the linkages `estimate` draws from the stored pairs keep the sides apart too
    found = read_pair_graph(fresh_case)
    assert found is not None and found[0].sides is not None
    graph = found[0]
    where = {int(r): i for i, r in enumerate(graph.record_ids.tolist())}
    assert graph.sides[where[perpetrator]] == ADVERSE and graph.sides[where[victim]] == VICTIM
    record_decision(fresh_case, perpetrator, victim, same=True, reviewer="ana")
    link_case(fresh_case, FAST, model=small_model)
    person = _person_of(fresh_case)
    assert person[perpetrator] == person[victim]


def test_link_records_never_joins_a_perpetrator_to_the_victim_it_copies(
    case_with_lists: Case, small_model: Model
) -> None:
    """A mention that repeats every field of a list row joins it as a victim's mention, never as the
    mention of a perpetrator or of the narrator."""
    import pyarrow as pa

    from testament.link import link_records

    records = read_records(case_with_lists)
    twin = records.slice(0, 1).to_pylist()[0]
    ids = records.column("record_id").to_pylist()
    for role, together in (("victim", True), ("perpetrator", False), ("narrator", False)):
        copy = twin | {"record_id": max(ids) + 1, "artifact_id": 999, "row": None, "role": role}
        table = pa.concat_tables([records, pa.Table.from_pylist([copy], schema=records.schema)])
        result = link_records(table, FAST, model=small_model)
        position = {int(r): i for i, r in enumerate(result.record_ids.tolist())}
        labels = result.clustering.labels
        assert bool(labels[position[twin["record_id"]]] == labels[position[copy["record_id"]]]) is together, (
            role
        )
