"""The case file of a synthetic accused: every element of the charged acts with its support or its gap,
citations that open the right span, a PDF that renders, and nothing sealed for a role without clearance."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pypdfium2
import pytest

from testament.exports.bundle import build_bundle
from testament.exports.standalone_verify import verify_bundle
from testament.legal import render_case_file
from testament.legal.casefile import CaseFile
from testament.store.access import Viewer
from testament.store.crypto import generate_signing_key
from tests.legal.conftest import CANARY, Scenario

CHARGES = [f"icc-rome-art7:{x}" for x in "aefhi"]


@pytest.fixture(scope="module")
def admin_file(scenario: Scenario) -> CaseFile:
    return render_case_file(scenario.case, scenario.accused, Viewer.local(scenario.case), charges=CHARGES)


@pytest.fixture(scope="module")
def viewer_file(scenario: Scenario) -> CaseFile:
    viewer = Viewer(None, "reader", "viewer")
    return render_case_file(scenario.case, scenario.accused, viewer, charges=CHARGES)


@pytest.fixture(scope="module")
def viewer_pdf(viewer_file: CaseFile) -> bytes:
    return viewer_file.pdf()


def test_case_file_shows_every_element_of_each_charge_with_support_or_gap(admin_file: CaseFile) -> None:
    data, html = admin_file.data, admin_file.html
    assert [s.crime.ref for s in data.charges] == ["7(1)(a)", "7(1)(e)", "7(1)(f)", "7(1)(h)", "7(1)(i)"]
    status: dict[tuple[str, str], str] = {}
    for section in data.charges:
        assert len(section.elements) == len(section.crime.elements)
        for row in section.elements:
            status[(section.crime.id, row.element.id)] = row.status
            assert f'id="{row.anchor}"' in html
            assert (row.gap is None) == (row.status == "supported" and not row.undermining)
            listed = (section.crime.ref, row.element.id, row.status, row.gap or "")
            assert (listed in data.gaps) == (row.gap is not None)
    assert status[("a", "conduct")] == "supported"  # two testimonies from two sources, reviewed
    assert status[("e", "conduct")] == "single source"
    assert status[("f", "conduct")] == "not reviewed"  # the flogging quote is only proposed
    assert status[("i", "refusal")] == "supported"
    assert status[("i", "deprivation")] == "suggested only"  # the imprisonment suggests it
    assert status[("a", "attack")] == "gap"
    assert status[("h", "grounds")] == "suggested only"  # the victim's affiliation suggests it
    grounds = next(
        r for s in data.charges if s.crime.id == "h" for r in s.elements if r.element.id == "grounds"
    )
    quotes = {data.citations[n - 1].quote for n in grounds.supporting[0].citations}
    assert "Ali was a supporter of the Mojahedin" in quotes
    undermined = next(
        r for s in data.charges if s.crime.id == "h" for r in s.elements if r.element.id == "conduct"
    )
    assert undermined.undermining and undermined.undermining[0].origin == "analyst"
    assert 'href="#gaps"' in html and 'href="#citations"' in html  # the table of contents


def test_case_file_links_acts_through_the_position_held_then_and_there(
    admin_file: CaseFile, scenario: Scenario
) -> None:
    acts = {a.act_id: a for a in admin_file.data.acts}
    assert set(acts) == {v for k, v in scenario.acts.items() if k != "elsewhere"}
    assert acts[scenario.acts["flogging"]].involvement[0] == "ordered"
    assert any("commission member" in how for how in acts[scenario.acts["execution"]].involvement)
    extracted, position = admin_file.data.positions  # a dated timeline, earliest first
    assert (position.position, position.place, position.start, position.end) == (
        "commission member", "Gohardasht", "1988-07-28", "1988-09-15"
    )  # fmt: skip
    assert position.reviewed and position.citations
    # as extraction writes it: on a record linked to the accused, not reviewed, no place (links no act)
    assert (extracted.position, extracted.place, extracted.reviewed) == ("prosecutor", None, False)
    assert {m.crime.ref for m in admin_file.data.modes} >= {"25(3)(b)"}  # the accused ordered the flogging


def test_case_file_citations_open_the_right_span(admin_file: CaseFile, scenario: Scenario) -> None:
    cited = admin_file.data.citations
    assert [c.number for c in cited] == list(range(1, len(cited) + 1))
    assert len(cited) >= 7
    by_id = {a.artifact_id: a for a in admin_file.cited_artifacts}
    assert set(by_id) == {scenario.text_a, scenario.text_b}
    for c in cited:
        text = scenario.case.blobs.get(by_id[c.artifact_id].sha256).decode("utf-8")
        assert c.char_start is not None and c.char_end is not None
        assert text[c.char_start : c.char_end] == c.quote
        assert f'id="cite-{c.number}"' in admin_file.html
    persian = next(c for c in cited if c.rtl)
    assert f'<td dir="rtl" lang="fa">{persian.quote}</td>' in admin_file.html


def test_case_file_for_a_viewer_holds_no_sealed_name(
    admin_file: CaseFile, viewer_file: CaseFile, viewer_pdf: bytes
) -> None:
    assert CANARY in admin_file.html  # the admin is cleared: the quote naming the witness is cited
    assert CANARY not in viewer_file.html
    assert all(CANARY not in c.quote for c in viewer_file.data.citations)
    assert viewer_file.data.withheld
    assert "[withheld]" in viewer_file.html  # the analyst's note, scrubbed
    document = pypdfium2.PdfDocument(viewer_pdf)
    try:
        words = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert "Case file" in words and "Canarypour" not in words


def test_case_file_pdf_renders_non_blank_pages(viewer_pdf: bytes) -> None:
    assert viewer_pdf.startswith(b"%PDF-")
    document = pypdfium2.PdfDocument(viewer_pdf)
    try:
        assert len(document) >= 3
        for index in range(len(document)):
            image = document[index].render(scale=0.5).to_pil().convert("L")
            dark = sum(image.histogram()[:128])  # pixels of text and rules
            assert dark > 50, f"page {index + 1} is blank"
        first = document[0].get_textpage().get_text_range()
        assert "Case file" in first and "Contents" in first
        words = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        assert "علی کاظمی در گوهردشت اعدام شد" in words  # Persian glyphs, in logical order
    finally:
        document.close()


def test_case_file_maps_the_same_acts_under_a_case_framework(scenario: Scenario) -> None:
    folder = scenario.case.path / "frameworks"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        '[framework]\nid = "my-code"\ntitle = "My code"\nsource = "My code (2020)"\nkind = "domestic"\n'
        '[[crimes]]\nid = "killing"\ntitle = "Killing"\n[[crimes.elements]]\nid = "conduct"\n'
        'kind = "conduct"\ntext = "Killed someone."\nsuggested_by = ["execution"]\n',
        "utf-8",
    )
    try:
        made = render_case_file(
            scenario.case, scenario.accused, Viewer.local(scenario.case),
            charges=["my-code:killing", "domestic-model:murder", "icc-rome-art7:a"],
        )  # fmt: skip
    finally:
        (folder / "mine.toml").unlink()
        folder.rmdir()
    conduct = {s.crime.key: s.elements[0] for s in made.data.charges}
    assert conduct["my-code:killing"].status == "suggested only"  # the execution suggests it
    assert conduct["domestic-model:murder"].status == "supported"  # linked by the analyst
    assert conduct["icc-rome-art7:a"].status == "supported"
    assert "Charge killing: Killing" in made.html


def test_bundle_of_the_accused_cites_its_redacted_copies_and_holds_no_sealed_name(
    scenario: Scenario, tmp_path: Path
) -> None:
    """The bundle's case file (HTML and the PDF made from it, read as text: its streams are compressed) for
    the default clearance holds no sealed name; cleared for sealed, the same bundle cites it."""
    private, public = generate_signing_key()

    def members(cleared: str) -> dict[str, bytes]:
        out = tmp_path / f"{cleared}.zip"
        build_bundle(
            scenario.case, out, private, recipient="Court", accused=scenario.accused, cleared=cleared
        )
        assert verify_bundle(out, public) == []
        with zipfile.ZipFile(out) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def pdf_words(data: bytes) -> str:
        document = pypdfium2.PdfDocument(data)
        try:
            return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        finally:
            document.close()

    internal = members("internal")
    assert [n for n, data in internal.items() if CANARY.encode("utf-8") in data] == []
    # each citation of a file that went as a redacted copy opens the right span of that copy
    page = internal["casefile.html"].decode("utf-8")
    copies = {int(n.split("/")[1].split("-")[0]): n for n in internal if n.endswith("-redacted.txt")}
    cited = re.findall(
        r'characters (\d+)–(\d+) of the redacted copy · <a href="#file-(\d+)">.*?</td>\s*<td[^>]*>(.*?)</td>',
        page,
    )
    assert copies and cited and {int(a) for *_, a, _ in cited} <= set(copies)
    for start, end, artifact, quote in cited:
        copy = internal[copies[int(artifact)]].decode("utf-8")
        assert copy[int(start) : int(end)] == html.unescape(quote)
    words = pdf_words(internal["casefile.pdf"])
    assert "Case file" in words and "Canarypour" not in words
    sealed = members("sealed")
    assert CANARY.encode("utf-8") in sealed["casefile.html"] and "Canarypour" in pdf_words(
        sealed["casefile.pdf"]
    )
