"""Automatic checkpoints, against tail truncation. The hash chain shows an event edited, reordered or deleted
from the middle, but not the newest events deleted: the chain that is left is still whole. A checkpoint is a
statement of the head (sequence number and hash) kept where whoever edits the case cannot reach.

The user chooses where at `init` (or later, `testament checkpoint-to`), kept in case.json:

- a folder (a second disk, a partner's synced folder): after every commit that adds custody events,
  `Case.write` calls `after_commit`, which signs `(case id, seq, head hash, time)` and replaces the case's
  file there, `testament-<case id>.json` (atomic, mode 0600). It never replaces a checkpoint the case no
  longer extends: that one is the evidence.
- a code: the first 16 hex digits of the head hash with its sequence number (`42-3fa9c0d1e2b3a4f5`), for the
  command to print and the user to send by message; `verify --code` checks it.

The signature says which case made a checkpoint (an encrypted case's key is drawn from its master key; a
plain case keeps `checkpoint.key` in its folder); the protection comes from where the checkpoint is kept.
`check_checkpoints` is what `verify` runs: every checkpoint of the case in the folder, those given, and codes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from testament.errors import InputError
from testament.files import replace_private, write_private
from testament.store import crypto
from testament.store.custody import (
    CustodyEvent,
    Finding,
    NewEvent,
    append_events,
    check_statement,
    sign_checkpoint,
    statement_of,
)
from testament.store.schema import custody_events
from testament.vocab import CustodyEventType

if TYPE_CHECKING:
    from testament.store.case import Case

__all__ = [
    "CheckpointCheck",
    "CheckpointNews",
    "after_commit",
    "check_checkpoints",
    "checkpoint_code",
    "checkpoint_file",
    "set_checkpoints",
    "usable_folder",
]

FOLDER, CODE = "folder", "code"
_KEY_FILE = "checkpoint.key"  # a plain case's signing key (an encrypted case draws its own from its key)
_CODE = re.compile(r"(\d{1,12})-([0-9a-f]{16})")
_CODE_HINT = "a code looks like 42-3fa9c0d1e2b3a4f5: the event number, a dash and 16 hex digits"


@dataclass
class CheckpointNews:
    """What automatic checkpoints did while a case was open, for the command to say once at its end."""

    written: Path | None = None  # the checkpoint file last written
    code: str | None = None  # code mode: the newest code, to send by message
    problem: str | None = None  # why the newest checkpoint could not be written

    def take(self) -> CheckpointNews:
        """This news, and forget it (a later command on the same open case reports its own)."""
        news = replace(self)
        self.written = self.code = self.problem = None
        return news


@dataclass
class CheckpointCheck:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: int = 0  # checkpoints whose signature verified, and codes
    newest: dict[str, Any] | None = None  # where, seq, made_at, age_seconds, age


def checkpoint_code(seq: int, head_hash: str) -> str:
    return f"{seq}-{head_hash[:16]}"


def checkpoint_file(folder: Path, case_id: str) -> Path:
    return folder / f"testament-{case_id}.json"


# --- setting where they go ---------------------------------------------------------------------------------


def set_checkpoints(case: Case, *, folder: Path | None = None, code: bool = False) -> dict[str, Any] | None:
    """Send automatic checkpoints to `folder`, or as codes (`code`), or nowhere (neither). Logged as a
    `checkpoint_set` event (never the folder's path); the first checkpoint follows at once. Returns the
    setting kept in case.json."""
    from testament.store.case import CONFIG_NAME, CaseConfig  # case.py imports this module

    if folder is not None and code:
        raise InputError("give a folder or --code, not both", hint="checkpoints go to one place")
    setting: dict[str, Any] | None = None
    if folder is not None or code:
        key = _signing_key(case, create=True)
        assert key is not None
        setting = {"to": CODE if code else FOLDER, "public_key": crypto.public_key_text(key)}
        if folder is not None:
            setting["folder"] = str(usable_folder(case.path, folder))
    details = {"to": setting["to"], "public_key": setting["public_key"]} if setting else {"to": "off"}
    with case.write() as conn:  # the write lock also keeps a passphrase change from racing case.json
        config = replace(CaseConfig.load(case.path / CONFIG_NAME), checkpoints=setting)
        append_events(conn, case.settings.actor, [NewEvent(CustodyEventType.CHECKPOINT_SET, details)])
        replace_private(case.path / CONFIG_NAME, config.to_json())
        case.config = config  # before the commit: the commit's own checkpoint goes to the new place
    return setting


def usable_folder(case_path: Path, folder: Path) -> Path:
    """`folder`, made absolute, if checkpoints of the case at `case_path` can go there; else InputError."""
    folder, case_path = folder.expanduser().resolve(), case_path.resolve()
    if not folder.is_dir():
        raise InputError(
            f"{folder}: no such folder",
            hint="create it first (or mount the disk it is on); checkpoints never create folders",
        )
    if folder == case_path or case_path in folder.parents:
        raise InputError(
            f"{folder}: inside the case folder, where whoever edits the case can edit the checkpoints too",
            hint="choose a folder on another disk or a partner's synced folder",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{folder}: not writable by this account", hint="choose a folder you can write to")
    return folder


def _signing_key(case: Case, *, create: bool = False) -> Ed25519PrivateKey | None:
    keys = case._keys  # the store's own module: the key never leaves it
    if keys is not None and keys.master:
        return crypto.checkpoint_signing_key(keys.master)
    path = case.path / _KEY_FILE
    if path.exists():
        return crypto.load_private_key(path.read_bytes(), label=str(path))
    if not create:
        return None
    private, _ = crypto.generate_signing_key()
    write_private(path, private, exclusive=True)  # 0600, never overwritten
    return crypto.load_private_key(private, label=str(path))


# --- after every commit ------------------------------------------------------------------------------------


def after_commit(case: Case, seq: int, head_hash: str) -> None:
    """Checkpoint a head just committed. Never raises: what was committed stays committed, and a checkpoint
    that could not be written is reported in `case.checkpoint_news`."""
    setting = case.config.checkpoints
    if not setting:
        return
    news: CheckpointNews = case.checkpoint_news
    if setting.get("to") == CODE:
        news.code = checkpoint_code(seq, head_hash)
        return
    folder = Path(str(setting.get("folder")))
    try:
        problem = _write(case, folder, seq, head_hash)
    except Exception as exc:  # a disk unplugged, a folder gone, a full disk: say so, keep going
        problem = f"could not write to {folder} ({type(exc).__name__}: {exc})"[:300]
    if problem is None:
        news.written, news.problem = checkpoint_file(folder, case.config.case_id), None
    else:
        news.problem = f"automatic checkpoint not written: {problem}"


def _write(case: Case, folder: Path, seq: int, head_hash: str) -> str | None:
    path = checkpoint_file(folder, case.config.case_id)
    key = _signing_key(case)
    if key is None:
        return f"the signing key {case.path / _KEY_FILE} is missing"
    if path.exists():
        try:
            old = statement_of(json.loads(path.read_bytes()), label=str(path))
        except (ValueError, InputError):
            return f"{path} is not a readable checkpoint; it was left as it is (move it aside to start anew)"
        old_seq = int(old["seq"])
        with case.read() as conn:
            held = conn.execute(select(custody_events.c.hash).where(custody_events.c.seq == old_seq)).scalar()
        if old_seq > 0 and held != old["head_hash"]:
            return (
                f"the case no longer holds custody event {old_seq} as {path} records it; that checkpoint was "
                "left as it is (run `testament verify`)"
            )
        if old_seq >= seq:
            return None  # another process already checkpointed a newer head
    replace_private(
        path, json.dumps(sign_checkpoint(case.config.case_id, seq, head_hash, key), indent=2) + "\n"
    )
    return None


# --- checking ----------------------------------------------------------------------------------------------


def check_checkpoints(
    case: Case,
    events: Sequence[CustodyEvent],
    *,
    given: Sequence[tuple[str, bytes]] = (),
    pubkey: bytes | None = None,
    codes: Sequence[str] = (),
) -> CheckpointCheck:
    """Check every checkpoint of the case in its checkpoint folder, each one `given` as (label, bytes) and
    each code; name each event a checkpoint vouches for that is gone or changed."""
    out = CheckpointCheck()
    own_key = _signing_key(case)
    own = own_key.public_key() if own_key else None
    partner = crypto.load_public_key(pubkey, label="--pubkey") if pubkey is not None else None
    parsed = [_parse_code(text) for text in codes]  # bad input is refused before anything is checked
    for label, raw, from_folder in _statements(case, given, out):
        try:
            statement = statement_of(json.loads(raw), label=label)
        except (ValueError, InputError) as exc:
            if from_folder:
                out.notes.append(f"{label}: not a readable checkpoint; not checked")
                continue
            if isinstance(exc, InputError):
                raise
            raise InputError(
                f"{label}: not JSON", hint="use the file printed by `testament checkpoint`"
            ) from None
        key = own if own and statement["public_key"] == crypto.public_key_text(own) else partner
        if key is None:
            if not from_folder:
                raise InputError(
                    f"{label}: signed by another key; --checkpoint needs --pubkey",
                    hint="give the partner's copy of the public key",
                )
            why = "signed by a key other than this case's" if own else f"the case's {_KEY_FILE} is missing"
            out.notes.append(f"{label}: {why}; give --pubkey to check it")
            continue
        found = check_statement(statement, key, case.config.case_id, events, label=label)
        out.findings.extend(found)
        if not any(f.kind in ("checkpoint_signature", "checkpoint_case") for f in found):
            _count(out, label, int(statement["seq"]), str(statement["made_at"]))
    for text, (seq, prefix) in zip(codes, parsed, strict=True):
        _check_code(out, text.strip(), seq, prefix, events)
    return out


def _statements(
    case: Case, given: Sequence[tuple[str, bytes]], out: CheckpointCheck
) -> list[tuple[str, bytes, bool]]:
    """(label, bytes, from the folder) of every checkpoint to check."""
    found: list[tuple[str, bytes, bool]] = []
    setting = case.config.checkpoints or {}
    if setting.get("to") == FOLDER:
        folder = Path(str(setting["folder"]))
        if not folder.is_dir():
            out.notes.append(f"checkpoint folder {folder} unreachable (a disk not mounted?): not checked")
        else:
            # The case's own file, and any copies of it kept beside (testament-<case id>*.json).
            paths = sorted(folder.glob(f"testament-{case.config.case_id}*.json"))
            if not paths:
                out.notes.append(
                    f"no checkpoint of this case in {folder}: deleting the newest events is not checked"
                )
            found.extend((str(p), p.read_bytes(), True) for p in paths)
    found.extend((label, raw, False) for label, raw in given)
    return found


def _parse_code(text: str) -> tuple[int, str]:
    match = _CODE.fullmatch(text.strip().lower())
    if match is None:
        raise InputError(f"--code: '{text.strip()[:40]}' is not a checkpoint code", hint=_CODE_HINT)
    return int(match.group(1)), match.group(2)


def _check_code(
    out: CheckpointCheck, code: str, seq: int, prefix: str, events: Sequence[CustodyEvent]
) -> None:
    where = f"checkpoint code {code}"
    match = next((ev for ev in events if ev.seq == seq), None)
    if match is None:
        last = events[-1].seq if events else 0
        gone = f"{seq}" if last + 1 >= seq else f"{last + 1}-{seq}"
        out.findings.append(
            Finding(
                "checkpoint_missing",
                where,
                f"{where}: custody event {seq} it vouches for is gone; the log now ends at event {last}, so "
                f"at least custody events {gone} were deleted",
            )
        )
        return
    if not match.hash.startswith(prefix):
        out.findings.append(
            Finding(
                "checkpoint_diverged",
                where,
                f"{where}: custody event {seq} differs from the one the code was made for (the log was "
                "rewritten since, or the code is another case's)",
            )
        )
    _count(out, where, seq, match.occurred_at)


def _count(out: CheckpointCheck, where: str, seq: int, made_at: str) -> None:
    out.checked += 1
    if out.newest is not None and out.newest["made_at"] >= made_at:
        return
    try:
        made = datetime.fromisoformat(made_at.replace("Z", "+00:00"))
        seconds = max(0.0, (datetime.now(UTC) - made).total_seconds())
    except ValueError:
        return
    out.newest = {"where": where, "seq": seq, "made_at": made_at, "age_seconds": int(seconds)}
    out.newest["age"] = age_text(seconds)


def age_text(seconds: float) -> str:
    """How long ago, in the largest unit that fits: "40 seconds", "3 hours", "12 days"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    n = int(seconds)
    return f"{n} second{'s' if n != 1 else ''}"
