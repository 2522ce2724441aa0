"""A case for the workbench's tests: users of every role with API tokens, two synthetic victim lists linked
(a pair waiting in the review queue), a testimony with attested spans and a proposed claim, and canaries that
a role without clearance must never receive:

- a witness's name, in Latin and Persian script (the testimony's narrator: restricted as a witness whose
  consent is not on file; investigator and admin read it);
- a relative's address: a `resided_in` claim (restricted) on the record of the victim's brother, a person
  the testimony names in the relative role (so every field of his is restricted too);
- a sealed claim on the main person (admin only).

Each canary is also written in the testimony's text, attested there by its span, so the document page must
withhold it from a role that may not read it. `build_case(folder)` takes about 30 s (the linkage run):
tests/web/conftest.py builds one per session (`planted`, read-only); `private_copy` here gives a test module
its own copy to change."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from testament.extract import accept_candidate, extract_artifact, list_candidates
from testament.ingest import IngestOptions, ingest_files
from testament.link import LinkOptions, TrainingOptions, link_case
from testament.settings import Settings
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import attestations, claims, person_records
from testament.store.users import add_user, issue_token
from testament.synthetic import generate, scenario
from testament.vocab import CustodyEventType

__all__ = [
    "PASSWORDS",
    "SAMPLE_LIST_CSV",
    "SAMPLE_TESTIMONY_TXT",
    "Other",
    "Planted",
    "build_case",
    "build_other_case",
    "csrf",
    "login",
    "login_page_token",
    "open_copy",
    "other_case",
    "private_copy",
]

PASSWORDS = {
    "admin": "quartz-lantern-admin-4417",
    "investigator": "marble-orchid-investigator-2290",
    "analyst": "copper-heron-analyst-8836",
    "viewer": "velvet-fjord-viewer-5503",
}
USERNAMES = {role: f"{role}1" for role in PASSWORDS}

CANARY_WITNESS_LATIN = "Zohreh Canarypour"
CANARY_WITNESS_PERSIAN = "زهره قناری‌پور"
CANARY_ADDRESS = "17 Canary Lane, Shiraz"
CANARY_SEALED = "SEALED-CANARY-7731"
RELATIVE_NAME = "Kaveh Karimi"

TESTIMONY = (
    f"My name is {CANARY_WITNESS_LATIN}. In my own script my name is {CANARY_WITNESS_PERSIAN}.\n"
    "On July 30, 1988, they took me to the general ward of Evin prison. The corridor was full of "
    "blindfolded men waiting for the commission. Two days later Reza Karimi was hanged in Gohardasht.\n"
    f"His brother {RELATIVE_NAME} still lives at {CANARY_ADDRESS}. "
    f"The file number they gave his family was {CANARY_SEALED}.\n"
    "We later heard that 200 men were executed that week.\n"
)

# For upload tests: a list with one row that cannot be read (row 3: month 13) and a short testimony.
SAMPLE_LIST_CSV = (
    b"name,father name,birth year,execution date\n"
    b"Ali Kazemi,Mohammad,1340,1367/05/15\n"
    b"Reza Karimi,Ali,1340,1367/13/01\n"
    b"Omid Rahimi,Hassan,1342,1367/05/20\n"
)
SAMPLE_TESTIMONY_TXT = (
    b"On July 30, 1988, they took me to the general ward of the prison. The corridor was full of "
    b"blindfolded men waiting for the commission.\n"
)

_FAST = LinkOptions(training=TrainingOptions(u_max_pairs=2e4, em_max_pairs=2e4))


@dataclass(frozen=True)
class Planted:
    """The case and what the tests need to find in it (see the module's docstring)."""

    case: Case
    folder: Path  # the case folder
    users: dict[str, tuple[str, str]]  # role → (username, password)
    tokens: dict[str, str]  # role → API token
    artifact_id: int  # the testimony (a text file: its spans point into it)
    list_artifact_id: int
    claim_id: int  # an internal claim with a char span in the testimony, readable by every role
    person_id: int  # the main person: list records, claims with citations, the canaries on them
    pair_id: int | None  # a pending link pair
    review_claim_id: int  # a proposed extracted claim every reviewing role may read
    sealed_claim_id: int
    address_claim_id: int
    witness_person_id: int
    witness_record_id: int
    relative_person_id: int  # the relative (restricted as a relative) whose address is a canary
    canary_witness_latin: str = CANARY_WITNESS_LATIN
    canary_witness_persian: str = CANARY_WITNESS_PERSIAN
    canary_address: str = CANARY_ADDRESS
    canary_sealed: str = CANARY_SEALED

    @property
    def canaries(self) -> dict[str, str]:
        return {
            "witness_latin": self.canary_witness_latin,
            "witness_persian": self.canary_witness_persian,
            "address": self.canary_address,
            "sealed": self.canary_sealed,
        }


def _ingest(case: Case, paths: list[Path]) -> list[int]:
    report = ingest_files(case, paths, IngestOptions(skip_bad_rows=True))
    ids = [f.artifact_id for f in report.files if f.status == "ingested" and f.artifact_id is not None]
    assert len(ids) == len(paths), [f.message for f in report.files]
    return ids


def _users(case: Case) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    users, tokens = {}, {}
    for role, password in PASSWORDS.items():
        add_user(case, USERNAMES[role], password, role)
        users[role] = (USERNAMES[role], password)
        tokens[role] = issue_token(case, USERNAMES[role])
    return users, tokens


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _plant(case: Case, testimony_id: int, text: str, records: dict[str, int]) -> dict[str, int]:
    """The Persian witness name, the relative's address and the sealed claim, each attested by its span."""
    witness_record, relative_record, main_record = records["witness"], records["relative"], records["main"]
    planted = {
        "persian": (witness_record, "name", CANARY_WITNESS_PERSIAN, "internal", "eyewitness"),
        "address": (relative_record, "resided_in", CANARY_ADDRESS, "restricted", "eyewitness"),
        "sealed": (main_record, "note", CANARY_SEALED, "sealed", "eyewitness"),
    }
    now = utc_now()
    out: dict[str, int] = {}
    with case.write() as conn:
        ids = Ids(conn)
        facts = FactWriter(conn)
        claim_rows, attestation_rows = [], []
        for key, (record, predicate, value, label, relation) in planted.items():
            cid, aid = ids.take(claims), ids.take(attestations)
            start, end = _span(text, value)
            claim_rows.append((cid, "person_record", record, predicate, value, "affirms", now, label))
            attestation_rows.append(
                (aid, cid, testimony_id, "span", start, end, value, relation, True, "fixture", "1",
                 "accepted", "fixture", now)
            )  # fmt: skip
            out[key] = cid
        facts.insert(
            claims,
            ("id", "subject_type", "subject_id", "predicate", "value", "stance", "created_at", "sensitivity"),
            claim_rows,
        )
        facts.insert(
            attestations,
            ("id", "claim_id", "artifact_id", "locator_kind", "char_start", "char_end", "original_text",
             "relation", "first_hand", "extractor", "extractor_version", "review_status", "reviewer",
             "created_at"),
            attestation_rows,
        )  # fmt: skip
        details = {"fixture": "workbench canaries", **facts.details()}
        append_events(conn, "fixture", [NewEvent(CustodyEventType.INGESTED, details)])
    return out


def build_case(folder: Path) -> Planted:
    """The planted case in `folder/case` (plain SQLite), open. About 25 s: it runs a linkage."""
    folder.mkdir(parents=True, exist_ok=True)
    generate(folder / "scenario", scenario("realistic", people=60, lists=2, testimonies=0), seed=3)
    lists = sorted((folder / "scenario" / "lists").iterdir())
    testimony = folder / "testimony-canary.txt"
    testimony.write_text(TESTIMONY, "utf-8")
    case = Case.create(folder / "case", settings=Settings(actor="fixture", write_wait=30))
    users, tokens = _users(case)
    list_ids = _ingest(case, lists)
    (testimony_id,) = _ingest(case, [testimony])
    extract_artifact(case, testimony_id)
    candidates = list_candidates(case)
    for name in (CANARY_WITNESS_LATIN, RELATIVE_NAME):  # the narrator (a witness) and a relative
        found = next(c for c in candidates if c.type == "person" and c.text == name)
        accept_candidate(case, found.claim_id, reviewer="fixture")
    link_case(case, _FAST, queue_size=10)

    with case.read() as conn:
        records = {
            int(r): p for r, p in conn.execute(select(person_records.c.id, person_records.c.person_id))
        }
        listed = conn.execute(
            select(person_records.c.id)
            .where(person_records.c.artifact_id == list_ids[0])
            .order_by(person_records.c.id)
        ).scalars()
        main_record = int(next(iter(listed)))
        named = {
            str(value): int(subject)
            for subject, value in conn.execute(
                select(claims.c.subject_id, claims.c.value).where(
                    claims.c.subject_type == "person_record",
                    claims.c.predicate == "name",
                    claims.c.value.in_([CANARY_WITNESS_LATIN, RELATIVE_NAME]),
                )
            )
        }
    witness_record, relative_record = named[CANARY_WITNESS_LATIN], named[RELATIVE_NAME]
    ids = _plant(
        case,
        testimony_id,
        TESTIMONY,
        {"witness": witness_record, "relative": relative_record, "main": main_record},
    )

    remaining = list_candidates(case, statuses=("proposed",))
    date = next(c for c in remaining if c.type == "date" and c.text == "July 30, 1988")
    review = next(
        c for c in remaining if c.claim_id != date.claim_id and c.type in ("date", "count", "place")
    )
    return Planted(
        case=case,
        folder=folder / "case",
        users=users,
        tokens=tokens,
        artifact_id=testimony_id,
        list_artifact_id=list_ids[0],
        claim_id=date.claim_id,
        person_id=int(records[main_record]),
        pair_id=_first_pair(case),
        review_claim_id=review.claim_id,
        sealed_claim_id=ids["sealed"],
        address_claim_id=ids["address"],
        witness_person_id=int(records[witness_record]),
        witness_record_id=witness_record,
        relative_person_id=int(records[relative_record]),
    )


def _first_pair(case: Case) -> int | None:
    from testament.link.review import open_queue

    items = open_queue(case)
    return int(items[0].queue_id) if items else None


def build_other_case(folder: Path, artifacts: int) -> tuple[Case, list[int], dict[str, str]]:
    """A second case with `artifacts` + 2 files (so it has artifact ids a case of `artifacts` files lacks),
    an admin and a token. Returns (case, its artifact ids, tokens)."""
    folder.mkdir(parents=True, exist_ok=True)
    case = Case.create(folder / "case", settings=Settings(actor="fixture"))
    add_user(case, USERNAMES["admin"], PASSWORDS["admin"], "admin")
    tokens = {"admin": issue_token(case, USERNAMES["admin"])}
    paths = []
    for i in range(artifacts + 2):
        path = folder / f"note-{i}.txt"
        path.write_text(f"Note {i} of another case: nothing to see.\n", "utf-8")
        paths.append(path)
    return case, _ingest(case, paths), tokens


def open_copy(template: Planted, folder: Path) -> Planted:
    """A private copy of the planted case (same ids, users and tokens), open."""
    shutil.copytree(template.folder, folder)
    case = Case.open(folder, settings=template.case.settings)
    return replace(template, case=case, folder=folder)


# --- for fixtures (tests/web/conftest.py has the session's shared, read-only `planted`) --------------------
# A test module declares its own module-scoped fixtures over these, e.g.
#     @pytest.fixture(scope="module")
#     def private(planted, tmp_path_factory):
#         yield from private_copy(planted, tmp_path_factory)


def private_copy(planted: Planted, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planted]:
    """A copy of the shared planted case for one test module, which may change it (sign in and out, decide
    the queued pair, upload)."""
    copy = open_copy(planted, tmp_path_factory.mktemp("planted-copy") / "case")
    yield copy
    copy.case.close()


@dataclass(frozen=True)
class Other:
    """A second case: its artifact ids include ones the planted case does not have."""

    case: Case
    artifact_ids: list[int]
    tokens: dict[str, str]


def other_case(planted: Planted, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Other]:
    count = int(planted.case.status()["artifacts"])  # ids run 1..count
    case, ids, tokens = build_other_case(tmp_path_factory.mktemp("other"), count)
    yield Other(case, ids, tokens)
    case.close()


# --- signing in with a TestClient ---------------------------------------------------------------------------

_HIDDEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def login_page_token(client: TestClient, next_path: str = "/") -> str:
    """GET /login (which sets the pre-login cookie) and read the form's CSRF token."""
    page = client.get("/login", params={"next": next_path} if next_path != "/" else None)
    found = _HIDDEN.search(page.text)
    assert found, "the login form has no csrf_token"
    return found.group(1)


def login(client: TestClient, username: str, password: str, *, next_path: str = "/") -> Any:
    """Sign in as a browser does: the login page, then the form with its CSRF token. Returns the answer to
    the POST (303 on success; 200 with the form again on a wrong password; 429 when rate-limited)."""
    token = login_page_token(client, next_path)
    params = {"next": next_path} if next_path != "/" else None
    return client.post(
        "/login",
        params=params,
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def csrf(client: TestClient) -> str:
    """The CSRF token of the client's current session, as every page carries it."""
    page = client.get("/", follow_redirects=False)
    found = _META.search(page.text)
    assert found, f"no csrf-token meta on the home page (status {page.status_code})"
    return found.group(1)
