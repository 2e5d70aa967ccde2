from django.urls import path

from ntm.criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.set_list, name="list"),
    path("<str:code>/", views.set_detail, name="detail"),
    path("<str:code>/<str:indicator>/dieu-chinh/", views.revise, name="revise"),
]
