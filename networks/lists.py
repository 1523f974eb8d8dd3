"""Networks, partnerships and a network's members as lists people can shape
(``NetworksConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crm.lists.registry import ListColumn, ListSpec, register_list


def register() -> None:
    from networks.filters import NetworkFilter, PartnershipFilter

    register_list(
        ListSpec(
            key="networks",
            title=_("Networks"),
            url_name="networks:network_list",
            filterset=NetworkFilter,
            columns=(
                ListColumn("name", _("Name"), fixed=True),
                ListColumn("kind", _("Kind")),
                ListColumn("subregion", _("Subregion")),
                ListColumn("coordinator", _("Coordinator")),
                ListColumn("members", _("Members today")),
                ListColumn("founded_on", _("Founded on")),
            ),
            sorts=(("name", _("Name")), ("founded_on", _("Founded on"))),
        )
    )
    register_list(
        ListSpec(
            key="partnerships",
            title=_("Partnerships"),
            url_name="networks:partnership_list",
            filterset=PartnershipFilter,
            columns=(
                ListColumn("title", _("Title"), fixed=True),
                ListColumn("kind", _("Kind")),
                ListColumn("parties", _("Parties")),
                ListColumn("period", _("Period")),
                ListColumn("value", _("Value")),
                ListColumn("status", _("Status")),
            ),
            sorts=(("starts_on", _("Starts on")), ("ends_on", _("Ends on"))),
        )
    )
    # The members of the network whose page it is: no filters of its own (the page is the
    # filter), so its rows and columns are remembered but no views are saved.
    register_list(
        ListSpec(
            key="network_members",
            title=_("Current members"),
            columns=(
                ListColumn("organisation", _("Organisation"), fixed=True),
                ListColumn("gmina", _("Gmina")),
                ListColumn("role", _("Role")),
                ListColumn("joined_on", _("Joined on")),
            ),
            page_size=50,
        )
    )
