from django.urls import path

from innspill.meetings import views

app_name = "meetings"
urlpatterns = [
    path("innspillsmoter/", views.meeting_list, name="meeting-list"),
    path("innspillsmoter/<int:pk>/", views.meeting_detail, name="meeting-detail"),
]
