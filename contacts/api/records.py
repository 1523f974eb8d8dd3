"""API for organisations, people, affiliations, PS statuses and employment snapshots (the
ties between organisations and OWES accreditations are in ``contacts.api.ties``).

Thin: serializers validate the payload, the contacts services write, the selectors read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from contacts import selectors, services
from contacts.api.serializers import (
    AffiliationEndSerializer,
    AffiliationSerializer,
    EmploymentSnapshotSerializer,
    OrganisationLookupSerializer,
    OrganisationSerializer,
    PersonRestrictionSerializer,
    PersonSerializer,
    SocialEnterpriseStatusSerializer,
    StatusLoseSerializer,
)
from contacts.filters import (
    AffiliationFilter,
    EmploymentSnapshotFilter,
    OrganisationFilter,
    PersonFilter,
    SocialEnterpriseStatusFilter,
)
from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    Person,
    SocialEnterpriseStatus,
)
from crm.access import Action
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)
from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.identifiers import normalise_krs, normalise_nip, normalise_regon
from crm.tags.api import TagWritesMixin, tags_prefetch


def _deleted(summary: Any, description: Any, tags: list[str]) -> Any:
    """The schema of a delete: managers and administrators only; 409 when records need it."""
    return extend_schema(
        summary=summary,
        description=description,
        responses={204: OpenApiResponse(description=_("Deleted (its field history is kept)."))},
        tags=tags,
    )


_TAG_ORG = ["organisations"]
_TAG_PEOPLE = ["people"]


@extend_schema_view(
    list=extend_schema(
        summary=_("List organisations"),
        description=_(
            "Filter by kind, legal form, sector, territory, network membership, PS status, "
            "activity and dates; ?search= matches the name without regard to case or Polish "
            "letters, a NIP / REGON / KRS in any spelling, or the town."
        ),
        tags=_TAG_ORG,
    ),
    retrieve=extend_schema(summary=_("One organisation"), tags=_TAG_ORG),
    create=extend_schema(summary=_("Add an organisation"), tags=_TAG_ORG),
    update=extend_schema(summary=_("Change an organisation"), tags=_TAG_ORG),
    partial_update=extend_schema(summary=_("Change some fields of an organisation"), tags=_TAG_ORG),
    destroy=_deleted(
        _("Delete an organisation"),
        _(
            "Managers and administrators only. Refused with 409 when any record refers to it "
            "(memberships, partnerships, interactions, people, statuses, ...): record that it "
            "closed instead, or merge it into its duplicate."
        ),
        _TAG_ORG,
    ),
)
class OrganisationViewSet(
    TagWritesMixin, ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    export_name = "organisations"

    def get_queryset(self) -> QuerySet[Organisation]:
        today = selectors.accreditations_valid_today(user=self.request.user)
        return selectors.organisation_list(user=self.request.user).prefetch_related(
            Prefetch("accreditations", queryset=today, to_attr="accreditations_today"),
            tags_prefetch(),
        )

    def service_create(self, data: dict[str, Any]) -> Organisation:
        name = data.pop("name")
        kind = data.pop("kind")
        return services.organisation_create(actor=self.request.user, name=name, kind=kind, **data)

    def service_update(self, instance: Organisation, data: dict[str, Any]) -> Organisation:
        return services.organisation_update(actor=self.request.user, organisation=instance, **data)

    def service_delete(self, instance: Organisation) -> None:
        services.organisation_delete(actor=self.request.user, organisation=instance)

    @extend_schema(
        summary=_("Find an organisation by NIP, REGON or KRS"),
        description=_("The identifier is normalised first: dashes, spaces, PL, missing zeros."),
        parameters=[
            OpenApiParameter("nip", OpenApiTypes.STR, description=_("NIP in any spelling")),
            OpenApiParameter("regon", OpenApiTypes.STR, description=_("REGON, 9 or 14 digits")),
            OpenApiParameter("krs", OpenApiTypes.STR, description=_("KRS, leading zeros optional")),
        ],
        responses={200: OrganisationSerializer},
        tags=_TAG_ORG,
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="lookup")
    def lookup(self, request: Request) -> Response:
        params = OrganisationLookupSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        [(field, value)] = params.validated_data.items()
        normalise = {"nip": normalise_nip, "regon": normalise_regon, "krs": normalise_krs}[field]
        try:
            value = normalise(value)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({field: error.messages}) from error
        organisation = self.get_queryset().filter(**{field: value}).first()
        if organisation is None:
            raise exceptions.NotFound(gettext("No organisation with this identifier."))
        return Response(self.get_serializer(organisation).data)


@extend_schema_view(
    list=extend_schema(summary=_("List people"), tags=_TAG_PEOPLE),
    retrieve=extend_schema(summary=_("One person"), tags=_TAG_PEOPLE),
    create=extend_schema(summary=_("Add a person"), tags=_TAG_PEOPLE),
    update=extend_schema(summary=_("Change a person"), tags=_TAG_PEOPLE),
    partial_update=extend_schema(summary=_("Change some fields of a person"), tags=_TAG_PEOPLE),
    destroy=_deleted(
        _("Delete a person"),
        _(
            "Managers and administrators only, for a person entered by mistake. Refused with "
            "409 when any record refers to them (affiliations, interactions, events, ...): "
            "anonymise them instead."
        ),
        _TAG_PEOPLE,
    ),
)
class PersonViewSet(
    TagWritesMixin, ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    export_name = "people"
    access_actions = {"restriction": Action.CHANGE}

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.person_list(user=self.request.user).prefetch_related(tags_prefetch())

    def paginate_queryset(self, queryset: Any) -> Any:
        # Who saw whom (crm.audit.access_log): the people of the page served, in one INSERT.
        page = super().paginate_queryset(queryset)
        if page is not None:
            ids = [p.pk for p in page]
            access_log_write(user=self.request.user, person_ids=ids, what=AccessLog.What.API_LIST)
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        access_log_write(user=request.user, person_ids=[person.pk], what=AccessLog.What.API)
        return Response(self.get_serializer(person).data)

    def service_create(self, data: dict[str, Any]) -> Person:
        last_name = data.pop("last_name")
        return services.person_create(actor=self.request.user, last_name=last_name, **data)

    def service_update(self, instance: Person, data: dict[str, Any]) -> Person:
        return services.person_update(actor=self.request.user, person=instance, **data)

    def service_delete(self, instance: Person) -> None:
        services.person_delete(actor=self.request.user, person=instance)

    @extend_schema(
        summary=_("Restrict processing of a person's data, or lift the restriction"),
        description=_(
            "Art. 18 GDPR: a restricted person is stored only. They are left out of lists, "
            "searches and exports for everyone but managers and administrators, and nothing "
            "new is recorded about them. Restricting needs a reason; only managers and "
            "administrators lift a restriction."
        ),
        request=PersonRestrictionSerializer,
        responses={200: PersonSerializer},
        tags=_TAG_PEOPLE,
    )
    @action(detail=True, methods=["post"], url_path="restriction")
    def restriction(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        payload = PersonRestrictionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = services.person_restrict(
            actor=request.user, person=person, **payload.validated_data
        )
        return Response(self.output(person))

    @extend_schema(
        summary=_("Everything held about a person (art. 15 GDPR)"),
        description=_(
            "The person, their change history and every record that refers to them, as the "
            "page's JSON file. Managers and administrators; an OWES partner only for a person "
            "tied to an organisation of their subregions."
        ),
        responses={200: OpenApiTypes.OBJECT},
        tags=_TAG_PEOPLE,
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="export")
    def export(self, request: Request, pk: str | None = None) -> Response:
        return Response(services.person_export(actor=request.user, person=self.get_object()))


@extend_schema_view(
    list=extend_schema(summary=_("List affiliations (person ↔ organisation)"), tags=_TAG_PEOPLE),
    retrieve=extend_schema(summary=_("One affiliation"), tags=_TAG_PEOPLE),
    create=extend_schema(summary=_("Tie a person to an organisation"), tags=_TAG_PEOPLE),
    destroy=_deleted(
        _("Delete a mistaken affiliation"),
        _("Managers and administrators only. An affiliation that ended is ended, not deleted."),
        _TAG_PEOPLE,
    ),
)
class AffiliationViewSet(ServiceCreateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
    queryset = Affiliation.objects.all()
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilter
    access_actions = {"end": Action.CHANGE}

    def service_create(self, data: dict[str, Any]) -> Affiliation:
        return services.affiliation_create(actor=self.request.user, **data)

    def service_delete(self, instance: Affiliation) -> None:
        services.affiliation_delete(actor=self.request.user, affiliation=instance)

    @extend_schema(
        summary=_("End an affiliation"),
        request=AffiliationEndSerializer,
        responses={200: AffiliationSerializer},
        tags=_TAG_PEOPLE,
    )
    @action(detail=True, methods=["post"], url_path="end")
    def end(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services.affiliation_end, "affiliation", AffiliationEndSerializer)


@extend_schema_view(
    list=extend_schema(summary=_("List social enterprise (PS) statuses"), tags=_TAG_ORG),
    retrieve=extend_schema(summary=_("One PS status"), tags=_TAG_ORG),
    create=extend_schema(summary=_("Record a granted PS status"), tags=_TAG_ORG),
    destroy=_deleted(
        _("Delete a mistaken PS status"),
        _(
            "Managers and administrators only, to correct an entry made by mistake; a status "
            "that was lost is recorded with the lose action."
        ),
        _TAG_ORG,
    ),
)
class SocialEnterpriseStatusViewSet(ServiceCreateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
    queryset = SocialEnterpriseStatus.objects.all()
    serializer_class = SocialEnterpriseStatusSerializer
    filterset_class = SocialEnterpriseStatusFilter
    access_actions = {"lose": Action.CHANGE}

    def service_create(self, data: dict[str, Any]) -> SocialEnterpriseStatus:
        return services.ps_status_grant(actor=self.request.user, **data)

    def service_delete(self, instance: SocialEnterpriseStatus) -> None:
        services.ps_status_delete(actor=self.request.user, status=instance)

    @extend_schema(
        summary=_("Record that a PS status was lost"),
        request=StatusLoseSerializer,
        responses={200: SocialEnterpriseStatusSerializer},
        tags=_TAG_ORG,
    )
    @action(detail=True, methods=["post"], url_path="lose")
    def lose(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services.ps_status_lose, "status", StatusLoseSerializer)


@extend_schema_view(
    list=extend_schema(summary=_("List employment snapshots"), tags=_TAG_ORG),
    retrieve=extend_schema(summary=_("One employment snapshot"), tags=_TAG_ORG),
    create=extend_schema(
        summary=_("Record employment on a date"),
        description=_("A second snapshot for the same organisation and date corrects the first."),
        tags=_TAG_ORG,
    ),
    destroy=_deleted(
        _("Delete an employment snapshot"),
        _("Managers and administrators only."),
        _TAG_ORG,
    ),
)
class EmploymentSnapshotViewSet(ServiceCreateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
    queryset = EmploymentSnapshot.objects.all()
    serializer_class = EmploymentSnapshotSerializer
    filterset_class = EmploymentSnapshotFilter

    def service_create(self, data: dict[str, Any]) -> EmploymentSnapshot:
        return services.employment_record(actor=self.request.user, **data)

    def service_delete(self, instance: EmploymentSnapshot) -> None:
        services.employment_delete(actor=self.request.user, snapshot=instance)
