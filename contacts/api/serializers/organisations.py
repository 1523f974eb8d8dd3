"""Serializers of organisations: the record, and the lookup by NIP, REGON or KRS."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from contacts.models import Organisation, OrganisationKind
from contacts.selectors import accreditations_valid_today, organisations_like
from crm import access
from crm.access import Action
from crm.api.serializers import ModelSerializer
from crm.tags.api import tags_field
from crm.territory.models import Gmina


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
