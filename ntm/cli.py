"""The `ntm` command: Django's management commands under the product's name
(`ntm migrate`, `ntm runserver`, `ntm units import`, `ntm demo`, ...)."""

from __future__ import annotations

import os
import sys


def settings_module_default() -> str:
    """Production settings unless the demo is asked for explicitly
    (NTM_DEMO=1, as `make demo` does): a forgotten DJANGO_SETTINGS_MODULE
    must not run with DEBUG and a known key."""
    demo = os.environ.get("NTM_DEMO", "").strip().lower() in {"1", "true", "yes", "on"}
    return "config.dev" if demo else "config.production"


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module_default())
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["ntm", *args])


if __name__ == "__main__":
    main()
