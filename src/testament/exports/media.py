"""Copies of photos without their metadata: no EXIF (GPS place, camera owner, author, time), no XMP or IPTC,
no comments, no embedded thumbnail. Only the pixels are kept, re-encoded: a photo leaving the case must not
say where it was taken or by whom (a witness's home, a relative's phone)."""

from __future__ import annotations

import io

__all__ = ["IMAGE_TYPES", "strip_image"]

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/tiff": "TIFF"}


def strip_image(data: bytes, media_type: str) -> bytes | None:
    """The image's pixels re-encoded with no metadata at all, or None when it cannot be read as one."""
    from PIL import Image, UnidentifiedImageError  # Pillow: a dependency of ingest already

    fmt = IMAGE_TYPES.get(media_type.split(";")[0].strip().lower())
    if fmt is None:
        return None
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            mode = im.mode if im.mode in ("RGB", "RGBA", "L", "LA") else "RGBA" if "A" in im.mode else "RGB"
            src = im.convert(mode)
            # A new image from the raw pixels carries no `info` (comments, ICC, XMP, EXIF) to write back.
            clean = Image.frombytes(mode, src.size, src.tobytes())
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if fmt == "JPEG" and mode in ("RGBA", "LA"):
        clean = clean.convert("RGB" if mode == "RGBA" else "L")
    out = io.BytesIO()
    clean.save(out, format=fmt, **({"quality": 95} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()
