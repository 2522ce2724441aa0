"""Images: page images for OCR (each frame of an image file; each page of a PDF, rendered) and what a photo
says of itself (EXIF date and GPS place). The one module that imports Pillow and pypdfium2.

Everything is decoded in memory; page images are handed on as PNG bytes. Every failure is an `IngestError`
naming the file: the caller keeps the file preserved and says it was not read."""

from __future__ import annotations

import datetime as dt
import io
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from testament.errors import IngestError

__all__ = ["PDF_DPI", "ExifDate", "ExifPlace", "PhotoMetadata", "image_pages", "pdf_pages", "photo_metadata"]

PDF_DPI = 300  # Tesseract reads best at 300 dpi
_MAX_PIXELS = 40_000_000  # a page image larger than this (about A3 at 400 dpi) is scaled down before OCR
_LINE_PIXELS, _SMALLEST_LINE, _TALLEST_LINE = 26, 12, 34  # text line heights: aimed at, and kept
_MAX_FRAMES = 1000  # frames of one image file read (a multi-page TIFF scan)
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATE_TAGS = ((0x9003, 0x9011, "DateTimeOriginal"), (0x9004, 0x9012, "DateTimeDigitized"))


@dataclass(frozen=True)
class ExifDate:
    tag: str  # DateTimeOriginal, or DateTimeDigitized when the original is missing
    original: str  # as the file says it: "2021:03:04 10:11:12"
    moment: dt.datetime  # local time of the camera's clock, with its UTC offset when the file gives one


@dataclass(frozen=True)
class ExifPlace:
    latitude: float
    longitude: float
    original: str  # the GPS tags as the file gives them, degrees minutes seconds and hemisphere

    @property
    def value(self) -> str:
        """Decimal degrees, "lat,lon", to 6 places (about 10 cm)."""
        return f"{self.latitude:.6f},{self.longitude:.6f}"


@dataclass(frozen=True)
class PhotoMetadata:
    taken: ExifDate | None = None
    place: ExifPlace | None = None


def _open(data: bytes, name: str) -> Any:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError:
        raise IngestError(
            f"{name}: the image declares more pixels than Pillow will decode safely",
            hint="the file may be crafted; it is preserved, not read",
        ) from None
    except Exception:  # UnidentifiedImageError, OSError on truncated data, and what a damaged file causes
        raise IngestError(
            f"{name}: the image is damaged or in a format Pillow does not read",
            hint="it is preserved as sent; convert it to PNG or TIFF and ingest that too to read it",
        ) from None
    return image


def image_pages(data: bytes, name: str) -> list[bytes]:
    """Each frame of the image (a multi-page TIFF has several), upright as its EXIF orientation says, in
    grey, as PNG bytes."""
    from PIL import ImageOps, ImageSequence

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DecompressionBombWarning, corrupt EXIF: reported as the file's
        image = _open(data, name)
        pages: list[bytes] = []
        try:
            for frame in ImageSequence.Iterator(image):
                if len(pages) == _MAX_FRAMES:
                    break
                upright = ImageOps.exif_transpose(frame.copy())
                pages.append(_png(upright.convert("L")))
        except Exception:  # a damaged later frame: OSError, EOFError, TypeError ("Missing dimensions") ...
            if not pages:
                raise IngestError(f"{name}: the image is damaged", hint="it is preserved, not read") from None
    return pages


def _png(image: Any) -> bytes:
    """The page in grey as PNG, scaled so its lines of text are as tall as Tesseract reads best."""
    from PIL import Image

    scale = _text_scale(image)
    pixels = image.width * image.height * scale * scale
    if pixels > _MAX_PIXELS:
        scale *= math.sqrt(_MAX_PIXELS / pixels)
    if scale != 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, resample=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _text_scale(image: Any) -> float:
    """How much to scale a page so the median line of text is `_LINE_PIXELS` tall, when it is far off.

    Tesseract's Persian model drops whole lines whose text is much taller than about 30 pixels (measured:
    12 pt text scanned at 300 dpi, 50 px, loses lines; the same page at half size reads with no error),
    and every model reads text under about 12 pixels poorly. Lines are the bands of rows holding ink,
    inside a margin that keeps a scanner's dark edges out."""
    import numpy as np

    ink = np.asarray(image) < 128
    height, width = ink.shape
    ink = ink[height // 30 : height - height // 30, width // 30 : width - width // 30]
    rows = ink.any(axis=1)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0]))))
    bands = edges[1::2] - edges[0::2]
    bands = bands[(bands >= 4) & (bands < max(height // 3, 8))]  # specks and pictures are not lines
    if not len(bands):
        return 1.0
    line = float(np.median(bands))
    if _SMALLEST_LINE <= line <= _TALLEST_LINE:
        return 1.0
    return min(max(_LINE_PIXELS / line, 0.25), 2.0)


def pdf_pages(data: bytes, name: str) -> tuple[int, Iterator[bytes]]:
    """How many pages a PDF has, and each page rendered at `PDF_DPI` (less for a page too large), in grey,
    as PNG bytes: one at a time, so a long scan never holds more than one page image."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # PdfiumError: damaged, or a password
        raise IngestError(f"{name}: the PDF cannot be rendered", hint="it is preserved, not read") from None
    return len(document), _rendered(document)


def _rendered(document: Any) -> Iterator[bytes]:
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()  # points
                scale = PDF_DPI / 72
                if width * height * scale * scale > _MAX_PIXELS:
                    scale = math.sqrt(_MAX_PIXELS / (width * height))
                bitmap = page.render(scale=scale, grayscale=True)
                yield _png(bitmap.to_pil())
            finally:
                page.close()
    finally:
        document.close()


def photo_metadata(data: bytes) -> PhotoMetadata:
    """When and where the camera says the photo was taken; empty for an image without such EXIF."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exif = Image.open(io.BytesIO(data)).getexif()
            sub = exif.get_ifd(_EXIF_IFD)
            gps = exif.get_ifd(_GPS_IFD)
        except Exception:  # no EXIF reader for the format, or a damaged block: nothing is claimed
            return PhotoMetadata()
    return PhotoMetadata(_taken(sub), _place(gps))


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).strip("\x00 ")


def _taken(sub: Any) -> ExifDate | None:
    for tag, offset_tag, label in _DATE_TAGS:
        original = _text(sub.get(tag, ""))
        try:
            moment = dt.datetime.strptime(original, "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue  # missing, blank ("    :  :  "), or zeros: no date claimed
        offset = _text(sub.get(offset_tag, ""))
        try:
            moment = moment.replace(tzinfo=dt.datetime.strptime(offset, "%z").tzinfo)
            original += f" {offset}"
        except ValueError:
            pass  # the camera's local time, zone unknown
        return ExifDate(label, original, moment)
    return None


def _degrees(value: Any) -> tuple[float, str] | None:
    try:
        d, m, s = (float(v) for v in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(v) for v in (d, m, s)):
        return None
    return d + m / 60 + s / 3600, f"{d:g}° {m:g}' {s:g}\""


def _place(gps: Any) -> ExifPlace | None:
    lat, lon = _degrees(gps.get(2)), _degrees(gps.get(4))
    lat_ref, lon_ref = _text(gps.get(1, "")).upper(), _text(gps.get(3, "")).upper()
    if lat is None or lon is None or lat_ref not in ("N", "S") or lon_ref not in ("E", "W"):
        return None
    latitude = -lat[0] if lat_ref == "S" else lat[0]
    longitude = -lon[0] if lon_ref == "W" else lon[0]
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return ExifPlace(latitude, longitude, f"{lat[1]} {lat_ref}, {lon[1]} {lon_ref}")
