"""Nightly sync with the generated client: publish your facilities from a CSV, then read what changed.

    SHARING_API_KEY=... python nightly_sync.py --base-url https://<host> --csv facilities.csv \\
        --cursor-file var/changes.cursor [--changes-out var/changes.jsonl]

1. Bulk upsert (guide section 4): the CSV's columns are the API's field names (``external_id``, ``name``,
   ``country``, ``latitude``, ``longitude``, ``kind``, ``marking``, ...); an empty cell leaves the field out. Rows are
   sent 5,000 a call (the service's limit); each row comes back created, updated, unchanged or rejected with its
   field errors, which are printed to stderr.
2. Changes feed (guide section 5): read ``GET /api/v1/changes/`` from the cursor saved in ``--cursor-file`` (``0``
   the first time) until ``has_more`` is false. After each page the entries are appended to ``--changes-out`` (if
   given) and then the new cursor (the ``cursor`` of the page's ``next`` URL) is saved (written to a temporary
   file and renamed, so a crash never leaves half a cursor). A crash between the two replays that page next time,
   which is safe: every entry is an idempotent upsert or delete by ``kind`` and ``id``.

The key is read from the environment (``SHARING_API_KEY``), never from the command line, where other users of the
machine could read it. A summary is printed as one JSON line on stdout. Exit status: 0 when every row was accepted,
1 when some rows were rejected (the feed is still read), 2 when the service answered with an error.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from sharing_client import AuthenticatedClient
from sharing_client.api.changes import changes_retrieve
from sharing_client.api.facilities import facilities_bulk_create
from sharing_client.errors import UnexpectedStatus
from sharing_client.models import (
    BulkUpsertRequestRequest,
    BulkUpsertRequestRequestRecordsItem,
    BulkUpsertResult,
    ChangesPage,
)

BULK_LIMIT = 5000
FEED_PAGE = 500


class ServiceError(Exception):
    """The service answered with something other than the documented success."""


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The CSV's rows as dicts of the non-empty cells (an empty cell leaves the field out)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            yield {name.strip(): value.strip() for name, value in row.items() if name and value and value.strip()}


def batches(rows: Iterator[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    batch: list[dict[str, str]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def upsert_facilities(client: AuthenticatedClient, csv_path: Path) -> dict[str, Any]:
    """Sends the CSV's facilities; returns the counts and the rejected rows (their CSV line and errors)."""
    totals = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    rejected: list[dict[str, Any]] = []
    offset = 0
    for batch in batches(read_rows(csv_path), BULK_LIMIT):
        body = BulkUpsertRequestRequest(
            records=[BulkUpsertRequestRequestRecordsItem.from_dict(row) for row in batch], all_or_nothing=False
        )
        response = facilities_bulk_create.sync_detailed(client=client, body=body)
        if not isinstance(response.parsed, BulkUpsertResult):
            raise ServiceError(f"bulk upsert: HTTP {int(response.status_code)}: {response.content[:500]!r}")
        result = response.parsed
        for name in totals:
            totals[name] += getattr(result, name)
        for row in result.results:
            if row.status == "rejected":
                errors = row.errors.to_dict() if row.errors else {}
                # +2: the header is line 1 and rows count from 0.
                rejected.append({"line": offset + row.index + 2, "external_id": row.external_id, "errors": errors})
        offset += len(batch)
    return {**totals, "rejected_rows": rejected}


def load_cursor(path: Path) -> str:
    if not path.exists():
        return "0"
    cursor = path.read_text(encoding="utf-8").strip()
    return cursor or "0"


def save_cursor(path: Path, cursor: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(cursor + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_changes(client: AuthenticatedClient, cursor_path: Path, changes_out: Path | None) -> dict[str, int]:
    """Follows the feed from the saved cursor to its end, saving the cursor after each page."""
    counts = {"pages": 0, "upserts": 0, "deletes": 0}
    cursor = load_cursor(cursor_path)
    while True:
        response = changes_retrieve.sync_detailed(client=client, cursor=cursor, page_size=FEED_PAGE)
        if not isinstance(response.parsed, ChangesPage):
            raise ServiceError(f"changes feed: HTTP {int(response.status_code)}: {response.content[:500]!r}")
        page = response.parsed
        if changes_out is not None and page.results:
            changes_out.parent.mkdir(parents=True, exist_ok=True)
            with changes_out.open("a", encoding="utf-8") as handle:
                for entry in page.results:
                    handle.write(json.dumps(entry.to_dict(), sort_keys=True) + "\n")
        for entry in page.results:
            counts["upserts" if entry.op == "upsert" else "deletes"] += 1
        counts["pages"] += 1
        cursor = parse_qs(urlsplit(page.next_).query)["cursor"][0]  # the opaque cursor of the next URL
        save_cursor(cursor_path, cursor)
        if not page.has_more:
            return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="the service's address, e.g. https://sharing.example")
    parser.add_argument("--csv", type=Path, required=True, help="your facilities, one per row")
    parser.add_argument("--cursor-file", type=Path, required=True, help="where the feed's cursor is kept")
    parser.add_argument("--changes-out", type=Path, help="append the feed's entries here, one JSON object a line")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    args = parser.parse_args(argv)
    key = os.environ.get("SHARING_API_KEY", "")
    if not key:
        parser.error("set SHARING_API_KEY to your API key")

    client = AuthenticatedClient(
        base_url=args.base_url.rstrip("/"), token=key, prefix="Api-Key", timeout=args.timeout,
        raise_on_unexpected_status=True,
    )
    try:
        with client:
            published = upsert_facilities(client, args.csv)
            for row in published["rejected_rows"]:
                print(f"line {row['line']} ({row['external_id']}): {json.dumps(row['errors'])}", file=sys.stderr)
            changes = read_changes(client, args.cursor_file, args.changes_out)
    except (ServiceError, UnexpectedStatus, httpx.HTTPError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    summary = {key: published[key] for key in ("created", "updated", "unchanged", "rejected")}
    print(json.dumps({"facilities": summary, "changes": changes}))
    return 1 if published["rejected"] else 0


if __name__ == "__main__":
    sys.exit(main())
