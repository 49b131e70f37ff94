from django.urls import path

from innspill.api import views
from innspill.followups import api as followup_api

app_name = "api"
urlpatterns = [
    path("inputs", views.inputs, name="inputs"),
    path("themes", views.themes, name="themes"),
    path("followup", followup_api.followup_list, name="followup"),
    path("openapi.json", views.openapi, name="openapi"),
]
