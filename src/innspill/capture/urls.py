from django.urls import path

from innspill.capture import views

app_name = "capture"
urlpatterns = [
    path("live/", views.join, name="join"),
    path("live/i/<str:token>/", views.personal, name="personal"),
    path("live/<str:code>/", views.capture_page, name="capture"),
    path("live/<str:code>/innspill", views.submit, name="submit"),
    path("live/<str:code>/mine", views.mine, name="mine"),
    path("live/<str:code>/innspill/<uuid:client_id>/trekk", views.withdraw, name="withdraw"),
    path("live/<str:code>/vegg/", views.wall, name="wall"),
    path("live/<str:code>/vegg/innhold", views.wall_part, name="wall-part"),
    path("live/<str:code>/wall.json", views.wall_json, name="wall-json"),
    path("ansatt/live/", views.overview, name="overview"),
    path("ansatt/live/<str:code>/", views.board, name="board"),
    path("ansatt/live/<str:code>/tavle", views.board_part, name="board-part"),
    path("ansatt/live/<str:code>/innspill", views.staff_submit, name="staff-submit"),
    path("ansatt/live/<str:code>/handling", views.board_action, name="board-action"),
]
