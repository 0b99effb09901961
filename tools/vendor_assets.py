"""Fetches the console's third-party browser assets from the npm registry at the versions pinned in
tools/vendor.json, checks each tarball against its pinned integrity (SHA-512, as npm records it), and writes the
listed files under sharing/static/console/vendor/<name>@<version>/. Run by `make vendor`; uses npm (``npm pack``),
the registry's ordinary client. ``--check`` verifies the committed files against freshly fetched ones instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tools" / "vendor.json"
VENDOR = ROOT / "sharing" / "static" / "console" / "vendor"


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(name: str, version: str, into: Path) -> Path:
    out = subprocess.run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(into), "--json",
                          "--ignore-scripts"], check=True, capture_output=True, text=True, cwd=into)
    return into / json.loads(out.stdout)[0]["filename"]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    manifest = json.loads(MANIFEST.read_text())
    problems = []
    for package in manifest["packages"]:
        name, version = package["name"], package["version"]
        with tempfile.TemporaryDirectory() as tmp:
            tarball = fetch(name, version, Path(tmp))
            data = tarball.read_bytes()
            if integrity_of(data) != package["integrity"]:
                problems.append(f"{name}@{version}: the tarball's integrity differs from tools/vendor.json")
                continue
            target = VENDOR / f"{name}@{version}"
            target.mkdir(parents=True, exist_ok=True)
            with tarfile.open(tarball) as archive:
                for inside, local in package["files"].items():
                    content = archive.extractfile(inside).read()
                    path = target / local
                    if check:
                        if not path.exists() or path.read_bytes() != content:
                            problems.append(f"{path.relative_to(ROOT)} differs from {name}@{version}'s {inside}")
                    else:
                        path.write_bytes(content)
                        print(f"{path.relative_to(ROOT)} <- {name}@{version} {inside}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
