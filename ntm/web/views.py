from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ntm.accounts.access import access_home_unit
from ntm.units.selectors import unit_districts_with_counts, unit_provinces
from ntm.web.http import AuthenticatedRequest


@login_required
@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    provinces = []
    for province in unit_provinces():
        districts = list(unit_districts_with_counts(province))
        totals = {
            key: sum(getattr(d, key) for d in districts)
            for key in ("n_units", "n_programme", "n_border")
        }
        provinces.append((province, districts, totals))
    return render(
        request,
        "web/home.html",
        {"provinces": provinces, "home_unit": access_home_unit(request.user)},
    )
