"""Seeded fuzz of every reader, and of ingest on each backend. Mutated csv, json, xlsx, txt, docx, pdf, zip
and image (png, jpg, tiff) files (from small seeds and the hostile files of tests/ingest/hostile.py), and the
crafted files of
`hostile.crafted_files` (each once an internal error), must give a table or a text, or raise IngestError:
never another exception, never a hang, and the process that reads them all stays under 1 GB resident.
Ingested into a case (SQLite and PostgreSQL, every file on both), each is ingested or refused, and a refused
file leaves the case exactly as it was; the case verifies at the end.

The cases run in a child process so that its peak RSS (VmHWM) is theirs alone; the child also caps its
address space and each case's time, so a reader that runs away fails the test instead of the machine.
Failing inputs are written to the test's tmp_path, named in the failure message."""

from __future__ import annotations

import io
import json
import os
import pickle
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SEED = 20261206
CASES = {
    "csv": 80, "json": 80, "xlsx": 160, "txt": 20, "docx": 30, "pdf": 30, "zip": 40, "png": 16, "jpg": 16,
    "tiff": 12,
}  # fmt: skip
_IMAGES = ("png", "jpg", "tiff")
PEAK_LIMIT_MB = 1024
CASE_SECONDS = 60  # the longest any one file may take, read or ingested
SAMPLE = {"sqlite": 1, "postgres": 1}  # ingest every n-th mutated file (every crafted one on both)
_ROOT = Path(__file__).resolve().parents[2]

Mutator = Callable[[random.Random, bytes], bytes]

# --- seeds ------------------------------------------------------------------------------------------------

_PERSIAN = "نام,نام پدر,تاریخ اعدام\nعلی احمدی,حسین,۱۳۶۷/۰۵/۱۵\nسارا نیک\u200cنام,احمد,شهریور ۱۳۶۷\n"
_LATIN = 'name;father name;birth year\n"Kazemi, Ali";Mohammad;1340\nReza Karimi;Ali;\n\n'


def _seeds(kind: str) -> list[bytes]:
    from tests.ingest.hostile import crafted_xlsx, many_keys_json, plain_xlsx, stray_cell_xlsx

    if kind == "zip":
        return [
            _zip({"list.csv": _PERSIAN.encode(), "t.txt": _LATIN.encode(), "l.json": _seeds("json")[0]}),
            _zip({"sheet.xlsx": plain_xlsx(4), "t.docx": _seeds("docx")[0]}),
        ]
    if kind == "csv":
        return [
            _PERSIAN.encode(),
            b"\xef\xbb\xbf" + _LATIN.encode(),
            _PERSIAN.replace("ی", "ي").encode("cp1256", errors="replace"),
            _PERSIAN.encode() + "علي,حسين,1367\n".encode("cp1256"),
        ]
    if kind == "json":
        rows = [{"name": "علی احمدی", "birth year": 1340, "notes": None}, {"name": "A B", "tags": [1, {}]}]
        return [
            json.dumps(rows, ensure_ascii=False).encode(),
            json.dumps({"records": rows}).encode(),
            many_keys_json(600),
        ]
    if kind == "xlsx":
        return [plain_xlsx(8), stray_cell_xlsx(None, 8), crafted_xlsx(8), _styled_xlsx()]
    if kind == "txt":
        return [_PERSIAN.encode(), _LATIN.encode("utf-16")]
    if kind in _IMAGES:
        return _images(kind)
    if kind == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("On August 6 I was taken to the corridor.")
        document.add_paragraph("در راهرو منتظر ماندیم.")
        buf = io.BytesIO()
        document.save(buf)
        return [buf.getvalue()]
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in ("First page: the arrest.", "Second page: the corridor."):
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return [bytes(pdf.output())]


def _images(kind: str) -> list[bytes]:
    """A small page with a line of text, and a photo with an EXIF date (jpg) or two frames (tiff)."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (240, 60), 255)
    ImageDraw.Draw(page).text((8, 20), "Evin, August 1988", fill=0)
    photo = Image.new("RGB", (32, 24), (90, 120, 60))
    out = []
    for image in (page, photo):
        buf = io.BytesIO()
        if kind == "jpg":
            exif = Image.Exif()
            exif[0x0132] = "1988:08:06 10:00:00"  # DateTime
            image.convert("RGB").save(buf, "JPEG", exif=exif)
        elif kind == "tiff":
            image.save(buf, "TIFF", save_all=True, append_images=[image.copy()])
        else:
            image.save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _styled_xlsx() -> bytes:
    """Dates, numbers, booleans and a formula: the cell types the parser converts."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "arrested", "age", "alive", "sum"])
    sheet.append(["A B", dt.datetime(1988, 8, 6), 27.0, False, "=C2+1"])
    sheet.append(["C D", dt.date(1988, 9, 1), 3.5, True, None])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# --- mutations --------------------------------------------------------------------------------------------

_TOKENS = [
    b'"', b"\r", b"\n", b"\r\n", b",", b";", b"\t", b"|", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
    b"\xe1\xed\xc7", b"\xd8\xb9\xd9", b"\xc3", b"\\", b"\\u", b"\\ud800", b"[", b"{", b"]", b"}", b":",
    b"1e999999", b"-0", b"NaN", b"9" * 5000, b"," * 3000, b"[" * 3000, b'"' * 1001, b"\xe2\x80\x8c",
    b'{"a":', b'"x"' * 500, b"<", b">", b"&#0;", b"&amp;", b"]]>",
]  # fmt: skip


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(_TOKENS) + data[at:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 64) :]


def _repeat(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    chunk = data[at : at + rng.randint(1, 80)]
    return data[:at] + chunk * rng.choice([2, 10, 200, 2000]) + data[at:]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


_BYTE_MUTATORS: list[Mutator] = [_flip, _insert, _delete, _repeat, _truncate]

_BIG = ["0", "-1", "1048576", "1048577", "2000000", "99999999999999", "abc", "1.5", "1e6", "", "7"]


def _xml_edits(rng: random.Random, xml: str) -> str:
    """Edits a hostile sheet might make: impossible row numbers and references, far cells, wrong types."""
    pick = rng.choice
    far_row = '<row r="{}" spans="1:16384"><c r="XFD{}"><v>{}</v></c></row></sheetData>'
    edits: list[Callable[[str], str]] = [
        lambda x: re.sub(r'<row r="\d+"', lambda _: f'<row r="{pick(_BIG)}"', x, count=rng.randint(1, 3)),
        lambda x: re.sub(
            r' r="[A-Z]+(\d+)"', lambda m: f' r="{pick(["XFD", "ZZZ", "A", "AAAA", "1"])}{m[1]}"', x, count=2
        ),
        lambda x: re.sub(r"<dimension[^>]*/>", '<dimension ref="A1:XFD1048576"/>', x),
        lambda x: x.replace(
            "</sheetData>",
            far_row.format(pick(_BIG), rng.randint(1, 1048576), pick(["1", "x", "1e999", "9" * 400])),
        ),
        lambda x: re.sub(
            r't="inlineStr"><is><t>[^<]*</t></is>', lambda _: f't="s"><v>{pick(["0", "5", "-1", "x"])}</v>', x
        ),
        lambda x: re.sub(
            r"<v>[^<]*</v>", lambda _: f"<v>{pick(['', 'x', '1e309', '-0', '9' * 5000, '2958466'])}</v>", x
        ),
        lambda x: re.sub(r' t="n"', lambda _: f' t="{pick(["b", "d", "e", "str", "q"])}"', x, count=2),
        lambda x: re.sub(r"</row>", "", x, count=1),
        lambda x: re.sub(r"<c ", '<c s="999" ', x, count=3),
        lambda x: re.sub(r' r="[A-Z]+\d+"', "", x),  # cells without references: counted along the row
        lambda x: x.replace("<sheetData>", "<sheetData>" + "<row><c><v>1</v></c></row>" * pick([10, 5000])),
    ]
    for _ in range(rng.randint(1, 3)):
        xml = rng.choice(edits)(xml)
    return xml


def _mutate_json(rng: random.Random, data: bytes) -> bytes:
    """Well-formed JSON of the wrong shape or size: keys of their own, deep nesting, long numbers."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return rng.choice(_BYTE_MUTATORS)(rng, data)
    items = doc if isinstance(doc, list) else next((v for v in doc.values() if isinstance(v, list)), [])
    if not items or not all(isinstance(i, dict) for i in items):
        return rng.choice(_BYTE_MUTATORS)(rng, data)
    deep = rng.choice([10, 900, 5000])
    values: list[object] = ["x", "", None, True, 1.5e308, -(10**30), "علی" * 1000, [1, [2]], {"a": {"b": 1}}]
    edits: list[Callable[[], object]] = [
        lambda: rng.choice(items).__setitem__(f"k{rng.randrange(10**6)}", rng.choice(values)),
        lambda: rng.choice(items).__setitem__("name", "@DEEP@"),
        lambda: items.extend(dict(rng.choice(items)) for _ in range(rng.choice([10, 3000]))),
        lambda: items.extend({f"k{i}": 1} for i in range(rng.choice([50, 800]))),
        lambda: rng.choice(items).clear(),
    ]
    for _ in range(rng.randint(1, 3)):
        rng.choice(edits)()
    if rng.random() < 0.15:
        items.append(rng.choice([[], "x", 1, None]))  # not an object: the list is refused
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    return text.replace('"@DEEP@"', "[" * deep + "]" * deep).encode("utf-8")


def _mutate_zip(rng: random.Random, data: bytes, member_hint: str) -> bytes:
    """Mutate one XML member (usually the sheet or document) and zip again; sometimes the zip's bytes."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        members = {name: source.read(name) for name in source.namelist()}
    except Exception:  # already broken by an earlier byte mutation
        members = {}
    if not members or rng.random() < 0.15:
        return rng.choice(_BYTE_MUTATORS)(rng, data)
    names = list(members)
    target_name = next((n for n in names if member_hint in n), names[0])
    if rng.random() < 0.25:
        target_name = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            member = members[name]
            if name == target_name:
                if member_hint == "sheet" and rng.random() < 0.7:
                    xml = member.decode("utf-8", "surrogateescape")
                    member = _xml_edits(rng, xml).encode("utf-8", "surrogateescape")
                else:
                    member = rng.choice(_BYTE_MUTATORS)(rng, member)
            target.writestr(name, member)
    return out.getvalue()


def cases(seed: int = SEED) -> Iterator[tuple[str, int, bytes]]:
    """(format, case number, bytes): the same sequence for the same seed."""
    rng = random.Random(seed)
    for kind, count in CASES.items():
        seeds = _seeds(kind)
        for number in range(count):
            data = seeds[number % len(seeds)]
            if number < len(seeds):
                yield kind, number, data  # each seed once, unmutated
                continue
            for _ in range(rng.randint(1, 3)):
                if kind in ("xlsx", "docx", "zip"):
                    hint = {"xlsx": "sheet", "docx": "document", "zip": ".csv"}[kind]
                    data = _mutate_zip(rng, data, hint)
                elif kind == "json" and rng.random() < 0.6:
                    data = _mutate_json(rng, data)
                else:
                    data = rng.choice(_BYTE_MUTATORS)(rng, data)
            yield kind, number, data


# --- the child processes ---------------------------------------------------------------------------------


def _limit(seconds: int) -> Callable[[], None]:
    """Cap the child's address space (a net under the 1 GB the tests check) and arm an alarm per case."""
    import resource
    import signal

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"case took over {seconds} s")

    signal.signal(signal.SIGALRM, on_alarm)
    return lambda: signal.alarm(seconds)


def _peak_mb() -> float:
    """This process's own peak resident size. Not ru_maxrss: Linux carries the parent's high-water mark
    across fork and exec into it, so a child of a 1 GB pytest process reported 1 GB before reading a file."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024  # type: ignore[union-attr]


def _crafted() -> Iterator[tuple[str, int, bytes, str]]:
    """(format, number, bytes, file name) of the crafted files."""
    from tests.ingest.hostile import crafted_files

    for number, (name, data) in enumerate(crafted_files().items()):
        yield name.rsplit(".", 1)[1], number, data, name


def _cases_of(seed: int, saved: str | None) -> list[tuple[str, int, bytes]]:
    """The cases of `seed`, as `saved` holds them (made once by the `saved_cases` fixture) or made now."""
    if saved is None:
        return list(cases(seed))
    loaded: list[tuple[str, int, bytes]] = pickle.loads(Path(saved).read_bytes())  # the test's own file
    return loaded


def run_child(seed: int, out_dir: str, saved: str | None = None) -> None:
    """Read every case; print {"failures": [...], "peak_mb": ..., "seconds": ..., "slowest": ...}."""
    import signal
    import time

    arm = _limit(20)
    from testament.errors import IngestError
    from testament.ingest.images import image_pages, photo_metadata
    from testament.ingest.readers import (
        ListTable,
        TextDocument,
        check_zip_members,
        read_tables,
        read_testimony,
    )

    failures, slowest, start, count = [], (0.0, ""), time.perf_counter(), 0
    mutated = ((kind, number, data, f"fuzz.{kind}") for kind, number, data in _cases_of(seed, saved))
    for kind, number, data, name in [*mutated, *_crafted()]:
        count += 1
        suffix = "." + kind
        began = time.perf_counter()
        arm()
        try:
            if kind in ("csv", "json", "xlsx"):
                tables = read_tables(data, name, suffix, 10_000_000)
                assert all(
                    isinstance(t, ListTable) and all(isinstance(r, list) for r in t.rows) for t in tables
                )
            elif kind == "zip":  # its members are read by ingest (test below); here the container's checks
                check_zip_members(data, name, 10_000_000)
            elif kind in _IMAGES:  # pages for OCR and the photo's EXIF (OCR itself runs in the ingest test)
                assert all(isinstance(page, bytes) for page in image_pages(data, name))
                photo_metadata(data)
            else:
                assert isinstance(read_testimony(data, name, suffix, 10_000_000), TextDocument)
        except IngestError:
            pass
        except BaseException as exc:  # every other exception is what the test looks for
            path = Path(out_dir) / f"{kind}-{number}{suffix}"
            path.write_bytes(data)
            failures.append(f"{path} ({name}): {type(exc).__name__}: {str(exc)[:200]}")
        finally:
            signal.alarm(0)
        took = time.perf_counter() - began
        slowest = max(slowest, (took, f"{kind}-{number}"))
    summary = {"failures": failures, "cases": count, "peak_mb": _peak_mb()}
    seconds = time.perf_counter() - start
    print(json.dumps({**summary, "seconds": seconds, "slowest": f"{slowest[1]} ({slowest[0]:.2f} s)"}))


def _snapshot(case: object) -> tuple[object, ...]:
    """What a refused file must leave as it was: every table's count and every file of the blob store."""
    status = case.status()  # type: ignore[attr-defined]
    # os.walk, not Path.rglob: the store grows to ~500 blobs, listed after every file (rglob took seconds)
    root = case.blobs.root  # type: ignore[attr-defined]
    blobs = sorted(name for _, _, names in os.walk(root) for name in names)
    return tuple(sorted(status.items())), tuple(blobs)


def run_ingest_child(
    seed: int, out_dir: str, db_url: str | None, every: int, saved: str | None = None
) -> None:
    """Ingest every crafted file and every `every`-th mutated one into a new case, half of them with the
    permissive options (--skip-bad-rows, --unknown-columns note) so that odd rows reach the database; print
    {"failures": [...], "files": n, "peak_mb": ..., "slowest": ...}."""
    import signal
    import time

    arm = _limit(CASE_SECONDS)
    from testament.ingest import IngestOptions, ingest_files
    from testament.settings import Settings
    from testament.store.case import Case
    from testament.store.integrity import verify_case

    folder = Path(out_dir) / "in"
    folder.mkdir()
    case = Case.create(Path(out_dir) / "case", settings=Settings(actor="fuzz"), db_url=db_url)
    mutated = [
        (k, n, d, f"{k}-{n}.{k}") for i, (k, n, d) in enumerate(_cases_of(seed, saved)) if i % every == 0
    ]
    failures, slowest = [], (0.0, "")
    files = [*_crafted(), *mutated]
    after: tuple[object, ...] | None = None  # the case after the last file: the next file's "before"
    for index, (_kind, _number, data, name) in enumerate(files):
        path = folder / name
        path.write_bytes(data)
        options = IngestOptions(skip_bad_rows=True, unknown_columns="note") if index % 2 else IngestOptions()
        before = after if after is not None else _snapshot(case)
        after = None
        began = time.perf_counter()
        arm()
        try:
            report = ingest_files(case, [path], options)
            statuses = {f.status for f in report.files}
            assert statuses <= {"ingested", "unchanged", "rejected"}, statuses
            after = _snapshot(case)
            if statuses == {"rejected"} and after != before:
                failures.append(f"{path}: refused, but the case changed")
        except BaseException as exc:
            failures.append(f"{path}: {type(exc).__name__}: {str(exc)[:200]}")
        finally:
            signal.alarm(0)
        slowest = max(slowest, (time.perf_counter() - began, name))
    verified = verify_case(case, record=False)
    failures += [f"verify: {f.message}" for f in verified.findings]
    case.close()
    summary = {"failures": failures, "files": len(files), "peak_mb": _peak_mb()}
    print(json.dumps({**summary, "slowest": f"{slowest[1]} ({slowest[0]:.2f} s)"}))


def _child(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=_ROOT, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def saved_cases(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seed's cases, made once for the three children (each took 1.7 s to make them again)."""
    path = tmp_path_factory.mktemp("fuzz-cases") / f"cases-{SEED}.pickle"
    path.write_bytes(pickle.dumps(list(cases(SEED))))
    return str(path)


def test_readers_on_mutated_files_return_or_refuse_and_stay_under_1_gb(
    tmp_path: Path, saved_cases: str
) -> None:
    from tests.ingest.hostile import crafted_files

    result = _child(
        "from tests.ingest.test_reader_fuzz import run_child; "
        f"run_child({SEED}, {str(tmp_path)!r}, {saved_cases!r})"
    )
    assert result["failures"] == [], "\n".join(result["failures"])  # type: ignore[arg-type]
    assert result["cases"] == sum(CASES.values()) + len(crafted_files())
    assert result["peak_mb"] < PEAK_LIMIT_MB, result  # type: ignore[operator]


@pytest.mark.parametrize(
    "store",
    [pytest.param("sqlite", marks=pytest.mark.sqlite), pytest.param("postgres", marks=pytest.mark.postgres)],
)
def test_ingest_of_mutated_and_crafted_files_ingests_or_refuses_leaving_case_as_it_was(
    tmp_path: Path, store: str, request: pytest.FixtureRequest, saved_cases: str
) -> None:
    from tests.ingest.hostile import crafted_files

    url = request.getfixturevalue("pg_schema_url") if store == "postgres" else None
    every = SAMPLE[store]
    code = (
        "from tests.ingest.test_reader_fuzz import run_ingest_child; "
        f"run_ingest_child({SEED}, {str(tmp_path)!r}, {url!r}, {every}, {saved_cases!r})"
    )
    result = _child(code)
    assert result["failures"] == [], "\n".join(result["failures"])  # type: ignore[arg-type]
    total = len(crafted_files()) + len(range(0, sum(CASES.values()), every))
    assert result["files"] == total and (store == "postgres" or total >= 300), result
    assert result["peak_mb"] < PEAK_LIMIT_MB, result  # type: ignore[operator]
