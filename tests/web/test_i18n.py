"""The workbench's languages: the Persian catalogue covers every string the templates and the web code mark
(none missing, none fuzzy, placeholders kept), no template shows an English sentence outside `_()` or
`{% trans %}`, the language is chosen by `?lang=`, then the cookie, then Accept-Language, and Persian pages
are right to left with Persian digits and Solar Hijri dates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from testament.web import i18n
from testament.web.pages import TEMPLATES
from tests.web import _fixtures

WEB = Path(i18n.__file__).parent
_METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}}
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
_FORMAT = re.compile(r"%%|%\([a-z_]+\)s")


def _marked() -> set[str]:
    """Every msgid the templates and the web package mark, as pybabel extracts them."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(WEB), method_map=_METHODS, options_map=_OPTIONS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue(language: str) -> dict[str, Any]:
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}


def test_every_marked_string_is_translated_into_persian() -> None:
    marked = _marked()
    assert len(marked) > 150, "extraction found the templates' strings"
    # Jinja formats every translated string with `%`: a lone % breaks the page when it renders
    lone = sorted(m for m in marked if "%" in _FORMAT.sub("", m))
    assert not lone, f"write a literal % as %% in _(): {lone}"
    fa = _catalogue("fa")
    missing = sorted(m for m in marked if m not in fa)
    assert not missing, f"not in fa.po (run the catalogue update in docs/workbench.md): {missing}"
    untranslated = sorted(m for m in marked if not any(fa[m].string if isinstance(fa[m].string, tuple)
                                                         else [fa[m].string]))  # fmt: skip
    assert not untranslated, f"untranslated in fa.po: {untranslated}"
    fuzzy = sorted(m for m in marked if fa[m].fuzzy)
    assert not fuzzy, f"fuzzy in fa.po: {fuzzy}"
    for msgid in marked:
        strings = fa[msgid].string if isinstance(fa[msgid].string, tuple) else (fa[msgid].string,)
        for string in strings:
            assert sorted(_PLACEHOLDER.findall(string)) == sorted(_PLACEHOLDER.findall(msgid)), msgid
    assert set(_catalogue("en")) >= marked, "the English catalogue lists every msgid too"


class _TextNodes(HTMLParser):
    """Text nodes and the attributes a person reads (title, alt, placeholder, aria-label) of a template."""

    READ = ("title", "alt", "placeholder", "aria-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "kbd", "script", "style"):
            self._skip += 1
        self.texts += [value for name, value in attrs if name in self.READ and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "kbd", "script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.texts.append(data)


_JINJA = re.compile(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_ENGLISH = re.compile(r"[A-Za-z]{2,}")
# Not sentences: the hash's name, a technical unit
_ALLOWED = {"SHA", "UTC"}


def unwrapped_english(template: str) -> list[str]:
    """English words a template shows outside `_()`/`{% trans %}` (tags and Jinja code left out)."""
    parser = _TextNodes()
    parser.feed(_JINJA.sub(" ", template))
    return [
        text.strip() for text in parser.texts if any(word not in _ALLOWED for word in _ENGLISH.findall(text))
    ]


def test_no_template_shows_an_unwrapped_english_sentence() -> None:
    found = {
        path.name: words
        for path in sorted(TEMPLATES.glob("*.html"))
        if (words := unwrapped_english(path.read_text("utf-8")))
    }
    assert not found, f"wrap these in _() or {{% trans %}}: {found}"


def test_the_unwrapped_check_finds_english() -> None:
    # The check itself can fail: plain English in a text node or a read attribute is found.
    assert unwrapped_english("<p>No sources yet.</p>") == ["No sources yet."]
    assert unwrapped_english('<img alt="A chart" src="/x.svg">') == ["A chart"]
    assert unwrapped_english('<p>{{ _("No sources yet.") }} <kbd>s</kbd> SHA-256</p>') == []
    assert unwrapped_english("<p>{% trans %}Keys: <kbd>a</kbd>{% endtrans %}</p>") == []


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "chosen"),
    [
        ("fa", "en", "en", "fa"),
        (None, "fa", "en-GB,en;q=0.9", "fa"),
        (None, None, "de-DE,fa;q=0.8,en;q=0.5", "fa"),
        (None, None, "fa-IR;q=0.3,en;q=0.9", "en"),
        ("xx", "yy", "de", "en"),
        (None, None, None, "en"),
    ],
)
def test_the_language_is_chosen_by_query_then_cookie_then_accept_language(
    query: str | None, cookie: str | None, accept: str | None, chosen: str
) -> None:
    assert i18n.choose(query, cookie, accept) == chosen


def test_persian_digits_numbers_and_solar_hijri_dates() -> None:
    with i18n.language_scope("fa"):
        assert i18n.format_date("1988-07-30") == "۸ مرداد ۱۳۶۷"
        assert i18n.format_date(datetime.date(2026, 3, 21)) == "۱ فروردین ۱۴۰۵"
        assert i18n.format_number(12345) == "۱۲٬۳۴۵"
        assert i18n.digits("#42") == "#۴۲"
        assert i18n.format_datetime("2026-12-06T12:30:00+00:00") == "۱۵ آذر ۱۴۰۵، ۱۲:۳۰ UTC"
        assert i18n.format_date("summer of 1988") == "summer of 1988", "a source's own wording is kept"
        assert i18n.gettext("Sources") == "منابع"
    assert i18n.format_date("1988-07-30") == "1988-07-30"
    assert i18n.format_number(12345) == "12,345"
    assert i18n.gettext("Sources") == "Sources"


@pytest.fixture(scope="module")
def private(planted: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _fixtures.private_copy(planted, tmp_path_factory)


@pytest.fixture(scope="module")
def client(private: Any) -> Iterator[TestClient]:
    from testament.web.app import create_app

    with TestClient(create_app(private.case, secure_cookies=False), base_url="http://127.0.0.1") as c:
        yield c


def test_a_switch_keeps_the_page_and_is_remembered(client: TestClient, private: Any) -> None:
    client.cookies.clear()
    english = client.get("/login")
    assert '<html lang="en" dir="ltr">' in english.text
    assert 'href="?lang=fa"' in english.text, "the switch points at the same page"
    persian = client.get("/login", params={"lang": "fa"})
    assert '<html lang="fa" dir="rtl">' in persian.text
    assert ">ورود</h1>" in persian.text
    assert persian.headers["content-language"] == "fa"
    assert client.cookies.get(i18n.COOKIE) == "fa", "the choice is kept in a cookie"
    again = client.get("/login")
    assert '<html lang="fa" dir="rtl">' in again.text, "the next page stays Persian"
    client.cookies.clear()
    browser = client.get("/login", headers={"Accept-Language": "fa-IR,fa;q=0.9"})
    assert '<html lang="fa" dir="rtl">' in browser.text


def test_error_pages_speak_persian_and_the_api_stays_english(client: TestClient, private: Any) -> None:
    client.cookies.clear()
    username, password = private.users["viewer"]
    assert _fixtures.login(client, username, password).status_code == 303
    page = client.get("/persons/999999999", params={"lang": "fa"})
    assert page.status_code == 404
    assert "<h1>پیدا نشد</h1>" in page.text
    api = client.get(
        "/api/v1/persons/999999999", headers={"Authorization": f"Bearer {private.tokens['viewer']}"}
    )
    assert api.status_code == 404 and "not" in api.json()["detail"]
    client.cookies.clear()


def test_every_page_renders_in_persian(client: TestClient, private: Any) -> None:
    client.cookies.clear()
    username, password = private.users["admin"]
    assert _fixtures.login(client, username, password).status_code == 303
    pages = [
        "/", "/sources", f"/sources/{private.artifact_id}", f"/sources/{private.list_artifact_id}",
        "/persons?q=Kazemi", f"/persons/{private.person_id}", "/upload", "/review/links", "/review/claims",
        "/estimates", "/estimates/new", "/verify",
    ]  # fmt: skip
    for path in pages:
        answer = client.get(path, params={"lang": "fa"})
        assert answer.status_code == 200, path
        assert '<html lang="fa" dir="rtl">' in answer.text, path
        assert "Vazirmatn-wght.woff2" in answer.text, path
    client.cookies.clear()
