"""Place and organisation keys across languages and scripts."""

from __future__ import annotations

import pytest

from testament.names import organisation_key, place_key


@pytest.mark.parametrize(
    "names",
    [
        ["Evin", "Evin Prison", "زندان اوین", "Prison d'Evin", "Gefängnis Evin"],
        ["Tehran", "Téhéran", "Teheran", "تهران"],
        ["Gohardasht", "Rajaei Shahr", "رجایی‌شهر", "Gohardascht"],
        ["Ghezel Hesar", "قزل‌حصار", "Qezelhesar"],
        ["Tabriz Prison", "Prison de Tabriz", "زندان تبریز", "Täbris"],
        ["Khorramabad", "Chorramabad", "خرم‌آباد"],
    ],
)
def test_place_key_matches_names_of_one_place(names: list[str]) -> None:
    assert len({place_key(n) for n in names}) == 1


def test_place_key_keeps_places_apart() -> None:
    assert len({place_key(n) for n in ["Evin", "Tehran", "Tabriz", "Shiraz", "Mashhad"]}) == 5
    assert place_key(None) == "" and place_key("") == ""


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["PMOI", "MEK", "OMPI", "Mojahedin", "سازمان مجاهدین خلق", "هوادار سازمان مجاهدين"], "pmoi"),
        (["Tudeh Party", "Parti Toudeh", "حزب توده", "توده"], "tudeh"),
        (["Fadaian (Minority)", "Fedayin (minorité)", "فداییان اقلیت"], "fadaian_minority"),
    ],
)
def test_organisation_key_maps_names_to_one_id(names: list[str], key: str) -> None:
    assert {organisation_key(n) for n in names} == {key}
