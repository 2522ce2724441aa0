"""The command line reads through the access gate: command × role × canary.

The case of tests/views/conftest.py plants a witness's name (Latin and Persian script), a relative's address
(restricted: investigators and admins) and a sealed claim (admins). Every command that shows case content
(READS) is run with `--as` each workbench role: no output, printed or written to --out, of a role without
clearance holds a canary in any of its forms (tests/web/canaries.py). Run by the case's owner (no `--as`)
the same commands show the canaries, and each protected read is logged as a `disclosed` custody event naming
table, row and field, never the value. The commands are read from the Typer app, so a new command in neither
READS nor NO_CONTENT (with the reason it shows no case content) fails `test_every_command_is_classified`.
"""

from __future__ import annotations

import csv
import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from testament.cli._common import console, err_console
from testament.cli.main import app
from testament.store.schema import custody_events
from tests.cli.test_thin import COMMANDS
from tests.conftest import PASSPHRASE
from tests.views.conftest import CANARIES, Planted, planted  # noqa: F401  (the fixture)
from tests.web.canaries import CLEARANCE, Canary, canaries, leaks

runner = CliRunner()
OWNER = "case-owner"
ENV = {"TESTAMENT_PASSPHRASE": PASSPHRASE, "TESTAMENT_ACTOR": OWNER, "TESTAMENT_USER": ""}


@dataclass(frozen=True)
class Read:
    """A command that shows case content: its invocations ({case}, {out} and the planted ids filled in) and
    the canaries its owner must see in what it prints or writes."""

    invocations: Callable[[Planted], list[list[str]]]
    owner_sees: frozenset[str] = frozenset()


_ALL = frozenset(CANARIES)
_STATUSES = ["--status", "proposed", "--status", "accepted", "--status", "edited", "--status", "rejected"]

READS: dict[str, Read] = {
    "testament records": Read(lambda p: [["records", "{case}", "--json"], ["records", "{case}"]], _ALL),
    "testament artifacts": Read(lambda p: [["artifacts", "{case}", "--json"], ["artifacts", "{case}"]]),
    "testament artifact get": Read(
        lambda p: [["artifact", "get", "{case}", str(i), "--out", "{out}"] for i in (p.text_id, p.list_id)],
        _ALL,
    ),
    "testament custody": Read(lambda p: [["custody", "{case}", "--json"], ["custody", "{case}", "--csv"]]),
    "testament export mentions": Read(
        lambda p: [["export", "mentions", "{case}", "--out", "{out}"]],
        frozenset({"witness_latin"}),
    ),
    "testament export persons": Read(
        lambda p: [
            ["export", "persons", "{case}", "--out", "{out}"],
            ["export", "persons", "{case}", "--out", "{out}", "--wide"],
        ],
        frozenset({"witness_latin", "witness_persian"}),  # --wide: the witness's names
    ),
    "testament review claims": Read(
        lambda p: [
            ["review", "claims", "{case}", "--list", *_STATUSES],
            ["review", "claims", "{case}", "--json"],
        ],
        frozenset({"witness_latin"}),
    ),
    "testament review links": Read(
        lambda p: [["review", "links", "{case}", "--list"], ["review", "links", "{case}", "--list", "--json"]]
    ),
    "testament link explain": Read(
        lambda p: [
            ["link", "explain", "{case}", str(person), *flag]
            for person in (p.witness_person, p.relative_person, p.victim_person, p.other_person)
            for flag in ([], ["--json"])
        ],
        frozenset({"witness_latin", "address"}),  # a record's first name only: the Latin one
    ),
    "testament casefile": Read(
        lambda p: [
            ["casefile", "{case}", "--accused", str(i), "--out", "{out}.html"]
            for i in (p.victim_person, p.witness_person, p.relative_person)
        ],
    ),
    "testament export dossier": Read(
        lambda p: [
            ["export", "dossier", "{case}", str(i), "--out", "{out}.html"]
            for i in (p.victim_person, p.witness_person, p.relative_person)
        ],
        frozenset({"witness_latin", "witness_persian", "address"}),
    ),
    "testament consent list": Read(
        lambda p: [["consent", "list", "{case}", "--json"], ["consent", "list", "{case}"]]
    ),  # notes (restricted) only to cleared roles: tests/cli/test_exports.py plants one
}

# Commands that show no case content, and why.
NO_CONTENT: dict[str, str] = {
    "testament": "the group itself (--version)",
    "testament init": "creates an empty case",
    "testament status": "whole-table counts, which single no one out",
    "testament verify": "integrity: counts, and findings naming tables and row ids, never values",
    "testament checkpoint": "a signed statement of the custody chain's head (hashes and a count)",
    "testament checkpoint-to": "sets where checkpoints go",
    "testament keygen": "makes a key pair; opens no case",
    "testament passphrase change": "changes the case key's passphrase",
    "testament passphrase recover": "rebuilds the case key from recovery shares",
    "testament serve": "starts the workbench, whose pages and API read through the gate themselves",
    "testament users add": "accounts: names and roles of users, no case content",
    "testament users list": "accounts: names and roles of users, no case content",
    "testament users disable": "accounts: names and roles of users, no case content",
    "testament users role": "accounts: names and roles of users, no case content",
    "testament users token": "prints a new API token",
    "testament synth": "generates synthetic data; opens no case",
    "testament ingest": "a change by the owner: reports the files given, refused rows by number and column",
    "testament extract": "a change by the owner: counts of candidates per file (the files given by name)",
    "testament decode": "a change (keeps a decoded text as a derived file): counts and ids, not the text",
    "testament link run": "a change: counts, thresholds and record ids of conflicting decisions",
    "testament link evaluate": "scores against a synthetic truth: numbers only",
    "testament review merge": "a change: person and record ids and counts",
    "testament review split": "a change: person and record ids and counts",
    "testament verify-bundle": "checks a bundle's members against its signed manifest; opens no case",
    "testament consent grant": "a change: records a witness's consent by person id",
    "testament consent refuse": "a change: records a witness's refusal by person id",
    "testament consent withdraw": "a change: withdraws a consent by person id",
    "testament collection": "a change by the owner: prints the collection record it saved (no --as: the "
    "owner reads every field; bundles gate the record by its label)",
    # Exports that release case content on purpose, each gated inside testament.exports by label and consent
    # (and logged as `disclosed`), with a clearance the owner chooses rather than a user's role:
    "testament export bundle": "a signed bundle for a named recipient, up to --cleared, under consent",
    "testament export public": "allow-listed fields with publication consent; nothing restricted or sealed",
    "testament export patterns": "capture patterns: 0/1 per list and counts (strata as for estimate)",
    "testament export report": "a signed estimate report: hashes, settings, seeds, counts",
    "testament legal frameworks": "the legal frameworks' crimes and elements: no case content",
    "testament legal support": "a change: links evidence to an element, prints its id",
    "testament legal person": "a change: adds a person by hand (the name given), prints the id",
    "testament legal place": "a change: adds a place, prints the id",
    "testament legal act": "a change: records an act, prints the id",
    "testament legal position": "a change: records a position held, prints the claim id",
    "testament legal review": "a change: a claim's review status, by id",
    "testament sources derive": "a change: records that a source copies another, by ids",
    "testament sources suggest": "pairs of list ids with overlap counts and ratios",
    "testament estimate": "population estimates: counts per list and stratum; strata are list records' "
    "places, prisons, affiliations, sex or fate, not protected fields (witnesses, relatives, sealed claims)",
}


def test_every_command_is_classified() -> None:
    unclassified = sorted(set(COMMANDS) - set(READS) - set(NO_CONTENT))
    assert not unclassified, (
        f"commands neither in READS (shows case content: read it through testament.views.listings with "
        f"--as) nor in NO_CONTENT (with the reason): {unclassified}"
    )
    assert not set(READS) & set(NO_CONTENT)
    stale = sorted((set(READS) | set(NO_CONTENT)) - set(COMMANDS))
    assert not stale, f"no such commands: {stale}"


@pytest.mark.parametrize("name", sorted(READS))
def test_every_read_command_takes_as(name: str) -> None:
    assert "as_user" in inspect.signature(COMMANDS[name]).parameters, f"`{name}` has no --as USER"


# --- running the commands ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _wide_console() -> Iterator[None]:
    """Rich wraps at the terminal's width; a canary broken over two lines of a table would slip past."""
    widths = console.width, err_console.width
    console.width = err_console.width = 2000
    yield
    console.width, err_console.width = widths


def _planted_canaries() -> list[Canary]:
    return canaries(
        SimpleNamespace(
            canary_witness_latin=CANARIES["witness_latin"],
            canary_witness_persian=CANARIES["witness_persian"],
            canary_address=CANARIES["address"],
            canary_sealed=CANARIES["sealed"],
        )
    )


_KEYS = dict(zip([c.name for c in _planted_canaries()], CANARIES, strict=True))  # canary name → key


def _run(p: Planted, args: list[str], out: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    """Run one invocation; everything it printed (stdout and stderr) and wrote to --out."""
    filled = [a.format(case=p.case.path, out=out) for a in args] + list(extra)
    result = runner.invoke(app, filled, env=env or ENV)
    assert result.exit_code != 70 and "Internal error" not in result.output, (filled, result.output)
    written = ""
    for path in sorted(out.parent.glob(out.name + "*")):  # --out {out} or {out}.html
        written += path.read_text("utf-8", errors="replace") + "\n"
        path.unlink()
    return result.output + "\n" + written


def _all_runs(p: Planted) -> list[tuple[str, list[str], Read]]:
    return [(name, args, read) for name, read in READS.items() for args in read.invocations(p)]


def _events_after(p: Planted, seq: int) -> list[Any]:
    with p.case.read() as conn:
        return list(
            conn.execute(
                select(custody_events.c.seq, custody_events.c.event_type, custody_events.c.actor,
                       custody_events.c.details)
                .where(custody_events.c.seq > seq)
                .order_by(custody_events.c.seq)
            ).all()
        )  # fmt: skip


def _head(p: Planted) -> int:
    events = _events_after(p, 0)
    return int(events[-1].seq) if events else 0


# Every read command × role on SQLite and PostgreSQL (about 25 runs a role, each opening the case); on
# SQLCipher, whose every open derives the key (about half a second), `export persons` below shows the gate.
@pytest.mark.parametrize(
    ("backend", "roles"),
    [
        # the analyst reads the viewer's labels (it differs in actions: see the refusals below)
        pytest.param("sqlite", ("viewer", "investigator"), marks=pytest.mark.sqlite),
        pytest.param("postgres", ("viewer",), marks=pytest.mark.postgres),
    ],
)
def test_cli_reads_through_the_gate(planted: Planted, tmp_path: Path, roles: tuple[str, ...]) -> None:  # noqa: F811
    """For each role below admin (`--as`), no read command's output holds a canary the role may not read;
    the owner's does, and each protected read is logged as `disclosed` (table, row, field; no value)."""
    out = tmp_path / "out.file"
    planted_canaries = _planted_canaries()
    failures: list[str] = []
    head = _head(planted)
    for role in roles:
        for _, args, _ in _all_runs(planted):
            seen = _run(planted, args, out, "--as", f"{role}1")
            for canary in planted_canaries:
                if canary.label not in CLEARANCE[role] and (leaked := leaks(seen, canary)):
                    failures.append(f"{role}: `{' '.join(args)}` shows the {canary.name}: {leaked[:2]}")
    viewer_env = ENV | {"TESTAMENT_USER": "viewer1"}  # the environment's user, as --as
    seen = _run(planted, ["records", "{case}", "--json"], out, env=viewer_env)
    failures += [f"TESTAMENT_USER=viewer1 records: {c.name}" for c in planted_canaries if leaks(seen, c)]
    assert not failures, "\n".join(failures)
    # Roles without clearance disclosed nothing.
    # (an export's own `disclosed` record, {"what": ...}, names what was made, not fields read)
    assert not [
        e
        for e in _events_after(planted, head)
        if e.event_type == "disclosed" and e.actor != "investigator1" and "what" not in json.loads(e.details)
    ]

    owner_seen: dict[str, set[str]] = {}
    for name, args, _ in _all_runs(planted):
        before = _head(planted)
        seen = _run(planted, args, out)
        found = {_KEYS[c.name] for c in planted_canaries if c.value in seen}
        owner_seen.setdefault(name, set()).update(found)
        events = _events_after(planted, before)
        for event in events:
            for canary in planted_canaries:
                assert not leaks(str(event.details), canary), f"`{name}` logged the {canary.name}: {event}"
        disclosed = [e for e in events if e.event_type == "disclosed" and "what" not in json.loads(e.details)]
        for event in disclosed:
            fields = json.loads(event.details)["fields"]
            assert event.actor == OWNER and fields, event
            assert all(len(f) == 3 and isinstance(f[1], int) for f in fields), event
        if found:
            assert disclosed, f"`{' '.join(args)}` showed {sorted(found)} to the owner; no `disclosed` event"
    missing = {n: sorted(r.owner_sees - owner_seen.get(n, set())) for n, r in READS.items()}
    assert not any(missing.values()), f"what the owner does not see: {missing}"


def test_export_persons_leaves_out_a_witness_for_a_viewer(planted: Planted, tmp_path: Path) -> None:  # noqa: F811
    """`export persons` writes no row of the witness's record for a viewer (its place in the testimony would
    tell where the witness is named); the owner's export has it, and the read is logged as disclosed."""
    out = tmp_path / "persons.csv"

    def persons(*extra: str) -> set[str]:
        result = runner.invoke(
            app, ["export", "persons", str(planted.case.path), "--out", str(out), *extra], env=ENV
        )
        assert result.exit_code == 0, result.output
        with out.open(encoding="utf-8") as fh:
            return {row["person_id"] for row in csv.DictReader(fh)}

    assert str(planted.witness_person) not in persons("--as", "viewer1")
    assert str(planted.victim_person) in persons("--as", "viewer1")
    before = _head(planted)
    assert str(planted.witness_person) in persons()
    disclosed = [json.loads(e.details) for e in _events_after(planted, before) if e.event_type == "disclosed"]
    assert any(f[0] == "person_records" for d in disclosed for f in d["fields"]), disclosed


@pytest.mark.parametrize("backend", [pytest.param("sqlite", marks=pytest.mark.sqlite)])
def test_as_refuses_unknown_and_disabled_users_and_actions(planted: Planted, tmp_path: Path) -> None:  # noqa: F811
    """`--as` names a user of the case: an unknown one is an error, a disabled one reads nothing, and an
    action the role lacks (the custody log, a download) is refused with the role named."""
    from testament.store.users import disable_user

    case = str(planted.case.path)

    def run(*args: str) -> Any:
        return runner.invoke(app, list(args), env=ENV)

    unknown = run("records", case, "--as", "nobody")
    assert unknown.exit_code != 0 and "no such user" in unknown.output, unknown.output
    custody = run("custody", case, "--as", "investigator1")
    assert custody.exit_code != 0 and "the investigator role may not verify" in custody.output
    download = run(
        "artifact", "get", case, str(planted.text_id), "--out", str(tmp_path / "t"), "--as", "analyst1"
    )
    assert download.exit_code != 0 and "may not download" in download.output and not (tmp_path / "t").exists()
    sealed = run(
        "artifact", "get", case, str(planted.text_id), "--out", str(tmp_path / "t"), "--as", "investigator1"
    )
    assert sealed.exit_code != 0 and "above your role's clearance" in sealed.output, sealed.output
    analyst = run("records", case, "--as", "analyst1")
    assert analyst.exit_code == 0 and "Ali Kazemi" in analyst.output, analyst.output
    assert not [c.name for c in _planted_canaries() if leaks(analyst.output, c)]
    disable_user(planted.case, "analyst1")
    disabled = run("records", case, "--as", "analyst1")
    assert disabled.exit_code != 0 and "disabled" in disabled.output and "Ali Kazemi" not in disabled.output
