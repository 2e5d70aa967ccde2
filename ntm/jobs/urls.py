from django.urls import path

from ntm.jobs import views

app_name = "jobs"
urlpatterns = [path("<int:pk>/", views.job_status, name="status")]
