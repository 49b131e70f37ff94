from django.urls import path

from innspill.limits.decorators import rate_limited
from innspill.surveys import views

app_name = "surveys"
urlpatterns = [
    path("svar/<str:token>/", rate_limited("survey")(views.answer), name="answer"),
    path("takk/", views.thanks, name="thanks"),
    path("<int:year>/", views.public_summary, name="public"),
    path("ansatt/", views.survey_list, name="list"),
    path("ansatt/ny/", views.survey_create, name="create"),
    path("ansatt/<int:pk>/", views.builder, name="builder"),
    path("ansatt/<int:pk>/send/", views.send, name="send"),
    path("ansatt/<int:pk>/sporsmal/<int:qid>/flytt/", views.question_move, name="question-move"),
    path(
        "ansatt/<int:pk>/sporsmal/<int:qid>/fjern/", views.question_remove, name="question-remove"
    ),
    path("ansatt/<int:pk>/statistikk/", views.statistics, name="statistics"),
    path(
        "ansatt/<int:pk>/kommentar/<int:aid>/kategori/",
        views.comment_category,
        name="comment-category",
    ),
    path("ansatt/<int:pk>/lagre-tall/", views.store_result, name="store-result"),
    path("ansatt/<int:pk>/eksport.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("ansatt/<int:pk>/eksport.xlsx", views.export, {"fmt": "xlsx"}, name="export-xlsx"),
]
