"""What the FilterSets of rows that belong to one organisation share.

A module of its own so that the subject modules (statuses, ties, people) need not import one
another for it.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from crm.filters import ChangedSinceFilterSet, IdFilter
from crm.territory.models import Subregion


class OrganisationChildFilter(ChangedSinceFilterSet):
    """Shared by rows that belong to one organisation (PS statuses, employment, affiliations)."""

    organisation = IdFilter(field_name="organisation_id", label=_("organisation"))
    subregion = django_filters.ModelChoiceFilter(
        field_name="organisation__gmina__subregion",
        to_field_name="slug",
        queryset=Subregion.objects.all(),
        label=_("subregion"),
    )
