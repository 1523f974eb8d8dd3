"""The REST API: one router for /api/v1/, and the OpenAPI schema and docs beside it.

Every resource's viewset is registered here (one line each); the viewsets live in each app's
``api.py`` and the shared pieces in ``crm/api/``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from contacts.api import (
    AffiliationViewSet,
    EmploymentSnapshotViewSet,
    OrganisationLinkViewSet,
    OrganisationViewSet,
    OwesAccreditationViewSet,
    PersonViewSet,
    SocialEnterpriseStatusViewSet,
)
from contacts.timeline.api import OrganisationTimelineViewSet
from crm.api.territory import GminaViewSet, PowiatViewSet, SubregionViewSet, UserViewSet
from crm.exports.api import ExportJobViewSet, register_api_exports
from crm.lists.api import SavedViewViewSet
from crm.top.imports.api import ImportBatchViewSet
from interactions.api import (
    EventViewSet,
    FollowUpViewSet,
    InteractionViewSet,
    ParticipationViewSet,
)
from networks.api import (
    MembershipViewSet,
    NetworkViewSet,
    OrganisationMembershipViewSet,
    PartnershipViewSet,
)

router = DefaultRouter()
# One spelling per route: no ".json" twins to document, test and keep in step.
router.include_format_suffixes = False

router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("affiliations", AffiliationViewSet, basename="affiliation")
router.register("social-enterprise-statuses", SocialEnterpriseStatusViewSet, basename="ps-status")
router.register("employment-snapshots", EmploymentSnapshotViewSet, basename="employment")
router.register("owes-accreditations", OwesAccreditationViewSet, basename="owes-accreditation")
router.register("organisation-links", OrganisationLinkViewSet, basename="organisation-link")
router.register(
    r"organisations/(?P<organisation_pk>[^/]+)/members-of",
    OrganisationMembershipViewSet,
    basename="organisation-members-of",
)
router.register(
    r"organisations/(?P<organisation_pk>[^/]+)/timeline",
    OrganisationTimelineViewSet,
    basename="organisation-timeline",
)
router.register("networks", NetworkViewSet, basename="network")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("interactions", InteractionViewSet, basename="interaction")
router.register("events", EventViewSet, basename="event")
router.register("participations", ParticipationViewSet, basename="participation")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("subregions", SubregionViewSet, basename="subregion")
router.register("powiats", PowiatViewSet, basename="powiat")
router.register("gminas", GminaViewSet, basename="gmina")
router.register("users", UserViewSet, basename="user")
router.register("imports", ImportBatchViewSet, basename="import-batch")
router.register("saved-views", SavedViewViewSet, basename="saved-view")
router.register("exports", ExportJobViewSet, basename="export-job")
# The list endpoints whose viewset names its export (export_name) can be exported over the API.
register_api_exports(router.registry)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
