"""The contacts list pages people can shape (registered in ``ContactsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crm.lists.registry import ListColumn, ListSpec, register_list

PERSONAL = "personal_data.view"


def register() -> None:
    from contacts.filters import OrganisationFilter, PersonFilter

    register_list(
        ListSpec(
            key="organisations",
            title=_("Organisations"),
            url_name="contacts:organisation_list",
            filterset=OrganisationFilter,
            columns=(
                ListColumn("name", _("Name"), fixed=True),
                ListColumn("kind", _("Kind")),
                ListColumn("nip", _("NIP")),
                ListColumn("regon", _("REGON"), default=False),
                ListColumn("krs", _("KRS"), default=False),
                ListColumn("town", _("Town, gmina / powiat")),
                ListColumn("subregion", _("Subregion")),
                ListColumn("ps_status", _("PS status")),
                ListColumn("email", _("E-mail"), default=False),
                # Whom to call there: a person's name, so never for viewers.
                ListColumn("contact", _("Primary contact"), default=False, capability=PERSONAL),
                ListColumn("updated_at", _("Changed")),
            ),
            sorts=(
                ("name", _("Name")),
                ("kind", _("Kind")),
                ("town", _("Town")),
                ("updated_at", _("Changed")),
            ),
        )
    )
    register_list(
        ListSpec(
            key="people",
            title=_("People"),
            url_name="contacts:person_list",
            filterset=PersonFilter,
            columns=(
                ListColumn("name", _("Name"), fixed=True),
                ListColumn("organisations", _("Organisation and role")),
                ListColumn("email", _("E-mail")),
                ListColumn("phone", _("Phone")),
                ListColumn("gdpr", _("GDPR")),
            ),
            sorts=(("last_name", _("Last name")), ("updated_at", _("Changed"))),
        )
    )
