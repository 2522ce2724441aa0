"""The model's comparisons level by level, each rule stated by the test that defends it. Pairs are hand-made
records typed as `features.FEATURE_SCHEMA` and evaluated by DuckDB; a pair lands in the first level whose
SQL holds, as in Splink."""

from __future__ import annotations

from functools import cache
from typing import Any

import pyarrow as pa
import pytest

from testament.link.comparisons import (
    TF_WEIGHT,
    blocking_rules,
    comparisons,
    fallback_training_rules,
    training_rules,
)
from testament.link.features import FEATURE_SCHEMA
from tests.link._levels import duckdb_connection, first_level

EXTRA = ("id",)
OUTPUTS = [
    "given", "surname", "father", "title", "birth", "place", "affiliation", "burial", "sex", "arrest", "exec",
    "source", "x_id",
]  # fmt: skip
SCHEMA = pa.schema([*FEATURE_SCHEMA, pa.field("x_id", pa.string())])


@cache  # (make mutation's plugin clears it in each mutant worker, so the mutant's comparisons are read)
def _model_levels() -> dict[str, list[dict[str, Any]]]:
    """Each comparison's levels (their settings) by output column, the comparisons built once."""
    built = [c.get_comparison("duckdb") for c in comparisons(EXTRA)]
    return {c.output_column_name: list(c.as_dict()["comparison_levels"]) for c in built}


def _levels(output: str) -> list[dict[str, Any]]:
    return _model_levels()[output]


def _pair_table(left: dict[str, Any], right: dict[str, Any]) -> pa.Table:
    columns: dict[str, pa.Array] = {}
    for field in SCHEMA:
        for side, record in (("l", left), ("r", right)):
            columns[f"{field.name}_{side}"] = pa.array([record.get(field.name)], field.type)
    return pa.table(columns)


def _level(output: str, left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """The level (its settings) that the pair (left, right) lands in: the first whose condition holds, in
    one CASE expression as Splink writes it."""
    levels = _levels(output)
    con = duckdb_connection(__name__)
    con.register("pair", _pair_table(left, right))
    index = first_level(levels, con)
    return levels[index]


def _label(output: str, left: dict[str, Any], right: dict[str, Any], *, both_ways: bool = True) -> str:
    label = str(_level(output, left, right)["label_for_charts"])
    if both_ways:
        assert str(_level(output, right, left)["label_for_charts"]) == label, "a comparison must be symmetric"
    return label


# --- the model as a whole ----------------------------------------------------------------------------------


def test_comparisons_cover_the_identifying_fields_once_each() -> None:
    names = [c.get_comparison("duckdb").output_column_name for c in comparisons(EXTRA)]
    assert names == OUTPUTS
    assert [c.get_comparison("duckdb").output_column_name for c in comparisons()] == names[:-1]


def test_every_level_condition_reads_only_feature_columns() -> None:
    """Rule: every condition is valid SQL over the feature table's columns (a misspelt column would only
    fail when a model is trained)."""
    conditions = [
        f"({level['sql_condition']})"
        for levels in _model_levels().values()
        for level in levels
        if level["sql_condition"] != "ELSE"
    ]
    con = duckdb_connection(__name__)
    con.register("pair", _pair_table({}, {}))
    con.execute(f"SELECT {', '.join(conditions)} FROM pair").fetchall()  # one query binds them all


def test_every_empty_pair_lands_in_a_null_level() -> None:
    """Rule: a pair with nothing known on a field is neutral evidence (a null level), never agreement or
    disagreement."""
    for output in _model_levels():
        level = _level(output, {}, {})
        assert level.get("is_null_level"), (output, level["label_for_charts"])


def test_term_frequency_applies_to_names_places_affiliation_burial_and_extra_ids_only() -> None:
    """Rule: a common value (Mohammad, Evin) is weaker evidence than a rare one: term-frequency
    adjustment, at full weight (measured against the chance that two records share a value: see
    tests/link/test_model.py), on agreement levels of names, places, affiliation, burial and extra
    identifiers; never on sex, dates, title or source, where frequencies carry no identity."""
    tf = {
        (output, level["label_for_charts"]): (level["tf_adjustment_column"], level["tf_adjustment_weight"])
        for output in OUTPUTS
        for level in _levels(output)
        if "tf_adjustment_column" in level
    }
    expected = {
        **{
            (f, label): (f"{f}_key", TF_WEIGHT)
            for f in ("given", "surname", "father")
            for label in (
                "same name (in either script)",
                "other spelling of the same sounds (cross-script key)",
            )
        },
        ("place", "same prison"): ("prison_key", TF_WEIGHT),
        ("place", "same city"): ("city_key", TF_WEIGHT),
        ("affiliation", "same"): ("affiliation_key", TF_WEIGHT),
        ("burial", "same"): ("burial_key", TF_WEIGHT),
        ("x_id", "same"): ("x_id", TF_WEIGHT),
    }
    assert tf == expected
    assert TF_WEIGHT == 1.0
    for output in ("given", "place"):
        for level in _levels(output):
            if "tf_adjustment_column" in level:
                assert level["disable_tf_exact_match_detection"] is True


def test_different_sex_is_a_fixed_clerical_error_rate() -> None:
    """Rule: two records of one person almost never differ in sex; the m of that level is fixed at 1%
    rather than learnt (training drives it to zero, which Splink refuses)."""
    level = _level("sex", {"sex": "male"}, {"sex": "female"})
    assert (level["label_for_charts"], level["m_probability"], level["fix_m_probability"]) == (
        "different",
        0.01,
        True,
    )
    assert _label("sex", {"sex": "male"}, {"sex": "male"}) == "same"
    for output in ("affiliation", "burial"):
        assert not _level(output, {f"{output}_key": "a"}, {f"{output}_key": "b"})["fix_m_probability"]


# --- levels ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ({}, {}, "no place on both sides"),
        ({"prison_key": "EVIN"}, {}, "no place on both sides"),  # known on one side only: neutral too
        (
            {"prison_key": "EVIN", "city_key": "THRN"},
            {"prison_key": "EVIN", "city_key": "THRN"},
            "same prison",
        ),
        ({"prison_key": "EVIN"}, {"prison_key": "EVIN", "city_key": "THRN"}, "same prison"),
        (
            {"prison_key": "EVIN", "city_key": "THRN"},
            {"prison_key": "EVIN", "city_key": "SHRZ"},
            "same prison, other city",
        ),
        ({"city_key": "THRN"}, {"city_key": "THRN"}, "same city"),
        ({"city_key": "THRN"}, {"city_key": "THRN", "prison_key": "EVIN"}, "same city"),
        (
            {"city_key": "THRN", "prison_key": "GHZL"},
            {"city_key": "THRN", "prison_key": "EVIN"},
            "same city, other prison",
        ),
        ({"city_key": "THRN"}, {"city_key": "SHRZ"}, "different places"),
    ],
)
def test_place_levels_weigh_prison_over_city(left: dict[str, str], right: dict[str, str], label: str) -> None:
    """Rule: one prison holds people of its city, so city and prison are one comparison: the same prison
    (city agreeing or unknown) is the strongest level, the same city with other prisons weaker."""
    assert _label("place", left, right) == label


def test_place_null_level_is_neutral() -> None:
    assert _level("place", {}, {})["is_null_level"] is True


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        (
            {"birth_lo": 1960, "birth_hi": 1960, "birth_dlo": 5000, "birth_dhi": 5000},
            None,
            "same date of birth",
        ),
        (
            {"birth_lo": 1960, "birth_hi": 1960, "birth_dlo": 5000, "birth_dhi": 5000},
            {"birth_lo": 1960, "birth_hi": 1960, "birth_dlo": 5001, "birth_dhi": 5001},
            "same year",
        ),
        ({"birth_lo": 1960, "birth_hi": 1960}, None, "same year"),
        (
            {"birth_lo": 1960, "birth_hi": 1960},
            {"birth_lo": 1959, "birth_hi": 1961},
            "years overlap (calendar conversion)",
        ),
        ({"birth_lo": 1960, "birth_hi": 1960}, {"birth_lo": 1961, "birth_hi": 1961}, "one year apart"),
        (
            {"birth_lo": 1960, "birth_hi": 1960},
            {"birth_lo": 1962, "birth_hi": 1962},
            "two or three years apart",
        ),
        (
            {"birth_lo": 1960, "birth_hi": 1960},
            {"birth_lo": 1963, "birth_hi": 1963},
            "two or three years apart",
        ),
        ({"birth_lo": 1960, "birth_hi": 1960}, {"birth_lo": 1964, "birth_hi": 1964}, "different"),
        ({"birth_lo": 1960, "birth_hi": 1961}, {"birth_lo": 1958, "birth_hi": 1959}, "one year apart"),
        ({"birth_lo": 1960, "birth_hi": 1960}, {}, "birth_lo is NULL"),
    ],
)
def test_birth_levels_follow_the_gap_in_years(
    left: dict[str, int], right: dict[str, int] | None, label: str
) -> None:
    """Rule: a full date agreeing beats a year agreeing; a Solar Hijri year spans two Gregorian ones, so
    overlapping year ranges agree; then one, then two or three years apart (ages misremembered)."""
    assert _label("birth", left, left if right is None else right) == label


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        ({}, {}, "no title on either"),
        ({"title": "SYD"}, {"title": "SYD"}, "same title"),
        ({"title": "SYD"}, {}, "title on one side only, or another title"),
        ({"title": "SYD"}, {"title": "HAJ"}, "title on one side only, or another title"),
    ],
)
def test_title_levels(left: dict[str, str], right: dict[str, str], label: str) -> None:
    assert _label("title", left, right) == label


def test_title_missing_on_both_sides_is_neutral() -> None:
    assert _level("title", {}, {})["is_null_level"] is True
    assert not _level("title", {"title": "SYD"}, {}).get("is_null_level")


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [({"source": 1}, {"source": 1}, "same list"), ({"source": 1}, {"source": 2}, "different lists")],
)
def test_source_levels_tell_one_list_from_two(
    left: dict[str, int], right: dict[str, int], label: str
) -> None:
    assert _label("source", left, right) == label


@pytest.mark.parametrize(
    ("output", "column"), [("affiliation", "affiliation_key"), ("burial", "burial_key"), ("sex", "sex")]
)
def test_exact_levels_agree_only_on_equal_values(output: str, column: str) -> None:
    assert _label(output, {column: "a"}, {column: "a"}) == "same"
    assert _label(output, {column: "a"}, {column: "b"}) == "different"
    assert _label(output, {column: "a"}, {}) == f"{column} is NULL"


@pytest.mark.parametrize(
    ("right", "label"),
    [
        ("IR-1234567", "same"),
        ("IR-1234568", "close (Jaro-Winkler >= 0.92)"),
        ("IR-12", "similar (Jaro-Winkler >= 0.8)"),
        ("ZZ", "different"),
    ],
)
def test_extra_identifier_levels_by_jaro_winkler(right: str, label: str) -> None:
    assert _label("x_id", {"x_id": "IR-1234567"}, {"x_id": right}) == label


def _name(field: str, side: dict[str, Any]) -> dict[str, Any]:
    return {f"{field}_{k}": v for k, v in side.items()}


LATIN = {"script": "latin"}
PERSIAN = {"script": "persian"}


@pytest.mark.parametrize(
    ("left", "right", "label"),
    [
        (
            {"key": "MHMD", "form": "mohammad", "set": "mohammad", "reading": "mohammad", **LATIN},
            {"key": "MHMD", "form": "mahmoud", "set": "mahmoud", "reading": "mahmoud", **LATIN},
            "different names that sound alike (Mohammad / Mahmoud)",
        ),
        (
            {"key": "ALY", "form": "ali", "set": "ali", **LATIN},
            {"key": "ALY", "form": "ali", "set": "ali", **LATIN},
            "same name (in either script)",
        ),
        (
            {"key": "ALY", "form": "ali", "set": "ali", **LATIN},
            {"key": "ALY", "form": "علی", "set": "علی", **PERSIAN},
            "same name (in either script)",
        ),
        (
            {"key": "ALY", "form": "ali", "set": "ali", **LATIN},
            {"key": "ALY", "form": "aly", "set": "aly", **LATIN},
            "other spelling of the same sounds (cross-script key)",
        ),
        (
            {"key": "ALYRDA", "form": "alireza", "set": "ali reza", "keyset": "ALY RDA", **LATIN},
            {"key": "ALYRZA", "form": "ali-reza", "set": "ali-reza", "keyset": "ALY RDA", **LATIN},
            "other spelling of the same sounds (cross-script key)",
        ),
        (
            {"key": "KRYMY", "form": "karimi", "set": "karimi", "loose": "KRM", **LATIN},
            {"key": "KRYMI", "form": "kerimi", "set": "kerimi", "loose": "KRM", **LATIN},
            "other spelling of the same sounds (cross-script key)",
        ),
        (
            {"key": "HSYN", "form": "hosein", "set": "hosein", **LATIN},
            {"key": "HSSYN", "form": "hossein", "set": "hossein", **LATIN},
            "close spelling (one letter apart)",
        ),
        (
            {"key": "ALY", "form": "ali", "set": "ali", **LATIN},
            {"key": "RDA", "form": "reza", "set": "reza", **LATIN},
            "different",
        ),
        ({"key": "ALY", "form": "ali", "set": "ali", **LATIN}, {}, "father_key is NULL"),
    ],
)
def test_father_name_levels(left: dict[str, Any], right: dict[str, Any], label: str) -> None:
    """Rule: names agree by form, then by the cross-script key (either script), then by looser keys, then
    by one letter; two known names with one skeleton (Mohammad / Mahmoud) are different names."""
    assert _label("father", _name("father", left), _name("father", right)) == label


def test_one_letter_apart_is_close_spelling_only_for_keys_of_three_letters_or_more() -> None:
    """Rule: keys one letter apart are a close spelling when both have three letters or more; two short
    keys one letter apart (AL / AB) are different names, however close they look."""
    short = (
        {"key": "AL", "form": "al", "set": "al", **LATIN},
        {"key": "AB", "form": "ab", "set": "ab", **LATIN},
    )
    assert _label("father", _name("father", short[0]), _name("father", short[1])) == "different"
    long = ({"key": "ALB", "form": "alb", "set": "alb", **LATIN}, {"key": "ALBB", "form": "albb", **LATIN})
    assert (
        _label("father", _name("father", long[0]), _name("father", long[1]))
        == "close spelling (one letter apart)"
    )


def test_close_form_in_one_script_is_close_spelling_even_with_keys_further_apart() -> None:
    """Rule: two spellings in one script whose forms are close (Jaro-Winkler >= 0.9) are a close spelling
    even when their keys are two letters apart; across scripts forms are not compared."""
    left = {"key": "MHMDRDA", "form": "mohammadreza", "set": "mohammadreza", **LATIN}
    right = {"key": "MHMDRZ", "form": "mohammadrezza", "set": "mohammadrezza", **LATIN}
    label = _label("father", _name("father", left), _name("father", right))
    assert label == "close spelling (one letter apart)"
    other_script = {**right, **PERSIAN}
    assert _label("father", _name("father", left), _name("father", other_script)) == "different"


def test_given_name_one_part_shared_is_its_own_level() -> None:
    left = _name(
        "given", {"key": "MHMDRDA", "form": "mohammadreza", "set": "mohammad reza", "pk": ["MHMD", "RDA"]}
    )
    right = _name("given", {"key": "MHMD", "form": "mohammad", "set": "mohammad", "pk": ["MHMD"]})
    tokens = {"name_tokens": None}
    assert _label("given", {**left, **LATIN, **tokens}, {**right, **LATIN, **tokens}) == "one part shared"


def test_surname_same_stem_other_suffix_is_its_own_level() -> None:
    left = _name("surname", {"key": "HSYNY", "form": "hosseini", "set": "hosseini", **LATIN}) | {
        "surname_stem": "HSYN"
    }
    right = _name("surname", {"key": "HSYNZADH", "form": "hosseinzadeh", "set": "hosseinzadeh", **LATIN}) | {
        "surname_stem": "HSYN"
    }
    assert _label("surname", left, right) == "same stem, other suffix (e.g. -i / -zadeh / -pour)"
    assert _label("surname", left, {**right, "surname_stem": "ZZZ"}) == "different"


def test_surname_same_words_with_given_name_agreeing_counts_as_same_sounds() -> None:
    left = _name("surname", {"key": "MHDYZADH MLASHY", "form": "mahdizadeh milachi", **LATIN})
    right = _name("surname", {"key": "MHDYZADHMLASHY", "form": "مهدی‌زاده میلاشی", **PERSIAN})
    words = {"name_tokens": "MHDYZADH MLASHY", "given_key": "ALY"}
    assert (
        _label("surname", {**left, **words}, {**right, **words})
        == "other spelling of the same sounds (cross-script key)"
    )
    # given names disagreeing: the same words are then read as a name split elsewhere (neutral here)
    assert _label("surname", {**left, **words}, {**right, **words, "given_key": "RDA"}).startswith(
        "same words"
    )


def test_father_name_has_no_swapped_level() -> None:
    """Rule: a father's name is never read as given name and surname swapped: only given and surname."""
    labels = {str(level["label_for_charts"]) for level in _levels("father")}
    assert not any("swapped" in label for label in labels)
    assert any("swapped" in str(level["label_for_charts"]) for level in _levels("given"))


# --- blocking and training ---------------------------------------------------------------------------------


def _columns(rules: list[tuple[str, ...]]) -> set[str]:
    return {column for rule in rules for column in rule}


def test_blocking_and_training_rules_name_feature_columns() -> None:
    """Rule: every blocking and training rule blocks on columns the feature table has."""
    known = set(SCHEMA.names)
    assert _columns(blocking_rules(EXTRA)) <= known
    assert _columns([rule for rule, _ in training_rules() + fallback_training_rules()]) <= known
    outputs = {c.get_comparison("duckdb").output_column_name for c in comparisons()}
    assert _columns([learnt for _, learnt in training_rules() + fallback_training_rules()]) <= outputs


def test_blocking_rules_extra_identifiers_block_alone_and_with_the_given_name() -> None:
    rules = blocking_rules(("id", "addr"))
    assert rules[:4] == [("x_id",), ("x_addr",), ("x_id", "given_key"), ("x_addr", "given_key")]
    assert rules[4:] == blocking_rules()


def test_blocking_rules_no_single_field_hides_a_pair() -> None:
    """Rule: for each name key, birth year and place, some rule does without it, so a typo or a gap in
    that one field cannot keep a true pair from being compared."""
    rules = blocking_rules()
    assert len(rules) == len(set(rules))
    for field in ("given_key", "surname_key", "father_key", "birth_lo", "city_key", "prison_key", "exec_lo"):
        assert any(field not in rule for rule in rules)
    assert ("name_pair_key",) in rules and ("surname_key",) in rules and ("name_tokens",) in rules


def test_training_sessions_hold_names_fixed_then_learn_them() -> None:
    sessions = training_rules()
    assert [learnt for _, learnt in sessions] == [(), (), ("given", "surname")]
    assert all({"given_key", "surname_key"} <= set(block) for block, _ in sessions[:2])
    assert not {"given_key", "surname_key"} & set(sessions[2][0])
    fallback = fallback_training_rules()
    assert [learnt for _, learnt in fallback] == [
        (),
        ("given", "surname", "father"),
        ("given", "surname", "father"),
    ]
    assert fallback[0][0] == ("given_key", "surname_key")


@pytest.mark.parametrize(
    ("right", "label"),
    [
        ((100, 100), "same day"),
        ((90, 120), "overlap, precise"),
        ((60, 130), "overlap"),  # a span wider than a month
        ((107, 107), "within 7 days"),
        ((108, 108), "within 62 days"),
        ((162, 162), "within 62 days"),
        ((163, 163), "different"),
    ],
)
def test_arrest_interval_levels_allow_two_months(right: tuple[int, int], label: str) -> None:
    """Rule: arrest dates are remembered loosely: a week, then two months apart still count for a pair
    (execution dates: one month)."""
    left = {"arrest_lo": 100, "arrest_hi": 100}
    assert _label("arrest", left, {"arrest_lo": right[0], "arrest_hi": right[1]}) == label


def test_given_names_compare_as_the_set_of_their_parts() -> None:
    """Rule: Mohammad Reza = Mohammadreza = Reza Mohammad for given names (their part sets agree), while a
    surname compares by its written form."""
    left = _name("given", {"key": "MHMDRDA", "form": "mohammad reza", "set": "mohammad reza", **LATIN})
    right = _name("given", {"key": "RDAMHMD", "form": "reza mohammad", "set": "mohammad reza", **LATIN})
    assert _label("given", left, right) == "same name (in either script)"
    left, right = ({k.replace("given", "surname"): v for k, v in side.items()} for side in (left, right))
    assert _label("surname", left, right) != "same name (in either script)"


@pytest.mark.parametrize("field", ["arrest", "exec"])
@pytest.mark.parametrize(("right", "label"), [((90, 121), "overlap, precise"), ((90, 122), "overlap")])
def test_overlap_is_precise_up_to_a_month_wide(field: str, right: tuple[int, int], label: str) -> None:
    """Rule: an overlap of arrest or execution dates counts as precise when both dates are known to within
    31 days."""
    left = {f"{field}_lo": 100, f"{field}_hi": 100}
    assert _label(field, left, {f"{field}_lo": right[0], f"{field}_hi": right[1]}) == label


def test_similar_city_names_are_their_own_level_unless_the_prisons_disagree() -> None:
    """Rule: one city spelt two ways the gazetteer does not know (Kermanshah / Kirmanschah) is a level of
    its own when the prisons do not contradict it (unknown on a side); two different prisons known make it
    different places."""
    left, right = {"city_key": "KRMNSHAH"}, {"city_key": "KRMNSHH"}
    assert _label("place", left, right) == "similar city names"
    assert _label("place", left | {"prison_key": "DYZL"}, right) == "similar city names"
    assert (
        _label("place", left | {"prison_key": "DYZL"}, right | {"prison_key": "EVIN"}) == "different places"
    )
    assert _label("place", left, {"city_key": "SHRZ"}) == "different places"


def test_given_name_known_to_be_one_name_is_the_same_name() -> None:
    """Rule: two spellings that read as one known name are the same name, though their keys differ
    (اسحاق / Es'hagh: the Latin s-h reads as sh)."""
    left = _name("given", {"key": "SHK", "form": "اسحاق", "set": "اسحاق", "reading": "eshaq", **PERSIAN})
    right = _name("given", {"key": "XK", "form": "eshaq", "set": "eshaq", "reading": "eshaq", **LATIN})
    assert _label("given", left, right) == "same name (in either script)"
    assert _label("given", left, {**right, "given_reading": None}) == "different"


def test_name_cut_elsewhere_reads_as_the_same_words() -> None:
    """Rule: given name and surname both differing but the name's ring the same (Mohammad | Ali Moqadam
    against محمدعلی | مقدم) is the same words read otherwise: counted in the given name, neutral in the
    surname; with the surname agreeing it is no such level (Hossein Ahmadi / Hassan Ahmadi)."""
    left = _name("given", {"key": "MHMD", "form": "mohamad", "set": "mohamad", **LATIN}) | _name(
        "surname", {"key": "LYMKDM", "form": "alimoqadam", **LATIN}
    )
    right = _name("given", {"key": "MHMDL", "form": "محمدعلی", "set": "علی محمد", **PERSIAN}) | _name(
        "surname", {"key": "MKDM", "form": "مقدم", **PERSIAN}
    )
    ring = {"name_ring": "DLYMKDMMHM"}
    label = "same words, given name and surname read otherwise (swapped, or split elsewhere)"
    assert _label("given", left | ring, right | ring) == label
    assert _label("surname", left | ring, right | ring) == f"{label}: counted in the given name"
    assert _label("given", left, right) == "close spelling (one letter apart)"
    same_surname = right | _name("surname", {"key": "LYMKDM", "form": "alimoqadam", **LATIN})
    assert _label("given", left | ring, same_surname | ring) == "close spelling (one letter apart)"


def test_surname_same_letters_but_for_h_and_i_is_its_own_level() -> None:
    """Rule: surnames whose keys differ only by an H or a Y (a silent heh, a hamza, a long i written on one
    side only) agree at a level of their own, below a one-letter difference."""
    left = _name("surname", {"key": "SNDLKDM", "form": "زنده دل اقدم", "bare": "SNDLKDM", **PERSIAN})
    right = _name("surname", {"key": "SNDHDLKDM", "form": "sendehdelaqdam", "bare": "SNDLKDM", **LATIN})
    assert _label("surname", left, right) == "same letters but for h and i"
    assert _label("surname", left, {**right, "surname_bare": "SNDLKD"}) == "different"


def test_blocking_rules_find_names_cut_elsewhere_and_surnames_with_a_silent_letter() -> None:
    rules = blocking_rules()
    assert ("bare_ring",) in rules and ("given_key", "surname_bare") in rules
