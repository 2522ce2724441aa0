"""Docs that cannot drift: every relative link in the Markdown docs leads to a file (and heading) that
exists, and every `docs/...md` a message or docstring points to is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted(
    [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "bench" / "README.md", *(ROOT / "docs").glob("*.md")]
)
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"```.*?```", re.S)
_DOC_PATH = re.compile(r"\bdocs/[\w.-]+\.md\b")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _FENCE.sub("", path.read_text("utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#+\s+(.*)$", text, re.M)}


def _links(path: Path) -> list[str]:
    return _LINK.findall(_FENCE.sub("", path.read_text("utf-8")))


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_relative_links_lead_somewhere(doc: Path) -> None:
    broken = []
    for target in _links(doc):
        if re.match(r"[a-z]+:", target):
            continue  # http(s), mailto: not checked offline
        file_part, _, anchor = target.partition("#")
        dest = (doc.parent / file_part).resolve() if file_part else doc
        if not dest.exists() or (anchor and dest.suffix == ".md" and anchor not in _anchors(dest)):
            broken.append(target)
    assert broken == [], f"{doc.relative_to(ROOT)}: broken links {broken}"


def test_doc_paths_named_in_the_code_exist() -> None:
    named = {
        (path.relative_to(ROOT), m)
        for path in (ROOT / "src").rglob("*")
        if path.suffix in (".py", ".toml")
        for m in _DOC_PATH.findall(path.read_text("utf-8"))
    }
    assert named, "the pattern finds nothing: the check would pass vacuously"
    missing = sorted((str(where), m) for where, m in named if not (ROOT / m).exists())
    assert missing == []


def test_slug_follows_github() -> None:
    assert _slug("Files Testament writes") == "files-testament-writes"
    assert _slug("5. Linkage uncertainty (`estimate`)") == "5-linkage-uncertainty-estimate"
