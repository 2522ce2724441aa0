"""In headless Chromium: the Persian interface (right to left, Persian digits, Solar Hijri dates, the
Vazirmatn font loaded from the workbench), the language switch keeping the page, and an estimate started from
its form, followed while it runs (htmx polling) and read when it is done. With TESTAMENT_SCREENSHOTS=1 the
Persian person page and the finished job are written to docs/screenshots/."""

from __future__ import annotations

import datetime
import re
from typing import Any

import jdatetime

from testament.store.access import Viewer
from testament.views import person_page
from tests.web.conftest import login, screenshot

_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_VAZIRMATN_LOADED = """async () => {
  await document.fonts.ready;
  return [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Vazirmatn' && f.status === 'loaded');
}"""


def _solar_hijri(day: datetime.date) -> str:
    solar = jdatetime.date.fromgregorian(date=day)
    return f"{solar.day} {_MONTHS[solar.month - 1]} {solar.year}".translate(_DIGITS)


def _a_dated_claim(served: Any) -> datetime.date:
    username, _password = served.users["investigator"]
    page = person_page(served.case, Viewer(None, username, "investigator"), served.person_id)
    days = [
        datetime.date.fromisoformat(str(c.date_start)[:10])
        for g in page.groups
        for c in g.claims
        if c.date_start
    ]
    assert days, "the fixture person has a dated claim"
    return days[0]


def test_the_persian_interface_is_right_to_left_with_solar_hijri_dates(page: Any, served: Any) -> None:
    login(page, served, "investigator")
    path = f"/persons/{served.person_id}"
    page.goto(path)
    assert page.locator("html").get_attribute("dir") == "ltr"

    page.locator("#languages a[lang=fa]").click()
    page.wait_for_url(re.compile(rf"{path}\?lang=fa$"))  # the same page, in Persian
    html = page.locator("html")
    assert html.get_attribute("lang") == "fa" and html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    main = page.locator("main").inner_text()
    assert _solar_hijri(_a_dated_claim(served)) in main, "dates in the Solar Hijri calendar, Persian digits"
    assert f"فرد #{served.person_id}".translate(_DIGITS) in main
    assert page.locator("h2", has_text="ادعاها").count() == 1
    assert page.evaluate(_VAZIRMATN_LOADED), "the shipped Vazirmatn font is loaded"
    screenshot(page, "persian-person")

    page.goto("/sources")  # the cookie keeps the choice
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#languages a[lang=en]").click()
    page.wait_for_url(re.compile(r"/sources\?lang=en$"))
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Sources"


def test_an_estimate_is_started_and_finished_from_the_page(page: Any, served: Any) -> None:
    login(page, served, "analyst")
    page.goto("/estimates")
    page.locator("#new-estimate").click()
    page.wait_for_url(re.compile(r"/estimates/new$"))
    boxes = page.locator("#lists input[type=checkbox]")
    assert boxes.count() >= 2  # the fixture's two lists (and one test_browser.py uploads)
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("#method", "loglinear")
    page.locator("#estimate-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/estimates/jobs/\d+$"))
    page.locator("#job-done").wait_for(timeout=60_000)  # polled, then reloaded with the report

    assert page.locator("#job-results tbody tr").count() >= 1
    assert page.locator("#command").inner_text().startswith("testament estimate CASE --method loglinear")
    plot = page.locator("figure.plot img").first
    plot.wait_for()
    assert plot.evaluate("img => img.complete && img.naturalWidth > 0"), "the plot is drawn"
    screenshot(page, "estimate-job")

    job = page.url
    page.locator("#languages a[lang=fa]").click()  # the report in Persian: the same job
    page.wait_for_url(f"{job}?lang=fa")
    assert page.locator("h2", has_text="نتایج").count() == 1
    assert page.locator("#command").evaluate("el => getComputedStyle(el).direction") == "ltr", (
        "a command reads LTR"
    )
    page.goto("/estimates")
    assert page.locator("#estimates tbody tr").count() >= 1, "the run is kept"
