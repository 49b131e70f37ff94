from django.urls import path

from innspill.limits.decorators import rate_limited
from innspill.rounds import views

app_name = "rounds"
urlpatterns = [
    path("svar/<str:token>/", rate_limited("round")(views.answer), name="answer"),
    path("ansatt/", views.round_list, name="list"),
    path("ansatt/<int:pk>/", views.round_detail, name="detail"),
    path("ansatt/<int:pk>/innstillinger/", views.round_update, name="update"),
    path("ansatt/<int:pk>/mottakere/", views.recipients_add, name="recipients-add"),
    path("ansatt/<int:pk>/mottakere/csv/", views.recipients_import, name="recipients-import"),
    path("ansatt/<int:pk>/send/", views.round_send, name="send"),
    path("ansatt/<int:pk>/paminn/", views.round_remind, name="remind"),
    path("ansatt/<int:pk>/mottaker/<int:recipient_id>/ringt/", views.recipient_phone, name="phone"),
    path(
        "ansatt/<int:pk>/mottaker/<int:recipient_id>/svar/",
        views.recipient_answer,
        name="recipient-answer",
    ),
]
