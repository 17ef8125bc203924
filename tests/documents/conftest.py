"""The documents' PDF inspector (poppler-utils); staff and clock come from tests/conftest.py.

Rendered PDFs and their first page as PNG are kept in ``test-artifacts/documents/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests import artifacts

ARTIFACTS = artifacts.ARTIFACTS / "documents"
POPPLER = ("pdffonts", "pdftotext", "pdftoppm", "pdfimages", "pdfinfo")


@dataclass
class Inspected:
    pdf: Path
    png: Path
    text: str  # pdftotext output with all whitespace removed (CJK lines wrap anywhere)
    fonts: list[dict]
    pages: int

    def has(self, *needles: str) -> None:
        for needle in needles:
            assert re.sub(r"\s+", "", needle) in self.text, f"{needle!r} not in {self.pdf.name}"


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def inspect_pdf(pdf: bytes, name: str) -> Inspected:
    """Write the PDF, check its fonts are all embedded and page 1 is not blank, return its text."""
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    assert not missing, f"poppler-utils is needed (apt-get install poppler-utils): {missing}"
    from PIL import Image

    assert pdf.startswith(b"%PDF"), "not a PDF"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    fonts = _fonts(_run("pdffonts", str(path)))
    assert fonts, "no fonts in the PDF"
    for font in fonts:
        assert font["emb"] == "yes", f"font {font['name']} not embedded"
        assert "Noto" in font["name"] and "CJK" in font["name"], f"unexpected font {font['name']}"
    text = re.sub(r"\s+", "", _run("pdftotext", "-enc", "UTF-8", str(path), "-"))
    pages = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(path)), re.M).group(1))
    collisions = overlapping_words(_run("pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"))
    assert not collisions, f"text printed over other text in {path.name}: {collisions}"
    png = ARTIFACTS / f"{name}.png"
    _run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path), str(png.with_suffix("")))
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:200])
        assert dark > grey.width * grey.height // 200, f"{png.name} looks blank"
    return Inspected(path, png, text, fonts, pages)


def _fonts(listing: str) -> list[dict]:
    """Rows of ``pdffonts``: name, type (may contain spaces), encoding, emb, sub, uni, object ID."""
    row = re.compile(
        r"^(?P<name>\S+)\s+(?P<type>.+?)\s+(?P<encoding>\S+)\s+(?P<emb>yes|no)\s+(?P<sub>yes|no)"
        r"\s+(?P<uni>yes|no)\s+\d+\s+\d+\s*$"
    )
    rows = []
    for line in listing.splitlines()[2:]:
        match = row.match(line)
        assert match, f"unexpected pdffonts line: {line!r}"
        rows.append(match.groupdict())
    return rows


_WORD = re.compile(r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def overlapping_words(bbox_html: str) -> list[tuple[str, str]]:
    """Pairs of words on the same page whose boxes cover each other by more than a quarter
    of the smaller one: a long value run into the next field. Consecutive lines of one
    paragraph touch by a point or so (glyph boxes are taller than the line), which is fine."""
    pages: list[list[tuple[float, float, float, float, str]]] = []
    for match in _WORD.finditer(bbox_html):
        if match.group(0) == "<page ":
            pages.append([])
        else:
            pages[-1].append((*map(float, match.groups()[:4]), match.group(5)))
    found = []
    for words in pages:
        for i, (ax0, ay0, ax1, ay1, a) in enumerate(words):
            for bx0, by0, bx1, by1, b in words[i + 1 :]:
                width, height = min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0)
                smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
                if width > 0 and height > 0 and width * height > smaller / 4:
                    found.append((a, b))
    return found


def pdf_images(path: Path) -> int:
    return max(0, len(_run("pdfimages", "-list", str(path)).splitlines()) - 2)


def qr_codes(path: Path) -> list[str]:
    """The text of every QR code on page 1, read from a 600 dpi rendering as a phone's camera would."""
    import zxingcpp
    from PIL import Image

    png = path.with_name(path.stem + "-600dpi.png")
    _run("pdftoppm", "-png", "-r", "600", "-f", "1", "-l", "1", "-singlefile", str(path), str(png.with_suffix("")))
    with Image.open(png) as image:
        return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]
