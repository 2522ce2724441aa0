"""The person search index: the cross-script name keys (`testament.names`) of every name claim, so that a
search reads the few records whose keys match instead of every name in the case.

It is derived data, never evidence: a row is (claim, the person record the claim is about, one key of the
claim's value or of a passage that attests it). It is kept in step with the facts in one place, the end of
every write transaction (`Case.write` calls `catch_up` before committing):

- claims and attestations inserted since the last catch-up (ids above the high-water marks kept in
  `case_meta`) are indexed: every writer that adds a name claim, by whatever path, is covered;
- claims and attestations changed or deleted in place are announced by `FactWriter.written` / `delete`
  (every sealed writer calls it before changing a row): their claims are indexed again.

A search treats the index as a filter only: the records it proposes are checked again against the claims
themselves, so a stale key can cost time but never shows a wrong record; a missing key would hide one,
which `check` (and the tests) look for. Migration 0010 builds it for existing cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select

from testament.names import loosen, skeleton, split_tokens
from testament.store.backend import bulk_insert
from testament.store.schema import attestations, case_meta, claims, name_keys

__all__ = [
    "NAME_PREDICATES",
    "catch_up",
    "check",
    "key_rows",
    "mark_changed",
    "matching_records",
    "name_keys_of",
    "rebuild",
]

NAME_PREDICATES = ("name", "given_name", "surname")
_CLAIMS_MARK = "name_keys.claims_upto"
_ATTESTATIONS_MARK = "name_keys.attestations_upto"
_CHANGED = "testament_name_keys_changed"  # connection info: claim ids to index again (None: every claim)
_CHUNK = 5000
_PREFIX_MIN = 3  # a query word of 3+ characters also matches keys it begins (as the search always did)
_MANY_KEYS = 64  # a prefix matching more keys than this is read as one range


@lru_cache(maxsize=1 << 18)
def name_keys_of(text: str) -> frozenset[str]:
    """The cross-script keys of the words of a name (Persian script and Latin spellings meet here)."""
    script, words = split_tokens(text)
    keys = {loosen(skeleton([w], script)) for w in words}
    return frozenset(k for k in keys if k)


def mark_changed(conn: Connection, table_name: str, ids: Iterable[int] | None) -> None:
    """Rows of `claims` or `attestations` (None: all) this transaction changes or deletes in place: their
    claims are indexed again when the transaction ends. Called by `FactWriter.written`."""
    if table_name not in ("claims", "attestations"):
        return
    changed = conn.info.setdefault(_CHANGED, set())
    if changed is None:
        return
    if ids is None:
        conn.info[_CHANGED] = None
        return
    wanted = sorted(set(map(int, ids)))
    if table_name == "attestations":
        for start in range(0, len(wanted), _CHUNK):
            changed.update(
                conn.execute(
                    select(attestations.c.claim_id).where(
                        attestations.c.id.in_(wanted[start : start + _CHUNK])
                    )
                ).scalars()
            )
    else:
        changed.update(wanted)


def key_rows(conn: Connection, claim_filter: Any) -> list[tuple[int, int | None, str]]:
    """(claim id, record id or None, key) of the name claims selected by `claim_filter`, from their values
    and the original text of their attestations."""
    rows = conn.execute(
        select(
            claims.c.id,
            claims.c.subject_type,
            claims.c.subject_id,
            claims.c.value,
            attestations.c.original_text,
        )
        .outerjoin(attestations, attestations.c.claim_id == claims.c.id)
        .where(claims.c.predicate.in_(NAME_PREDICATES), claim_filter)
    )
    seen: set[tuple[int, str]] = set()
    out: list[tuple[int, int | None, str]] = []
    for cid, subject_type, subject_id, value, original in rows:
        record = int(subject_id) if subject_type == "person_record" and subject_id is not None else None
        for text in (value, original):
            for key in name_keys_of(text or ""):
                if (cid, key) not in seen:
                    seen.add((cid, key))
                    out.append((int(cid), record, key))
    return out


def _index(conn: Connection, claim_filter: Any) -> None:
    bulk_insert(conn, name_keys, ("claim_id", "record_id", "key"), key_rows(conn, claim_filter))


def _mark(conn: Connection, key: str) -> int:
    value = conn.execute(select(case_meta.c.value).where(case_meta.c.key == key)).scalar()
    return int(value) if value is not None else 0


def _set_mark(conn: Connection, key: str, value: int) -> None:
    if conn.execute(select(case_meta.c.key).where(case_meta.c.key == key)).first() is None:
        conn.execute(case_meta.insert().values(key=key, value=str(value)))
    else:
        conn.execute(case_meta.update().where(case_meta.c.key == key).values(value=str(value)))


def catch_up(conn: Connection) -> None:
    """Index what this transaction added or changed (see the module docstring). Cheap when nothing did:
    two primary-key range probes."""
    changed = conn.info.pop(_CHANGED, set())
    if changed is None:
        rebuild(conn)
        return
    upto_claims, upto_atts = _mark(conn, _CLAIMS_MARK), _mark(conn, _ATTESTATIONS_MARK)
    top_claim = conn.execute(select(func.max(claims.c.id))).scalar() or 0
    top_att = conn.execute(select(func.max(attestations.c.id))).scalar() or 0
    if top_att > upto_atts:  # new attestations of older name claims bring their passages' keys
        changed.update(
            conn.execute(
                select(attestations.c.claim_id).where(
                    attestations.c.id > upto_atts, attestations.c.claim_id <= upto_claims
                )
            ).scalars()
        )
    changed = {c for c in changed if c <= upto_claims}  # newer claims are indexed below, once
    if changed:
        again = sorted(changed)
        for start in range(0, len(again), _CHUNK):
            chunk = again[start : start + _CHUNK]
            conn.execute(delete(name_keys).where(name_keys.c.claim_id.in_(chunk)))
            _index(conn, claims.c.id.in_(chunk))
    if top_claim > upto_claims:
        _index(conn, claims.c.id > upto_claims)
    if top_claim != upto_claims:
        _set_mark(conn, _CLAIMS_MARK, top_claim)
    if top_att != upto_atts:
        _set_mark(conn, _ATTESTATIONS_MARK, top_att)


def rebuild(conn: Connection) -> None:
    """Build the index again from the claims (migration 0010; after a change to every claim)."""
    conn.execute(delete(name_keys))
    _index(conn, claims.c.id.isnot(None))
    _set_mark(conn, _CLAIMS_MARK, conn.execute(select(func.max(claims.c.id))).scalar() or 0)
    _set_mark(conn, _ATTESTATIONS_MARK, conn.execute(select(func.max(attestations.c.id))).scalar() or 0)


def check(conn: Connection) -> list[str]:
    """Problems with the index: keys the claims give that it lacks (a search would miss those records).
    Extra keys are harmless (every match is checked against the claims) and are not reported."""
    want = {(c, r, k) for c, r, k in key_rows(conn, claims.c.id.isnot(None))}
    have = {(int(c), None if r is None else int(r), str(k)) for c, r, k in conn.execute(select(name_keys))}
    missing = want - have
    return [f"name_keys: {len(missing)} name keys missing (rebuild the index)"] if missing else []


def _upper(q: str) -> str:
    # keys are upper-case ASCII skeletons and sort bytewise ("C" collation on PostgreSQL): a prefix is a range
    return q[:-1] + chr(ord(q[-1]) + 1)


def _match(column: Any, q: str) -> Any:
    return column == q if len(q) < _PREFIX_MIN else and_(column >= q, column < _upper(q))


def _keys_for(conn: Connection, q: str) -> list[str] | None:
    """The distinct keys a query word matches, one index seek each (None: too many to list)."""
    if len(q) < _PREFIX_MIN:
        return [q]
    found: list[str] = []
    key = name_keys.c.key
    current = conn.execute(select(func.min(key)).where(key >= q, key < _upper(q))).scalar()
    while current is not None:
        if len(found) >= _MANY_KEYS:
            return None
        found.append(str(current))
        current = conn.execute(select(func.min(key)).where(key > current, key < _upper(q))).scalar()
    return found


def matching_records(
    conn: Connection, wanted: frozenset[str], *, after: int = 0, limit: int = 500
) -> list[int]:
    """Up to `limit` person record ids above `after`, in order, whose name keys match every word of
    `wanted` (a key equal to the word, or beginning with it when the word has 3+ characters).

    The longest word leads: the records of each key it matches are read in record order from the index
    (so a common name costs `limit` rows, not all of its rows), merged, and each is checked for the other
    words by index seeks."""
    words = sorted(wanted, key=len, reverse=True)
    first, rest = words[0], words[1:]

    def records(condition: Any) -> list[int]:
        query = select(name_keys.c.record_id).where(
            name_keys.c.record_id.isnot(None), name_keys.c.record_id > after, condition
        )
        for q in rest:
            other = name_keys.alias()
            query = query.where(
                select(other.c.record_id)
                .where(other.c.record_id == name_keys.c.record_id, _match(other.c.key, q))
                .exists()
            )
        query = query.distinct().order_by(name_keys.c.record_id).limit(limit)
        return [int(r) for r in conn.execute(query).scalars()]

    keys = _keys_for(conn, first)
    if keys is None:  # a short prefix of many names: one range, sorted by the database
        return records(_match(name_keys.c.key, first))
    merged: set[int] = set()
    for key in keys:
        merged.update(records(name_keys.c.key == key))
    return sorted(merged)[:limit]
