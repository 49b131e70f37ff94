from django.urls import path

from innspill.organisations import views

app_name = "organisations"
urlpatterns = [
    path("organisasjoner/", views.organisation_list, name="organisation-list"),
    path("organisasjoner/ny/", views.organisation_create, name="organisation-create"),
    path("organisasjoner/<int:pk>/", views.organisation_edit, name="organisation-edit"),
    path("personer/", views.person_list, name="person-list"),
    path("personer/ny/", views.person_create, name="person-create"),
    path("personer/<int:pk>/", views.person_edit, name="person-edit"),
]
