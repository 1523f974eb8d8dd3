"""The public catalogue: listed PES and social enterprises, with nothing about any person.

These reads serve anonymous visitors, so they do not start from ``crm.access.scope`` (which
gives anonymous users nothing) but from ``crm.access.scope_public``: the ``is_public`` flag,
the organisation's own consent, is the scope. Only organisation fields leave this module, and
an organisation e-mail or phone that is also a person's in the database is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Upper
from django.utils import timezone

from contacts.models import (
    PES_KINDS,
    Organisation,
    OrganisationKind,
    Person,
    SocialEnterpriseStatus,
)
from crm import access
from crm.identifiers import format_phone
from crm.territory.models import Gmina
from crm.text import fold
from crm.top.monitoring.indicators.organisations import ps_status_on

# The only organisation fields the catalogue reads (the list query selects no others).
FIELDS = (
    "id",
    "name",
    "kind",
    "offer",
    "website",
    "email",
    "phones",
    "street",
    "postal_code",
    "town",
    "gmina__name",
    "gmina__kind",
    "gmina__powiat__name",
    "gmina__subregion__slug",
    "gmina__subregion__name",
)


@dataclass(frozen=True)
class Entry:
    id: int
    name: str
    kind: str
    kind_label: str
    is_social_enterprise: bool
    offer: str
    website: str
    email: str
    phones: list[str]
    address: str
    gmina: str
    powiat: str
    subregion: str
    subregion_name: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "social_enterprise": self.is_social_enterprise,
            "offer": self.offer,
            "website": self.website,
            "email": self.email,
            "phones": self.phones,
            "address": self.address,
            "gmina": self.gmina,
            "powiat": self.powiat,
            "subregion": self.subregion,
        }


def _holders(day: Any) -> QuerySet[Any]:
    """Ids of the organisations holding status PS on ``day``, as ``ps_status_on`` decides.

    As ``pk__in`` PostgreSQL hashes them once. As ``OR EXISTS (...)`` it priced a probe per
    organisation, which lifted each of the catalogue's three queries over ``jit_above_cost``:
    0.5-0.75 s of JIT compilation each for a 0.1 s scan.
    """
    held = SocialEnterpriseStatus.objects.filter(granted_on__lte=day).filter(
        Q(lost_on__isnull=True) | Q(lost_on__gt=day)
    )
    if day > SocialEnterpriseStatus.LEGACY_EXPIRY:
        held = held.filter(kind=SocialEnterpriseStatus.Kind.STATUTORY)
    return held.values("organisation_id")


def listed() -> QuerySet[Organisation]:
    """Organisations that agreed to be listed: PES or holders of status PS, not closed."""
    today = timezone.localdate()
    enterprise = ps_status_on(today, statutory_only=False)
    return (
        access.scope_public(Organisation.objects.all())
        .filter(Q(kind__in=sorted(PES_KINDS)) | Q(pk__in=_holders(today)))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .annotate(is_enterprise=enterprise)
    )


def catalogue_search(
    *,
    subregion: str | None = None,
    kind: str | None = None,
    offer: str | None = None,
    query: str | None = None,
) -> QuerySet[Organisation]:
    """The listed organisations matching the filters, by name; ``query`` searches names and
    offers without regard to case or Polish diacritics."""
    entries = listed()
    if subregion:
        entries = entries.filter(gmina__subregion__slug=subregion)
    if kind:
        entries = entries.filter(kind=kind)
    for text, in_names in ((offer, False), (query, True)):
        for typed in (text or "").split():
            word = fold(typed)
            if not word:
                continue
            # Offers are free text with diacritics: match the word as typed and folded.
            matches = Q(offer__icontains=typed) | Q(offer__icontains=word)
            if in_names:
                matches |= Q(search_name__contains=word)
            entries = entries.filter(matches)
    return entries.order_by("name", "pk")


def entries(organisations: QuerySet[Organisation]) -> list[Entry]:
    """The public view of a page of listed organisations: three queries, whatever the size."""
    rows = list(organisations.values(*FIELDS, "is_enterprise"))
    # Whether an e-mail is some person's (any case), for the page's e-mails only: a check per
    # organisation in the list query hashed every person's e-mail for each page.
    emails = sorted({row["email"].upper() for row in rows if row["email"]})
    personal_emails = set(
        access.scope_statistics(
            Person.objects.annotate(upper_email=Upper("email")).filter(upper_email__in=emails)
        ).values_list("upper_email", flat=True)
    )
    phones = {p for row in rows for p in row["phones"] or []}
    # Whether a phone is some person's: a yes or no that withholds it, never a person's row.
    personal_phones = set(
        access.scope_statistics(Person.objects.filter(phone__in=sorted(phones))).values_list(
            "phone", flat=True
        )
    )
    labels = dict(OrganisationKind.choices)
    out = []
    for row in rows:
        address = ", ".join(
            part for part in (row["street"], f"{row['postal_code']} {row['town']}".strip()) if part
        )
        out.append(
            Entry(
                id=row["id"],
                name=row["name"],
                kind=row["kind"],
                kind_label=str(labels.get(row["kind"], row["kind"])),
                is_social_enterprise=bool(row["is_enterprise"]),
                offer=row["offer"],
                website=row["website"],
                email="" if row["email"].upper() in personal_emails else row["email"],
                phones=[format_phone(p) for p in row["phones"] or [] if p not in personal_phones],
                address=address,
                gmina=Gmina.label(row["gmina__name"], row["gmina__kind"])
                if row["gmina__name"]
                else "",
                powiat=row["gmina__powiat__name"] or "",
                subregion=row["gmina__subregion__slug"] or "",
                subregion_name=row["gmina__subregion__name"] or "",
            )
        )
    return out


def catalogue_entry(pk: int) -> Entry | None:
    """One listed organisation, or None when it is not (or no longer) listed."""
    found = entries(listed().filter(pk=pk))
    return found[0] if found else None


def catalogue_kinds() -> list[tuple[str, str]]:
    """The kinds that appear in the catalogue, for the filter (one query)."""
    # order_by(): the model's ordering would make it DISTINCT (kind, name, id), every row.
    present = set(listed().order_by().values_list("kind", flat=True).distinct())
    return [(k, str(label)) for k, label in OrganisationKind.choices if k in present]
