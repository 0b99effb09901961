"""The generated Python client (clients/python/): it matches the schema, and its example sync runs against a server.

The drift test regenerates the client from api_docs/openapi.yaml into a temporary folder, exactly as `make client`
does, and compares it file by file with the committed clients/python/sharing_client. The example test runs
clients/python/examples/nightly_sync.py in its own process against a live server (pytest-django's live_server):
bulk upsert of facilities from a CSV, then the changes feed from a cursor kept in a file.
"""

import csv
import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sharing.models import Facility
from tests.factories import issue_key

ROOT = Path(__file__).resolve().parent.parent
CLIENT_DIR = ROOT / "clients" / "python"
PACKAGE = CLIENT_DIR / "sharing_client"
EXAMPLE = CLIENT_DIR / "examples" / "nightly_sync.py"
BIN = Path(sys.executable).parent


def _generator() -> Path | None:
    found = shutil.which("openapi-python-client", path=str(BIN)) or shutil.which("openapi-python-client")
    return Path(found) if found else None


def _tree(folder: Path) -> set[str]:
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_committed_client_is_what_the_generator_makes_from_the_schema(tmp_path):
    generator = _generator()
    if generator is None:
        if os.environ.get("CI") == "true":
            pytest.fail("openapi-python-client is missing on CI: it is in requirements-dev.lock")
        pytest.skip("openapi-python-client is not installed (make install-dev installs it)")
    output = tmp_path / "sharing_client"
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    completed = subprocess.run(
        [str(generator), "generate", "--path", str(ROOT / "api_docs" / "openapi.yaml"),
         "--config", str(CLIENT_DIR / "generator-config.yaml"), "--meta", "none", "--output-path", str(output)],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    # The one known skip (clients/python/README.md): the Atom feed has no typed response. Anything else is new.
    output_text = completed.stdout + completed.stderr
    warnings = [line.strip() for line in output_text.splitlines() if line.strip().startswith("WARNING")]
    assert warnings == ["WARNING parsing GET /api/v1/waivers/feed/ within waivers."], output_text

    fresh, committed = _tree(output), _tree(PACKAGE)
    assert sorted(fresh - committed) == [], "files the generator makes that are not committed: run `make client`"
    assert sorted(committed - fresh) == [], "committed files the generator no longer makes: run `make client`"
    _, mismatch, errors = filecmp.cmpfiles(output, PACKAGE, sorted(fresh), shallow=False)
    assert (mismatch, errors) == ([], []), "clients/python/sharing_client differs from the schema: run `make client`"


FIELDS = ["external_id", "name", "country", "latitude", "longitude", "kind", "marking"]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def _run_example(live_server, key: str, csv_path: Path, cursor: Path, changes: Path) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "SHARING_API_KEY": key,
        "PYTHONPATH": str(CLIENT_DIR),
        # The server is local: never through a proxy the environment may name.
        "NO_PROXY": "*",
    }
    return subprocess.run(
        [sys.executable, str(EXAMPLE), "--base-url", live_server.url, "--csv", str(csv_path),
         "--cursor-file", str(cursor), "--changes-out", str(changes)],
        env=environment, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_example_nightly_sync_publishes_the_csv_and_follows_the_feed(live_server, partner, tmp_path):
    _, header = issue_key(partner, ("publisher", "reader"), name="nightly sync")
    key = header.removeprefix("Api-Key ")
    rows = [
        {"external_id": "KALG-1", "name": "Kalgoorlie processing", "country": "AU", "latitude": "-30.75",
         "longitude": "121.47", "kind": "processing", "marking": "GREEN"},
        {"external_id": "MTW-1", "name": "Mount Weld mine", "country": "AU", "latitude": "-28.86",
         "longitude": "122.55", "kind": "mine", "marking": "AMBER"},
        # Rejected: no such kind. The script reports the line and carries on with the feed.
        {"external_id": "BAD-1", "name": "Bad row", "country": "AU", "latitude": "0", "longitude": "0",
         "kind": "volcano", "marking": "GREEN"},
    ]
    csv_path, cursor, changes = tmp_path / "facilities.csv", tmp_path / "state" / "changes.cursor", tmp_path / "c.jsonl"
    _write_csv(csv_path, rows)

    first = _run_example(live_server, key, csv_path, cursor, changes)
    assert first.returncode == 1, first.stdout + first.stderr  # 1: some rows rejected
    summary = json.loads(first.stdout.strip().splitlines()[-1])
    assert summary["facilities"] == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert "line 4 (BAD-1)" in first.stderr and "kind" in first.stderr
    stored = {f.external_id: f for f in Facility.objects.filter(owner=partner)}
    assert set(stored) == {"KALG-1", "MTW-1"}
    assert stored["KALG-1"].country == "AU" and str(stored["MTW-1"].marking) == "AMBER"

    # The feed gave the two new records and the cursor was saved.
    entries = [json.loads(line) for line in changes.read_text().splitlines()]
    assert {(e["kind"], e["id"], e["op"]) for e in entries} == {("facility", f.id, "upsert") for f in stored.values()}
    assert summary["changes"]["upserts"] == 2
    first_cursor = cursor.read_text().strip()
    assert first_cursor and first_cursor != "0"

    # Second night: one row changed, the bad one fixed. Only what changed since the saved cursor comes back.
    rows[0]["name"] = "Kalgoorlie rare earths processing"
    rows[2]["kind"] = "other"
    _write_csv(csv_path, rows)
    second = _run_example(live_server, key, csv_path, cursor, changes)
    assert second.returncode == 0, second.stdout + second.stderr
    summary = json.loads(second.stdout.strip().splitlines()[-1])
    assert summary["facilities"] == {"created": 1, "updated": 1, "unchanged": 1, "rejected": 0}
    assert summary["changes"]["upserts"] == 2 and summary["changes"]["deletes"] == 0
    new_entries = [json.loads(line) for line in changes.read_text().splitlines()][len(entries):]
    by_id = {f.external_id: f.id for f in Facility.objects.filter(owner=partner)}
    assert {e["id"] for e in new_entries} == {by_id["KALG-1"], by_id["BAD-1"]}
    assert Facility.objects.get(owner=partner, external_id="KALG-1").name == "Kalgoorlie rare earths processing"
    assert cursor.read_text().strip() not in ("", "0", first_cursor)


@pytest.mark.django_db(transaction=True)
def test_example_reports_a_refused_key_and_keeps_the_cursor(live_server, partner, tmp_path):
    csv_path, cursor, changes = tmp_path / "facilities.csv", tmp_path / "changes.cursor", tmp_path / "c.jsonl"
    _write_csv(csv_path, [])
    cursor.write_text("kept\n")
    refused = _run_example(live_server, "not.a-key", csv_path, cursor, changes)
    # An empty CSV sends nothing; the feed then refuses the key: error, and the saved cursor is untouched.
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "changes feed: HTTP 401" in refused.stderr or "401" in refused.stderr
    assert cursor.read_text() == "kept\n"
