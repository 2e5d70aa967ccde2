from django.urls import URLPattern, path

from ntm.monitoring import views_dashboards as views

urlpatterns: list[URLPattern] = [
    path("tong-hop/", views.province_dashboard, name="dashboard"),
    path("huyen/<str:code>/", views.district_dashboard, name="district_dashboard"),
    path("xa/<str:code>/", views.scorecard, name="scorecard"),
]
