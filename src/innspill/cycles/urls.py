from django.urls import path

from innspill.cycles import views

app_name = "cycles"
urlpatterns = [
    path("sykluser/", views.cycle_list, name="cycle-list"),
    path("sykluser/ny/", views.cycle_create, name="cycle-create"),
    path("sykluser/<int:pk>/", views.cycle_edit, name="cycle-edit"),
]
