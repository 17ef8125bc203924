"""The demo residents' photo: one drawn portrait shared by all (uploads: MEDIA_ROOT/demo/).

Approval needs the applicant's photo and the card prints it (Art 11, 12; R-10), so every
demo resident whose application was accepted has one, as if the clerk had taken it at the
window: the replay uploads it through ``set_person_photo``, which stores each person's copy. A drawing, not a face: the
residents are synthetic.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

NAME = "demo/photo.jpg"
SIZE = (358, 441)  # a card photo's proportions (26 × 32 mm), above set_person_photo's minimum


@dataclass(frozen=True)
class DemoPhoto:
    name: str  # as stored in Person.photo and Permit.holder_photo by the benchmarks' bulk path
    data: bytes  # what the clerk uploads for each demo resident (set_person_photo)


def demo_photo() -> DemoPhoto:
    """Draw the portrait once into MEDIA_ROOT (a JPEG, as set_person_photo stores them)."""
    from PIL import Image, ImageDraw

    path = Path(settings.MEDIA_ROOT) / NAME
    if not path.exists():
        image = Image.new("RGB", SIZE, (232, 240, 250))
        draw = ImageDraw.Draw(image)
        width, height = SIZE
        draw.ellipse((width * 0.30, height * 0.16, width * 0.70, height * 0.56), fill=(150, 160, 172))
        draw.ellipse((width * 0.10, height * 0.60, width * 0.90, height * 1.25), fill=(120, 132, 148))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.getvalue())
    return DemoPhoto(NAME, path.read_bytes())
