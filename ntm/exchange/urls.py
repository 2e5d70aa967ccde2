from django.urls import URLPattern, path

from ntm.exchange import views

app_name = "exchange"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("bieu-mau/", views.template, name="template"),
    path("nhap/", views.upload, name="upload"),
    path("nhap/<int:pk>/", views.batch, name="batch"),
    path("nhap/<int:pk>/trang-thai/", views.batch_status, name="batch_status"),
    path("nhap/<int:pk>/ghi/", views.commit, name="commit"),
    path("nhap/<int:pk>/huy/", views.discard, name="discard"),
    path("nhap/<int:pk>/xlsx/", views.batch_xlsx, name="batch_xlsx"),
    path("lich-su.xlsx", views.history_xlsx, name="history_xlsx"),
    path("xuat/", views.export, name="export"),
]
