"""Run the benchmarks, print every figure beside its floor and budget, write
bench/results.md, and exit non-zero when a budget is missed.

    python -m bench [--only evaluation,dashboards,...]

Each suite runs in a fresh process (its own Django settings and database), so
suites cannot disturb one another's caches or connections.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.databases import PG_ENV, postgres_cluster
from bench.harness import Figure, Results

SUITES = (
    "evaluation",
    "dashboards:sqlite:province",
    "dashboards:postgresql:province",
    "dashboards:postgresql:national",
    "dashboards:sqlite:national",
    "import:sqlite",
    "import:postgresql",
    "report:sqlite",
    "report:postgresql",
    "load:sqlite",
    "load:postgresql",
    "mixed:sqlite",
    "mixed:postgresql",
)


def run_suite(name: str, results: Results) -> bool:
    """Run one suite in a child process; False if it crashed."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = Path(out.name)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.suite", name, str(path)],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        for item in json.loads(path.read_text() or "[]"):
            results.figures.append(Figure(**item))
        return proc.returncode == 0
    finally:
        path.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", default=",".join(SUITES))
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()
    started = time.time()
    results = Results()
    crashed = []
    with postgres_cluster() as pg_url:
        if pg_url:
            os.environ[PG_ENV] = pg_url
        else:
            print("PostgreSQL not found: PostgreSQL figures are skipped", flush=True)
        for suite in args.only.split(","):
            if suite.split(":")[0] not in {s.split(":")[0] for s in SUITES}:
                parser.error(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
            print(f"== {suite}", flush=True)
            if not run_suite(suite, results):
                crashed.append(suite)
    results.write_markdown(args.out, started=started)
    ok = results.passed and not crashed
    missed = [f.name.strip() for f in results.figures if not f.passed] + [
        f"{suite} (crashed)" for suite in crashed
    ]
    print(f"written {args.out}; " + ("all budgets met" if ok else f"BUDGET MISSED: {missed}"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
