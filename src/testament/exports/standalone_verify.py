#!/usr/bin/env python3
"""Check a Testament evidence bundle with nothing but Python 3.11+ and the `cryptography` package.

This file imports nothing from Testament on purpose: a partner, a court's expert or a journalist can read
it in a few minutes and run it on a bundle without installing Testament or opening any case:

    python3 standalone_verify.py BUNDLE.zip --pubkey signer.pub

`testament verify-bundle` runs this same code, so both give the same verdict.

A bundle is a zip file with:

- `manifest.json`: canonical JSON (RFC 8785: sorted keys, no whitespace, UTF-8) listing every other member
  with its SHA-256 and size, the software and version that made it, the time (UTC), to whom it was
  disclosed and under which consent;
- `manifest.sig`: JSON `{"manifest_sha256": ..., "signature": ...}`, the Ed25519 signature (base64) over the
  exact bytes of `manifest.json`, made with the key whose public half (PEM) the partner was given;
- the members the manifest lists (files, redacted copies, custody events, collection records, case file).

Every check is run and every failure is named: a member changed (its SHA-256 differs), missing, added or
renamed (a name the manifest does not list), listed twice, damaged inside the zip, the manifest changed, or
the signature changed or made with another key. Custody events in `custody.json` are also re-hashed: each
event's hash covers its fields, so an edited event is named. Exit status 0 means every check passed.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

__all__ = ["FORMAT", "MANIFEST", "SIGNATURE", "Problem", "canonical_json", "main", "verify_bundle"]

FORMAT = "testament-bundle/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CUSTODY = "custody.json"
_EVENT_FIELDS = (
    "seq", "event_type", "artifact_sha256", "actor", "tool", "tool_version", "occurred_at", "details",
    "prev_hash",
)  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One failed check: the member (or part of the bundle) it concerns, and what is wrong."""

    member: str
    message: str

    def __str__(self) -> str:
        return f"{self.member}: {self.message}"


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON for the values a manifest holds (objects, arrays, strings, integers, booleans,
    null): keys sorted, no whitespace, UTF-8, no escaping beyond what JSON requires."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _load_key(pem: bytes) -> Ed25519PublicKey | None:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A member's bytes, or None when the zip cannot give them back (damaged data, bad CRC)."""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return None
    except Exception:  # zlib.error and friends: the member is damaged, whatever the decoder says
        return None


def _check_signature(raw_manifest: bytes, raw_sig: bytes, key: Ed25519PublicKey) -> list[Problem]:
    try:
        sig = json.loads(raw_sig.decode("utf-8"))
        if set(sig) != {"manifest_sha256", "public_key", "signature"}:
            raise KeyError("fields")
        digest, signature = str(sig["manifest_sha256"]), base64.b64decode(sig["signature"], validate=True)
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, binascii.Error, ValueError):
        return [Problem(SIGNATURE, "damaged: not a Testament signature file")]
    try:
        key.verify(signature, raw_manifest)
        good = True
    except InvalidSignature:
        good = False
    actual = hashlib.sha256(raw_manifest).hexdigest()
    if sig["public_key"] != base64.b64encode(key.public_bytes_raw()).decode("ascii"):
        return [Problem(SIGNATURE, "names another public key than the one given (changed, or other signer)")]
    if good and digest == actual:
        return []
    if good:  # the signature holds, so the manifest is the one signed: the signature file was edited
        return [Problem(SIGNATURE, "changed: its manifest_sha256 is not the signed manifest's")]
    if digest != actual:
        return [Problem(MANIFEST, "changed since it was signed (its SHA-256 is not the one in manifest.sig)")]
    return [
        Problem(
            SIGNATURE,
            "does not verify with the given public key: the signature was changed, or made with another key",
        )
    ]


def _check_custody(raw: bytes) -> list[Problem]:
    try:
        events = json.loads(raw.decode("utf-8"))["events"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        return [Problem(CUSTODY, "not the custody file of a bundle")]
    problems = []
    for ev in events:
        if ev.get("details_redacted"):
            continue  # a redacted event cannot be re-hashed; the manifest still vouches for the member
        try:
            body = {f: ev[f] for f in _EVENT_FIELDS}  # `details` is kept as the exact string hashed
            ok = hashlib.sha256(canonical_json(body)).hexdigest() == ev["hash"]
        except (KeyError, TypeError):
            ok = False
        if not ok:
            problems.append(
                Problem(CUSTODY, f"custody event {ev.get('seq')}: content does not match its hash")
            )
    return problems


def verify_bundle(bundle: Path | str, pubkey_pem: bytes) -> list[Problem]:
    """Every problem found in the bundle at `bundle`, checked with the signer's public key (PEM); an empty
    list means the bundle is whole and signed by that key."""
    key = _load_key(pubkey_pem)
    if key is None:
        return [Problem("--pubkey", "not an Ed25519 public key in PEM form")]
    try:
        archive = zipfile.ZipFile(bundle)
    except (zipfile.BadZipFile, OSError) as exc:
        return [Problem(str(bundle), f"not a readable zip file ({type(exc).__name__})")]
    problems: list[Problem] = []
    with archive:
        names = [info.filename for info in archive.infolist()]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                problems.append(Problem(name, "appears twice in the zip (a member was added under its name)"))
            seen.add(name)
        raw_manifest = _read(archive, MANIFEST) if MANIFEST in seen else None
        raw_sig = _read(archive, SIGNATURE) if SIGNATURE in seen else None
        if raw_manifest is None:
            problems.append(Problem(MANIFEST, "missing or damaged"))
        if raw_sig is None:
            problems.append(Problem(SIGNATURE, "missing or damaged"))
        if raw_manifest is None:  # nothing vouches for the other members (one may be the manifest renamed)
            problems += [
                Problem(n, "cannot be checked: the manifest is missing") for n in sorted(seen - {SIGNATURE})
            ]
            return problems
        if raw_sig is not None:
            problems += _check_signature(raw_manifest, raw_sig, key)
        try:
            manifest = json.loads(raw_manifest.decode("utf-8"))
            members: dict[str, Any] = manifest["members"]
            if manifest.get("format") != FORMAT or not isinstance(members, dict):
                raise ValueError
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError):
            problems.append(Problem(MANIFEST, f"not a {FORMAT} manifest"))
            return problems
        if canonical_json(manifest) != raw_manifest:
            problems.append(Problem(MANIFEST, "not in canonical form (changed after it was made)"))
        for name in sorted(seen - set(members) - {MANIFEST, SIGNATURE}):
            problems.append(
                Problem(name, "not listed in the manifest (added, or renamed from a listed member)")
            )
        for name, entry in sorted(members.items()):
            if name not in seen:
                problems.append(Problem(name, "listed in the manifest but missing (dropped or renamed)"))
                continue
            data = _read(archive, name)
            if data is None:
                problems.append(Problem(name, "damaged inside the zip (its bytes cannot be read back)"))
                continue
            if not isinstance(entry, dict) or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                problems.append(Problem(name, "changed: its SHA-256 is not the one in the manifest"))
            elif len(data) != entry.get("size"):
                problems.append(Problem(name, "changed: its size is not the one in the manifest"))
            elif name == CUSTODY:
                problems += _check_custody(data)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check a Testament evidence bundle (manifest, signature, files)."
    )
    parser.add_argument("bundle", type=Path, help="the bundle (.zip)")
    parser.add_argument("--pubkey", type=Path, required=True, help="the signer's Ed25519 public key (PEM)")
    args = parser.parse_args(argv)
    try:
        pem = args.pubkey.read_bytes()
    except OSError as exc:
        print(f"--pubkey {args.pubkey}: cannot be read ({exc.strerror})", file=sys.stderr)
        return 2
    problems = verify_bundle(args.bundle, pem)
    for problem in problems:
        print(f"FAIL {problem}")
    if problems:
        print(f"{len(problems)} problem(s): the bundle is NOT intact", file=sys.stderr)
        return 1
    print("OK: every member matches the signed manifest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
