"""Seeded fuzz of every reader. Mutated csv, json, xlsx, txt, docx and pdf files (from small seeds and the
hostile files of tests/ingest/hostile.py) must give a table or a text, or raise IngestError: never another
exception, never a hang, and the process that reads them all stays under 1 GB resident.

The cases run in a child process so that its peak RSS (ru_maxrss) is theirs alone; the child also caps its
address space and each case's time, so a reader that runs away fails the test instead of the machine.
Failing inputs are written to the test's tmp_path, named in the failure message."""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

SEED = 20261206
CASES = {"csv": 80, "json": 80, "xlsx": 160, "txt": 20, "docx": 30, "pdf": 30}
PEAK_LIMIT_MB = 1024
_ROOT = Path(__file__).resolve().parents[2]

Mutator = Callable[[random.Random, bytes], bytes]

# --- seeds ------------------------------------------------------------------------------------------------

_PERSIAN = "نام,نام پدر,تاریخ اعدام\nعلی احمدی,حسین,۱۳۶۷/۰۵/۱۵\nسارا نیک\u200cنام,احمد,شهریور ۱۳۶۷\n"
_LATIN = 'name;father name;birth year\n"Kazemi, Ali";Mohammad;1340\nReza Karimi;Ali;\n\n'


def _seeds(kind: str) -> list[bytes]:
    from tests.ingest.hostile import crafted_xlsx, many_keys_json, plain_xlsx, stray_cell_xlsx

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
                if kind in ("xlsx", "docx"):
                    data = _mutate_zip(rng, data, "sheet" if kind == "xlsx" else "document")
                elif kind == "json" and rng.random() < 0.6:
                    data = _mutate_json(rng, data)
                else:
                    data = rng.choice(_BYTE_MUTATORS)(rng, data)
            yield kind, number, data


# --- the child process ------------------------------------------------------------------------------------


def run_child(seed: int, out_dir: str) -> None:
    """Read every case; print {"failures": [...], "peak_mb": ..., "seconds": ..., "slowest": ...}."""
    import resource
    import signal
    import time

    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a net under the 1 GB the test checks

    from testament.errors import IngestError
    from testament.ingest.readers import ListTable, TextDocument, read_list, read_testimony

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError("case took over 20 s")

    signal.signal(signal.SIGALRM, on_alarm)
    failures, slowest, start, count = [], (0.0, ""), time.perf_counter(), 0
    for kind, number, data in cases(seed):
        count += 1
        suffix = "." + kind
        began = time.perf_counter()
        signal.alarm(20)
        try:
            if kind in ("csv", "json", "xlsx"):
                result: object = read_list(data, f"fuzz{suffix}", suffix, 10_000_000)
                assert isinstance(result, ListTable) and all(isinstance(r, list) for r in result.rows)
            else:
                result = read_testimony(data, f"fuzz{suffix}", suffix, 10_000_000)
                assert isinstance(result, TextDocument)
        except IngestError:
            pass
        except BaseException as exc:  # every other exception is what the test looks for
            path = Path(out_dir) / f"{kind}-{number}{suffix}"
            path.write_bytes(data)
            failures.append(f"{path}: {type(exc).__name__}: {str(exc)[:200]}")
        finally:
            signal.alarm(0)
        took = time.perf_counter() - began
        slowest = max(slowest, (took, f"{kind}-{number}"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = time.perf_counter() - start
    summary = {"failures": failures, "cases": count, "peak_mb": peak_mb, "seconds": seconds}
    print(json.dumps({**summary, "slowest": f"{slowest[1]} ({slowest[0]:.2f} s)"}))


def test_readers_on_mutated_files_return_or_refuse_and_stay_under_1_gb(tmp_path: Path) -> None:
    code = f"from tests.ingest.test_reader_fuzz import run_child; run_child({SEED}, {str(tmp_path)!r})"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=_ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failures"] == [], "\n".join(result["failures"])
    assert result["cases"] == sum(CASES.values())
    assert result["peak_mb"] < PEAK_LIMIT_MB, result
