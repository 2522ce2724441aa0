"""What keeps a case's key alive when people forget or leave: a passphrase strong enough to resist guessing
(scored by `zxcvbn`) and SLIP-39 recovery shares of the master key (Trezor's `shamir-mnemonic`), any k of n
of which rebuild it. Both libraries are used here and nowhere else.

Library messages are never passed on: they quote share words, and share words are secret."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import shamir_mnemonic
from shamir_mnemonic.share import Share
from zxcvbn import zxcvbn

from testament.errors import InputError, PassphraseError

__all__ = [
    "MAX_SHARES",
    "MIN_SCORE",
    "check_strength",
    "combine_shares",
    "parse_shares_spec",
    "split_key",
]

MIN_SCORE = 3  # zxcvbn 0-4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks"
MAX_SHARES = 16  # SLIP-39's limit per group
_ZXCVBN_MAX = 72  # zxcvbn refuses longer input (its matching is quadratic); the head is scored instead
_SPEC = re.compile(r"^\s*(\d+)\s*-?\s*of\s*-?\s*(\d+)\s*$", re.I)
_SHARE_HINT = "compare every word with the paper copy: a misspelt, missing or swapped word fails the checksum"


def check_strength(passphrase: str, *, case: Path | None = None, actor: str | None = None) -> None:
    """Refuse a passphrase zxcvbn scores below MIN_SCORE, with its advice. The case folder's name and the
    actor count as words an attacker tries first. The passphrase itself never enters the message."""
    if not passphrase:
        raise PassphraseError(
            "a new passphrase is needed",
            hint="set TESTAMENT_NEW_PASSPHRASE, or run the command at a terminal to be asked for it twice",
        )
    context = ["testament", *([case.resolve().name] if case else []), *([actor] if actor else [])]
    result = zxcvbn(passphrase[:_ZXCVBN_MAX], user_inputs=context, max_length=_ZXCVBN_MAX)
    if result["score"] >= MIN_SCORE:
        return
    feedback = result["feedback"]
    guessed = result["crack_times_display"]["offline_slow_hashing_1e4_per_second"]
    warning = f" {feedback['warning']}" if feedback["warning"] else ""
    advice = " ".join(feedback["suggestions"])
    raise PassphraseError(
        f"passphrase too weak (strength {result['score']} of 4, at least {MIN_SCORE} needed; an attacker "
        f"with the case folder would guess it in {guessed}).{warning}",
        hint=f"{advice + ' ' if advice else ''}Four or more unrelated words make a passphrase that is "
        "strong and that you can remember.",
    )


def parse_shares_spec(text: str) -> tuple[int, int]:
    """ "2-of-3" → (2, 3): any 2 of 3 shares rebuild the key."""
    match = _SPEC.match(text)
    hint = "write K-of-N, e.g. 2-of-3 (any 2 of 3 partners can rebuild the key) or 3-of-5"
    if not match:
        raise InputError(f"--recovery-shares: expected K-of-N, got {text!r}", hint=hint)
    threshold, count = int(match[1]), int(match[2])
    if not 2 <= threshold <= count <= MAX_SHARES:
        raise InputError(
            f"--recovery-shares {text}: need 2 <= K <= N <= {MAX_SHARES}",
            hint=f"{hint}; one share alone would be a copy of the key",
        )
    return threshold, count


def split_key(master: bytes, threshold: int, count: int) -> list[str]:
    """SLIP-39 mnemonics (33 words each for a 256-bit key), any `threshold` of which rebuild `master`."""
    (group,) = shamir_mnemonic.generate_mnemonics(1, [(threshold, count)], master)
    return list(group)


def _parse(number: int, mnemonic: str) -> Share:
    try:
        return Share.from_mnemonic(" ".join(mnemonic.lower().split()))
    except shamir_mnemonic.MnemonicError:
        raise InputError(f"recovery share {number}: not a valid SLIP-39 share", hint=_SHARE_HINT) from None


def combine_shares(shares: Sequence[str]) -> bytes:
    """The key the shares encode. Each share is checked on its own first, so a typo is named by number;
    blank entries (an empty line, the end of input) are skipped."""
    shares = [s for s in shares if s.strip()]
    if not shares:
        raise InputError("no recovery share given", hint="type or paste one share per line")
    parsed = [_parse(i, s) for i, s in enumerate(shares, 1)]
    first = parsed[0]
    for i, share in enumerate(parsed[1:], 2):
        if share.common_parameters() != first.common_parameters():
            raise InputError(
                f"recovery share {i} belongs to another set than share 1",
                hint="use shares printed together, by the same `testament init`",
            )
    indexes = [s.index for s in parsed]
    for i, index in enumerate(indexes, 1):
        if index in indexes[: i - 1]:
            raise InputError(
                f"recovery share {i} repeats share {indexes.index(index) + 1}",
                hint="each partner's share counts once; ask another partner for theirs",
            )
    needed = first.member_threshold
    if len(parsed) < needed:
        raise InputError(
            f"{len(parsed)} recovery share{'s' if len(parsed) > 1 else ''} given; this key needs {needed}",
            hint=f"collect {needed} different shares from the partners who hold them",
        )
    try:
        return shamir_mnemonic.combine_mnemonics([s.mnemonic() for s in parsed[:needed]])
    except shamir_mnemonic.MnemonicError:
        raise InputError("the recovery shares do not fit together", hint=_SHARE_HINT) from None
