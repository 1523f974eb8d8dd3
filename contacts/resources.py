"""django-import-export resources for organisations, people and affiliations.

They drive the admin's import / export buttons and every list's CSV / XLSX export. Natural
keys (NIP, TERC code, e-mail) are the import ids, never database ids. The partner-list pipeline
in ``crm.top.imports`` goes further (staging, matching, preview, provenance) and does not use them.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources, widgets

from contacts.models import Affiliation, Organisation, Person
from crm.exports.resources import FormulaSafeMixin
from crm.territory.models import Gmina


class PhonesWidget(widgets.Widget):
    """A list of phones as one cell: ``+48856821122, +48856821123``."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        from crm.identifiers import split_phones

        return split_phones(value) if value else []

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return ", ".join(value or [])


class OrganisationResource(FormulaSafeMixin, resources.ModelResource):
    gmina = fields.Field(
        attribute="gmina",
        column_name="gmina_terc",
        widget=widgets.ForeignKeyWidget(Gmina, field="code"),
    )
    gmina_name = fields.Field(attribute="gmina__name", column_name="gmina", readonly=True)
    phones = fields.Field(attribute="phones", column_name="phones", widget=PhonesWidget())

    class Meta:
        model = Organisation
        fields = (
            "id", "name", "short_name", "kind", "legal_form", "nip", "regon", "krs",
            "kgw_number", "street", "postal_code", "town", "gmina", "gmina_name", "email",
            "phones", "website", "is_public", "founded_on", "closed_on",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ("nip",)
        skip_unchanged = True
        report_skipped = False

    def before_save_instance(self, instance: Organisation, row: Any, **kwargs: Any) -> None:
        instance.full_clean(exclude=["gmina"])


class PersonResource(FormulaSafeMixin, resources.ModelResource):
    access_log_people = "pk"  # each exported person is recorded as seen (crm.audit.access_log)

    class Meta:
        model = Person
        fields = (
            "id", "first_name", "last_name", "email", "phone", "legal_basis", "source",
            "informed_at", "restricted",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ("email",)
        skip_unchanged = True


class AffiliationResource(FormulaSafeMixin, resources.ModelResource):
    access_log_people = "person"
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation_nip",
        widget=widgets.ForeignKeyWidget(Organisation, field="nip"),
    )
    organisation_name = fields.Field(
        attribute="organisation__name", column_name="organisation", readonly=True
    )
    person = fields.Field(
        attribute="person",
        column_name="person_email",
        widget=widgets.ForeignKeyWidget(Person, field="email"),
    )
    person_name = fields.Field(column_name="person", readonly=True)

    class Meta:
        model = Affiliation
        fields = (
            "id", "organisation", "organisation_name", "person", "person_name", "role",
            "started_on", "ended_on", "is_primary",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ("organisation", "person", "role")
        skip_unchanged = True

    def dehydrate_person_name(self, affiliation: Affiliation) -> str:
        return str(affiliation.person)
