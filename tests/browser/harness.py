"""Helpers for the browser tests: the axe-core check and screenshots (fixtures are in conftest.py)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE = Path(__file__).resolve().parent / "vendor" / f"axe-core@{AXE_VERSION}" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "artifacts" / "screenshots"))
BLOCKING_IMPACTS = ("serious", "critical")


def _axe_source() -> str:
    data = AXE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, f"{AXE} is not axe-core {AXE_VERSION} as pinned (make vendor-axe)"
    return data.decode()


_ICON = """() => {
    const link = document.querySelector('link[rel~="icon"]');
    return link ? link.href : new URL('/favicon.ico', location.href).href;
}"""


def check_favicon(page) -> None:
    """The page's icon (its <link rel="icon">, else /favicon.ico) answers with an image. Headless Chromium does not
    ask for it, a person's browser does, and logs a console error when it is missing."""
    href = page.evaluate(_ICON)
    response = page.request.get(href)
    kind = response.headers.get("content-type", "")
    assert response.status == 200 and kind.startswith("image/"), (
        f"{page.url}: its favicon {href} answers {response.status} {kind}")


def axe(page, *, context: str | None = None, disable: tuple[str, ...] = ()) -> list[dict]:
    """Runs axe-core on the page (or the ``context`` selector) and fails on serious or critical violations; returns
    every violation for a test that wants to look further. Injected through the DevTools protocol, so the page's
    Content Security Policy stays as strict as it is for a person."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in disable}}
    result = page.evaluate(
        "async ([context, options]) => await window.axe.run(context || document, options)", [context, options]
    )
    check_favicon(page)
    violations = result["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} element(s), e.g. "
        f"{v['nodes'][0]['target'] if v['nodes'] else ''}) {v['helpUrl']}"
        for v in blocking
    )
    return violations


def shot(page, name: str, *, full_page: bool = True) -> Path:
    """A full-page screenshot at artifacts/screenshots/<name>.png (the README names the folder)."""
    check_favicon(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=full_page, timeout=60_000)
    return path
