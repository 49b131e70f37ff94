from django.urls import path

from innspill.api import views
from innspill.limits.decorators import rate_limited

api_limit = rate_limited("api")

app_name = "api"
urlpatterns = [
    path("inputs", api_limit(views.inputs), name="inputs"),
    path("themes", api_limit(views.themes), name="themes"),
    path("openapi.json", views.openapi, name="openapi"),
]
