"""The art. 14 worklist's pages, beside the people's (mounted in config/urls.py)."""

from django.urls import path

from crm.top.notices import views

app_name = "notices"

urlpatterns = [
    path("osoby/do-poinformowania/", views.worklist, name="worklist"),
    path("osoby/do-poinformowania/wyslij/", views.worklist_send, name="worklist_send"),
]
