"""The error tree. Every message names the input and gives a `Hint:`; none carries personal data."""

from __future__ import annotations

__all__ = [
    "AccessDenied",
    "CaseBusyError",
    "CaseExistsError",
    "CaseNotFoundError",
    "DateParseError",
    "IngestError",
    "InputError",
    "IntegrityFailure",
    "Interrupted",
    "NotFoundError",
    "PassphraseError",
    "StoreError",
    "TestamentError",
]


class TestamentError(Exception):
    """Base of every error Testament raises on purpose; the CLI prints it without a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\nHint: {hint}")


class InputError(TestamentError):
    """The user gave something we cannot use (a path, an option, a file)."""

    exit_code = 2


class CaseNotFoundError(InputError):
    pass


class CaseExistsError(InputError):
    pass


class PassphraseError(InputError):
    """Missing or wrong passphrase for an encrypted case."""


class StoreError(TestamentError):
    """The case store cannot be reached or is not in the expected state."""


class CaseBusyError(StoreError):
    """Another process held the case write lock for longer than this one would wait. Nothing was changed;
    retrying later works, hence sysexits' EX_TEMPFAIL."""

    exit_code = 75


class Interrupted(TestamentError):
    """The user pressed Ctrl-C (SIGINT); the write in progress was rolled back. 130 = 128 + SIGINT, as shells
    report it."""

    exit_code = 130


class DateParseError(InputError):
    """A date string could not be read. The message quotes the format, never the value's context."""


class IngestError(InputError):
    """A file was refused; `problems` lists each row problem for the report."""

    def __init__(self, message: str, *, hint: str | None = None, problems: list | None = None) -> None:
        super().__init__(message, hint=hint)
        self.problems = problems or []


class IntegrityFailure(TestamentError):
    """Verification found tampering or loss."""

    exit_code = 3


class NotFoundError(InputError):
    """No such object in this case, or one the reader may not see: the two read alike, so a refusal never
    reveals that something exists (HTTP 404)."""


class AccessDenied(TestamentError):
    """The user's role does not allow this action (HTTP 403). Never says what the object holds. 77 is
    sysexits' EX_NOPERM."""

    exit_code = 77
