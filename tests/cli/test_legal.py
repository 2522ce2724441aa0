"""`testament legal ...`, `testament sources ...` and `testament casefile` end to end, in-process."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from testament.cli.main import app
from testament.legal import linked_acts, positions_of
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import read_events

runner = CliRunner()
ENV = {"TESTAMENT_ACTOR": "cli-test"}
TEXT = "In August 1988 the commission sat at Gohardasht. My cellmate was executed there on the first day.\n"


def _run(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args], env=ENV)
    return result.exit_code, result.output


def _id(output: str) -> int:
    return int(re.search(r"(\d+)", output).group(1))  # type: ignore[union-attr]


def test_cli_builds_a_case_file_from_hand_entered_facts(tmp_path: Path) -> None:
    case = tmp_path / "case"
    assert _run("init", case)[0] == 0
    (tmp_path / "t.txt").write_text(TEXT, "utf-8")
    assert _run("ingest", case, tmp_path / "t.txt", "--kind", "testimony")[0] == 0
    accused = _id(_run("legal", "person", case, "Hamid Accusedi")[1])
    victim = _id(_run("legal", "person", case, "Ali Kazemi")[1])
    place = _id(_run("legal", "place", case, "Gohardasht")[1])
    quote = "In August 1988 the commission sat at Gohardasht"
    code, out = _run(
        "legal", "position", case, "--person", accused, "--position", "commission member", "--place", place,
        "--from", "1988-07-28", "--to", "1988-09-15", "--artifact", 1, "--span", f"0-{len(quote)}",
        "--accepted",
    )  # fmt: skip
    assert code == 0, out
    start = TEXT.index("My cellmate was executed")
    code, out = _run(
        "legal", "act", case, "execution", "--victim", victim, "--place", place, "--date", "1988-08-01",
        "--artifact", 1, "--span", f"{start}-{start + 24}",
    )  # fmt: skip
    assert code == 0, out
    act = _id(out)
    assert (
        _run("legal", "support", case, "icc-rome-art7:a:conduct", "--act", act, "--strength", "strong")[0]
        == 0
    )
    code, out = _run("legal", "act", case, "exekution")  # recorded, with a note: it suggests nothing
    assert code == 0 and "suggests no element" in out and "execution" in out
    code, out = _run("legal", "support", case, "icc-rome-art7:a:conduct")
    assert code == 2 and "exactly one of" in out
    code, out = _run("sources", "derive", case, 1, "--from", 1)
    assert code == 2 and "itself" in out
    code, out = _run("casefile", case, "--accused", accused, "--out", tmp_path / "cf.html")
    assert code == 0, out
    html = (tmp_path / "cf.html").read_text("utf-8")
    assert (
        "Charge 7(1)(a): Murder" in html
        and "commission member" in html
        and "My cellmate was executed" in html
    )
    code, out = _run(
        "casefile", case, "--accused", accused, "--charge", "icc-rome-art7:a", "--out", tmp_path / "cf.pdf"
    )
    assert code == 0, out
    pdf = tmp_path / "cf.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_mode & 0o077 == 0  # owner only
    code, out = _run("casefile", case, "--accused", accused, "--out", tmp_path / "cf.txt")
    assert code == 2 and not (tmp_path / "cf.txt").exists()
    before = (tmp_path / "cf.html").read_bytes()
    code, out = _run("casefile", case, "--accused", accused, "--charge", "x:y", "--out", tmp_path / "cf.html")
    assert code == 2 and "--force" in out and (tmp_path / "cf.html").read_bytes() == before
    # each case file written is a `disclosed` event (what, accused, role, format; no path, no name)
    with Case.open(case, settings=Settings(actor="cli-test")) as opened, opened.read() as conn:
        written = [json.loads(e.details) for e in read_events(conn) if e.event_type == "disclosed"]
    assert [(d["what"], d["accused"], d["format"]) for d in written] == [
        ("case file", accused, "html"), ("case file", accused, "pdf"),
    ]  # fmt: skip
    assert all("cf." not in json.dumps(d) for d in written)
    assert _run("verify", case)[0] == 0
    code, out = _run("legal", "frameworks", "--json")
    assert code == 0 and "icc-rome-art7:i" in out


def test_cli_review_sets_the_place_and_dates_of_a_position(tmp_path: Path) -> None:
    case = tmp_path / "case"
    assert _run("init", case)[0] == 0
    accused = _id(_run("legal", "person", case, "Hamid Accusedi")[1])
    place = _id(_run("legal", "place", case, "Gohardasht")[1])
    act = _id(_run("legal", "act", case, "execution", "--place", place, "--date", "1988-08-01")[1])
    claim = _id(_run("legal", "position", case, "--person", accused, "--position", "prosecutor")[1])
    code, out = _run("legal", "review", case, claim)
    assert code == 2 and "--status" in out
    code, out = _run(
        "legal", "review", case, claim, "--place", place, "--from", "1988-09-01", "--to", "1988-08-01"
    )
    assert code == 2 and "before start" in out
    code, out = _run(
        "legal", "review", case, claim, "--place", place, "--from", "1988-07-28", "--to", "1988-09-15"
    )
    assert code == 0 and "edited" in out, out
    with Case.open(case, settings=Settings(actor="cli-test")) as opened, opened.read() as conn:
        reviewed = [json.loads(e.details) for e in read_events(conn) if e.event_type == "reviewed"]
        linked = linked_acts(conn, accused, positions_of(conn, accused))
    assert [a.act_id for a in linked] == [act]  # the position now links the act at its place and dates
    assert [(d["claim_id"], d["decision"], d["edited"]) for d in reviewed] == [
        (claim, "edited", ["date_end", "date_precision", "date_start", "place_id"])
    ]
    assert _run("verify", case)[0] == 0
