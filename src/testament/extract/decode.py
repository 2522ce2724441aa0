"""Messages tapped through walls, read back into text. In 1988 prisoners counted the executed by tapping
Morse code or the knocks of a letter grid between cells; a testimony or a prisoner's note may carry such a
message as transcribed (dots and dashes, or knock counts). This module reads one with a named table
(`data/codes.toml`: international Morse, Persian Morse, the Latin tap code, a Persian knock grid) and says
which letters it could not read: a code the table lacks becomes a placeholder (U+FFFD) with its position.

    from testament.extract.decode import decode, encode
    decode(".-- .- ... / - . -.", "morse").text            # "WAS TEN"
    decode("2 3 / 1 5", "tap-latin").text                   # "HE"

`decode_artifact` keeps the reading as a derived artifact ("decoded from", naming the table) of the
testimony's text, with a custody event, so that `extract` then reads it like any other text.
See docs/decode.md."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from testament import __version__
from testament.errors import InputError
from testament.store.case import Case

__all__ = [
    "PLACEHOLDER",
    "TRANSFORMATION",
    "CodeTable",
    "DecodeReport",
    "Decoded",
    "Unreadable",
    "code_tables",
    "decode",
    "decode_artifact",
    "encode",
]

PLACEHOLDER = "\ufffd"  # what stands in the text for a letter that could not be read
TRANSFORMATION = "decoded from"
TOOL = "testament-decode"

_DOTS = ".·•∙*"
_DASHES = "-–—−_"
_MORSE_TRANS = str.maketrans(dict.fromkeys(_DOTS, ".") | dict.fromkeys(_DASHES, "-"))
# Morse: letters apart by one space; words by "/", "|", a line break or two spaces or more.
_MORSE_TOKEN = re.compile(r"[^\s/|]+")
_MORSE_WORD_GAP = re.compile(r"[/|\n]|\s{2,}")
# Knocks: letters apart by "/", "," or ";"; words by "//", "|" or a line break. A letter is two groups of
# knocks, each written as a number or as a run of marks ("2 3", "23", ".. ...", "xx xxx").
_KNOCK_LETTER_SEP = re.compile(r"[/,;]")
_KNOCK_WORD = re.compile(r"(?:(?!//)[^|\n])+")
_KNOCK_GROUP = re.compile(r"\d+|[.·•∙*xX]+")


@dataclass(frozen=True)
class CodeTable:
    """One named table: `codes` maps a character to its code (".-" for Morse, "2 3" for a grid cell);
    `merge` folds characters the table sends as another ("K" as "C", "آ" as "ا")."""

    name: str
    kind: Literal["morse", "grid"]
    title: str
    source: str
    codes: dict[str, str]
    merge: dict[str, str] = field(default_factory=dict)

    @property
    def letters(self) -> dict[str, str]:
        """Code -> character, the reading direction."""
        return {code: char for char, code in self.codes.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "title": self.title, "source": self.source}


@dataclass(frozen=True)
class Unreadable:
    """A letter that could not be read: its number in the message (0-based), where it is in the input
    (`start`/`end`, characters), what was written there, and where its placeholder is in the text."""

    index: int
    start: int
    end: int
    code: str
    at: int

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "code": self.code, "at": self.at}


@dataclass(frozen=True)
class Decoded:
    text: str
    table: str
    letters: int
    unreadable: tuple[Unreadable, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "table": self.table,
            "letters": self.letters,
            "unreadable": [u.to_dict() for u in self.unreadable],
        }


@cache
def code_tables() -> dict[str, CodeTable]:
    """Every table of `data/codes.toml`, by name."""
    raw = tomllib.loads(
        resources.files("testament.extract").joinpath("data", "codes.toml").read_text("utf-8")
    )
    out: dict[str, CodeTable] = {}
    for name, spec in raw.items():
        if spec["kind"] == "grid":
            codes = {
                char: f"{r} {c}"
                for r, row in enumerate(spec["rows"], start=1)
                for c, char in enumerate(row, start=1)
            }
        else:
            codes = {str(k): str(v) for k, v in spec["codes"].items()}
        out[name] = CodeTable(
            name, spec["kind"], spec["title"], spec["source"], codes, dict(spec.get("merge", {}))
        )
    return out


def _table(name: str) -> CodeTable:
    tables = code_tables()
    if name not in tables:
        raise InputError(
            f"table '{name}': no such code table",
            hint=f"use one of: {', '.join(sorted(tables))} (or add one to extract/data/codes.toml)",
        )
    return tables[name]


def encode(text: str, table: str) -> str:
    """The transcription a witness would write for `text`: Morse letters apart by a space and words by
    " / "; knocks as "row col" apart by " / " and words by " // ". Raises `InputError` naming the first
    character the table cannot send (by position, not by content)."""
    t = _table(table)
    words = []
    for word in text.replace("\u200c", "").split():
        codes = []
        for ch in word:
            key = next((k for k in (t.merge.get(c, c) for c in (ch, ch.upper())) if k in t.codes), "")
            if not key:
                raise InputError(
                    f"character {text.index(ch) + 1} of the text: table '{table}' has no code for it",
                    hint="leave it out, or pick a table that has it (`testament decode --list`)",
                )
            codes.append(t.codes[key])
        words.append((" " if t.kind == "morse" else " / ").join(codes))
    return (" / " if t.kind == "morse" else " // ").join(words)


def decode(sequence: str, table: str) -> Decoded:
    """Read a transcribed Morse or knock sequence with the named table; unreadable letters become
    `PLACEHOLDER` and are listed with their positions."""
    t = _table(table)
    return _decode_morse(sequence, t) if t.kind == "morse" else _decode_grid(sequence, t)


class _Writer:
    def __init__(self, table: str) -> None:
        self.table = table
        self.out: list[str] = []
        self.size = 0
        self.letters = 0
        self.bad: list[Unreadable] = []

    def space(self) -> None:
        if self.out and self.out[-1] != " ":
            self.out.append(" ")
            self.size += 1

    def letter(self, char: str | None, start: int, end: int, code: str) -> None:
        if char is None:
            self.bad.append(Unreadable(self.letters, start, end, code, self.size))
            char = PLACEHOLDER
        self.out.append(char)
        self.size += len(char)
        self.letters += 1

    def result(self) -> Decoded:
        text = "".join(self.out).strip(" ")
        return Decoded(text, self.table, self.letters, tuple(self.bad))


def _decode_morse(sequence: str, t: CodeTable) -> Decoded:
    letters = t.letters
    w = _Writer(t.name)
    previous = 0
    for m in _MORSE_TOKEN.finditer(sequence):
        if _MORSE_WORD_GAP.search(sequence[previous : m.start()]):
            w.space()
        code = m.group(0).translate(_MORSE_TRANS)
        w.letter(letters.get(code) if set(code) <= {".", "-"} else None, m.start(), m.end(), m.group(0))
        previous = m.end()
    return w.result()


def _knock_value(group: str) -> int:
    return int(group) if group.isdigit() else len(group)


def _decode_grid(sequence: str, t: CodeTable) -> Decoded:
    letters = t.letters
    w = _Writer(t.name)
    separated = _KNOCK_LETTER_SEP.search(sequence) is not None
    for word_match in _KNOCK_WORD.finditer(sequence):
        word_start = word_match.start()
        word = word_match.group(0)
        if not word.strip():
            continue
        w.space()
        units: list[tuple[int, int, list[int], bool]] = []  # (start, end, knock counts, stray marks)
        if separated:
            pieces = [(m.start(), m.group(0)) for m in re.finditer(r"[^/,;]+", word) if m.group(0).strip()]
            for offset, piece in pieces:
                groups = list(_KNOCK_GROUP.finditer(piece))
                junk = bool(re.sub(r"\d+|[.·•∙*xX]+|\s", "", piece))
                if len(groups) == 1 and groups[0].group(0).isdigit() and len(groups[0].group(0)) == 2:
                    values = [int(ch) for ch in groups[0].group(0)]  # "23": row 2, column 3
                else:
                    values = [_knock_value(g.group(0)) for g in groups]
                start = word_start + offset + len(piece) - len(piece.lstrip())
                units.append((start, word_start + offset + len(piece.rstrip()), values, junk))
        else:
            # bare numbers, paired in order: "2 3 1 5"
            groups = list(_KNOCK_GROUP.finditer(word))
            for i in range(0, len(groups), 2):
                pair = groups[i : i + 2]
                values = [_knock_value(g.group(0)) for g in pair]
                units.append((word_start + pair[0].start(), word_start + pair[-1].end(), values, False))
        for start, end, values, junk in units:
            code = " ".join(str(v) for v in values)
            char = letters.get(code) if len(values) == 2 and not junk else None
            w.letter(char, start, end, sequence[start:end])
    return w.result()


# --- the derived artifact ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodeReport:
    """What `decode_artifact` kept: the new artifact (or the one already holding the same text)."""

    artifact_id: int
    derived_from: int
    table: str
    span: tuple[int, int]
    decoded: Decoded
    new: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "artifact_id": self.artifact_id,
            "derived_from": self.derived_from,
            "table": self.table,
            "span": list(self.span),
            "new": self.new,
            **self.decoded.to_dict(),
        }


def decode_artifact(
    case: Case, artifact_id: int, table: str, *, start: int | None = None, end: int | None = None
) -> DecodeReport:
    """Decode the transcribed sequence in a testimony's text (all of it, or characters `start`..`end`) and
    keep the reading as a derived artifact of that text: transformation "decoded from", tool
    "testament-decode", tool version naming the table; a custody event records the span, the table and
    the unreadable positions. Decoding the same span with the same table again returns the same artifact.
    `extract_artifact(case, report.artifact_id)` then proposes what the message says."""
    from testament.extract.proposal import read_text_of
    from testament.ingest._writing import AlreadyIngested, artifact_row, writing
    from testament.store.blobs import sha256_hex
    from testament.store.custody import NewEvent, append_events, utc_now
    from testament.store.facts import FactWriter
    from testament.store.ids import Ids
    from testament.store.schema import artifacts
    from testament.vocab import CustodyEventType

    _table(table)
    with case.read() as conn:
        parent, text = read_text_of(case, conn, artifact_id)
    lo, hi = start or 0, len(text) if end is None else end
    if not 0 <= lo < hi <= len(text):
        raise InputError(
            f"artifact {artifact_id}: span {lo}..{hi} is outside its text (0..{len(text)})",
            hint="give --start and --end as character offsets into the text (`testament artifact get`)",
        )
    decoded = decode(text[lo:hi], table)
    if decoded.letters == 0:
        raise InputError(
            f"artifact {artifact_id}: no Morse or knock sequence in characters {lo}..{hi}",
            hint="point --start/--end at the transcribed sequence",
        )
    data = decoded.text.encode("utf-8")
    digest = sha256_hex(data)
    version = f"{__version__}+{table}"
    try:
        with writing(case, [(data, digest)]) as conn:
            ids, facts = Ids(conn), FactWriter(conn)
            aid = ids.take(artifacts)
            row = artifact_row(
                aid, int(parent.source_id), digest, len(data), "text/plain; charset=utf-8",
                f"{parent.filename}.decoded-{table}.txt", utc_now(),
            )  # fmt: skip
            row.update(
                derived_from=int(parent.id),
                transformation=TRANSFORMATION,
                tool=TOOL,
                tool_version=version,
                sensitivity=parent.sensitivity,
            )
            facts.insert_mappings(artifacts, [row])
            details = {
                "from": parent.sha256,
                "to": digest,
                "transformation": TRANSFORMATION,
                "tool": TOOL,
                "tool_version": version,
                "table": table,
                "span": [lo, hi],
                "letters": decoded.letters,
                "unreadable": [u.to_dict() for u in decoded.unreadable],
            }
            events = [
                NewEvent(CustodyEventType.DERIVED, details, digest),
                NewEvent(
                    CustodyEventType.INGESTED,
                    {"artifact_id": aid, "kind": "decoded", **facts.details()},
                    digest,
                ),
            ]
            append_events(conn, case.settings.actor, events)
    except AlreadyIngested as known:
        return DecodeReport(known.artifact_id, int(parent.id), table, (lo, hi), decoded, False)
    return DecodeReport(aid, int(parent.id), table, (lo, hi), decoded, True)
