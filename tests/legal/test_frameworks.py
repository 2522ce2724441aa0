"""Frameworks are data files: the built-in ones load, users add their own, and a broken file is refused
with an error naming the file, the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from testament.legal.frameworks import FrameworkError, load_framework_file, load_frameworks

ART7 = "abcdefghijk"
GOOD = """
[framework]
id = "my-code"
title = "My code"
source = "My code, 2020"
kind = "domestic"

[[crimes]]
id = "killing"
title = "Killing"
  [[crimes.elements]]
  id = "conduct"
  kind = "conduct"
  text = "Killed someone."
  suggested_by = ["execution"]
"""


def test_load_builtin_frameworks_has_every_act_of_article_7() -> None:
    known = load_frameworks()
    art7 = known.by_id["icc-rome-art7"]
    assert [c.id for c in art7.crimes] == list(ART7)
    for crime in art7.crimes:
        kinds = {e.kind for e in crime.elements}
        assert {"conduct", "mental", "contextual"} <= kinds, crime.ref
        assert all(len(e.text) < 400 for e in crime.elements)  # paraphrases, not copied pages
    modes = {c.ref for c in known.modes()}
    assert {"25(3)(a)", "25(3)(b)", "25(3)(c)", "25(3)(d)", "28(a)", "28(b)"} <= modes
    assert known.by_id["domestic-model"].kind == "domestic"


def test_load_builtin_frameworks_map_one_act_type_under_several_frameworks() -> None:
    suggested = {
        c.framework_id
        for c in load_frameworks().crimes()
        for e in c.elements
        if "execution" in e.suggested_by and e.kind == "conduct"
    }
    assert suggested == {"icc-rome-art7", "domestic-model"}


@pytest.mark.parametrize(
    ("act_type", "charge"),
    [("execution", "a"), ("family_not_informed", "i"), ("imprisonment", "e"), ("flogging", "f"),
     ("torture", "f"), ("execution", "h")],
)  # fmt: skip
def test_builtin_suggestions_from_act_types(act_type: str, charge: str) -> None:
    crime = load_frameworks().crime(f"icc-rome-art7:{charge}")
    assert any(act_type in e.suggested_by for e in crime.elements)


def test_load_frameworks_reads_the_case_folder_and_extra_files(tmp_path: Path) -> None:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "mine.toml").write_text(GOOD, "utf-8")
    extra = tmp_path / "other.toml"
    extra.write_text(GOOD.replace('"my-code"', '"other-code"'), "utf-8")
    known = load_frameworks(tmp_path, [extra])
    assert known.crime("my-code:killing").element("conduct") is not None
    assert "other-code" in known.by_id and "icc-rome-art7" in known.by_id


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (('kind = "conduct"', 'kind = "deed"'), "crimes[0].elements[0]: kind 'deed'"),
        (('id = "killing"', 'id = "Killing!"'), "crimes[0]: id 'Killing!'"),
        (('title = "Killing"\n', ""), "crimes[0]: missing key 'title'"),
        (('suggested_by = ["execution"]', 'suggested_by = "execution"'), "key 'suggested_by'"),
        (('kind = "domestic"', "kind = 3"), "[framework]: key 'kind' should be a str"),
        (("[[crimes]]", "[[crime]]"), "no [[crimes]]"),
        (('text = "Killed someone."', 'text = "Killed someone.'), "not valid TOML"),
    ],
)
def test_load_framework_file_refuses_a_broken_file_naming_file_and_key(
    tmp_path: Path, change: tuple[str, str], named: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change), "utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(path)
    assert str(path) in caught.value.message and named in caught.value.message
    assert caught.value.hint


def test_load_frameworks_refuses_a_second_framework_with_the_same_id(tmp_path: Path) -> None:
    path = tmp_path / "dup.toml"
    path.write_text(GOOD.replace('"my-code"', '"icc-rome-art7"'), "utf-8")
    with pytest.raises(FrameworkError, match="already used"):
        load_frameworks(extra=[path])


def test_unknown_charge_names_the_choices() -> None:
    with pytest.raises(FrameworkError) as caught:
        load_frameworks().crime("icc-rome-art7:z")
    assert "framework:crime" in (caught.value.hint or "")
