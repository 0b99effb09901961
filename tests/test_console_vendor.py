"""The console's vendored browser assets (tools/vendor.json) are exactly the pinned npm packages' files, each with
its licence, checked offline: every file listed is committed with the SHA-256 recorded when `make vendor` fetched it
(npm's integrity checked), and nothing else lies in the vendor folders."""

import hashlib
import json

from django.conf import settings

MANIFEST = settings.BASE_DIR / "tools" / "vendor.json"
VENDOR = settings.BASE_DIR / "sharing" / "static" / "console" / "vendor"


def problems(manifest: dict) -> list[str]:
    found = []
    folders = {f"{p['name']}@{p['version']}": p for p in manifest["packages"]}
    present = {path.name for path in VENDOR.iterdir() if path.is_dir()}
    found += [f"{name}: not in tools/vendor.json" for name in sorted(present - set(folders))]
    for name, package in folders.items():
        folder = VENDOR / name
        listed = set(package["files"].values())
        on_disk = {path.name for path in folder.iterdir()} if folder.is_dir() else set()
        found += [f"{name}/{file}: not listed" for file in sorted(on_disk - listed)]
        for file in sorted(listed):
            path = folder / file
            if not path.is_file():
                found.append(f"{name}/{file}: missing")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != package.get("sha256", {}).get(file):
                found.append(f"{name}/{file}: differs from the pinned package")
    return found


def test_committed_assets_match_their_pins():
    assert problems(json.loads(MANIFEST.read_text())) == []


def test_every_vendored_package_carries_its_licence_and_an_integrity_pin():
    for package in json.loads(MANIFEST.read_text())["packages"]:
        assert "LICENSE" in package["files"].values(), package["name"]
        assert package["integrity"].startswith("sha512-"), package["name"]


def test_a_changed_pin_is_caught():
    manifest = json.loads(MANIFEST.read_text())
    package = manifest["packages"][0]
    file = next(iter(package["sha256"]))
    package["sha256"][file] = "0" * 64
    assert problems(manifest) == [f"{package['name']}@{package['version']}/{file}: differs from the pinned package"]


def test_the_map_boundaries_are_natural_earth_countries():
    atlas = next(VENDOR.glob("world-atlas@*"))
    world = json.loads((atlas / "countries-110m.json").read_text())
    assert world["type"] == "Topology" and len(world["objects"]["countries"]["geometries"]) > 150
    assert "Natural Earth" in (atlas / "README.md").read_text()
