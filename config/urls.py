"""Every app's pages and API are wired here: config stands above every floor."""

from django.contrib import admin
from django.urls import include, path

from crm import views as crm_views
from crm.top.dashboard.views import home

urlpatterns = [
    path("healthz", crm_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("konto/", include("crm.signin.urls")),
    path("api/", include("config.api")),
    path("", home, name="home"),
    path("", include("crm.top.notices.urls")),
    path("", include("contacts.urls")),
    path("", include("networks.urls")),
    path("", include("interactions.urls")),
    path("import/", include("crm.top.imports.urls")),
    path("", include("crm.top.monitoring.urls")),
    path("", include("crm.territory.urls")),
    path("", include("crm.exports.urls")),
    path("", include("crm.top.mailing.urls")),
    path("", include("crm.audit.urls")),
    path("", include("crm.top.retention.urls")),
    path("", include("crm.tags.urls")),
    path("", include("crm.lists.urls")),
    path("", include("crm.top.selection.urls")),
    path("", include("crm.top.search.urls")),
    path("", include("crm.documents.urls")),
]

# MEDIA_ROOT is never served, not even with DEBUG: it holds uploaded import files, exports
# and attached documents, each downloaded through a view that checks who may see it.

handler404 = "crm.api.views.page_not_found"
