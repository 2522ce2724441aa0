"""What `estimate` reads: pattern files, one row per person and `export persons` output recognised by their
columns, everything else refused; `--lists` chooses lists; `--json` carries warnings, lists and strata."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from testament.cli.main import app
from testament.errors import InputError
from testament.estimate import CaptureHistory, EstimateOptions
from testament.estimate.inputs import estimate_input, read_input
from testament.estimate.strata import OTHER, StrataRule
from testament.link.review import export_persons
from testament.store.case import Case
from tests.conftest import MSE_DATA, PASSPHRASE

ENV = {"TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": "cli-test"}


def _cli(*args: object):
    return CliRunner().invoke(app, ["estimate", *(str(a) for a in args)], env=ENV)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- recognised by their columns ---------------------------------------------------------------------------


def test_read_pattern_file_names_its_lists() -> None:
    data = read_input(MSE_DATA / "kosovo.csv")
    history = CaptureHistory.from_pattern_csv(MSE_DATA / "kosovo.csv")[None]
    assert data.kind == "patterns" and data.strata is None
    assert np.array_equal(data.histories[None].counts, history.counts)
    assert {x.name: x.persons for x in data.lists} == history.list_totals()
    assert data.available == ["EXH", "ABA", "OSCE", "HRW"]


def test_read_pattern_file_lists_option_collapses_patterns() -> None:
    data = read_input(MSE_DATA / "kosovo.csv", lists=["exh", "OSCE"])  # any case
    history = CaptureHistory.from_pattern_csv(MSE_DATA / "kosovo.csv")[None]
    totals = history.list_totals()
    assert data.histories[None].lists == ("EXH", "OSCE")
    assert data.histories[None].list_totals() == {"EXH": totals["EXH"], "OSCE": totals["OSCE"]}
    assert any("left out by --lists: ABA, HRW" in n for n in data.notes)


def test_read_pattern_file_strata_are_normalised(tmp_path: Path) -> None:
    rows = ["A,B,count,prison"]
    for prison, scale in (("Evin", 3), ("زندان اوين", 2), ("Rajaei Shahr", 4), ("Gohardasht", 1)):
        rows += [f"1,0,{10 * scale},{prison}", f"0,1,{8 * scale},{prison}", f"1,1,{5 * scale},{prison}"]
    path = _write(tmp_path / "patterns.csv", "\n".join(rows) + "\n")
    data = read_input(path, strata="prison")
    assert data.kind == "patterns" and data.strata is not None
    assert {k: h.observed for k, h in data.histories.items()} == {"Evin": 115, "Gohardasht": 115}
    evin = next(s for s in data.strata.strata if s.label == "Evin")
    assert evin.spellings == {"Evin": 69, "زندان اوين": 46}


def test_read_people_file_with_ids_marks_and_strata(tmp_path: Path) -> None:
    lines = ["person_id,amnesty,families,party,prison"]
    marks = [("yes", "no", ""), ("1", "1", "0"), ("x", "", "x"), ("0", "y", "1"), ("true", "false", "no")]
    prisons = ["Evin", "Evin Prison", "زندان اوین", "Karun", "Ahvaz Prison", "Karoon"]
    for i in range(120):
        a, b, c = marks[i % len(marks)]
        lines.append(f"{i},{a},{b},{c},{prisons[i % len(prisons)]}")
    lines.append("0,0,0,1,Evin")  # the same person again: one person, caught by party too
    path = _write(tmp_path / "people.csv", "\n".join(lines) + "\n")
    data = read_input(path, strata="prison", rule=StrataRule(min_persons=20, min_overlap=5))
    assert data.kind == "people"
    assert [x.name for x in data.lists] == ["amnesty", "families", "party"]
    assert {k: h.observed for k, h in data.histories.items()} == {"Evin": 60, "Karun": 60}
    assert data.histories["Evin"].counts[0b101] == 13  # person 0: amnesty, and party from the repeated row
    assert any("share an id" in n for n in data.notes)


def test_read_export_counts_list_files_not_testimony_mentions(tmp_path: Path) -> None:
    rows = [
        "source_file,row,person_id,artifact,start,end",
        "a.csv,1,1,,,",
        "a.csv,2,2,,,",
        "b.csv,1,1,,,",
        "b.csv,2,3,,,",
        "b.csv,3,,,,",  # not linked yet
        ",,4,7,10,25",  # a testimony mention: not a list
        ",,1,7,40,52",
        "c.xlsx,1,3,,,",
    ]
    data = read_input(_write(tmp_path / "persons.csv", "\n".join(rows) + "\n"))
    assert data.kind == "persons"
    history = data.histories[None]
    assert history.lists == ("a.csv", "b.csv", "c.xlsx") and history.observed == 3
    assert history.counts[0b011] == 1 and history.counts[0b001] == 1 and history.counts[0b110] == 1
    assert any("2 testimony mention(s) were not counted" in n for n in data.notes)
    assert data.warnings == ["1 list row(s) have no person id (added after the last link?) and were left out"]
    assert read_input(tmp_path / "persons.csv", lists=["a", "b.csv"]).histories[None].observed == 3


# --- refused, with the file named and a hint ---------------------------------------------------------------


def _refused(*args: object) -> str:
    result = _cli(*args)
    assert result.exit_code == 2, result.output
    assert "Hint:" in result.output and "Internal error" not in result.output
    return " ".join(result.output.split())  # the console wraps lines


def test_cli_estimate_refuses_a_victim_list(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "victims.csv",
        "Name,Father,Born,Prison,Executed\nSiavash Rostami,Ali,1960,Evin,1988-08-01\n"
        "Parvin Eskandari,Hasan,1962,Gohardasht,1988-08-10\n",
    )
    out = _refused(path)
    assert "victims.csv" in out and "Name, Father, Born, Prison, Executed" in out and "victim list" in out
    assert "Siavash" not in out and "Rostami" not in out  # never a victim's name


def test_cli_estimate_refuses_an_unknown_lists_name(tmp_path: Path) -> None:
    out = _refused(MSE_DATA / "kosovo.csv", "--lists", "EXH,ABX")
    assert "kosovo.csv" in out and "'ABX'" in out and "EXH, ABA, OSCE, HRW" in out
    people = _write(tmp_path / "people.csv", "id,a,b,name\n1,1,0,Siavash\n2,1,1,Parvin\n")
    out = _refused(people, "--lists", "a,name")
    assert "people.csv" in out and "name" in out and "Siavash" not in out


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("list.xlsx", b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "an Excel workbook"),
        ("list.csv", b"PK\x03\x04\x14\x00\x06\x00an xlsx renamed", "a zip container"),
        ("list.json", b'[{"name": "x"}]', "a JSON file"),
        ("list.csv", "نام,پدر\nسياوش,علي\n".encode("cp1256"), "not UTF-8 text"),
        ("list.csv", b"", "no header row"),
    ],
)
def test_cli_estimate_refuses_what_is_not_a_csv(tmp_path: Path, name: str, content: bytes, says: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = _refused(path)
    assert name in out and says in out


def test_cli_estimate_refuses_a_real_xlsx_and_a_missing_file(tmp_path: Path, strata_scenario: Path) -> None:
    out = _refused(strata_scenario / "lists" / "03_left.xlsx")
    assert "03_left.xlsx: an Excel workbook, not a CSV file" in out
    assert "no such file" in _refused(tmp_path / "missing.csv")


def test_read_input_refuses_bad_strata_and_bad_cells(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"kosovo\.csv: --strata prison: no such column"):
        read_input(MSE_DATA / "kosovo.csv", strata="prison")
    export = _write(tmp_path / "persons.csv", "source_file,row,person_id\na.csv,1,1\nb.csv,1,1\n")
    with pytest.raises(InputError, match="has no prison column") as info:
        read_input(export, strata="prison")
    assert info.value.hint and "estimate the case itself, stratified by prison" in info.value.hint
    bad = _write(tmp_path / "p.csv", "A,B,count\n1,0,5\n1,2,3\n")
    with pytest.raises(InputError, match=r"p\.csv, line 3, column B: expected 0 or 1"):
        read_input(bad)


# --- a case and its export give the same estimate (every backend) ------------------------------------------


def test_export_persons_gives_the_same_estimate_as_the_case_and_lists_choose(
    linked_case: Case, tmp_path: Path
) -> None:
    out = tmp_path / "persons.csv"
    export_persons(linked_case, out)
    from_case = read_input(linked_case)
    from_export = read_input(out)
    assert (from_case.kind, from_export.kind) == ("case", "persons")
    assert from_case.histories[None].lists == from_export.histories[None].lists
    assert np.array_equal(from_case.histories[None].counts, from_export.histories[None].counts)
    assert from_case.observed == from_export.observed > 100
    assert from_case.histories[None].sha256() == from_export.histories[None].sha256()
    options = EstimateOptions(methods=("loglinear", "dga"), model="Mt")
    case_results = estimate_input(from_case, options)
    export_results = estimate_input(from_export, options)
    assert [r.estimate for r in case_results] == [r.estimate for r in export_results]
    assert [(r.lower, r.upper) for r in case_results] == [(r.lower, r.upper) for r in export_results]
    # and the same through the command line, on the case folder and on the file
    by_cli = [json.loads(_cli(p, "--model", "Mt", "--json").stdout)[0] for p in (linked_case.path, out)]
    assert by_cli[0]["estimate"] == by_cli[1]["estimate"] == case_results[0].estimate
    assert by_cli[0]["input"]["kind"] == "case" and by_cli[1]["input"]["kind"] == "persons"
    _lists_option_chooses_sources_by_title_or_file_name(linked_case, from_case.observed)


def _lists_option_chooses_sources_by_title_or_file_name(case: Case, everyone: int) -> None:
    chosen = read_input(case, lists=["01_archive.csv", "02_mojahedin"])
    assert len(chosen.available) == 6
    assert chosen.histories[None].lists == ("01_archive.csv", "02_mojahedin.csv")
    assert chosen.observed < everyone
    assert any("left out by --lists" in n for n in chosen.notes)
    with pytest.raises(InputError, match="no list named 'archive'") as info:
        read_input(case, lists=["archive", "02_mojahedin.csv"])
    assert info.value.hint and "01_archive.csv, 02_mojahedin.csv" in info.value.hint
    result = _cli(case.path, "--lists", "archive,02_mojahedin.csv")
    assert result.exit_code == 2 and "no list named 'archive'" in " ".join(result.output.split())


# --- what --json carries ------------------------------------------------------------------------------------


def test_cli_estimate_json_carries_warnings_lists_and_strata(tmp_path: Path) -> None:
    lines = ["id,A,B,C,prison"]
    groups = {"Evin": 150, "زندان اوين": 60, "Gohardasht": 100, "Rajaei Shahr": 40, "Qasr": 40, "Lakan": 20}
    marks = ["1,0,0", "0,1,0", "0,0,1", "1,1,0", "1,0,1", "0,1,1", "1,1,1"]
    n = 0
    for prison, size in groups.items():
        for i in range(size):
            lines.append(f"{n},{marks[i % len(marks)]},{prison}")
            n += 1
    path = _write(tmp_path / "people.csv", "\n".join(lines) + "\n")
    result = _cli(path, "--strata", "prison", "--method", "loglinear", "--model", "M0", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["stratum"] for r in rows] == [OTHER, "Evin", "Gohardasht", "(all strata)"]
    for row in rows:
        assert isinstance(row["warnings"], list) and row["warnings"] == row["diagnostics"].get("warnings", [])
        assert [x["name"] for x in row["input"]["lists"]] == ["A", "B", "C"]
    combined = rows[-1]
    assert any("Qasr (40), Lakan (20)" in w for w in combined["warnings"])
    strata = {s["stratum"]: s for s in combined["input"]["strata"]["strata"]}
    assert strata["Evin"]["persons"] == 210 and strata["Evin"]["spellings"] == {"Evin": 150, "زندان اوين": 60}
    assert strata["Gohardasht"]["spellings"] == {"Gohardasht": 100, "Rajaei Shahr": 40}
    assert strata["Lakan"]["merged_into"] == OTHER
    assert combined["input"]["strata"]["estimated"] == {"Evin": 210, "Gohardasht": 140, OTHER: 60}


def test_cli_estimate_table_shows_lists_strata_and_spellings(tmp_path: Path) -> None:
    lines = ["A,B,C,count,prison"]
    for prison in ("Evin", "اوين", "Karun", "Ahvaz Prison"):
        lines += [f"1,0,0,40,{prison}", f"0,1,0,30,{prison}", f"1,1,0,20,{prison}", f"0,0,1,15,{prison}"]
        lines += [f"1,0,1,10,{prison}"]
    path = _write(tmp_path / "patterns.csv", "\n".join(lines) + "\n")
    result = _cli(path, "--strata", "prison", "--model", "M0")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "lists (patterns): A (" in out and "strata of prison" in out
    assert "Ahvaz Prison (115)" in out and "اوين (115)" in out and "(other)" not in out
