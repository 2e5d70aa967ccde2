"""Entry, review and queue pages (mounted under /theo-doi/)."""

from django.urls import URLPattern, path

from ntm.monitoring import views_entry as views

urlpatterns: list[URLPattern] = [
    path("nhap-lieu/", views.entry_home, name="entry_home"),
    path("nhap-lieu/<str:unit_code>/<str:period_code>/", views.entry, name="entry"),
    path(
        "nhap-lieu/<str:unit_code>/<str:period_code>/bat-dau/",
        views.entry_start,
        name="entry_start",
    ),
    path("tham-dinh/", views.queue, name="queue"),
    path("bao-cao/<int:pk>/", views.review, name="review"),
    path("bao-cao/<int:pk>/gia-tri/", views.value_save_view, name="value_save"),
    path("bao-cao/<int:pk>/dong/", views.value_row, name="value_row"),
    path("bao-cao/<int:pk>/lich-su/", views.history, name="value_history"),
    path("bao-cao/<int:pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("bao-cao/<int:pk>/thong-tin-xa/", views.facts_update, name="facts_update"),
    path("bao-cao/<int:pk>/chuyen/", views.transition, name="transition"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
