"""`export persons --wide` (testament.exports.persons) on SQLite and PostgreSQL: one row per person with the
names in both scripts, the list columns right against the records, the access gate by role (a viewer gets
no canary; the owner's protected reads are logged), no cell a spreadsheet would run, and `testament
estimate` on the file gives the case's estimate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from testament.cli.main import app
from testament.estimate.inputs import estimate_input, read_input
from testament.estimate.run import EstimateOptions
from testament.exports.persons import _PAIR, WIDE_COLUMNS, _Person, _row, export_persons_wide
from testament.names.places import place_name
from testament.store.access import Viewer
from testament.store.case import Case
from testament.store.schema import artifacts, claims, custody_events, person_records, sources
from testament.tabular import read_csv
from tests.cli.test_access import ENV, _planted_canaries
from tests.exports.test_patterns import HOSTILE, _cells, _same, _would_run, linked  # noqa: F401 (fixture)
from tests.views.conftest import Planted, planted  # noqa: F401  (the fixture)
from tests.web.canaries import leaks

runner = CliRunner()
TWO = [pytest.param("sqlite", marks=pytest.mark.sqlite), pytest.param("postgres", marks=pytest.mark.postgres)]


def _export(p: Planted, out: Path, *extra: str) -> tuple[str, dict[str, dict[str, str]]]:
    """Run the command; what it printed and the file's rows by person id."""
    result = runner.invoke(
        app, ["export", "persons", str(p.case.path), "--out", str(out), "--wide", *extra], env=ENV
    )
    assert result.exit_code == 0, result.output
    header, rows = read_csv(out.read_text("utf-8"))
    assert header[: len(WIDE_COLUMNS)] == list(WIDE_COLUMNS)
    return result.output, {row["person_id"]: row for row in rows}


@pytest.mark.parametrize("backend", TWO)
def test_names_in_both_scripts_and_the_gate(planted: Planted, tmp_path: Path) -> None:  # noqa: F811
    """Ali Kazemi's two list records spell him in Latin and Persian script: one row, both names, his list;
    a viewer's file holds no canary (the witness has no row) and says fields were withheld; the owner's
    holds the witness and logs the protected read as `disclosed`."""
    out = tmp_path / "wide.csv"
    with planted.case.write() as conn:  # one field above a viewer on a row a viewer sees
        conn.execute(update(claims).where(claims.c.value == "Ahmad").values(sensitivity="restricted"))
    printed, rows = _export(planted, out, "--as", "viewer1")
    victim = rows[str(planted.victim_person)]
    assert (victim["name_latin"], victim["name_persian"]) == ("Ali Kazemi", "علی کاظمی")
    assert set(victim["father_name"].split(" | ")) == {"Mohammad", "محمد"}
    assert victim["records"] == "2" and victim["list:victims.csv"] == "1" and victim["lists"] == "victims.csv"
    other = rows[str(planted.other_person)]
    assert other["name_latin"] == "Sara Niknam" and other["father_name"] == "" and other["born"]
    assert str(planted.witness_person) not in rows and "some fields withheld" in printed
    seen = printed + out.read_text("utf-8")
    assert not [c.name for c in _planted_canaries() if leaks(seen, c)]

    with planted.case.read() as conn:
        head = max(conn.execute(select(custody_events.c.seq)).scalars())
    printed, rows = _export(planted, out)
    witness = rows[str(planted.witness_person)]
    assert witness["name_latin"] == "Zohreh Canarypour" and witness["name_persian"] == "زهره قناری‌پور"
    assert witness["list:victims.csv"] == "0" and witness["lists"] == "" and witness["records"] == "1"
    assert rows[str(planted.other_person)]["father_name"] == "Ahmad"
    with planted.case.read() as conn:
        events = conn.execute(
            select(custody_events.c.details).where(
                custody_events.c.seq > head, custody_events.c.event_type == "disclosed"
            )
        ).scalars()
        fields = [f for e in events for f in json.loads(e)["fields"]]
    assert ["claims", planted.witness_claims[0], "value"] in fields, fields
    nowhere = tmp_path / "no-such-folder" / "wide.csv"
    refused = runner.invoke(
        app, ["export", "persons", str(planted.case.path), "--out", str(nowhere), "--wide"], env=ENV
    )
    assert refused.exit_code == 2 and "no folder" in refused.output and not nowhere.parent.exists()


def test_dates_as_written_beside_their_intervals_places_by_the_gazetteer() -> None:
    """A person's dates: the n-th interval is the n-th date's, most attested first; places are named as
    the gazetteer names them, so two spellings of one prison are one value."""
    person = _Person()
    for written, iso in [
        ("1367", "1988-03-21/1989-03-20"),
        ("September 1988", "1988-09-01/1988-09-30"),
        ("September 1988", "1988-09-01/1988-09-30"),
        ("1367/05", "1988-07-23/1988-08-22"),
    ]:
        person.add("executed", f"{written}{_PAIR}{iso}")
    for prison in ("Rajaei Shahr", "Gohardasht", "Evin"):
        person.add("prison", place_name(prison, "prison") or prison)
    row = dict(zip(WIDE_COLUMNS, _row(1, person, []), strict=False))
    assert row["executed"] == "September 1988 | 1367 | 1367/05"
    assert row["executed_iso"] == "1988-09-01/1988-09-30 | 1988-03-21/1989-03-20 | 1988-07-23/1988-08-22"
    assert row["prison"] == "Gohardasht | Evin"


def test_list_columns_are_the_records_lists(linked: Case, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "wide.csv"
    made = export_persons_wide(linked, Viewer.local(linked), out)
    header, rows = read_csv(out.read_text("utf-8"))
    titles = [h.removeprefix("list:") for h in header[len(WIDE_COLUMNS) :]]
    assert titles == made.lists and len(titles) == 3
    with linked.read() as conn:
        truth: dict[str, set[str]] = {}
        count: dict[str, int] = {}
        for pid, title in conn.execute(
            select(person_records.c.person_id, sources.c.title)
            .join(artifacts, artifacts.c.id == person_records.c.artifact_id)
            .join(sources, sources.c.id == artifacts.c.source_id)
        ):
            truth.setdefault(str(pid), set()).add(str(title))
            count[str(pid)] = count.get(str(pid), 0) + 1
    assert {row["person_id"] for row in rows} == set(truth)
    for row in rows:
        marked = {t for t in titles if row["list:" + t] == "1"}
        assert marked == truth[row["person_id"]] == set(row["lists"].split(" | ")), row
        assert row["records"] == str(count[row["person_id"]])


def test_no_cell_would_run_as_a_formula(linked: Case, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "wide.csv"
    export_persons_wide(linked, Viewer.local(linked), out)
    cells = _cells(out)
    assert not [cell for cell in cells if _would_run(cell)]
    for start in ("'=HYPERLINK", "'+98", "'-Reza", "'@SUM"):
        assert any(cell.startswith(start) for cell in cells), start
    assert len([c for c in cells if c.startswith("'")]) >= len(HOSTILE) - 2  # tab and CR names are trimmed


def test_estimate_on_the_wide_file_is_the_case_estimate(linked: Case, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "wide.csv"
    export_persons_wide(linked, Viewer.local(linked), out)
    options = EstimateOptions(methods=("loglinear",), model="Mt")
    from_case = estimate_input(read_input(linked), options)
    from_file = estimate_input(read_input(out), options)
    _same(from_case, from_file)
    assert from_case[0].input_sha256 == from_file[0].input_sha256
    two = ["amnesty", "families.csv"]
    _same(
        estimate_input(read_input(linked, lists=two), options),
        estimate_input(read_input(out, lists=two), options),
    )
