"""Kinds of organisations (PES under the Act of 5 Aug 2022, art. 2 pkt 5, and the rest),
sectors and legal forms."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PES = "pes", _("PES")
    OWES = "owes", _("OWES")
    JST = "jst", _("JST and public institutions")
    BUSINESS = "business", _("business")
    SCIENCE = "science", _("university / research")
    MEDIA = "media", _("media")
    OTHER = "other", _("other")


class OrganisationKind(models.TextChoices):
    # PES under the Act on the social economy of 5 Aug 2022, art. 2 pkt 5 (KGW treated as PES).
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative (spółdzielnia socjalna)")
    WTZ = "wtz", _("occupational therapy workshop (WTZ)")
    ZAZ = "zaz", _("vocational activity centre (ZAZ)")
    CIS = "cis", _("social integration centre (CIS)")
    KIS = "kis", _("social integration club (KIS)")
    WORK_COOPERATIVE = "work_cooperative", _("work cooperative (spółdzielnia pracy)")
    # Named apart in the Act (art. 2 pkt 5 lit. d) and reported apart by the programme.
    INVALIDS_COOPERATIVE = (
        "invalids_cooperative",
        _("cooperative of the disabled (spółdzielnia inwalidów)"),
    )
    BLIND_COOPERATIVE = (
        "blind_cooperative",
        _("cooperative of the blind (spółdzielnia niewidomych)"),
    )
    AGRICULTURAL_COOPERATIVE = "agri_cooperative", _("agricultural production cooperative")
    FOUNDATION = "foundation", _("foundation (fundacja)")
    ASSOCIATION = "association", _("association (stowarzyszenie)")
    CHURCH_ENTITY = "church_entity", _("church legal person (public benefit)")
    JST_ASSOCIATION = "jst_association", _("association of local governments")
    NONPROFIT_COMPANY = "nonprofit_company", _("non-profit company")
    KGW = "kgw", _("rural housewives' circle (KGW)")
    # The rest of the social-economy landscape.
    OWES = "owes", _("social economy support centre (OWES)")
    GMINA = "jst_gmina", _("gmina (local government)")
    POWIAT = "jst_powiat", _("powiat (local government)")
    CITY = "jst_city", _("city with powiat rights")
    VOIVODESHIP = "jst_voivodeship", _("voivodeship self-government")
    SOCIAL_ASSISTANCE = "social_assistance", _("social assistance (OPS, GOPS, MOPS, PCPR, CUS)")
    LABOUR_OFFICE = "labour_office", _("labour office (PUP, WUP)")
    PUBLIC_BODY = "public_body", _("other public body")
    BUSINESS = "business", _("business")
    UNIVERSITY = "university", _("university / research")
    CHURCH = "church", _("church or religious body")
    MEDIA = "media", _("media")
    OTHER = "other", _("other")


PES_KINDS = frozenset(
    {
        OrganisationKind.SOCIAL_COOPERATIVE,
        OrganisationKind.WTZ,
        OrganisationKind.ZAZ,
        OrganisationKind.CIS,
        OrganisationKind.KIS,
        OrganisationKind.WORK_COOPERATIVE,
        OrganisationKind.INVALIDS_COOPERATIVE,
        OrganisationKind.BLIND_COOPERATIVE,
        OrganisationKind.AGRICULTURAL_COOPERATIVE,
        OrganisationKind.FOUNDATION,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.CHURCH_ENTITY,
        OrganisationKind.JST_ASSOCIATION,
        OrganisationKind.NONPROFIT_COMPANY,
        OrganisationKind.KGW,
    }
)
JST_KINDS = frozenset(
    {
        OrganisationKind.GMINA,
        OrganisationKind.POWIAT,
        OrganisationKind.CITY,
        OrganisationKind.VOIVODESHIP,
    }
)
# Units that have no legal personality of their own and are run by an operator.
OPERATED_KINDS = frozenset(
    {OrganisationKind.WTZ, OrganisationKind.ZAZ, OrganisationKind.CIS, OrganisationKind.KIS}
)
# Public bodies: never a PES themselves, and nothing they control may hold the PS status
# (the Act on the social economy, art. 3 ust. 2).
PUBLIC_KINDS = JST_KINDS | {
    OrganisationKind.SOCIAL_ASSISTANCE,
    OrganisationKind.LABOUR_OFFICE,
    OrganisationKind.PUBLIC_BODY,
}
# Who may hold the statutory PS status (the Act, art. 3 ust. 1 pkt 1): the PES of art. 2
# pkt 5 lit. a and d-f, i.e. social cooperatives; work cooperatives, incl. inwalidów and
# niewidomych, and agricultural production cooperatives; NGOs of the public benefit act
# (art. 3 ust. 2): foundations, associations and KGW (an NGO with legal personality once in
# the ARiMR register; ROPS and the voivodes count them so); church legal persons with public
# benefit aims, associations of local governments and non-profit companies (its art. 3 ust. 3
# pkt 1, 2 and 4). Not the reintegration units of lit. b and c (WTZ, ZAZ, CIS, KIS): they have
# no legal personality; their operator may hold the status as the unit's "jednostka tworząca"
# (art. 3 ust. 1 pkt 2), and the operators that may (NGOs, church legal persons) are
# eligible by their own kind, while a JST running a CIS may not (art. 3 ust. 2). Not
# businesses, OWES as such, churches without public benefit aims, or any public body.
PS_ELIGIBLE_KINDS = frozenset(
    {
        OrganisationKind.SOCIAL_COOPERATIVE,
        OrganisationKind.WORK_COOPERATIVE,
        OrganisationKind.INVALIDS_COOPERATIVE,
        OrganisationKind.BLIND_COOPERATIVE,
        OrganisationKind.AGRICULTURAL_COOPERATIVE,
        OrganisationKind.FOUNDATION,
        OrganisationKind.ASSOCIATION,
        OrganisationKind.KGW,
        OrganisationKind.CHURCH_ENTITY,
        OrganisationKind.JST_ASSOCIATION,
        OrganisationKind.NONPROFIT_COMPANY,
    }
)


def sector_of(kind: str) -> str:
    if kind in PES_KINDS:
        return Sector.PES
    if kind == OrganisationKind.OWES:
        return Sector.OWES
    if kind in JST_KINDS or kind in {
        OrganisationKind.SOCIAL_ASSISTANCE,
        OrganisationKind.LABOUR_OFFICE,
        OrganisationKind.PUBLIC_BODY,
    }:
        return Sector.JST
    if kind == OrganisationKind.BUSINESS:
        return Sector.BUSINESS
    if kind == OrganisationKind.UNIVERSITY:
        return Sector.SCIENCE
    if kind == OrganisationKind.MEDIA:
        return Sector.MEDIA
    return Sector.OTHER


class LegalForm(models.TextChoices):
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    COOPERATIVE = "cooperative", _("cooperative")
    FOUNDATION = "foundation", _("foundation")
    ASSOCIATION = "association", _("association")
    ORDINARY_ASSOCIATION = "ordinary_association", _("ordinary association")
    ASSOCIATION_UNION = "association_union", _("union of associations")
    KGW = "kgw", _("rural housewives' circle")
    LIMITED_COMPANY = "limited_company", _("limited liability company")
    JOINT_STOCK_COMPANY = "joint_stock_company", _("joint-stock company")
    SOLE_TRADER = "sole_trader", _("sole trader")
    LOCAL_GOVERNMENT = "local_government", _("local government unit")
    BUDGET_UNIT = "budget_unit", _("budget unit")
    CHURCH_LEGAL_PERSON = "church_legal_person", _("church legal person")
    UNIVERSITY = "university", _("public university")
    NO_LEGAL_PERSONALITY = "no_legal_personality", _("unit without legal personality")
    OTHER = "other", _("other")
