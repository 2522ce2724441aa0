"""Text encodings of evidence files, line by line, and the checks that catch text garbled before it arrived.

A file that is valid UTF-8 is read as UTF-8, whole. One that is not is read line by line (lines end at
\\n, \\r or \\r\\n, as the csv reader splits them; no UTF-8 or Windows-1256 character contains those bytes):
a line that is valid UTF-8 stays UTF-8, the others are read as Windows-1256, the code page most Persian
spreadsheets were saved in. Valid UTF-8 is never read as anything else. When every line with non-ASCII
text is Windows-1256 the file is plainly Windows-1256, as before; when both kinds are there, the lines
read as Windows-1256 are named in the ingest report as warnings, and in the custody log.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from testament.errors import IngestError
from testament.ingest.report import Problem
from testament.names.mojibake import mojibake_source

__all__ = ["MAX_WARNINGS", "DecodedText", "decode_text", "foreign_line_warnings", "mis_decoded_cells"]

MAX_WARNINGS = 1000  # per kind and file; the rest are counted in one closing warning
_UTF8_BOM = b"\xef\xbb\xbf"
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, as surrogateescape keeps them
_FOREIGN_HINT = (
    "the file mixes encodings and each line was read in its own; check this row against the source, and ask "
    "for the list saved as UTF-8 (in Excel: 'CSV UTF-8')"
)
_MOJIBAKE_HINT = (
    "the list was probably converted with the wrong encoding before it reached you; compare the row with "
    "the source and ask the sender for the original file or a UTF-8 export"
)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # utf-8, utf-8-sig, utf-16(-le/-be), cp1256, or utf-8+cp1256 / utf-8-sig+cp1256 (mixed)
    foreign_lines: tuple[int, ...] = ()  # 1-based lines read as Windows-1256 in a mixed file


def decode_text(data: bytes, name: str) -> DecodedText:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise IngestError(
                f"{name}: the file starts like UTF-16 text but is not valid UTF-16",
                hint="save the file as UTF-8 (in Excel: 'CSV UTF-8') and ingest it again",
            ) from None
    bomless = _utf16_without_bom(data)
    if bomless is not None:
        try:
            return DecodedText(data.decode(bomless), bomless)
        except UnicodeDecodeError:
            raise IngestError(
                f"{name}: the file looks like UTF-16 text saved without a byte-order mark, but is not valid "
                "UTF-16",
                hint="save the file as UTF-8 (in Excel: 'CSV UTF-8') and ingest it again",
            ) from None
    label, body = ("utf-8-sig", data[3:]) if data.startswith(_UTF8_BOM) else ("utf-8", data)
    try:
        return DecodedText(body.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    lines = io.StringIO(body.decode("utf-8", "surrogateescape"), newline="").readlines()
    foreign: list[int] = []
    utf8_text = label == "utf-8-sig"  # a byte-order mark says the file was meant to be UTF-8
    for number, line in enumerate(lines, start=1):
        if _ESCAPED.search(line):
            lines[number - 1] = line.encode("utf-8", "surrogateescape").decode("cp1256")
            foreign.append(number)
        elif not utf8_text and not line.isascii():
            utf8_text = True
    if not utf8_text:  # every non-ASCII line is Windows-1256: the file is, as many Persian exports are
        return DecodedText("".join(lines), "cp1256")
    return DecodedText("".join(lines), f"{label}+cp1256", tuple(foreign))


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 saved without a byte-order mark ("utf-16-le" or "utf-16-be"), else None: NUL
    bytes (the high byte of every ASCII letter, digit, space and line end) in every other place and hardly
    ever between. Such a file is valid UTF-8 too, but read so its text would be riddled with NULs."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    enough = max(2, len(sample) // 20)  # a NUL in at least one character in ten
    if odd >= enough and even * 20 <= odd:
        return "utf-16-le"
    if even >= enough and odd * 20 <= even:
        return "utf-16-be"
    return None


def _capped(problems: list[Problem], name: str, total: int, what: str) -> list[Problem]:
    if total > len(problems):
        problems.append(
            Problem(
                name,
                None,
                None,
                expected="text in one encoding",
                found=f"{total - len(problems):,} more {what} (the first {len(problems):,} are named above)",
            )
        )
    return problems


def foreign_line_warnings(name: str, lines: Sequence[tuple[int, int | None]]) -> list[Problem]:
    """Warnings for the lines read as Windows-1256 in a mixed file, given as (file line, data row): row 0
    is the header, None where rows are not known (json, text). One warning a row."""
    groups: dict[tuple[bool, int], list[int]] = {}
    for line, row in sorted(lines):
        groups.setdefault((row is not None, line if row is None else row), []).append(line)
    problems: list[Problem] = []
    for (is_row, number), numbers in groups.items():
        if len(problems) == MAX_WARNINGS:
            break
        where = f"line {numbers[0]}" if len(numbers) == 1 else f"lines {numbers[0]}-{numbers[-1]}"
        if is_row and number == 0:
            where = f"the header row ({where})"
        problems.append(
            Problem(
                name,
                number if is_row and number > 0 else None,
                None,
                expected="UTF-8, like the rest of the file",
                found=f"Windows-1256 bytes on {where}, read as Windows-1256",
                hint=_FOREIGN_HINT,
            )
        )
    return _capped(problems, name, len(groups), "rows or lines read as Windows-1256")


def mis_decoded_cells(name: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Problem]:
    """A warning for each header and cell that looks like UTF-8 read in a one-byte code page (see
    `testament.names.mojibake`), named by row and column, never quoted."""
    columns = [h or f"#{i}" for i, h in enumerate(headers, start=1)]
    problems: list[Problem] = []
    total = 0
    for index, cells in enumerate([headers, *rows]):
        joined = "\n".join(cells)  # one cheap look a row; most rows are clean
        if joined.isascii() or mojibake_source(joined) is None:
            continue
        for col, text in enumerate(cells):
            source = mojibake_source(text) if not text.isascii() else None
            if source is None:
                continue
            total += 1
            if len(problems) < MAX_WARNINGS:
                # a garbled header is named by its place, not its text
                column = columns[col] if index and col < len(columns) else f"#{col + 1}"
                problems.append(
                    Problem(
                        name,
                        index or None,
                        column,
                        expected="readable text",
                        found=f"looks like mis-decoded text (UTF-8 read as {source})"
                        + (" in the header" if index == 0 else ""),
                        hint=_MOJIBAKE_HINT,
                    )
                )
    return _capped(problems, name, total, "cells that look mis-decoded")
