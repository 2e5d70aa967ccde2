"""Requests sent at the same moment, as two people (or one double click) send
them: each in its own thread with its own database connection, released
together by a barrier. Used on SQLite (a file database, config/test.py) and
on PostgreSQL alike; the tests need ``django_db(transaction=True)`` so the
threads see the committed data."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.test import Client

from ntm.accounts.models import User


@dataclass
class Outcome:
    status: int
    body: str
    error: BaseException | None = None


def at_once(calls: Sequence[Callable[[], Any]], timeout: float = 60) -> list[Any]:
    """Run every call in its own thread, all started together; the results
    in order. An exception is returned as the result, never lost."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout)
            results[index] = call()
        except BaseException as exc:  # reported to the test
            results[index] = exc
        finally:
            connections.close_all()  # this thread's own connections

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a request never finished"
    return results


def client_for(user: User) -> Client:
    """A logged-in client whose server errors come back as responses (500),
    as a browser would see them, rather than as exceptions."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_at_once(requests: Sequence[tuple[Client, str, dict[str, Any]]]) -> list[Outcome]:
    """POST every (client, url, data) at the same moment."""

    def poster(client: Client, url: str, data: dict[str, Any]) -> Callable[[], Outcome]:
        def post() -> Outcome:
            response = client.post(url, data, HTTP_HX_REQUEST="true")
            return Outcome(response.status_code, response.content.decode())

        return post

    results = at_once([poster(*r) for r in requests])
    return [
        r if isinstance(r, Outcome) else Outcome(status=0, body=repr(r), error=r) for r in results
    ]


def assert_no_server_error(outcomes: Sequence[Outcome]) -> None:
    failed = [(o.status, o.body[:300]) for o in outcomes if o.status >= 500 or o.error]
    assert failed == [], "a request failed with a server error"
