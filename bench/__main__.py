"""``make bench``: every benchmark in ``bench/``, each in its own process, then one table of all figures.

    make bench                      # small sizes, a quick look
    BENCH_SCALE=full make bench     # the sizes the issues name
    make bench BENCH_ARGS=matching  # only the named benchmarks
    BENCH_AUDIT=1 make bench        # the audit trail's benchmark too (heavy: 50,000,000 rows at full scale)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row, print_table, scale_name

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ["publishing", "reads", "imports", "matching", "analytics", "exposure", "allied", "report"]


def run(name: str) -> list[Row]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=ROOT,
                              env={**os.environ, "BENCH_JSON": out.name})
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            return [Row(f"{name}: FAILED (exit {done.returncode})", f"{seconds:.0f} s")]
        rows = [Row(*r) for r in json.loads(Path(out.name).read_text() or "[]")]
        return [*rows, Row(f"{name}: whole benchmark incl. data generation", f"{seconds:.0f} s")]


def main(argv: list[str]) -> int:
    default = BENCHMARKS + (["audit"] if os.environ.get("BENCH_AUDIT") == "1" else [])
    names = argv or [n for n in default if (ROOT / "bench" / f"{n}.py").exists()]
    unknown = [n for n in names if not (ROOT / "bench" / f"{n}.py").exists()]
    if unknown:
        print(f"no such benchmark: {', '.join(unknown)} (have: {', '.join([*BENCHMARKS, 'audit'])})", file=sys.stderr)
        return 2
    print(f"== benchmarks at scale {scale_name()}: {', '.join(names)}", file=sys.stderr)
    rows: list[Row] = []
    for name in names:
        print(f"== {name}", file=sys.stderr)
        rows += run(name)
    print()
    print_table(rows)
    return 1 if any("FAILED" in r.figure for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
