from django.urls import path

from ntm.units import views

app_name = "units"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/thuoc-tinh/", views.edit_flags, name="edit_flags"),
]
