from django.contrib.auth import views as auth_views
from django.urls import path

from ntm.accounts.views import LoginView, PasswordChangeView

urlpatterns = [
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", PasswordChangeView.as_view(), name="password_change"),
]
