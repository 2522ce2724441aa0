"""Record fields → linkage features."""

from __future__ import annotations

import datetime as dt

from testament.link import records_table
from testament.link.features import prepare


def test_prepare_reads_names_dates_and_places_of_both_scripts() -> None:
    records = records_table(
        [
            {
                "record_id": 1, "artifact_id": 1, "full_name": "HOSSEINI Seyed Morteza", "father_name": "Ali",
                "born_start": "1962-03-21", "born_end": "1963-03-20", "city": "Téhéran",
                "prison": "Evin Prison", "affiliation": "PMOI", "executed_start": "1988-08-06",
                "executed_end": "1988-08-06",
            },
            {
                "record_id": 2, "artifact_id": 2, "given_name": "سید مرتضی", "surname": "حسینی",
                "father_name": "علی", "age": 25, "executed_start": "1988-07-23", "executed_end": "1988-08-22",
                "city": "تهران", "prison": "زندان اوین", "affiliation": "سازمان مجاهدین خلق",
            },
        ]
    )  # fmt: skip
    rows = prepare(records).to_pylist()
    for key in ("given_key", "surname_key", "father_key", "title", "name_pair_key", "city_key", "prison_key"):
        assert rows[0][key] == rows[1][key], key
    assert rows[0]["given_script"] == "latin" and rows[1]["given_script"] == "fa"
    assert (rows[0]["birth_lo"], rows[0]["birth_hi"]) == (1962, 1963)  # a Solar Hijri year spans two
    assert (rows[1]["birth_lo"], rows[1]["birth_hi"]) == (1962, 1963)  # age 25 at execution in 1988
    assert rows[0]["exec_lo"] == rows[0]["exec_hi"] == (dt.date(1988, 8, 6) - dt.date(1970, 1, 1)).days
    assert rows[0]["affiliation_key"] == rows[1]["affiliation_key"] == "pmoi"
    assert rows[0]["source"] == 1 and rows[1]["birth_dlo"] is None


def test_prepare_gives_swapped_and_resplit_names_the_same_words() -> None:
    records = records_table(
        [
            {"record_id": 1, "given_name": "Nader", "surname": "Hosseini Barzi"},
            {"record_id": 2, "full_name": "Nader Hosseini Barzi"},
            {"record_id": 3, "given_name": "Hosseini Barzi", "surname": "Nader"},  # swapped
            {"record_id": 4, "given_name": "نادر", "surname": "حسینی برزی"},
            {"record_id": 5, "given_name": "Ahmad", "surname": "Mohammadi"},
            {"record_id": 6, "given_name": "Mohammad", "surname": "Ahmadi"},
        ]
    )
    rows = prepare(records).to_pylist()
    assert len({r["name_tokens"] for r in rows[:4]}) == 1
    assert rows[4]["name_tokens"] != rows[5]["name_tokens"]


def test_prepare_reads_an_age_without_a_date_against_the_case_event_year() -> None:
    dated = {"executed_start": "1988-08-06", "executed_end": "1988-08-06"}
    records = records_table(
        [
            {"record_id": 1, "age": 30, **dated},
            {"record_id": 2, "age": 30},  # no date on this row: the year most dated rows give
            {"record_id": 3, **dated},
        ]
    )
    rows = prepare(records).to_pylist()
    assert (
        (rows[1]["birth_lo"], rows[1]["birth_hi"])
        == (rows[0]["birth_lo"], rows[0]["birth_hi"])
        == (1957, 1958)
    )
    assert prepare(records_table([{"record_id": 1, "age": 30}])).to_pylist()[0]["birth_lo"] is None


def test_prepare_gives_a_name_cut_elsewhere_the_same_ring() -> None:
    """Rule: the name's keys read round as one string (`name_ring`) are the same however the name was cut
    into words and into given name and surname, or rotated (surname first); Mohammad Ahmadi and Ahmad
    Mohammadi stay apart. `bare_ring` also forgets a silent heh or a long i written on one side only."""
    records = records_table(
        [
            {"record_id": 1, "given_name": "محمدعلی", "surname": "مقدم"},
            {"record_id": 2, "given_name": "Mohammad", "surname": "Ali Moqadam"},
            {"record_id": 3, "given_name": "Moqadam", "surname": "Mohammad Ali"},
            {"record_id": 4, "given_name": "Ahmad", "surname": "Mohammadi"},
            {"record_id": 5, "given_name": "Mohammad", "surname": "Ahmadi"},
            {"record_id": 6, "given_name": "Mohammad", "surname": "Qorbanzadeh Givi"},
            {"record_id": 7, "given_name": "Mohammad", "surname": "Qorbanzadehgivi"},
        ]
    )
    rows = prepare(records).to_pylist()
    assert len({r["name_ring"] for r in rows[:3]}) == 1
    assert rows[3]["name_ring"] != rows[4]["name_ring"]
    assert rows[5]["name_ring"] != rows[6]["name_ring"]  # zadeh's heh: silent apart, written joined
    assert rows[5]["bare_ring"] == rows[6]["bare_ring"]
    assert rows[5]["surname_bare"] == rows[6]["surname_bare"]
