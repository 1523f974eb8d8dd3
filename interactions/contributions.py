"""What interactions adds to the contacts pages: the organisation page's recent contacts
(registered in ``InteractionsConfig.ready``; contacts never imports interactions)."""

from __future__ import annotations

from typing import Any

from contacts.extensions import OrganisationSection, register_organisation_section
from crm import access
from interactions.selectors import newest_interactions

RECENT_INTERACTIONS = 10


def _contacts_section(user: Any, organisation: Any) -> dict[str, Any] | None:
    if not access.has_capability(user, "personal_data.view"):
        return None
    return {
        "interactions": newest_interactions(
            user=user, organisation=organisation, limit=RECENT_INTERACTIONS
        )
    }


def register() -> None:
    register_organisation_section(
        OrganisationSection(
            "contacts", "interactions/_organisation_contacts.html", _contacts_section
        )
    )
