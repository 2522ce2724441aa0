"""Mis-decoded text: UTF-8 read as Windows-1256, Windows-1252 or Latin-1 is flagged; genuine names are not."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from testament.names.mojibake import looks_like_mojibake, mojibake_source, repair_mojibake

# Invented or common names in the scripts a list may hold.
NAMES = [
    "علی احمدی",
    "سارا نیک\u200cنام",
    "رضا کریمی",
    "مریم",
    "عبدالله",
    "ابوالفضل",
    "José Müller",
    "Ghazâl Ñúñez",
    "Zoë",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    ("codec", "label"), [("cp1256", "Windows-1256"), ("cp1252", "Windows-1252"), ("latin-1", None)]
)
def test_looks_like_mojibake_flags_utf8_read_in_a_code_page(name: str, codec: str, label: str | None) -> None:
    garbled = name.encode("utf-8").decode(codec, errors="ignore" if codec == "cp1252" else "strict")
    if codec == "cp1252" and garbled.encode("cp1252") != name.encode("utf-8"):
        garbled = "".join(  # Windows and browsers pass Windows-1252's five undefined bytes through
            chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
            for b in name.encode("utf-8")
        )
    assert looks_like_mojibake(garbled)
    assert mojibake_source(garbled) in ({label} if label else {"Latin-1", "Windows-1252"})
    assert repair_mojibake(garbled) == name


def test_mojibake_source_names_the_persian_case_of_the_issue() -> None:
    assert "علی احمدی".encode().decode("cp1256") == "ط¹ظ„غŒ ط§ط\xadظ…ط¯غŒ"
    assert mojibake_source("ط¹ظ„غŒ ط§ط\xadظ…ط¯غŒ") == "Windows-1256"
    assert mojibake_source("Ø§Ø­Ù…Ø¯ÛŒ") == "Windows-1252"
    assert mojibake_source("JosÃ©") == "Windows-1252"


@pytest.mark.parametrize(
    "text",
    [
        *NAMES,
        "Müller",
        "Ghazâl",
        "François",
        "Straße",
        "Çelik",
        "Ömer",
        "Åsa",
        "Łukasz",
        "Ахмед",
        "Աննա",
        "عکاس",  # ع then ک is a UTF-8 pair in Windows-1256 (ژ): a genuine word must not be taken for one
        "ژاله",
        "1367/05/15",
        "۱۳۶۷/۰۵/۱۵",
        "زندان اوین",
        "",
        "Ø",
    ],
)
def test_looks_like_mojibake_leaves_genuine_text(text: str) -> None:
    assert not looks_like_mojibake(text)
    assert repair_mojibake(text) == text


def test_looks_like_mojibake_leaves_every_persian_word_of_the_name_lists() -> None:
    words: set[str] = set()
    for data in files("testament.names").joinpath("data").iterdir():
        if data.name.endswith(".toml"):
            words.update(re.findall(r"[\u0600-\u06ff\u200c]+", data.read_text("utf-8")))
    assert len(words) > 500
    assert [w for w in words if looks_like_mojibake(w)] == []
    assert all(looks_like_mojibake(w.encode().decode("cp1256")) for w in words if len(w) > 1)


def test_repair_mojibake_repairs_only_the_garbled_words() -> None:
    cell = "Ali " + "احمدی".encode().decode("cp1256") + " (Evin)"
    assert looks_like_mojibake(cell)
    assert repair_mojibake(cell) == "Ali احمدی (Evin)"
