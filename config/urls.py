from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("", include("ntm.accounts.urls")),
    path("don-vi/", include("ntm.units.urls")),
    path("tieu-chi/", include("ntm.criteria.urls")),
    path("theo-doi/", include("ntm.monitoring.urls")),
    path("tac-vu/", include("ntm.jobs.urls")),
    path("ke-hoach/", include("ntm.planning.urls")),
    path("du-lieu/", include("ntm.exchange.urls")),
    path("bao-cao/", include("ntm.reports.urls")),
    path("", include("ntm.web.urls")),
]

# An htmx request gets a short fragment rather than the full error page.
handler500 = "ntm.web.server_error.server_error"
