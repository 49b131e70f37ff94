from django.urls import path

from innspill.common import views

app_name = "common"
urlpatterns = [
    path("jobber/<int:pk>/", views.task_detail, name="task-detail"),
]
