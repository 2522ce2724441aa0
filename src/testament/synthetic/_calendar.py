"""Vectorised calendar arithmetic for synthetic dates: days since 1970-01-01 → Gregorian and Solar Hijri
parts, and the date strings lists write. Solar Hijri year starts come from jdatetime (one call a year)."""

from __future__ import annotations

import datetime
from functools import cache

import jdatetime
import numpy as np

from testament.synthetic._data import load

__all__ = ["EPOCH", "day_of", "format_dates", "gregorian_parts", "iso", "solar_parts", "to_persian_digits"]

EPOCH = datetime.date(1970, 1, 1)
_FIRST_SH_YEAR, _LAST_SH_YEAR = 1290, 1400
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def day_of(d: datetime.date) -> int:
    return (d - EPOCH).days


def iso(day: int) -> str:
    return (EPOCH + datetime.timedelta(days=int(day))).isoformat()


def to_persian_digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


@cache
def _nowruz() -> np.ndarray:
    """Day number of 1 Farvardin for each Solar Hijri year from _FIRST_SH_YEAR."""
    return np.array(
        [day_of(jdatetime.date(y, 1, 1).togregorian()) for y in range(_FIRST_SH_YEAR, _LAST_SH_YEAR + 1)],
        dtype=np.int64,
    )


def solar_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solar Hijri (year, month, day) of each day: months 1-6 have 31 days, 7-11 have 30."""
    starts = _nowruz()
    index = np.searchsorted(starts, days, side="right") - 1
    doy = days - starts[index]
    year = index + _FIRST_SH_YEAR
    first_half = doy < 186
    month = np.where(first_half, doy // 31 + 1, (doy - 186) // 30 + 7)
    day = np.where(first_half, doy % 31 + 1, (doy - 186) % 30 + 1)
    return year, month, day


def gregorian_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    return (
        y.astype(np.int64) + 1970,
        (m - y.astype("datetime64[M]")).astype(np.int64) + 1,
        (d - m.astype("datetime64[D]")).astype(np.int64) + 1,
    )


_SEASONS_EN = ((3, 5, "spring"), (6, 8, "summer"), (9, 11, "autumn"))
_SEASONS_FA = ((1, 3, "بهار"), (4, 6, "تابستان"), (7, 9, "پاییز"), (10, 12, "زمستان"))


def format_dates(days: np.ndarray, precision: np.ndarray, style: str, persian_digits: bool) -> list[str]:
    """Date strings in a list's `style` at each row's precision (0 day, 1 month, 2 season, 3 year).
    Seasons exist only where the style has a word for them; elsewhere they are written as months."""
    months = load("phrases")["months"]
    n = len(days)
    out: list[str] = [""] * n
    if style in ("iso", "long"):
        y, m, d = gregorian_parts(days)
    else:
        y, m, d = solar_parts(days)
    ys, ms, ds, ps = y.tolist(), m.tolist(), d.tolist(), precision.tolist()
    for i in range(n):
        yy, mm, dd, p = ys[i], ms[i], ds[i], ps[i]
        if style == "long" and p == 2 and 3 <= mm <= 11:
            out[i] = f"{next(s for a, b, s in _SEASONS_EN if a <= mm <= b)} {yy}"
            continue
        if style == "sh_words" and p == 2:
            out[i] = f"{next(s for a, b, s in _SEASONS_FA if a <= mm <= b)} {yy}"
            continue
        if p == 2:
            p = 1
        if p == 3:
            out[i] = str(yy)
        elif style in ("sh", "sh_fa"):
            out[i] = f"{yy}/{mm:02d}/{dd:02d}" if p == 0 else f"{yy}/{mm:02d}"
        elif style == "sh_words":
            name = months["sh_fa"][mm - 1]
            out[i] = f"{dd} {name} {yy}" if p == 0 else f"{name} {yy}"
        elif style == "sh_latin":
            name = months["sh_latin"][mm - 1]
            out[i] = f"{dd} {name} {yy}" if p == 0 else f"{name} {yy}"
        elif style == "iso":
            out[i] = f"{yy}-{mm:02d}-{dd:02d}" if p == 0 else f"{yy}-{mm:02d}"
        else:  # long
            name = months["gregorian"][mm - 1]
            out[i] = f"{name} {dd}, {yy}" if p == 0 else f"{name} {yy}"
    if persian_digits or style == "sh_fa":
        out = [to_persian_digits(s) for s in out]
    return out
