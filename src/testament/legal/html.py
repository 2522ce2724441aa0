"""The case file as HTML: one Jinja2 template (`templates/casefile.html`), autoescaped, no scripts; Persian
text is marked right-to-left so browsers and the PDF renderer shape it as such."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from testament.text import has_arabic_script

if TYPE_CHECKING:
    from testament.legal.casefile import CaseFileData

__all__ = ["render_html"]

_env = Environment(
    loader=PackageLoader("testament.legal", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _bidi(text: object) -> Markup:
    """Escaped text; wrapped in a right-to-left span when it is in Arabic script (Persian)."""
    value = "" if text is None else str(text)
    if has_arabic_script(value):
        return Markup('<span dir="rtl" lang="fa">{}</span>').format(value)
    return escape(value)


_env.filters["bidi"] = _bidi


def render_html(data: CaseFileData) -> str:
    """The case file's HTML."""
    cite_of = {c.number: c for c in data.citations}
    files = sorted({c.artifact_id: c for c in data.citations}.values(), key=lambda c: c.artifact_id)

    def cites(numbers: list[int]) -> Markup:
        return Markup(", ").join(Markup('<a href="#cite-{0}">[{0}]</a>').format(n) for n in numbers)

    return _env.get_template("casefile.html").render(d=data, cite_of=cite_of, cites=cites, files=files)
