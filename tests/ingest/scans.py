"""Scans, photos and recordings made in the tests: pages of text rendered with a TTF font that has Persian
glyphs, a photo with EXIF written by Pillow, a WAV by the stdlib, a bare MP4 box by hand. All invented."""

from __future__ import annotations

import io
import struct
import subprocess
import wave
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PERSIAN = (
    "برادرم را در مرداد ۱۳۶۷ در زندان اوین اعدام کردند.\n"
    "خانواده ما هرگز از محل دفن او خبردار نشد.\n"
    "مادرم هر هفته به در زندان می‌رفت و جوابی نمی‌گرفت."
)
ENGLISH = (
    "In August 1988 my brother was executed in Evin prison.\n"
    "Our family was never told where he was buried.\n"
    "My mother went to the prison gate every week for news."
)
_FALLBACK_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian fonts-dejavu-core


def persian_font() -> str:
    """A TTF with Persian glyphs, as fontconfig finds it (scripts/ensure-tesseract installs DejaVu Sans)."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=fa"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        found = ""
    return found if found.lower().endswith((".ttf", ".otf")) else _FALLBACK_FONT


def page_image(text: str, *, rtl: bool) -> Image.Image:
    """A page as a 300 dpi scanner would give it: black text on white, one line per line of `text`."""
    font = ImageFont.truetype(persian_font(), 42)
    image = Image.new("L", (2000, 160 + 100 * text.count("\n") + 100), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(text.splitlines()):
        y = 100 + 100 * i
        if rtl:  # shaped and ordered right to left by Pillow's raqm layout
            width = draw.textlength(line, font=font, direction="rtl", language="fa")
            draw.text((1880 - width, y), line, font=font, fill=0, direction="rtl", language="fa")
        else:
            draw.text((120, y), line, font=font, fill=0)
    return image


def write_png(path: Path, text: str, *, rtl: bool) -> Path:
    page_image(text, rtl=rtl).save(path, dpi=(300, 300))
    return path


def write_scanned_pdf(path: Path, pages: list[tuple[str, bool]]) -> Path:
    """A PDF of page images only, no text layer: what a scanner gives."""
    images = [page_image(text, rtl=rtl) for text, rtl in pages]
    images[0].save(path, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return path


def cer(truth: str, read: str) -> float:
    """Character error rate: edit distance over the truth's length, whitespace runs as one space."""
    a, b = " ".join(truth.split()), " ".join(read.split())
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / max(len(a), 1)


def write_photo(path: Path) -> Path:
    """A JPEG whose EXIF says it was taken 1988-08-06 10:15:30 (+03:30) at 35.79 N, 51.39 E."""
    image = Image.new("RGB", (320, 240), (90, 140, 200))
    ImageDraw.Draw(image).ellipse((100, 60, 220, 180), fill=(240, 200, 60))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif.get_ifd(0x8769).update({0x9003: "1988:08:06 10:15:30", 0x9011: "+03:30"})
    exif.get_ifd(0x8825).update(
        {1: "N", 2: (35.0, 47.0, 24.0), 3: "E", 4: (51.0, 23.0, 24.0)}  # 35°47'24" N, 51°23'24" E
    )
    image.save(path, "JPEG", exif=exif)
    return path


def write_wav(path: Path, seconds: float = 0.5, rate: int = 8000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x01" * int(seconds * rate))
    return path


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def write_mp4(path: Path, seconds: float = 2.5) -> Path:
    """The smallest MP4 that says its length: ftyp, moov with a movie header (mvhd), an empty mdat."""
    timescale = 1000
    mvhd = (
        struct.pack(">B3xIIII", 0, 0, 0, timescale, int(seconds * timescale))
        + struct.pack(">IH10x", 0x00010000, 0x0100)  # rate 1.0, volume 1.0
        + struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)  # identity matrix
        + bytes(24)
        + struct.pack(">I", 2)  # next track id
    )
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
    path.write_bytes(ftyp + _box(b"moov", _box(b"mvhd", mvhd)) + _box(b"mdat", bytes(16)))
    return path


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
