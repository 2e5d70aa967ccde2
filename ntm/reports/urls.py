from django.urls import URLPattern, path

from ntm.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("<int:pk>/dong/", views.document_row, name="row"),
    path("<int:pk>/tai/<str:fmt>/", views.download, name="download"),
]
