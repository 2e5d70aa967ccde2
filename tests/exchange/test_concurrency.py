"""One import batch committed twice at the same moment (a double click, two
tabs): written once, the other told so, no server error. Runs on SQLite (a
file database) and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ntm.exchange import services
from ntm.exchange.models import ImportBatch
from ntm.monitoring.models import IndicatorValue, ValueChange
from tests.concurrency import assert_no_server_error, client_for, post_at_once
from tests.exchange.conftest import fill, make_template, officer_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_batch_committed_twice_at_once_is_written_once(world, cao_loc):
    communes = list(cao_loc.children.filter(type="xa", in_programme=True).order_by("code")[:5])
    clerk = officer_for(cao_loc)
    cells = {(c.code, "2.1"): f"{60 + i}" for i, c in enumerate(communes)}
    batch = services.import_upload(
        user=clerk, data=fill(make_template(cao_loc), cells), filename="huyen.xlsx"
    )
    assert batch.n_changes == len(communes)
    url = reverse("exchange:commit", args=[batch.pk])
    outcomes = post_at_once([(client_for(clerk), url, {}), (client_for(clerk), url, {})])
    assert_no_server_error(outcomes)
    assert [o.status for o in outcomes] == [302, 302]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    values = IndicatorValue.objects.filter(report__unit__in=communes, indicator__code="2.1")
    assert sorted(values.values_list("raw_text", "version")) == sorted(
        (f"{60 + i}", 1) for i in range(len(communes))
    )
    assert ValueChange.objects.filter(value__in=values).count() == len(communes)
