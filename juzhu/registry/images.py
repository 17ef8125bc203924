"""Pictures from outside (the person's photo at the window, a resident's uploaded material):
read safely, then re-encoded, so what is stored is a fresh file without metadata (GPS position)
and without anything a crafted file could carry.

The decompression-bomb check comes first, from the header alone: a few kilobytes of PNG can
decode to gigabytes, so the sides are read before a single pixel is (``image.max_side``).
The limits are dated parameters (``juzhu/rules/parameters/resident.yaml``), read on the day.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from .context import rules_context
from .errors import ActionError

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}


def limit(name: str) -> int:
    """A dated number of the picture checks (``image.max_side``, ``photo.max_bytes`` …)."""
    ctx = rules_context()
    return int(ctx.param(name, ctx.today).value)


def checked_image(data: bytes, *, field: str, label: str) -> Image.Image:
    """The decoded picture (RGB), or an ``ActionError`` on ``field`` naming ``label``.

    JPEG and PNG only, told by the content (Pillow reads the magic bytes, never the name);
    the sides are checked from the header before decoding; a truncated or crafted file is
    "无法识别". The caller checks the byte size first (its own limit).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise ActionError(f"{label}应为 JPEG 或 PNG 格式的图片", field=field)
            side = limit("image.max_side")
            if max(image.size) > side:
                raise ActionError(f"{label}的长和宽都不能超过 {side} 像素，请裁剪或缩小后再上传", field=field)
            image.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
            return image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ActionError(f"无法识别的图片文件（{label}）", field=field) from None
    except Image.DecompressionBombWarning:
        raise ActionError(f"{label}的像素过多，请缩小后再上传", field=field) from None


def reencoded(image: Image.Image, fmt: str = "JPEG") -> bytes:
    """A fresh file of the decoded picture (no metadata survives)."""
    out = io.BytesIO()
    image.save(out, fmt, quality=90) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()
