"""The console's third-party browser assets, vendored: fetched from the npm registry at pinned versions, checked, and
written under sharing/static/console/vendor/<package>@<version>/ with their licences.

The committed files are what the service serves (governments run it on closed networks: nothing is loaded from the
internet at run time). ``make vendor`` refreshes them: ``npm pack`` fetches each pinned tarball, its Subresource
Integrity hash (sha512, as the registry publishes it) must equal the pin below, and each file taken from it must
have the SHA-256 recorded here. ``--check`` verifies the committed files against the same record without a network
(the test suite runs it).

To move to a new version: change ``version`` and ``integrity`` (``npm view <package>@<version> dist.integrity``),
run ``make vendor`` once with ``--record`` to write the new files' hashes here, review the diff, commit.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "sharing" / "static" / "console" / "vendor"


@dataclass(frozen=True)
class Pin:
    package: str
    version: str
    integrity: str  # the tarball's SRI hash, as the npm registry publishes it
    files: dict[str, str]  # path inside the package -> SHA-256 of its content

    @property
    def folder(self) -> Path:
        return VENDOR / f"{self.package}@{self.version}"


PINS = [
    # d3-geo's browser bundle needs d3-array's (its only dependency; d3-array bundles internmap).
    Pin("d3-array", "3.2.5",
        "sha512-Th8qGXoBalmWsstpkuhmBuTsBQIFqYOJtjlBvNVvBfJ8E3uYusBUwUR8HU20U0qKKQkgCvKyR1YjiozWadk5QA==",
        {"LICENSE": "2a6d2d5f32ba0b755ddbc1c833f766e30cdbe6ebe9a6d4e3e24427721f0b63d3",
         "dist/d3-array.min.js": "468f7b9ed38d6322083da4d5ae9fa57d47784f964f16dcff96e413d16cc8f9d9"}),
    Pin("d3-geo", "3.1.2",
        "sha512-5R8ZgDQorIxmauv7R6gpE/ndz+Z0qAZssigq0aXFdvPHdY41RqtW02jrRUQAL724NdPABYXo1+gQEGBBr7uKNg==",
        {"LICENSE": "3ded44a2c7935c8f5236f0543069406fdf7256b61b9eaeaddd007e80f19bc959",
         "dist/d3-geo.min.js": "1ea4c9608d0998f6468df3ab313c473bebbe81ba2c542a456b49db90e3672f89"}),
    Pin("topojson-client", "3.1.0",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        {"LICENSE": "4c4d15b635e04e691825a76db7d33f7f2033b55669a7430011694f31e6c65999",
         "dist/topojson-client.min.js": "25cd02ae486cc5063e0215a4e4cfb15de83700c87ac48bac4d57dc6aaf3ebb89"}),
    # Natural Earth's Admin 0 country boundaries (public domain), 1:110m, as TopoJSON; the README names the source.
    Pin("world-atlas", "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        {"LICENSE": "8048290dfdb6e83fbed17e8985c8cfc4ce9da9b842642f3d3e497280790cfa31",
         "README.md": "6fb00482638ef8f6618099e71e3422713c2dd60c7deedcd96d4b95f61d124b9b",
         "countries-110m.json": "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"}),
]


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(pin: Pin, workdir: Path) -> bytes:
    """The pinned tarball, by the npm client, refused unless its integrity is the pinned one."""
    result = subprocess.run(
        ["npm", "pack", f"{pin.package}@{pin.version}", "--json", "--pack-destination", str(workdir)],
        check=True, capture_output=True, text=True,
    )
    filename = json.loads(result.stdout)[0]["filename"]
    data = (workdir / filename).read_bytes()
    if sri_sha512(data) != pin.integrity:
        raise SystemExit(f"{pin.package}@{pin.version}: integrity {sri_sha512(data)} is not the pinned "
                         f"{pin.integrity}; nothing written.")
    return data


def extract(pin: Pin, tarball: Path, record: bool) -> dict[str, bytes]:
    contents = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for name in pin.files:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{pin.package}@{pin.version}: no {name} in the package.")
            data = member.read()
            if not record and sha256(data) != pin.files[name]:
                raise SystemExit(f"{pin.package}@{pin.version}: {name} has SHA-256 {sha256(data)}, not the "
                                 f"recorded {pin.files[name]}; nothing written.")
            contents[name] = data
    return contents


def vendor(record: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        fetched: list[tuple[Pin, dict[str, bytes]]] = []
        for pin in PINS:  # every package checked before anything is written
            data = fetch(pin, workdir)
            tarball = workdir / f"{pin.package}.tgz"
            tarball.write_bytes(data)
            fetched.append((pin, extract(pin, tarball, record)))
    for pin, contents in fetched:
        shutil.rmtree(pin.folder, ignore_errors=True)
        for name, data in contents.items():
            target = pin.folder / Path(name).name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if record:
            print(f"{pin.package}@{pin.version}:", json.dumps({n: sha256(d) for n, d in contents.items()}))
    stale = {p.name for p in VENDOR.iterdir() if p.is_dir()} - {pin.folder.name for pin in PINS}
    for name in sorted(stale):
        shutil.rmtree(VENDOR / name)


def problems() -> list[str]:
    """What differs between the committed files and the pins (empty when they agree)."""
    found = []
    expected = {pin.folder.name for pin in PINS}
    present = {p.name for p in VENDOR.iterdir() if p.is_dir()} if VENDOR.exists() else set()
    found += [f"unpinned folder {name}" for name in sorted(present - expected)]
    for pin in PINS:
        names = {Path(name).name: digest for name, digest in pin.files.items()}
        on_disk = {p.name for p in pin.folder.iterdir()} if pin.folder.exists() else set()
        found += [f"{pin.folder.name}: unexpected {name}" for name in sorted(on_disk - set(names))]
        for name, digest in names.items():
            path = pin.folder / name
            if not path.exists():
                found.append(f"{pin.folder.name}: missing {name}")
            elif sha256(path.read_bytes()) != digest:
                found.append(f"{pin.folder.name}: {name} differs from the pinned package")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the committed files, offline")
    parser.add_argument("--record", action="store_true", help="print the new files' hashes (after a version bump)")
    args = parser.parse_args()
    if args.check:
        found = problems()
        print("\n".join(found) or "vendored assets match their pins")
        sys.exit(1 if found else 0)
    vendor(record=args.record)


if __name__ == "__main__":
    main()
