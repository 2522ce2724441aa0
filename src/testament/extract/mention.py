"""What extraction proposes: a `Mention` is one span of a testimony's text with its type and normalised value,
ready to become a candidate claim for a person to accept, correct or reject."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from testament import __version__
from testament.dates import Calendar, PartialDate

__all__ = [
    "ACT_TERMS",
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "MENTION_TYPES",
    "ROLES",
    "Context",
    "Mention",
    "MentionType",
]

MentionType = Literal["person", "date", "place", "organisation", "act", "count"]
MENTION_TYPES: tuple[str, ...] = get_args(MentionType)

# The controlled vocabulary of acts (DESIGN.md: ESF's "what"), as exported in a mention's value.
ACT_TERMS: tuple[str, ...] = (
    "arrest",
    "detention",
    "transfer",
    "interrogation",
    "hearing",
    "sentence",
    "execution",
    "torture",
    "flogging",
    "burial",
    "family_not_informed",
    "threats",
    "release",
)
# A person's part in the account.
# "narrator" is the voice of a first-person testimony; "witness" a survivor quoted in an article about them;
# "official" holds an office in the account without being accused in it (a judge of the court abroad).
ROLES: tuple[str, ...] = (
    "narrator", "witness", "victim", "perpetrator", "relative", "fellow_prisoner", "official", "other",
)  # fmt: skip

EXTRACTOR = "extract:rules"
# The rules' own version: bump it when a change can alter what is proposed, so stored candidates say
# which rules made them.
EXTRACTOR_VERSION = f"{__version__}+rules.18"


@dataclass(frozen=True)
class Context:
    """What the document itself may not say. `reference` is the day the source was published (or the
    account recorded): it dates relative expressions that come before any date in the text, and a report's
    own days ("On Tuesday" in a sentence about the hearing, "Tuesday, March 29", "چهارشنبه ۳۱ شهریور")
    as the last such day up to a week after it; `default_year` dates "August 6" when the text names no
    year at all (the massacre's year: this workbench is built for 1988); `calendar` settles two-digit
    years."""

    reference: datetime.date | None = None
    default_year: int = 1988
    calendar: Calendar | None = None


@dataclass(frozen=True)
class Mention:
    """One proposed span. `start`/`end` are character offsets into the text given to `extract_mentions`.

    value: persons the name as written (titles dropped), dates the Gregorian interval
    "YYYY-MM-DD/YYYY-MM-DD", places the gazetteer name, organisations their canonical name, acts the
    vocabulary term, counts an int. `detail` holds what else was read: the speaker, the date's calendar and
    precision, what a count counts, a person's position, the mentions an act links to."""

    type: MentionType
    start: int
    end: int
    text: str
    value: str | int
    role: str | None = None
    confidence: float = 0.5
    detail: dict[str, Any] = field(default_factory=dict, compare=False)
    date: PartialDate | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, int, int, str]:
        """What re-extraction matches on: type, span and proposed value."""
        return (self.type, self.start, self.end, str(self.value))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
        }
        if self.type == "person":
            out["role"] = self.role
        out["confidence"] = round(self.confidence, 3)
        if self.detail:
            out["detail"] = self.detail
        return out
