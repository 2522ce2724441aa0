"""Persian names in Persian script and Latin transliteration: normal forms, parts and cross-script keys.

    from testament.names import read_person_name
    name = read_person_name(full="Seyed Morteza Hosseini")
    name.title, name.given.form, name.surname.key      # 'seyed', 'morteza', 'HSYN'

Everything keeps the original string (`NameField.original`); word lists live in `names/data/*.toml`, and
`given_names()` is the one list of given names (extraction reads it too).
"""

from __future__ import annotations

from testament.names.given import Gender, GivenName, given_names
from testament.names.keys import loosen, skeleton, skeleton_latin, skeleton_persian
from testament.names.mojibake import looks_like_mojibake, mojibake_source, repair_mojibake
from testament.names.normalise import (
    Script,
    fold_latin,
    normalise_latin_token,
    normalise_persian,
    script_of,
    split_tokens,
)
from testament.names.organisations import organisation_key
from testament.names.parse import NameField, PersonName, read_given, read_person_name, read_surname
from testament.names.places import place_key, place_name

__all__ = [
    "Gender",
    "GivenName",
    "NameField",
    "PersonName",
    "Script",
    "fold_latin",
    "given_names",
    "looks_like_mojibake",
    "loosen",
    "mojibake_source",
    "normalise_latin_token",
    "normalise_persian",
    "organisation_key",
    "place_key",
    "place_name",
    "read_given",
    "read_person_name",
    "read_surname",
    "repair_mojibake",
    "script_of",
    "skeleton",
    "skeleton_latin",
    "skeleton_persian",
    "split_tokens",
]
