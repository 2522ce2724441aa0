"""`testament decode`: tapped messages read back with Persian Morse, international Morse and knock grids;
unreadable letters reported by position; the reading kept as a derived artifact that extraction reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from typer.testing import CliRunner

from testament.cli.main import app
from testament.errors import InputError
from testament.extract import extract_artifact, extract_case, list_candidates
from testament.extract.decode import PLACEHOLDER, code_tables, decode, decode_artifact, encode
from testament.ingest import IngestOptions, ingest_files
from testament.store.case import Case
from testament.store.integrity import verify_case
from testament.store.schema import artifacts

PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _texts(alphabet: str) -> st.SearchStrategy[str]:
    word = st.text(alphabet=alphabet, min_size=1, max_size=8)
    return st.lists(word, min_size=1, max_size=6).map(" ".join)


@pytest.mark.parametrize(
    ("table", "alphabet"),
    [
        ("persian-morse", PERSIAN + "۰۱۲۳۴۵۶۷۸۹"),
        ("morse", LATIN + "0123456789"),
        ("tap-latin", LATIN.replace("K", "")),  # K shares C's cell: it comes back as C
        ("tap-persian", PERSIAN),
    ],
)
def test_decode_round_trips_any_text_over_the_alphabet(table: str, alphabet: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(_texts(alphabet))
    def check(text: str) -> None:
        decoded = decode(encode(text, table), table)
        assert decoded.text == text and decoded.unreadable == ()
        assert decoded.letters == len(text.replace(" ", ""))

    check()


def test_decode_reads_known_messages_and_transcription_variants() -> None:
    assert decode("-.. . / -. ..-. .-.", "persian-morse").text == "ده نفر"
    assert decode("•—— •— ••• / — • —•", "morse").text == "WAS TEN"  # typographic dots and dashes
    assert decode("-.-. .- ...   - . -.", "morse").text == "CAS TEN"  # words apart by three spaces
    assert decode("2 3 / 1 5 // 5 4", "tap-latin").text == "HE Y"
    assert decode("23, 15", "tap-latin").text == "HE"
    assert decode(".. ... / . .....", "tap-latin").text == "HE"  # knocks as marks
    assert decode("2 3 1 5", "tap-latin").text == "HE"  # bare numbers, paired in order
    assert encode("kick", "tap-latin") == encode("CICC", "tap-latin")  # K is tapped as C
    assert decode(encode("ده نفر را آوردند", "persian-morse"), "persian-morse").text == "ده نفر را اوردند"


def test_decode_reports_unreadable_positions() -> None:
    sequence = ".-- .-.-.-.-.- ... / - x -."
    decoded = decode(sequence, "morse")
    assert decoded.text == f"W{PLACEHOLDER}S T{PLACEHOLDER}N"
    assert [(u.index, u.code, u.at) for u in decoded.unreadable] == [(1, ".-.-.-.-.-", 1), (4, "x", 5)]
    for u in decoded.unreadable:
        assert sequence[u.start : u.end] == u.code and decoded.text[u.at] == PLACEHOLDER
    knocks = decode("2 3 / 9 9 / 1 / 1 5", "tap-latin")
    assert knocks.text == f"H{PLACEHOLDER}{PLACEHOLDER}E"
    assert [(u.index, u.code) for u in knocks.unreadable] == [(1, "9 9"), (2, "1")]
    grid = decode("6 3 / 1 1", "tap-persian")  # an empty cell of the Persian grid
    assert grid.text == f"{PLACEHOLDER}ا" and grid.unreadable[0].code == "6 3"


def test_decode_refuses_an_unknown_table_and_unsendable_text() -> None:
    with pytest.raises(InputError, match="no such code table"):
        decode("...", "klingon")
    with pytest.raises(InputError, match="character 3 of the text"):
        encode("ab€", "morse")
    assert {"morse", "persian-morse", "tap-latin", "tap-persian"} <= set(code_tables())


# --- the derived artifact, on every backend -----------------------------------------------------------

NOTE = (
    "My name is Parviz Kamali. On August 6, 1988 the knocking came through the wall of our ward:\n"
    "- .-- . -. - -.-- / -- . -. / .-- . .-. . / . -..- . -.-. ..- - . -.. / .. -. / --. --- .... .- .-. "
    "-.. .- ... .... - \n"
)


def test_decode_artifact_keeps_a_derived_text_that_extraction_reads(fresh_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, "utf-8")
    aid = ingest_files(fresh_case, [path], IngestOptions()).files[0].artifact_id
    assert aid is not None
    start = NOTE.index("- .--")
    report = decode_artifact(fresh_case, aid, "morse", start=start)
    assert report.new and report.decoded.text == "TWENTY MEN WERE EXECUTED IN GOHARDASHT"
    again = decode_artifact(fresh_case, aid, "morse", start=start)
    assert not again.new and again.artifact_id == report.artifact_id
    with fresh_case.read() as conn:
        row = conn.execute(select(artifacts).where(artifacts.c.id == report.artifact_id)).one()
    assert (row.derived_from, row.transformation, row.tool_version.endswith("+morse")) == (
        aid,
        "decoded from",
        True,
    )
    extracted = extract_artifact(fresh_case, report.artifact_id)
    assert extracted.by_type.get("count") == 1 and extracted.by_type.get("place") == 1
    counts = [c for c in list_candidates(fresh_case, artifact_id=report.artifact_id) if c.type == "count"]
    assert [c.value for c in counts] == ["20"]
    assert report.artifact_id in [r.artifact_id for r in extract_case(fresh_case)]
    assert verify_case(fresh_case).ok
    with pytest.raises(InputError, match="outside its text"):
        decode_artifact(fresh_case, aid, "morse", start=5, end=10_000)


runner = CliRunner()


@pytest.mark.sqlite
def test_cli_decode_reads_on_the_spot_and_into_a_case(tmp_path: Path) -> None:
    quick = runner.invoke(app, ["decode", "--table", "tap-latin", "--json", "2 3 / 9 9"])
    assert quick.exit_code == 0, quick.output
    assert json.loads(quick.stdout)["unreadable"][0]["code"] == "9 9"
    case = tmp_path / "case"
    env = {"TESTAMENT_ACTOR": "cli-test"}
    assert runner.invoke(app, ["init", str(case)], env=env).exit_code == 0
    path = tmp_path / "note.txt"
    path.write_text("-.. . / -. ..-. .-.", "utf-8")
    assert runner.invoke(app, ["ingest", str(case), str(path)], env=env).exit_code == 0
    kept = runner.invoke(app, ["decode", str(case), "--artifact", "1", "--table", "persian-morse"], env=env)
    assert kept.exit_code == 0 and "kept as artifact 2" in kept.stdout
    bad = runner.invoke(app, ["decode", str(case), "--artifact", "1", "--table", "nope"], env=env)
    assert bad.exit_code != 0 and "no such code table" in bad.output
    empty = runner.invoke(app, ["decode", "--table", "morse"])
    assert empty.exit_code == 2 and "nothing to decode" in empty.output
