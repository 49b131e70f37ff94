from django.urls import path

from innspill.api import views
from innspill.followups import api as followup_api
from innspill.limits.decorators import rate_limited
from innspill.practices import api as practice_api

api_limit = rate_limited("api")

app_name = "api"
urlpatterns = [
    path("inputs", api_limit(views.inputs), name="inputs"),
    path("themes", api_limit(views.themes), name="themes"),
    path("followup", api_limit(followup_api.followup_list), name="followup"),
    path("practices", api_limit(practice_api.practice_list), name="practices"),
    path("openapi.json", views.openapi, name="openapi"),
]
