from django.urls import URLPattern, path

from ntm.planning import views

app_name = "planning"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("lo-trinh/<int:pk>/", views.roadmap, name="roadmap"),
    path("moc/<int:pk>/", views.milestone_row, name="milestone_row"),
    path("moc/<int:pk>/luu/", views.milestone_save, name="milestone_save"),
    path("moc/<int:pk>/xoa/", views.milestone_delete_view, name="milestone_delete"),
    path("xa-phan-dau/<int:pk>/bo/", views.targeted_remove_view, name="targeted_remove"),
    path("minh-chung/<int:pk>/", views.evidence, name="evidence"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/theo-doi/", views.dashboard, name="dashboard"),
    path("<str:code>/giao-chi-tieu/", views.cascade, name="cascade"),
    path("<str:code>/xa-phan-dau/", views.targeted, name="targeted"),
    path("<str:code>/ung-vien/", views.candidate_list, name="candidates"),
    path("<str:code>/ung-vien/chon/", views.candidate_pick, name="candidate_pick"),
    path("<str:code>/qua-han/", views.overdue, name="overdue"),
    path("<str:code>/chi-tieu/<str:key>/", views.report_actual, name="report_actual"),
]
