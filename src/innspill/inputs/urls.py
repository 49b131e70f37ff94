from django.urls import path

from innspill.inputs import views

app_name = "inputs"
urlpatterns = [
    path("import/", views.import_upload, name="import-upload"),
    path("import/<int:pk>/", views.import_status, name="import-status"),
    path("import/<int:pk>/forhandsvis/", views.import_preview, name="import-preview"),
    path("import/<int:pk>/side/<int:page>.png", views.import_page, name="import-page"),
    path("innspill/<int:pk>/merking/", views.input_correct, name="input-correct"),
    path("modell/", views.classifier_train_view, name="classifier-train"),
]
urlpatterns += [
    path("innspill/", views.input_staff_list, name="staff-list"),
    path("innspill/<int:pk>/", views.input_staff_edit, name="staff-edit"),
    path("innspill/<int:pk>/skjul/", views.input_hide, name="hide"),
    path("innspill/<int:pk>/publiser/", views.input_publish, name="publish"),
    path("innspill/<int:pk>/sla-sammen/", views.input_merge, name="merge"),
    path("moderering/", views.moderation, name="moderation"),
    path("moderering/<int:pk>/", views.moderation_item, name="moderation-item"),
]
