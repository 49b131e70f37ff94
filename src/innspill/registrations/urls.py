from django.urls import path

from innspill.limits.decorators import rate_limited
from innspill.registrations.views import (
    checkin,
    invitations,
    lists,
    participant,
    people,
    personal_data,
    placement,
    registrations,
)

participant_limit = rate_limited("participant")

app_name = "registrations"
urlpatterns = [
    path("i/<str:token>/", participant_limit(participant.participant), name="participant"),
    path(
        "i/<str:token>/mitt-program.ics",
        participant_limit(participant.participant_calendar),
        name="calendar",
    ),
    path("i/<str:token>/avmeld/", participant_limit(participant.participant_cancel), name="cancel"),
    path(
        "i/<str:token>/stedfortreder/",
        participant_limit(participant.participant_substitute),
        name="substitute",
    ),
    path(
        "i/<str:token>/takk-nei/",
        participant_limit(participant.participant_decline),
        name="decline",
    ),
    path(
        "i/<str:token>/mine-opplysninger.json",
        participant_limit(personal_data.participant_data),
        name="personal-data-download",
    ),
    path(
        "i/<str:token>/slett-meg/",
        participant_limit(personal_data.participant_erase),
        name="personal-data-erase",
    ),
    path("ansatt/personopplysninger/", personal_data.staff_personal_data, name="personal-data"),
    path(
        "ansatt/personopplysninger/<int:pk>.json",
        personal_data.staff_personal_data_download,
        name="personal-data-staff-download",
    ),
    path(
        "ansatt/personopplysninger/<int:pk>/slett/",
        personal_data.staff_personal_data_erase,
        name="personal-data-staff-erase",
    ),
    path("ansatt/<int:pk>/invitasjoner/", invitations.invitations, name="invitations"),
    path("ansatt/invitasjon/<int:pk>/trekk-tilbake/", invitations.invitation_revoke, name="revoke"),
    path("ansatt/invitasjon/<int:pk>/send-igjen/", invitations.invitation_resend, name="resend"),
    path(
        "ansatt/personer/<int:pk>/invitasjoner/",
        people.person_invitations,
        name="person-invitations",
    ),
    path("ansatt/<int:pk>/pameldinger/", registrations.registrations, name="registrations"),
    path(
        "ansatt/pamelding/<int:pk>/meld-av/",
        registrations.registration_cancel_staff,
        name="staff-cancel",
    ),
    path(
        "ansatt/pamelding/<int:pk>/stedfortreder/",
        registrations.registration_substitute_staff,
        name="staff-substitute",
    ),
    path("ansatt/<int:pk>/plassering/", placement.placement, name="placement"),
    path("ansatt/<int:pk>/plassering/las/", placement.placement_pin_view, name="pin"),
    path(
        "ansatt/<int:pk>/plassering/<int:run_id>/publiser/",
        placement.placement_publish_view,
        name="publish",
    ),
    path(
        "ansatt/<int:pk>/deltakerliste/<int:sid>.<str:fmt>",
        lists.participant_list,
        name="participant-list",
    ),
    path("ansatt/<int:pk>/navneskilt.pdf", lists.badges, name="badges"),
    path("ansatt/<int:pk>/navneskilt/", lists.badges_start, name="badges-start"),
    path("ansatt/<int:pk>/navneskilt/<int:task_id>.pdf", lists.badges_file, name="badges-file"),
    path("ansatt/<int:pk>/innsjekk/", checkin.checkin, name="checkin"),
    path("ansatt/innsjekk/<str:code>/", checkin.checkin_code, name="checkin-code"),
]
