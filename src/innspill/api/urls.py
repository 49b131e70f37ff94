from django.urls import path

from innspill.api import views

app_name = "api"
urlpatterns = [
    path("inputs", views.inputs, name="inputs"),
    path("themes", views.themes, name="themes"),
    path("openapi.json", views.openapi, name="openapi"),
]
