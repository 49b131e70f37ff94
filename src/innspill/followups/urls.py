from django.urls import path

from innspill.followups import views

app_name = "followups"
urlpatterns = [
    path("oppfolging/", views.public_index, name="public-index"),
    path("oppfolging/<int:year>/", views.public_year, name="public-year"),
    path("oppfolging/ansvarlig/<str:slug>/", views.public_owner, name="public-owner"),
    path("oppfolging/varsel/<str:token>/", views.digest_toggle, name="digest-toggle"),
    path("ansatt/oppfolging/", views.inbox, name="inbox"),
    path("ansatt/oppfolging/<int:pk>/svar/", views.followup_answer, name="followup-answer"),
    path("ansatt/oppfolging/eksport.xlsx", views.inbox_export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("ansatt/oppfolging/eksport.csv", views.inbox_export, {"fmt": "csv"}, name="export-csv"),
    path("ansatt/oppfolging/import/", views.inbox_import, name="import"),
    path("ansatt/oppfolging/tildel/", views.assign, name="assign"),
    path("ansatt/oppfolging/ansvarlige/", views.registry, name="registry"),
]
