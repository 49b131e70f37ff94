from django.urls import path

from innspill.practices import views

app_name = "practices"
urlpatterns = [
    path("gode-grep/", views.practice_list, name="practice-list"),
    path("gode-grep/<int:pk>/", views.practice_detail, name="practice-detail"),
    path(
        "ansatt/gode-grep/fra-innspill/<int:input_pk>/",
        views.practice_from_input,
        name="practice-from-input",
    ),
]
