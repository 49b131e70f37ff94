from django.urls import path

from innspill.conferences import views

app_name = "conferences"
urlpatterns = [
    path("", views.conference_list, name="list"),
    path("ny/", views.conference_create, name="create"),
    path("<int:pk>/", views.program, name="program"),
    path("<int:pk>/program.ics", views.program_calendar, name="calendar"),
    path("<int:pk>/rediger/", views.conference_edit, name="edit"),
    path("<int:pk>/rediger/punkt/ny/", views.session_edit, name="session-create"),
    path("<int:pk>/rediger/punkt/<int:sid>/", views.session_edit, name="session-edit"),
]
