"""The territory pages: subregions with their gminas; administrators move a gmina."""

from django.urls import path

from crm.territory import views

urlpatterns = [
    path("teren/", views.territory, name="territory"),
    path("teren/gminy/<int:pk>/", views.gmina_move, name="territory_gmina_move"),
]
