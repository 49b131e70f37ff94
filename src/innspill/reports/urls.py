from django.urls import path

from innspill.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("rapport.css", views.stylesheet, name="stylesheet"),
    path("<int:year>/<str:report_type>/", views.report_detail, name="detail"),
    path(
        "<int:year>/<str:report_type>/v<int:version>.<str:fmt>",
        views.version_download,
        name="download",
    ),
    path("ansatt/", views.staff_list, name="staff-list"),
    path("ansatt/utkast/", views.staff_draft, name="staff-draft"),
    path("ansatt/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("ansatt/<int:pk>/rediger/", views.staff_edit, name="staff-edit"),
    path("ansatt/<int:pk>/forhandsvisning/", views.staff_preview, name="staff-preview"),
    path("ansatt/<int:pk>/publiser/", views.staff_publish, name="staff-publish"),
    path(
        "ansatt/<int:pk>/publiser/<int:task_id>/",
        views.staff_publish_status,
        name="staff-publish-status",
    ),
]
