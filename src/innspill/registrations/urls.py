from django.urls import path

from innspill.limits.decorators import rate_limited
from innspill.registrations import views

participant_limit = rate_limited("participant")

app_name = "registrations"
urlpatterns = [
    path("i/<str:token>/", participant_limit(views.participant), name="participant"),
    path(
        "i/<str:token>/mitt-program.ics",
        participant_limit(views.participant_calendar),
        name="calendar",
    ),
    path("i/<str:token>/avmeld/", participant_limit(views.participant_cancel), name="cancel"),
    path("i/<str:token>/takk-nei/", participant_limit(views.participant_decline), name="decline"),
    path("ansatt/<int:pk>/invitasjoner/", views.invitations, name="invitations"),
    path("ansatt/invitasjon/<int:pk>/trekk-tilbake/", views.invitation_revoke, name="revoke"),
    path("ansatt/invitasjon/<int:pk>/send-igjen/", views.invitation_resend, name="resend"),
    path("ansatt/<int:pk>/pameldinger/", views.registrations, name="registrations"),
    path(
        "ansatt/pamelding/<int:pk>/meld-av/", views.registration_cancel_staff, name="staff-cancel"
    ),
    path("ansatt/<int:pk>/plassering/", views.placement, name="placement"),
    path("ansatt/<int:pk>/plassering/las/", views.placement_pin, name="pin"),
    path(
        "ansatt/<int:pk>/plassering/<int:run_id>/publiser/",
        views.placement_publish_view,
        name="publish",
    ),
    path(
        "ansatt/<int:pk>/deltakerliste/<int:sid>.<str:fmt>",
        views.participant_list,
        name="participant-list",
    ),
    path("ansatt/<int:pk>/navneskilt.pdf", views.badges, name="badges"),
    path("ansatt/<int:pk>/navneskilt/", views.badges_start, name="badges-start"),
    path("ansatt/<int:pk>/navneskilt/<int:task_id>.pdf", views.badges_file, name="badges-file"),
    path("ansatt/<int:pk>/innsjekk/", views.checkin, name="checkin"),
    path("ansatt/innsjekk/<str:code>/", views.checkin_code, name="checkin-code"),
]
