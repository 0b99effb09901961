"""The console's third-party browser assets are vendored as tools/vendor.json pins them (make vendor), each with its
licence, and the pages load them from this site."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "sharing" / "static" / "console" / "vendor"


def test_every_pinned_package_is_vendored_with_its_licence():
    manifest = json.loads((ROOT / "tools" / "vendor.json").read_text())
    for package in manifest["packages"]:
        folder = VENDOR / f"{package['name']}@{package['version']}"
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", package["integrity"]), package["name"]
        for local in package["files"].values():
            assert (folder / local).is_file() and (folder / local).stat().st_size > 0, (package["name"], local)
        assert any(name.upper().startswith("LICENSE") for name in package["files"].values()), package["name"]
    vendored = {p.name for p in VENDOR.iterdir() if p.is_dir()}
    assert vendored == {f"{p['name']}@{p['version']}" for p in manifest["packages"]}, "unpinned files in vendor/"


def test_the_base_template_loads_the_pinned_htmx():
    manifest = json.loads((ROOT / "tools" / "vendor.json").read_text())
    htmx = next(p for p in manifest["packages"] if p["name"] == "htmx.org")
    base = (ROOT / "sharing" / "templates" / "console" / "base.html").read_text()
    assert f"console/vendor/htmx.org@{htmx['version']}/htmx.min.js" in base
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', base))  # nothing from another host
