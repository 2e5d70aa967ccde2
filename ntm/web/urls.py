from django.urls import path

from ntm.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
