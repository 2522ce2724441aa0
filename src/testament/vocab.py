"""Controlled vocabularies: claim predicates, person-record fields, sensitivity labels, custody events."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ATTESTATION_RELATIONS",
    "FIELD_PREDICATES",
    "PREDICATES",
    "REVIEW_STATUSES",
    "SENSITIVE_PREDICATES",
    "CustodyEventType",
    "RecordField",
    "Sensitivity",
]


class Sensitivity(StrEnum):
    """Who may see a row. Ordered from most open to most closed."""

    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"
    SEALED = "sealed"


class CustodyEventType(StrEnum):
    RECEIVED = "received"
    HASHED = "hashed"
    DERIVED = "derived"
    INGESTED = "ingested"
    VERIFIED = "verified"
    DISCLOSED = "disclosed"
    EXTRACTED = "extracted"  # candidate claims proposed from an artifact's text (counts only)
    REVIEWED = "reviewed"  # a person's decision on a candidate claim or on a pair of records
    LINKED = "linked"  # a record-linkage run: the run, its links, pairs, queue and the persons it assigned
    ESTIMATED = "estimated"  # estimation runs saved in the case (ids and methods; numbers are in the rows)
    SWEPT = "swept"  # files no artifact references (left by a killed writer) removed from the blob store
    KEY_SPLIT = "key_split"  # the case key split into recovery shares (how many; never the shares)
    REKEYED = "rekeyed"  # the case key wrapped under a new passphrase (changed, or recovered from shares)
    CHECKPOINT_SET = "checkpoint_set"  # where automatic checkpoints go was set, changed or turned off
    READ = "read"  # the artifact list or the custody log was read (what and how much; never content)
    EXPORTED = "exported"  # an original given back out of the case, its SHA-256 checked (never the path)
    USER_ADDED = "user_added"  # a workbench account made (username and role; never the password)
    ROLE_CHANGED = "role_changed"  # a workbench account's role changed (from, to)
    USER_DISABLED = "user_disabled"  # a workbench account disabled (its sessions and tokens end)
    TOKEN_ISSUED = "token_issued"  # an API token made for an account (never the token)
    MAPPED = "mapped"  # legal mapping: evidence linked to an element, a position entered, sources related
    CONSENT = "consent"  # a witness granted, refused or withdrew a use (person id, use; never a name)
    COLLECTION = "collection"  # how a file was collected was recorded (which fields; never their values)


class RecordField(StrEnum):
    """Fields of a person record read from a victim list (a row) or a testimony mention."""

    FULL_NAME = "full_name"
    GIVEN_NAME = "given_name"
    SURNAME = "surname"
    FATHER_NAME = "father_name"
    BIRTH_YEAR = "birth_year"
    AGE = "age"
    SEX = "sex"
    CITY = "city"
    PRISON = "prison"
    AFFILIATION = "affiliation"
    ARREST_DATE = "arrest_date"
    EXECUTION_DATE = "execution_date"
    BURIAL_PLACE = "burial_place"
    FATE = "fate"
    NOTES = "notes"
    RECORD_ID = "record_id"


# What each record field claims about the person it describes.
FIELD_PREDICATES: dict[RecordField, str] = {
    RecordField.FULL_NAME: "name",
    RecordField.GIVEN_NAME: "given_name",
    RecordField.SURNAME: "surname",
    RecordField.FATHER_NAME: "father_name",
    RecordField.BIRTH_YEAR: "born",
    RecordField.AGE: "age",
    RecordField.SEX: "sex",
    RecordField.CITY: "resided_in",
    RecordField.PRISON: "held_at",
    RecordField.AFFILIATION: "member_of",
    RecordField.ARREST_DATE: "arrested_on",
    RecordField.EXECUTION_DATE: "executed_on",
    RecordField.BURIAL_PLACE: "buried_at",
    RecordField.FATE: "fate",
    RecordField.NOTES: "note",
    RecordField.RECORD_ID: "listed_as",
}

PREDICATES: frozenset[str] = frozenset(
    {
        *FIELD_PREDICATES.values(),
        "held_position",
        "victim_of",
        "reported_count",
        "witnessed",
        "relative_of",
        "family_informed_on",
        "taken_on",  # a photo's own claim (subject: the artifact): when the camera says it was taken
        "taken_at",  # ... and where, "lat,lon" from its GPS tags
    }
)

# Predicates whose claims default to a closed label: they can expose a living person.
SENSITIVE_PREDICATES: dict[str, Sensitivity] = {
    "relative_of": Sensitivity.RESTRICTED,
    "witnessed": Sensitivity.RESTRICTED,
    "taken_at": Sensitivity.RESTRICTED,  # where a photo was taken can be where a witness lives
}

# device: a file's own metadata (EXIF), written by the camera that made it.
ATTESTATION_RELATIONS: frozenset[str] = frozenset(
    {
        "victim",
        "eyewitness",
        "fellow_prisoner",
        "relative",
        "official",
        "third_party",
        "compiler",
        "device",
    }
)

REVIEW_STATUSES: frozenset[str] = frozenset({"proposed", "accepted", "edited", "rejected"})
