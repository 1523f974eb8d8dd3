"""django-import-export resource for network memberships, keyed by natural keys.

The organisation is found by its NIP, REGON or KRS (whichever the row has), the network by its
name, and a membership by organisation + network + joining day, never by database ids. Dates
are read as ``dd.mm.yyyy``, ISO or Excel serial numbers and written as ISO.
``crm.top.imports.memberships`` is the checked, all-or-nothing import path for whole lists.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from contacts.models import Organisation
from crm.cells import parse_date
from crm.exports.resources import FormulaSafeMixin
from crm.identifiers import normalise_krs, normalise_nip, normalise_regon
from networks.models import Membership, Network

KEYS = (
    ("organisation_nip", "nip", normalise_nip),
    ("organisation_regon", "regon", normalise_regon),
    ("organisation_krs", "krs", normalise_krs),
)


class OrganisationKeyWidget(widgets.ForeignKeyWidget):
    """The organisation by NIP, else REGON, else KRS (the row's other key columns)."""

    def __init__(self) -> None:
        super().__init__(Organisation, field="nip")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Organisation | None:
        row = row or {}
        for column, key, normalise in KEYS:
            raw = value if column == "organisation_nip" else row.get(column)
            if raw in (None, ""):
                continue
            found = Organisation.objects.filter(**{key: normalise(raw)}).first()
            if found is None:
                raise ValueError(
                    _("No organisation has %(key)s %(value)s") % {"key": key.upper(), "value": raw}
                )
            return found
        raise ValueError(_("No NIP, REGON or KRS (brak identyfikatora)"))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return (value.nip or "") if value else ""


class FlexibleDateWidget(widgets.DateWidget):
    """``dd.mm.yyyy``, ISO or an Excel serial number in; ISO out."""

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            raise ValueError(_("Not a date: %(v)s") % {"v": value}) from error


class MembershipResource(FormulaSafeMixin, resources.ModelResource):
    organisation = fields.Field(
        attribute="organisation", column_name="organisation_nip", widget=OrganisationKeyWidget()
    )
    organisation_regon = fields.Field(
        attribute="organisation__regon", column_name="organisation_regon", readonly=True
    )
    organisation_krs = fields.Field(
        attribute="organisation__krs", column_name="organisation_krs", readonly=True
    )
    organisation_name = fields.Field(
        attribute="organisation__name", column_name="organisation", readonly=True
    )
    network = fields.Field(
        attribute="network",
        column_name="network",
        widget=widgets.ForeignKeyWidget(Network, field="name"),
    )
    joined_on = fields.Field(
        attribute="joined_on", column_name="joined_on", widget=FlexibleDateWidget()
    )
    left_on = fields.Field(attribute="left_on", column_name="left_on", widget=FlexibleDateWidget())

    class Meta:
        model = Membership
        fields = (
            "organisation", "organisation_regon", "organisation_krs", "organisation_name",
            "network", "joined_on", "left_on", "left_reason", "role", "source",
        )  # fmt: skip
        export_order = fields
        import_id_fields = ("organisation", "network", "joined_on")
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self) -> Any:
        return Membership.objects.select_related("organisation", "network")

    def before_save_instance(self, instance: Membership, row: Any, **kwargs: Any) -> None:
        # The model's checks and constraints (one open period, no overlap) before the insert.
        instance.full_clean()
