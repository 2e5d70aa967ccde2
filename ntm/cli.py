"""The `ntm` command: Django's management commands under the product's name
(`ntm migrate`, `ntm runserver`, `ntm units import`, `ntm demo`, ...)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.base")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["ntm", *args])


if __name__ == "__main__":
    main()
