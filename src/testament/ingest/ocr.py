"""OCR: the text of a page image, read by Tesseract (Debian `tesseract-ocr` with the `fas` and `eng` data;
`scripts/ensure-tesseract` installs them). The one module that runs Tesseract.

The binary is run directly, image on stdin and TSV on stdout, not through pytesseract: that wrapper writes
every image and its text to temp files, and an encrypted case must leave no plaintext on disk (the readers'
rule). The TSV gives each word with its confidence; the text is rebuilt from it in reading order (Tesseract
lists a right-to-left line's words in logical order), lines joined by newlines and blocks by a blank
line, as Tesseract's own text output does."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from testament.errors import IngestError
from testament.ingest.readers import TextDocument

__all__ = ["LANGUAGES", "OcrPage", "OcrText", "read_page", "tesseract_languages", "tesseract_version"]

# With both models loaded Tesseract reads either script, word by word. English first: on pages rendered from
# known text (tests/ingest/test_ocr.py) it misread fewer short Persian words as Latin than "fas+eng" did.
LANGUAGES = ("eng", "fas")
_TIMEOUT = 300  # seconds for one page; a page that takes longer is left unread and named
_HINT = "install Tesseract with scripts/ensure-tesseract (or `make test`), then ingest the file again"


@dataclass(frozen=True)
class OcrPage:
    text: str
    words: int
    confidence: float | None  # Tesseract's mean word confidence, 0-100; None when no word was found


@dataclass(frozen=True)
class OcrText:
    """The OCR of a file's pages, in page order (a page with no text read is an empty page)."""

    pages: list[OcrPage]
    tool_version: str
    languages: str
    tool: str = "tesseract"

    @property
    def words(self) -> int:
        return sum(p.words for p in self.pages)

    @property
    def confidence(self) -> float | None:
        """Mean word confidence over the whole file, each page weighted by its words."""
        if not self.words:
            return None
        total = sum((p.confidence or 0.0) * p.words for p in self.pages)
        return round(total / self.words, 1)

    def document(self) -> TextDocument:
        """As extracted text: pages joined with form feeds, so a span's page is the page of the scan."""
        return TextDocument([p.text for p in self.pages], self.tool, self.tool_version)

    def details(self) -> dict[str, object]:
        """For the custody event that derives the text: what read it and how sure it was, page by page."""
        return {
            "languages": self.languages,
            "mean_confidence": self.confidence,
            "words": self.words,
            "page_confidence": [p.confidence for p in self.pages],
        }


def _binary() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise IngestError("Tesseract is not installed, so scans and images cannot be read", hint=_HINT)
    return found


@functools.cache
def tesseract_version() -> str:
    """The Tesseract version, e.g. "5.3.0"; `IngestError` when it is not installed."""
    out = _run([_binary(), "--version"], b"").decode("utf-8", "replace")
    first = out.strip().splitlines()[0] if out.strip() else ""
    return first.split()[-1] if first.lower().startswith("tesseract") else first or "unknown"


@functools.cache
def tesseract_languages() -> str:
    """The languages OCR reads with: those of `LANGUAGES` installed, as Tesseract's `-l` value."""
    out = _run([_binary(), "--list-langs"], b"").decode("utf-8", "replace")
    installed = {line.strip() for line in out.splitlines()[1:]}
    have = [lang for lang in LANGUAGES if lang in installed]
    if not have:
        raise IngestError(f"Tesseract has none of the language data {'+'.join(LANGUAGES)}", hint=_HINT)
    return "+".join(have)


def read_page(image: bytes) -> OcrPage:
    """The text of one page image (PNG, JPEG, TIFF... bytes)."""
    command = [_binary(), "stdin", "stdout", "-l", tesseract_languages(), "tsv"]
    tsv = _run(command, image).decode("utf-8", "replace")
    return _page_of(tsv.splitlines())


def _run(command: Sequence[str], stdin: bytes) -> bytes:
    # One thread: Tesseract's OpenMP threads only contend with each other on a shared or single core.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            list(command), input=stdin, capture_output=True, timeout=_TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise IngestError(f"Tesseract took over {_TIMEOUT} s on one page", hint="split the file") from None
    except OSError as exc:
        raise IngestError(f"Tesseract could not be run ({exc.strerror})", hint=_HINT) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise IngestError(
            f"Tesseract failed ({said[-1] if said else f'exit {done.returncode}'})",
            hint="the image may be damaged; the file is preserved all the same",
        )
    return done.stdout


def _page_of(rows: list[str]) -> OcrPage:
    """Text and confidence from Tesseract's TSV (level, page, block, paragraph, line, word, left, top,
    width, height, conf, text)."""
    lines: list[tuple[tuple[int, int, int], list[str]]] = []
    confidences: list[float] = []
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue  # not a word
        word = cells[11].strip().strip("\u200e\u200f")  # bidi marks Tesseract puts round a Latin word
        if not word:
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))  # block, paragraph, line
        if not lines or lines[-1][0] != key:
            lines.append((key, []))
        lines[-1][1].append(word)
        confidences.append(max(float(cells[10]), 0.0))
    parts: list[str] = []
    for i, (key, words) in enumerate(lines):
        if i:
            parts.append("\n\n" if key[0] != lines[i - 1][0][0] else "\n")
        parts.append(" ".join(words))
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrPage("".join(parts), len(confidences), mean)
