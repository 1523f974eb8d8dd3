"""API for organisations, people, affiliations, PS statuses and employment snapshots.

Thin: serializers validate the payload, the contacts services write, the selectors read.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from contacts import selectors, services
from contacts.filters import (
    AffiliationFilter,
    EmploymentSnapshotFilter,
    OrganisationFilter,
    PersonFilter,
    SocialEnterpriseStatusFilter,
)
from contacts.identifiers import normalise_krs, normalise_nip, normalise_regon
from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    Person,
    SocialEnterpriseStatus,
)
from crm import access
from crm.access import Action
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)
from crm.territory.models import Gmina

# --- serializers ---------------------------------------------------------------------------


def _identifier(max_length: int) -> serializers.CharField:
    # Declared by hand: DRF's own unique validator would compare the raw spelling and answer
    # 400; the service normalises first and a taken identifier is then a 409.
    return serializers.CharField(
        max_length=max_length + 10, allow_null=True, allow_blank=True, required=False
    )


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    gmina = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Gmina.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("Gmina TERC code (7 digits)."),
    )
    powiat = serializers.SerializerMethodField(help_text=_("Powiat TERC code, from the gmina."))
    subregion = serializers.SerializerMethodField(help_text=_("Subregion slug, from the gmina."))
    sector = serializers.CharField(read_only=True)
    serves_subregions: serializers.Field[Any, Any, Any, Any] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    operator = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    nip = _identifier(10)
    regon = _identifier(14)
    krs = _identifier(10)
    kgw_number = _identifier(32)
    phones = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=20
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "legal_form",
            "sector",
            "nip",
            "regon",
            "krs",
            "kgw_number",
            "operator",
            "street",
            "postal_code",
            "town",
            "gmina",
            "powiat",
            "subregion",
            "email",
            "phones",
            "website",
            "offer",
            "is_public",
            "serves_subregions",
            "founded_on",
            "closed_on",
            "notes",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_by", "created_at", "updated_at"]
        validators: list[Any] = []

    def get_powiat(self, organisation: Organisation) -> str | None:
        return organisation.gmina.powiat.code if organisation.gmina else None

    def get_subregion(self, organisation: Organisation) -> str | None:
        gmina = organisation.gmina
        return gmina.subregion.slug if gmina and gmina.subregion else None

    def validate_gmina(self, gmina: Gmina | None) -> Gmina | None:
        """An OWES partner may not place (or move) an organisation outside their subregions."""
        user = self.context["request"].user
        if not access.can(user, Action.ADD, Organisation(gmina=gmina)):
            raise exceptions.PermissionDenied(
                gettext("You may not place an organisation in a gmina outside your subregions.")
            )
        return gmina

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for field in ("nip", "regon", "krs", "kgw_number"):
            if field in attrs and not attrs[field]:
                attrs[field] = None
        return attrs


class OrganisationLookupSerializer(serializers.Serializer[Any]):
    nip = serializers.CharField(required=False)
    regon = serializers.CharField(required=False)
    krs = serializers.CharField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = {key: value for key, value in attrs.items() if value}
        if len(given) != 1:
            raise serializers.ValidationError(gettext("Give exactly one of nip, regon or krs."))
        return given


class AffiliationBriefSerializer(serializers.ModelSerializer[Affiliation]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Affiliation
        fields = ["id", "organisation", "organisation_name", "role", "is_primary", "started_on"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer[Person]):
    current_affiliations = AffiliationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "legal_basis",
            "source",
            "informed_at",
            "restricted",
            "anonymised_at",
            "notes",
            "current_affiliations",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "anonymised_at", "created_at", "updated_at"]
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"email": {"validators": []}}


class AffiliationSerializer(serializers.ModelSerializer[Affiliation]):
    class Meta:
        model = Affiliation
        fields = [
            "id",
            "person",
            "organisation",
            "role",
            "started_on",
            "ended_on",
            "is_primary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "ended_on", "created_at", "updated_at"]
        validators: list[Any] = []


class AffiliationEndSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()


class SocialEnterpriseStatusSerializer(serializers.ModelSerializer[SocialEnterpriseStatus]):
    class Meta:
        model = SocialEnterpriseStatus
        fields = [
            "id",
            "organisation",
            "kind",
            "decision_number",
            "decision_date",
            "granted_on",
            "lost_on",
            "purpose",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "lost_on", "created_at", "updated_at"]
        validators: list[Any] = []


class StatusLoseSerializer(serializers.Serializer[Any]):
    lost_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=100, required=False, allow_blank=True)


class EmploymentSnapshotSerializer(serializers.ModelSerializer[EmploymentSnapshot]):
    class Meta:
        model = EmploymentSnapshot
        fields = [
            "id",
            "organisation",
            "as_of",
            "employees",
            "employees_at_risk",
            "fte",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []


# --- views ---------------------------------------------------------------------------------


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
    ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisation_list(user=self.request.user).prefetch_related(
            "serves_subregions"
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
class PersonViewSet(ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.person_list(user=self.request.user)

    def service_create(self, data: dict[str, Any]) -> Person:
        last_name = data.pop("last_name")
        return services.person_create(actor=self.request.user, last_name=last_name, **data)

    def service_update(self, instance: Person, data: dict[str, Any]) -> Person:
        return services.person_update(actor=self.request.user, person=instance, **data)

    def service_delete(self, instance: Person) -> None:
        services.person_delete(actor=self.request.user, person=instance)


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
        affiliation = self.get_object()
        payload = AffiliationEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        affiliation = services.affiliation_end(
            actor=request.user, affiliation=affiliation, **payload.validated_data
        )
        return Response(self.output(affiliation))


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
        status = self.get_object()
        payload = StatusLoseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        status = services.ps_status_lose(
            actor=request.user, status=status, **payload.validated_data
        )
        return Response(self.output(status))


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
