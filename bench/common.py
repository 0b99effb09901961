"""What every benchmark shares: its own PostgreSQL database, percentiles, and one way to report figures.

A benchmark module ``bench/<name>.py`` has ``main() -> list[Row]`` and ends with ``report(main())`` under
``if __name__ == "__main__"``. ``python -m bench.<name>`` prints its table; ``make bench`` (``python -m bench``)
runs each module in its own process (each sets up Django against its own database) and prints one table.
``BENCH_SCALE`` is ``small`` (default, a quick look) or ``full`` (the sizes the issues name).
"""

from __future__ import annotations

import json
import os
import statistics
from typing import NamedTuple
from urllib.parse import urlparse, urlunparse

# A random public id drawn in SQL, for rows a benchmark generates with INSERT ... SELECT (the service draws them in
# Python: sharing/models/ids.py); 1 .. 2**53 - 1, as there.
RANDOM_ID_SQL = "(1 + floor(random() * 9007199254740990))::bigint"


class Row(NamedTuple):
    figure: str
    value: str
    target: str = "-"


def scale_name() -> str:
    name = os.environ.get("BENCH_SCALE", "small")
    if name not in {"small", "full"}:
        raise SystemExit(f"BENCH_SCALE is small or full, not {name!r}")
    return name


def prepare_database(name: str, *, keep: bool = False) -> None:
    """Drops and creates the benchmark's own database, points Django at it and sets Django up (migrated).

    ``keep=True`` keeps the database as a former run left it (only new migrations are applied), for a benchmark
    that can time its reads again over data it generated before.
    It uses the PostgreSQL server of BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
    and never touches another database.
    """
    import psycopg

    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not keep:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = urlunparse(urlparse(server)._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (0..100) by linear interpolation; values need not be sorted."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[max(0, min(98, round(pct) - 1))]


def print_table(rows: list[Row] | list[tuple]) -> None:
    rows = [Row(*r) for r in rows]
    width = max(len(r.figure) for r in rows)
    value_width = max(22, *(len(r.value) for r in rows))
    print(f"{'figure':<{width}}  {'value':>{value_width}}  target")
    for row in rows:
        print(f"{row.figure:<{width}}  {row.value:>{value_width}}  {row.target}")


def report(rows: list[Row] | list[tuple]) -> None:
    """Prints the table, or, when the runner asks for them (BENCH_JSON), writes the rows there as JSON."""
    path = os.environ.get("BENCH_JSON")
    if not path:
        print_table(rows)
        return
    with open(path, "w") as handle:
        json.dump([list(Row(*r)) for r in rows], handle)
