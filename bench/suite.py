"""One suite in its own process: ``python -m bench.suite NAME[:ARG...] OUT.json``
(e.g. ``dashboards:postgresql:national``). Figures are printed as they come
and written to OUT.json for the parent."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from bench.harness import Results


def main() -> int:
    name, *args = sys.argv[1].split(":")
    out = Path(sys.argv[2])
    results = Results()
    try:
        module = __import__(f"bench.bench_{name}", fromlist=["run"])
        module.run(results, *args)
    finally:
        out.write_text(json.dumps([dataclasses.asdict(f) for f in results.figures]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
