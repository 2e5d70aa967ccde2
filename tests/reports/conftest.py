"""The crafted world of the dashboard tests (tests/monitoring/
test_dashboards_world.py), built once for the whole package inside a
transaction rolled back at the end; each test runs in a savepoint within it,
so tests cannot see each other's writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tests.monitoring.test_dashboards_world import DashWorld, build_dash_world


@pytest.fixture(scope="package")
def dash_world(django_db_setup, django_db_blocker) -> Iterator[DashWorld]:
    from ntm.accounts.models import User
    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.units.management.commands.units import DEFAULT_CSV
    from ntm.units.services import units_import

    with django_db_blocker.unblock(), transaction.atomic():
        units_import(path=DEFAULT_CSV)
        criteria_load()
        demo_users_ensure()
        yield build_dash_world({u.username: u for u in User.objects.all()})
        transaction.set_rollback(True)
