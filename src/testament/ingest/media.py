"""Media formats: what a file is, told from its first bytes (the name's suffix only when the bytes say
nothing), and how long a recording lasts. The one module that imports mutagen.

The content decides, not the name: a photo sent as `statement.pdf` is still a photo, and its artifact's
media type says so."""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from typing import Literal

__all__ = ["Category", "MediaFormat", "identify", "recording_seconds"]

Category = Literal["pdf", "image", "audio", "video", "other"]
_UNKNOWN = "application/octet-stream"
# Python's own suffix table, not the machine's /etc/mime.types: a file gets the same type on any machine.
_SUFFIXES = mimetypes.MimeTypes()

# (offset, signature, media type) for formats whose first bytes are unmistakable.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"fLaC", "audio/flac"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"#!AMR", "audio/amr"),
)
_RIFF = {b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo", b"WEBP": "image/webp"}
# ISO base media files (mp4, m4a, mov, 3gp, heic) name their brand after `ftyp`.
_BRANDS = {
    b"M4A ": "audio/mp4",
    b"M4B ": "audio/mp4",
    b"qt  ": "video/quicktime",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heif",
    b"3gp4": "video/3gpp",
    b"3gp5": "video/3gpp",
    b"3g2a": "video/3gpp2",
}


@dataclass(frozen=True)
class MediaFormat:
    media_type: str  # as stored on the artifact
    category: Category


def identify(data: bytes, name: str) -> MediaFormat:
    """The format of `data`, from its signature; else from the suffix of `name`; else octet-stream."""
    media = _sniff(data, name) or _SUFFIXES.guess_type(name, strict=False)[0] or _UNKNOWN
    return MediaFormat(media, _category(media))


def _sniff(data: bytes, name: str) -> str | None:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    for offset, signature, media in _SIGNATURES:
        if data.startswith(signature, offset):
            return media
    if data[:4] == b"RIFF" and data[8:12] in _RIFF:
        return _RIFF[data[8:12]]
    if data[4:8] == b"ftyp":
        return _BRANDS.get(data[8:12], "video/mp4")
    # Containers whose first bytes fit audio and video alike: the suffix tells which it holds.
    if data[:4] == b"OggS":
        return "video/ogg" if suffix == ".ogv" else "audio/ogg"
    if data[:4] == b"\x1aE\xdf\xa3":
        return "video/webm" if suffix == ".webm" else "video/x-matroska"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and suffix == ".mp3":
        return "audio/mpeg"  # an MPEG audio frame with no ID3 tag in front
    if data[:2] == b"BM" and suffix == ".bmp":
        return "image/bmp"
    return None


def _category(media: str) -> Category:
    if media == "application/pdf":
        return "pdf"
    major = media.split("/", 1)[0]
    if major == "image":
        return "image"
    if major == "audio":
        return "audio"
    if major == "video":
        return "video"
    return "other"


def recording_seconds(data: bytes) -> float | None:
    """How long an audio or video recording lasts, from its container's header (mutagen reads wav, mp3,
    flac, ogg, mp4/m4a/mov and more); None for a container it does not read (mkv, webm, avi)."""
    import mutagen

    try:
        found = mutagen.File(io.BytesIO(data))
    except Exception:  # MutagenError and what a damaged header causes: the file stays preserved all the same
        return None
    length = getattr(getattr(found, "info", None), "length", None)
    return round(float(length), 3) if length else None
