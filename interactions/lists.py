"""The contact log, events and tasks as lists people can shape (``InteractionsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crm.lists.registry import ListColumn, ListSpec, register_list


def register() -> None:
    from interactions.filters import EventFilter, InteractionFilter

    register_list(
        ListSpec(
            key="contact_log",
            title=_("Contacts"),
            url_name="interactions:interaction_list",
            filterset=InteractionFilter,
            columns=(
                ListColumn("subject", _("Subject"), fixed=True),
                ListColumn("when", _("When")),
                ListColumn("kind", _("Kind")),
                ListColumn("organisations", _("Organisations")),
                ListColumn("staff", _("Staff")),
                # Whom a contact was with is personal data: never for viewers.
                ListColumn("people", _("People"), default=False, capability="personal_data.view"),
            ),
            sorts=(("occurred_at", _("When")),),
        )
    )
    register_list(
        ListSpec(
            key="events",
            title=_("Events"),
            url_name="interactions:event_list",
            filterset=EventFilter,
            columns=(
                ListColumn("title", _("Title"), fixed=True),
                ListColumn("date", _("Date")),
                ListColumn("kind", _("Kind")),
                ListColumn("place", _("Place")),
                ListColumn("participants", _("Participants")),
                ListColumn("attended", _("Attended")),
            ),
            sorts=(("starts_on", _("Date")), ("title", _("Title"))),
        )
    )
    register_list(
        ListSpec(
            key="tasks",
            title=_("Tasks"),
            url_name="interactions:followup_list",
            # The tabs (mine, given by me, the team's overdue...) are the list's filter.
            filters=frozenset({"who"}),
            columns=(
                ListColumn("title", _("What to do"), fixed=True),
                ListColumn("due_on", _("Due on")),
                ListColumn("about", _("About")),
                ListColumn("assignee", _("Assignee")),
                ListColumn("given_by", _("Given by")),
            ),
        )
    )
