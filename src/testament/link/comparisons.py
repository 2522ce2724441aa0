"""What the model compares and how candidate pairs are found: Splink comparisons over the columns of
`features.FEATURE_SCHEMA`, and blocking rules on the cross-script keys.

Each comparison has levels from strongest to weakest agreement; the level labels are what a reviewer
sees as evidence for or against a pair. Conditions are written in portable SQL (plain comparisons,
greatest/least, length) or with Splink's level library where a string distance is needed, so that the
same model runs on DuckDB and on Spark.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cl
from splink.comparison_library import CustomComparison

__all__ = [
    "blocking_rules",
    "comparisons",
    "fallback_training_rules",
    "training_rules",
]


def _custom(sql: str, label: str, **config: Any) -> Any:
    level = cl.CustomLevel(sql, label, base_dialect_str="duckdb")
    return level.configure(**config) if config else level


# Term-frequency adjustments at full weight: "Mohammad Hosseini" agreeing says less than a rare name
# agreeing. They were at half weight while Splink measured them against the wrong reference (see
# `model._tf_reference_shifts`), which made true matches score 1.3 nats below their observed odds at full
# weight and 0.6 at half weight (bench/devset.py). Measured against the chance that two records share a
# value, full weight is calibrated (expected calibration error 0.003) and separates best (pair F1 0.9870,
# against 0.9855 at half weight and 0.9843 before).
TF_WEIGHT = 1.0


def _tf(column: str) -> dict[str, Any]:
    # Splink then scales by this level's own u instead of an exact-match level's (the levels are custom
    # SQL); `model.predict_pairs` moves the reference to the chance that two records share the value
    return {
        "tf_adjustment_column": column,
        "tf_adjustment_weight": TF_WEIGHT,
        "disable_tf_exact_match_detection": True,
    }


def _name(field: str, *, surname: bool = False, swaps: bool = True) -> CustomComparison:
    f = field
    same_script = f"{f}_script_l = {f}_script_r"
    # Given names compare as the set of their parts: Mohammad Reza = Mohammadreza = Reza Mohammad. Across
    # scripts the cross-script key is the best agreement there can be, so it shares the top level: a
    # level of its own would let training learn "same script" instead of "same person".
    form = f"{f}_form" if surname else f"{f}_set"
    # Two readings that are one known name are the same name, however the sounds were written (اسحاق /
    # Es'hagh: the Latin reads s-h as sh).
    same = (
        f"({form}_l = {form}_r OR ({f}_key_l = {f}_key_r AND {f}_script_l <> {f}_script_r)"
        f" OR {f}_reading_l = {f}_reading_r)"
    )
    long_keys = f"length({f}_key_l) >= 3 AND length({f}_key_r) >= 3"
    # Two known names that a skeleton cannot tell apart (محمد / Mahmoud: both MHMD) are different names.
    alike = (
        f"{f}_reading_l IS NOT NULL AND {f}_reading_r IS NOT NULL AND {f}_reading_l <> {f}_reading_r"
        f" AND {f}_key_l = {f}_key_r"
    )
    # a surname whose words are the same, given names agreeing (مهدی‌زاده میلاشی / Mahdizadeh Milachi)
    words = " OR (name_tokens_l = name_tokens_r AND given_key_l = given_key_r)" if surname and swaps else ""
    levels: list[Any] = [
        cl.NullLevel(f"{f}_key"),
        _custom(alike, "different names that sound alike (Mohammad / Mahmoud)"),
        _custom(same, "same name (in either script)", **_tf(f"{f}_key")),
        _custom(
            f"({f}_key_l = {f}_key_r OR {f}_keyset_l = {f}_keyset_r OR {f}_loose_l = {f}_loose_r{words})",
            "other spelling of the same sounds (cross-script key)",
            **_tf(f"{f}_key"),
        ),
        *([_swapped(counted=not surname)] if swaps else []),
        cl.Or(
            cl.And(cl.DamerauLevenshteinLevel(f"{f}_key", 1), _custom(long_keys, "long keys")),
            cl.And(_custom(same_script, "same script"), cl.JaroWinklerLevel(f"{f}_form", 0.9)),
        ).configure(label_for_charts="close spelling (one letter apart)"),
    ]
    if surname:
        levels.append(
            _custom(f"{f}_stem_l = {f}_stem_r", "same stem, other suffix (e.g. -i / -zadeh / -pour)")
        )
        # a silent heh, a hamza or a long i written on one side only, inside a word (قربان‌زاده گیوی /
        # Qorbanzadehgivi, زنده دل / Sendehdel): lossy (Hosseini / Hassani), so a level of its own
        levels.append(_custom(f"{f}_bare_l = {f}_bare_r", "same letters but for h and i"))
    else:
        levels.append(cl.ArrayIntersectLevel(f"{f}_pk", 1).configure(label_for_charts="one part shared"))
    levels.append(cl.ElseLevel().configure(label_for_charts="different"))
    return CustomComparison(levels, output_column_name=f, comparison_description=f"{f} name")


def _swapped(*, counted: bool) -> Any:
    # Given name and surname swapped, or a full name split elsewhere (Nader Hosseini | Barzi against
    # Nader | Hosseini Barzi): the same words in another order. Given name and surname then agree or
    # disagree together, so the evidence is counted once, in the given name; the surname's level is
    # neutral (a "null" level: weight zero), else it would be counted twice.
    # The ring (see `features`): the same letters in the same order however cut into words and fields,
    # given name and surname both read otherwise (Ali | Aqa Bakhtiari against علی‌آقا | بختیاری).
    label = "same words, given name and surname read otherwise (swapped, or split elsewhere)"
    ring = "(name_ring_l = name_ring_r AND given_key_l <> given_key_r AND surname_key_l <> surname_key_r)"
    sql = f"(name_tokens_l = name_tokens_r OR {ring})"
    if counted:
        return _custom(sql, label)
    return _custom(sql, f"{label}: counted in the given name", is_null_level=True)


def _interval(field: str, unit: str, exact: str, close: int, near: int, week: int) -> CustomComparison:
    # `week`: a level for dates a few days apart (lists copy dates with slips of a day or a week)
    lo_l, hi_l, lo_r, hi_r = f"{field}_lo_l", f"{field}_hi_l", f"{field}_lo_r", f"{field}_hi_r"
    gap = f"(greatest({lo_l}, {lo_r}) - least({hi_l}, {hi_r}))"
    levels: list[Any] = [
        cl.NullLevel(f"{field}_lo"),
        _custom(f"{lo_l} = {hi_l} AND {lo_r} = {hi_r} AND {lo_l} = {lo_r}", f"same {exact}"),
        _custom(
            f"{gap} <= 0 AND {hi_l} - {lo_l} <= {close} AND {hi_r} - {lo_r} <= {close}", "overlap, precise"
        ),
        _custom(f"{gap} <= 0", "overlap"),
        _custom(f"{gap} <= {week}", f"within {week} {unit}"),
        _custom(f"{gap} <= {near}", f"within {near} {unit}"),
        cl.ElseLevel().configure(label_for_charts="different"),
    ]
    return CustomComparison(levels, output_column_name=field, comparison_description=field)


def _birth() -> CustomComparison:
    gap = "(greatest(birth_lo_l, birth_lo_r) - least(birth_hi_l, birth_hi_r))"
    levels: list[Any] = [
        cl.NullLevel("birth_lo"),
        _custom(
            "birth_dlo_l = birth_dhi_l AND birth_dlo_r = birth_dhi_r AND birth_dlo_l = birth_dlo_r",
            "same date of birth",
        ),
        _custom(
            "birth_lo_l = birth_hi_l AND birth_lo_r = birth_hi_r AND birth_lo_l = birth_lo_r", "same year"
        ),
        _custom(f"{gap} <= 0", "years overlap (calendar conversion)"),
        _custom(f"{gap} <= 1", "one year apart"),
        _custom(f"{gap} <= 3", "two or three years apart"),
        cl.ElseLevel().configure(label_for_charts="different"),
    ]
    return CustomComparison(levels, output_column_name="birth", comparison_description="birth year")


def _exact(column: str, name: str, *, tf: bool, contradiction_m: float | None = None) -> CustomComparison:
    different = cl.ElseLevel().configure(label_for_charts="different")
    if contradiction_m is not None:
        # a near-impossible disagreement for one person: expectation maximisation drives its m to zero
        # (and Splink refuses values below 1e-300), so it is fixed at a clerical error rate instead
        different = different.configure(m_probability=contradiction_m, fix_m_probability=True)
    same = cl.ExactMatchLevel(column, term_frequency_adjustments=tf).configure(label_for_charts="same")
    levels: list[Any] = [
        cl.NullLevel(column),
        same.configure(tf_adjustment_weight=TF_WEIGHT) if tf else same,
        different,
    ]
    return CustomComparison(levels, output_column_name=name, comparison_description=name)


def _place() -> CustomComparison:
    # City and prison in one comparison: a prison mostly holds people of its city, so the two agree
    # together among non-matches too and would count the same evidence twice as separate comparisons.
    city = "city_key_l = city_key_r"
    prison = "prison_key_l = prison_key_r"
    city_known = "city_key_l IS NOT NULL AND city_key_r IS NOT NULL"
    prison_known = "prison_key_l IS NOT NULL AND prison_key_r IS NOT NULL"
    levels: list[Any] = [
        _custom(f"NOT ({city_known}) AND NOT ({prison_known})", "no place on both sides", is_null_level=True),
        _custom(f"{prison} AND ({city} OR NOT ({city_known}))", "same prison", **_tf("prison_key")),
        _custom(f"{city} AND NOT ({prison_known})", "same city", **_tf("city_key")),
        _custom(f"{city} AND NOT ({prison})", "same city, other prison"),
        _custom(f"{prison}", "same prison, other city"),
        # one city spelled two ways the gazetteer does not know (Kermanshah / Kirmanschah, Tabriz /
        # Tahbris, Kamal / Kamalshahr), the prisons not contradicting it: no evidence against
        cl.And(
            cl.JaroWinklerLevel("city_key", 0.85),
            _custom(f"NOT ({prison_known}) OR {prison}", "prisons agree or unknown"),
        ).configure(label_for_charts="similar city names"),
        cl.ElseLevel().configure(label_for_charts="different places"),
    ]
    return CustomComparison(levels, output_column_name="place", comparison_description="city and prison")


def _source() -> CustomComparison:
    # A list rarely names one person twice: two records of one list are weaker candidates.
    levels: list[Any] = [
        cl.NullLevel("source"),
        cl.ExactMatchLevel("source").configure(label_for_charts="same list"),
        cl.ElseLevel().configure(label_for_charts="different lists"),
    ]
    return CustomComparison(levels, output_column_name="source", comparison_description="source list")


def _title() -> CustomComparison:
    # Titles are weak: lists drop them at will, and a Seyed may also be a Haj.
    levels: list[Any] = [
        _custom("title_l IS NULL AND title_r IS NULL", "no title on either", is_null_level=True),
        _custom("title_l = title_r", "same title"),
        cl.ElseLevel().configure(label_for_charts="title on one side only, or another title"),
    ]
    return CustomComparison(levels, output_column_name="title", comparison_description="title")


def _text(column: str) -> CustomComparison:
    levels: list[Any] = [
        cl.NullLevel(column),
        cl.ExactMatchLevel(column, term_frequency_adjustments=True).configure(
            label_for_charts="same", tf_adjustment_weight=TF_WEIGHT
        ),
        cl.JaroWinklerLevel(column, 0.92).configure(label_for_charts="close (Jaro-Winkler >= 0.92)"),
        cl.JaroWinklerLevel(column, 0.8).configure(label_for_charts="similar (Jaro-Winkler >= 0.8)"),
        cl.ElseLevel().configure(label_for_charts="different"),
    ]
    return CustomComparison(levels, output_column_name=column, comparison_description=column)


def comparisons(extra: tuple[str, ...] = ()) -> list[CustomComparison]:
    """The model's comparisons. `extra` names further identifying text columns (`x_<name>` features,
    e.g. an identity number or an address), each compared exactly and by Jaro-Winkler."""
    return [
        _name("given"),
        _name("surname", surname=True),
        _name("father", swaps=False),
        _title(),
        _birth(),
        _place(),
        _exact("affiliation_key", "affiliation", tf=True),
        _exact("burial_key", "burial", tf=True),
        _exact("sex", "sex", tf=False, contradiction_m=0.01),
        _interval("arrest", "days", "day", 31, 62, week=7),
        _interval("exec", "days", "day", 31, 31, week=7),
        _source(),
        *[_text(f"x_{name}") for name in extra],
    ]


def blocking_rules(extra: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Candidate-pair rules (see `blocking`). Each leaves out at least one field, so a typo or a gap in
    any one field cannot hide a pair; names meet through their cross-script keys, and `name_pair_key`
    (given and surname keys in either order) also catches a surname written first without a sign.
    Extra identifying columns block on their own and with the given name."""
    return [
        *[(f"x_{name}",) for name in extra],
        *[(f"x_{name}", "given_key") for name in extra],
        ("birth_dlo", "given_key"),
        ("birth_dlo", "surname_key"),
        ("name_pair_key", "father_key"),
        ("name_pair_key", "birth_lo"),
        ("name_pair_key", "birth_hi"),
        ("name_pair_key", "city_key"),
        ("name_pair_key", "prison_key"),
        ("name_pair_key", "exec_lo"),
        ("surname_key", "father_key", "birth_lo"),
        ("given_key", "father_key", "birth_lo"),
        ("surname_key", "father_key", "city_key"),
        ("given_key", "father_key", "city_key"),
        ("surname_key", "prison_key", "birth_lo"),
        ("given_key", "prison_key", "birth_lo"),
        ("surname_stem", "given_key", "father_key"),
        ("name_pair_key",),
        ("name_tokens",),  # a full name split elsewhere: Nader Hosseini | Barzi, Nader | Hosseini Barzi
        ("loose_pair_key",),  # adds the pairs where J meets Y: Jahja / یحیی
        ("bare_tokens",),  # a hamza, silent heh or long i written on one side only (Qa'ed / قائد)
        ("bare_ring",),  # cut into words elsewhere, and a silent heh or a long i on one side only
        # one name mistyped: the other name with one more field, or a rare surname alone
        ("surname_key", "birth_lo"),
        ("surname_key", "prison_key"),
        ("given_key", "father_key", "surname_stem"),
        ("given_key", "surname_bare"),  # a silent heh or a long i on one side only, in the surname
        ("given_key", "prison_key"),
        ("given_key", "city_key"),
        ("surname_key",),
    ]


def training_rules() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Expectation-maximisation sessions as (blocking columns, comparisons to estimate). The first two
    hold the names fixed (pairs agree on them) and learn the other fields; the third blocks on other
    fields and learns the names, with what was learnt so far held fixed, so that it cannot drift to a
    split that is not "same person" (same script, same list)."""
    return [
        (("given_key", "surname_key", "father_key"), ()),
        (("given_key", "surname_key", "birth_lo"), ()),
        (("father_key", "birth_lo", "prison_key"), ("given", "surname")),
    ]


def fallback_training_rules() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Sessions for what `training_rules` could not learn, each run only for comparisons still unlearnt
    (records without a father's name or a prison, such as FEBRL's: the first and third sessions find no
    pairs, and names and birth would keep no weight at all). Names held together, then names from full
    dates of birth, or from birth years within a city."""
    names = ("given", "surname", "father")
    return [
        (("given_key", "surname_key"), ()),
        (("birth_dlo",), names),
        (("birth_lo", "city_key"), names),
    ]
