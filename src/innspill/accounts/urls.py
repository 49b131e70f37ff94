from django.contrib.auth import views as auth_views
from django.urls import path

from innspill.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "logg-inn/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"
    ),
    path("logg-inn/kode/", views.otp_verify, name="otp-verify"),
    path("logg-inn/tofaktor/", views.otp_enrol, name="otp-enrol"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("jobber/<int:pk>/", views.task_detail, name="task-detail"),
]
