"""Serializers of the contacts API: explicit fields, validation only; writes go to services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    OrganisationKind,
    OrganisationLink,
    OwesAccreditation,
    Person,
    SocialEnterpriseStatus,
)
from contacts.selectors import accreditations_valid_today, organisations_like
from contacts.services.linking import people_linkable
from crm import access
from crm.access import Action
from crm.api.related import LinkableRelatedField
from crm.api.serializers import ModelSerializer
from crm.tags.api import tags_field
from crm.territory.models import Gmina, Subregion

# --- serializers ---------------------------------------------------------------------------


def _identifier(max_length: int) -> serializers.CharField:
    # Declared by hand: DRF's own unique validator would compare the raw spelling and answer
    # 400; the service normalises first and a taken identifier is then a 409.
    return serializers.CharField(
        max_length=max_length + 10, allow_null=True, allow_blank=True, required=False
    )


class OrganisationSerializer(ModelSerializer[Organisation]):
    tags = tags_field()
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
    serves_subregions = serializers.SerializerMethodField(
        help_text=_("For an OWES: the subregions its accreditations valid today cover.")
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
    confirm_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_(
            "A new organisation whose name (without case, diacritics or quotes) exists in the "
            "same gmina is refused with a 400 whose errors.existing lists the ids of those "
            "organisations; send true to add it all the same. A taken NIP, REGON or KRS is a "
            "409 either way (lookup/ finds who holds it)."
        ),
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "tags",
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
            "confirm_duplicate",
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

    def get_serves_subregions(self, organisation: Organisation) -> list[str]:
        # The list reads them prefetched (the viewset); a single saved row asks once.
        current = getattr(organisation, "accreditations_today", None)
        if current is None:
            if organisation.kind != OrganisationKind.OWES:
                return []
            current = accreditations_valid_today(
                user=self.context["request"].user, organisations=[organisation]
            )
        return sorted({s.slug for a in current for s in a.subregions.all()})

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
        confirmed = attrs.pop("confirm_duplicate", False)
        if self.instance is None and not confirmed:
            _refuse_duplicates(self.context["request"].user, attrs)
        return attrs


def _refuse_duplicates(user: Any, attrs: dict[str, Any]) -> None:
    """A 400 naming the organisations of the same name in the gmina (see the field's help)."""
    found = organisations_like(
        user=user,
        name=attrs.get("name", ""),
        gmina_id=getattr(attrs.get("gmina"), "pk", None),
    )
    if found:
        raise serializers.ValidationError(
            {
                "confirm_duplicate": [
                    gettext(
                        "This organisation may already be recorded: see existing. Send "
                        "confirm_duplicate true if it is another one."
                    )
                ],
                "existing": [str(organisation.pk) for organisation in found],
            }
        )


class OrganisationLookupSerializer(serializers.Serializer[Any]):
    nip = serializers.CharField(required=False)
    regon = serializers.CharField(required=False)
    krs = serializers.CharField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = {key: value for key, value in attrs.items() if value}
        if len(given) != 1:
            raise serializers.ValidationError(gettext("Give exactly one of nip, regon or krs."))
        return given


class AffiliationBriefSerializer(ModelSerializer[Affiliation]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Affiliation
        fields = ["id", "organisation", "organisation_name", "role", "is_primary", "started_on"]
        read_only_fields = fields


class PersonSerializer(ModelSerializer[Person]):
    tags = tags_field()
    current_affiliations = AffiliationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "tags",
            "first_name",
            "last_name",
            "email",
            "phone",
            "legal_basis",
            "source",
            "informed_at",
            "restricted",
            "restricted_at",
            "restriction_reason",
            "anonymised_at",
            "notes",
            "current_affiliations",
            "created_at",
            "updated_at",
        ]
        # Restriction (art. 18 GDPR) has its own action, with its reason: people/{id}/restriction/.
        read_only_fields = [
            "id",
            "restricted",
            "restricted_at",
            "restriction_reason",
            "anonymised_at",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"email": {"validators": []}}


class PersonRestrictionSerializer(serializers.Serializer[Any]):
    restricted = serializers.BooleanField(
        help_text=_("true restricts processing (art. 18 GDPR); false lifts it (managers).")
    )
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text=_("Why processing is restricted; required when restricting."),
    )


class AffiliationSerializer(ModelSerializer[Affiliation]):
    # An OWES partner may tie to their organisations only people already in their reach, or
    # people nothing ties to anyone yet (contacts.services.linking).
    person = LinkableRelatedField(
        queryset=Person.objects.all(),
        linkable=lambda user: people_linkable(user=user),
        refused=_("This person belongs to another subregion: you may not name them here."),
    )

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


class SocialEnterpriseStatusSerializer(ModelSerializer[SocialEnterpriseStatus]):
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


class EmploymentSnapshotSerializer(ModelSerializer[EmploymentSnapshot]):
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


class OwesAccreditationSerializer(ModelSerializer[OwesAccreditation]):
    subregions = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Subregion.objects.all(),
        help_text=_("Slugs of the subregions served: bialostocki, bielski, lomzynski, suwalski."),
    )

    class Meta:
        model = OwesAccreditation
        fields = [
            "id",
            "organisation",
            "decision_number",
            "decision_date",
            "valid_from",
            "valid_to",
            "subregions",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list[Any] = []


class OrganisationLinkSerializer(ModelSerializer[OrganisationLink]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    other_name = serializers.CharField(source="other.name", read_only=True)

    class Meta:
        model = OrganisationLink
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "kind",
            "other",
            "other_name",
            "started_on",
            "ended_on",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "ended_on", "created_at", "updated_at"]
        validators: list[Any] = []


class LinkEndSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField(help_text=_("The first day the tie no longer holds."))


# --- views ---------------------------------------------------------------------------------
