"""The tools the sector report's tests read its rendered forms with: poppler-utils (pdftoppm, pdftotext) and the Nu
Html Checker (vnu.jar run by Java). ``make report-tools`` installs them (``.ci/run`` calls it before the suites).

A missing tool skips the test with the reason, except under CI=true, where it fails it (as the browser tests do for a
missing Chromium): CI must not pass by checking nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".venv" / "share" / "vnu" / "vnu.jar"))


def require(*tools: str) -> None:
    """Skips (fails under CI=true) unless every named tool is there: a program on the PATH, or ``vnu``."""
    missing = []
    for tool in tools:
        if tool == "vnu":
            if shutil.which("java") is None:
                missing.append("java")
            if not VNU_JAR.is_file():
                missing.append(str(VNU_JAR))
        elif shutil.which(tool) is None:
            missing.append(tool)
    if missing:
        reason = f"missing {', '.join(missing)}: run `make report-tools`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: {reason}; the report's rendering tests are required there, not skipped.",
                        pytrace=False)
        pytest.skip(reason)


def vnu_messages(*documents: str) -> list[dict]:
    """The Nu Html Checker's messages (errors, warnings and info) for HTML documents, checked in one run (one Java
    start); each message's ``url`` ends with ``/page-<n>.html``, n counting the documents from 0."""
    require("vnu")
    with tempfile.TemporaryDirectory() as folder:
        pages = []
        for number, html in enumerate(documents):
            page = Path(folder) / f"page-{number}.html"
            page.write_text(html, encoding="utf-8")
            pages.append(str(page))
        done = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *pages],
                              capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stderr)["messages"]


def pdf_pages_as_png(pdf: bytes, folder: Path, *, dpi: int = 50) -> list[Path]:
    """pdftoppm's PNG pages of a PDF, in page order."""
    require("pdftoppm")
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / "page")], check=True, timeout=120)
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))


def pdf_page_text(pdf: bytes, page: int) -> str:
    """pdftotext's text of one page (1-based), in reading order."""
    require("pdftotext")
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def pixels_of(png: Path, colour: str, *, tolerance: int = 40) -> int:
    """How many pixels of a rendered page are near ``colour`` (#rrggbb): a chart's bars, not text or white."""
    from PIL import Image

    want = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        return sum(count for count, pixel in rgb.getcolors(maxcolors=1 << 24)
                   if all(abs(a - b) <= tolerance for a, b in zip(pixel, want, strict=True)))
