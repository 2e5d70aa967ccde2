"""Run the benchmarks, print every figure beside its floor and budget, write
bench/results.md, and exit non-zero when a budget is missed.

    python -m bench [--only evaluation,dashboards,...] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.harness import Results

SUITES = ("evaluation",)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", default=",".join(SUITES))
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()
    started = time.time()
    results = Results()
    for suite in args.only.split(","):
        if suite not in SUITES:
            parser.error(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
        print(f"== {suite}", flush=True)
        module = __import__(f"bench.bench_{suite}", fromlist=["run"])
        module.run(results)
    results.write_markdown(args.out, started=started)
    print(f"written {args.out}; {'all budgets met' if results.passed else 'BUDGET MISSED'}")
    return 0 if results.passed else 1


if __name__ == "__main__":
    sys.exit(main())
