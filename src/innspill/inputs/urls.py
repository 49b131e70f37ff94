from django.urls import path

from innspill.inputs import views

app_name = "inputs"
urlpatterns = [
    path("import/", views.import_upload, name="import-upload"),
    path("import/<int:pk>/", views.import_status, name="import-status"),
    path("import/<int:pk>/forhandsvis/", views.import_preview, name="import-preview"),
    path("innspill/<int:pk>/merking/", views.input_correct, name="input-correct"),
    path("modell/", views.classifier_train_view, name="classifier-train"),
]
