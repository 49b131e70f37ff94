from django.urls import path

from innspill.inputs import views

app_name = "inputs"
urlpatterns = [
    path("import/", views.import_upload, name="import-upload"),
    path("import/<int:pk>/", views.import_status, name="import-status"),
    path("import/<int:pk>/forhandsvis/", views.import_preview, name="import-preview"),
]
