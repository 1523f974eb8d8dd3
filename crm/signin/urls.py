from django.urls import path

from crm.signin import views

app_name = "signin"
urlpatterns = [
    path("dwuetapowe/", views.two_factor_setup, name="two_factor_setup"),
    path("dwuetapowe/kod/", views.two_factor_verify, name="two_factor_verify"),
    path("dwuetapowe/wylacz/", views.two_factor_remove, name="two_factor_remove"),
    path("tokeny-api/", views.api_tokens, name="api_tokens"),
]
