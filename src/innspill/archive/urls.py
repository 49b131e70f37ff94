from django.urls import path

from innspill.archive import views
from innspill.inputs.views import source_download
from innspill.limits.decorators import rate_limited

export_limit = rate_limited("export")

app_name = "archive"
urlpatterns = [
    path("", views.input_list, name="input-list"),
    path("innspill/<int:pk>/", views.input_detail, name="input-detail"),
    path("temaer/", views.theme_list, name="theme-list"),
    path("temaer/<slug:key>/", views.theme_detail, name="theme-detail"),
    path("gar-igjen/", views.recurring_list, name="recurring-list"),
    path("kilde/<int:pk>/", source_download, name="source-download"),
    path("eksport.csv", export_limit(views.export), {"fmt": "csv"}, name="export-csv"),
    path("eksport.xlsx", export_limit(views.export), {"fmt": "xlsx"}, name="export-xlsx"),
    path("eksport.json", export_limit(views.export), {"fmt": "json"}, name="export-json"),
    path(
        "ansatt/eksport.csv", export_limit(views.export_all), {"fmt": "csv"}, name="export-all-csv"
    ),
    path(
        "ansatt/eksport.json",
        export_limit(views.export_all),
        {"fmt": "json"},
        name="export-all-json",
    ),
]
