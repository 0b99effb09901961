"""The locks match the requirement files: a package added to requirements*.txt without `make lock` fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[canonical(match[1])] = match[2]
    return found


def hashed(path: Path) -> bool:
    """Every pinned entry of a lock is followed by at least one --hash."""
    text = path.read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9])", text)
    return all("--hash=sha256:" in entry for entry in entries if PIN.match(entry))


def test_runtime_lock_pins_every_runtime_requirement_at_its_version():
    lock = pins(ROOT / "requirements.lock")
    wanted = pins(ROOT / "requirements.txt")
    assert {name: lock.get(name) for name in wanted} == wanted, "run `make lock`"
    assert hashed(ROOT / "requirements.lock")


def test_dev_lock_pins_every_dev_requirement_and_the_runtime_lock_unchanged():
    dev_lock = pins(ROOT / "requirements-dev.lock")
    wanted = pins(ROOT / "requirements-dev.txt")
    assert {name: dev_lock.get(name) for name in wanted} == wanted, "run `make lock`"
    runtime_lock = pins(ROOT / "requirements.lock")
    assert {name: dev_lock.get(name) for name in runtime_lock} == runtime_lock, "run `make lock`"
    assert hashed(ROOT / "requirements-dev.lock")


def test_dev_requirements_include_the_runtime_ones_and_serving_installs_no_dev_tool():
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text().splitlines()
    dev_only = set(pins(ROOT / "requirements-dev.txt"))
    assert not dev_only & set(pins(ROOT / "requirements.txt")), "a package belongs in one file"
    assert not {"locust", "schemathesis", "pytest", "hypothesis", "ruff"} & set(pins(ROOT / "requirements.lock"))
