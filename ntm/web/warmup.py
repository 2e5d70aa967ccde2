"""Work a server process does once at start rather than on its first
request: importing every view (through the URLconf) and reading the shipped
criteria sets. Neither touches the database."""

from __future__ import annotations


def warm_up() -> None:
    from django.urls import get_resolver

    from ntm.criteria.selectors import shipped_catalog

    get_resolver().url_patterns  # noqa: B018 - the property imports every urls and views module
    shipped_catalog()
