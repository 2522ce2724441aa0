"""The workbench's languages: English and Persian catalogues (gettext, kept as `.po` files beside this module
and compiled with Babel when first used, so no binary catalogue is committed), the choice of language for a
request (`?lang=`, then the `testament_lang` cookie, then `Accept-Language`), and the formatting that differs
by language: digits (Persian digits in Persian), numbers (Babel, CLDR `fa`) and dates (Solar Hijri in
Persian, through jdatetime as in `testament.dates`).

The language of the request being served is kept in a context variable set by `LanguageMiddleware`, so `_`
works anywhere during a request: in every template (it is a Jinja global, also inside imported macros) and in
Python (`from testament.web.i18n import gettext as _`). Outside a request it is English."""

from __future__ import annotations

import datetime
import gettext as _gettext
import io
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl

import jdatetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2 import pass_context
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "COOKIE",
    "DEFAULT",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "Language",
    "LanguageMiddleware",
    "choose",
    "current",
    "digits",
    "direction",
    "format_date",
    "format_datetime",
    "format_number",
    "gettext",
    "install",
    "language_scope",
    "ngettext",
    "term",
]

Language = Literal["en", "fa"]
LANGUAGES: tuple[Language, ...] = ("en", "fa")
DEFAULT: Language = "en"
COOKIE = "testament_lang"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
_COOKIE_AGE = 365 * 24 * 3600

_language: ContextVar[Language] = ContextVar("testament_language", default=DEFAULT)
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def N_(message: str) -> str:
    """Marks a constant for the catalogue; it is translated where it is shown (`gettext(constant)`)."""
    return message


@cache
def _translations(language: Language) -> _gettext.NullTranslations:
    """The catalogue compiled in memory from its `.po` (Babel), once per process. English is the source
    language: its catalogue may be empty, and an empty or missing translation falls back to the msgid."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return _gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # a fuzzy entry is a guess: English is shown instead
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def current() -> Language:
    """The language of the request being served (English outside a request)."""
    return _language.get()


class language_scope:
    """`with language_scope("fa"):` — render or translate in a language outside a request (tests, CLI)."""

    def __init__(self, language: Language) -> None:
        self._language = language
        self._token: Any = None

    def __enter__(self) -> None:
        self._token = _language.set(self._language)

    def __exit__(self, *exc: object) -> None:
        _language.reset(self._token)


def gettext(message: str, **variables: Any) -> str:
    """`message` in the current language; `%(name)s` placeholders filled from `variables` after translation
    (so a translation may move them)."""
    text = _translations(current()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    """The singular or plural form for `n` in the current language; `%(num)s` is `n` in its digits."""
    text = _translations(current()).ngettext(singular, plural, n)
    variables.setdefault("num", format_number(n))
    return text % variables


def direction(language: Language | None = None) -> Literal["ltr", "rtl"]:
    return "rtl" if (language or current()) == "fa" else "ltr"


def digits(value: object) -> str:
    """`value` as text with Persian digits when the language is Persian (ids, years, counts as written)."""
    text = str(value)
    return text.translate(_PERSIAN_DIGITS) if current() == "fa" else text


def format_number(value: float | int | None, *, decimals: int | None = None) -> str:
    """A number with the language's grouping and decimal signs (Babel, CLDR) and digits: 12,345.6 in English,
    ۱۲٬۳۴۵٫۶ in Persian. `None` prints as an empty string."""
    if value is None:
        return ""
    language = current()
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    if language == "fa":
        text = format_decimal(value, format=pattern, locale="fa", numbering_system="default")
        return text.translate(_PERSIAN_DIGITS)
    return format_decimal(value, format=pattern, locale="en")


def _as_date(value: datetime.date | datetime.datetime | str) -> datetime.date | datetime.datetime | None:
    if isinstance(value, datetime.date):
        return value
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    # a bare date (no time part) stays a date: a day is not midnight
    return parsed.date() if len(value.strip()) <= 10 else parsed


def format_date(value: datetime.date | datetime.datetime | str | None) -> str:
    """A day: `2026-12-06` in English (ISO, unambiguous), `۱۵ آذر ۱۴۰۵` in Persian (Solar Hijri, Persian month
    name and digits). Text that is not an ISO date is returned as it is (an original date string is evidence
    and is never rewritten)."""
    if value is None:
        return ""
    parsed = _as_date(value)
    if parsed is None:
        return str(value)
    day = parsed.date() if isinstance(parsed, datetime.datetime) else parsed
    if current() != "fa":
        return day.isoformat()
    solar = jdatetime.date.fromgregorian(date=day)
    return digits(f"{solar.day} {jdatetime.date.j_months_fa[solar.month - 1]} {solar.year}")


def format_datetime(value: datetime.datetime | str | None) -> str:
    """A moment to the minute in UTC: `2026-12-06 12:30 UTC`, or its Solar Hijri day and time in Persian."""
    if value is None:
        return ""
    parsed = _as_date(value)
    if not isinstance(parsed, datetime.datetime):
        return format_date(value) if parsed is not None else str(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.UTC)
    clock = parsed.strftime("%H:%M")
    if current() != "fa":
        return f"{parsed.date().isoformat()} {clock} UTC"
    return f"{format_date(parsed.date())}، {digits(clock)} UTC"


def choose(query_lang: str | None, cookie: str | None, accept_language: str | None) -> Language:
    """The request's language: an explicit `?lang=` first, then the cookie a switch left, then the browser's
    `Accept-Language` (first supported language by quality), else English."""
    for candidate in (query_lang, cookie):
        if candidate in LANGUAGES:
            return candidate
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "")[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        ranked.append((-quality, index, tag.strip().lower().split("-")[0]))
    for _q, _i, tag in sorted(ranked):
        if tag in LANGUAGES:
            return tag
    return DEFAULT


class LanguageMiddleware:
    """Sets the request's language (see `choose`) for everything that runs while serving it; a `?lang=`
    that names a supported language is remembered in a cookie, so the switch sticks on the next pages."""

    def __init__(self, app: ASGIApp, *, secure: bool = True) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")[:4000]))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        cookie = _cookie(headers.get("cookie", ""), COOKIE)
        asked = query.get("lang")
        language = choose(asked, cookie, headers.get("accept-language"))
        remember = asked in LANGUAGES and asked != cookie
        token = _language.set(language)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                if remember:
                    flags = "; Secure" if self.secure else ""
                    out.append(
                        "set-cookie",
                        f"{COOKIE}={language}; Max-Age={_COOKIE_AGE}; Path=/; SameSite=Lax{flags}",
                    )
                out.append("content-language", language)
                out.append("vary", "Cookie, Accept-Language")
            await send(message)

        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            _language.reset(token)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip()
    return None


def _bidi(value: object) -> Markup:
    """A name or value from the case isolated from the text around it (`<bdi>`): a Persian name inside an
    English sentence, or a Latin one in a Persian page, keeps its own direction and does not reorder its
    neighbours. Escaped like everything else."""
    return Markup("<bdi>%s</bdi>") % ("" if value is None else value)


def _per_render(function: Callable[..., Any]) -> Callable[..., Any]:
    @pass_context
    def filter_(_context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        return function(value, *args, **kwargs)

    return filter_


def install(env: Any) -> None:
    """Puts `_`, `gettext`, `ngettext` and the formatting filters into a Jinja environment:
    `{{ _("Sources") }}`, `{{ _("%(n)s files", n=count|num) }}`, `{{ n|num }}`, `{{ when|day }}`,
    `{{ when|moment }}`, `{{ id|digits }}`, `{{ name|bdi }}`. In templates `ngettext` fills `%(num)s` with
    the raw number: pass `num=n|num` for the language's digits."""
    env.add_extension("jinja2.ext.i18n")
    # newstyle: Jinja fills the placeholders itself, escaping each value, after translating
    env.install_gettext_callables(
        gettext=lambda message: _translations(current()).gettext(message),
        ngettext=lambda singular, plural, n: _translations(current()).ngettext(singular, plural, n),
        newstyle=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "num": format_number,
        "day": format_date,
        "moment": format_datetime,
        "digits": digits,
        "bdi": _bidi,
        "term": term,
    }
    # `pass_context` keeps Jinja from folding a filter over a constant at compile time (in one language)
    env.filters.update({name: _per_render(f) for name, f in filters.items()})
    env.globals.update(current_language=current, LANGUAGES=LANGUAGES)


# Words shown from the code's vocabulary (roles, methods, predicates, labels, stances, statuses, custody
# events), marked here for the catalogue and translated where shown with the `term` filter:
# `{{ claim.predicate|term }}`. Only these codes are translated; case data never goes through a catalogue.
VOCABULARY = (
    N_("viewer"), N_("analyst"), N_("investigator"), N_("admin"),
    N_("loglinear"), N_("dga"), N_("lcmcr"),
    N_("prison"), N_("city"), N_("affiliation"), N_("sex"), N_("burial_place"), N_("fate"),
    N_("name"), N_("given_name"), N_("surname"), N_("father_name"), N_("born"), N_("age"), N_("resided_in"),
    N_("held_at"), N_("member_of"), N_("arrested_on"), N_("executed_on"), N_("buried_at"), N_("note"),
    N_("listed_as"), N_("held_position"), N_("victim_of"), N_("reported_count"), N_("witnessed"),
    N_("relative_of"), N_("family_informed_on"), N_("taken_on"), N_("taken_at"),
    N_("public"), N_("internal"), N_("restricted"), N_("sealed"),
    N_("affirms"), N_("denies"), N_("hearsay"),
    N_("proposed"), N_("accepted"), N_("edited"), N_("rejected"),
    N_("victim"), N_("eyewitness"), N_("fellow_prisoner"), N_("relative"), N_("official"), N_("third_party"),
    N_("compiler"), N_("device"),
    N_("list"), N_("testimony"),
    N_("received"), N_("hashed"), N_("derived"), N_("ingested"), N_("verified"), N_("disclosed"),
    N_("extracted"), N_("reviewed"), N_("linked"), N_("estimated"), N_("swept"), N_("key_split"),
    N_("rekeyed"), N_("checkpoint_set"), N_("read"), N_("exported"), N_("user_added"), N_("role_changed"),
    N_("user_disabled"), N_("token_issued"), N_("mapped"), N_("consent"),
    N_("unchanged"),
    N_("full_name"), N_("birth_year"), N_("arrest_date"), N_("execution_date"), N_("notes"), N_("record_id"),
)  # fmt: skip
_VOCABULARY = frozenset(VOCABULARY)


def term(code: object) -> str:
    """A vocabulary code in the current language (`held_at` → "held at" / «محل زندان»); anything that is
    not a known code is returned as it is."""
    text = "" if code is None else str(code)
    return _translations(current()).gettext(text) if text in _VOCABULARY else text
