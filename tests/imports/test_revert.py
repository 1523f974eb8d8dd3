"""A revert that never dead-ends: it names the records changed since the import with their
fields, compares values (a value put back by hand unblocks it), and can revert everything else
keeping the changed records, saying so on the page and in the action log."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from contacts.models import Affiliation, Organisation, Person
from contacts.services import organisation_update
from crm.audit.models import ActionLog
from crm.top.imports.models import ImportBatch
from crm.top.imports.services import RevertRefused, import_batch_revert
from tests.contacts.factories import PersonFactory
from tests.imports.conftest import EXPECTED, run
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db
ZUBR = "9720078986"  # created with its contact person, Anna Łukaszuk
DROHICZYN = "7291109046"


def org(nip: str) -> Organisation:
    return Organisation.objects.get(nip=nip)


def test_a_value_put_back_by_hand_no_longer_blocks_the_revert(manager: Any) -> None:
    batch = run(manager)
    organisation_update(actor=manager, organisation=org(DROHICZYN), website="https://spd.pl")
    organisation_update(actor=manager, organisation=org(DROHICZYN), website="")

    import_batch_revert(actor=manager, batch=batch)

    assert not Organisation.objects.exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.REVERTED


def test_the_refusal_names_each_record_and_field_changed_since(manager: Any) -> None:
    batch = run(manager)
    organisation_update(actor=manager, organisation=org(DROHICZYN), website="https://spd.pl")

    with translation.override("pl"), pytest.raises(RevertRefused) as refused:
        import_batch_revert(actor=manager, batch=batch)

    [changed] = refused.value.changed
    assert changed.label == "Stowarzyszenie Przyjaciół Drohiczyna"
    assert changed.url == reverse("contacts:organisation_detail", args=[org(DROHICZYN).pk])
    assert changed.fields == [("strona internetowa", "—", "https://spd.pl")]
    assert "Stowarzyszenie Przyjaciół Drohiczyna (strona internetowa)" in str(refused.value)
    assert Organisation.objects.count() == EXPECTED["organisations_created"]


def test_reverting_everything_else_keeps_the_changed_record_and_says_so(manager: Any) -> None:
    batch = run(manager)
    organisation_update(actor=manager, organisation=org(ZUBR), website="https://zubr.pl")

    import_batch_revert(actor=manager, batch=batch, keep_changed=True)

    kept = org(ZUBR)
    assert kept.website == "https://zubr.pl"
    # What the import created for it stays with it: its contact person and her affiliation.
    assert Affiliation.objects.filter(organisation=kept, person__last_name="Łukaszuk").exists()
    assert list(Organisation.objects.all()) == [kept]
    assert Person.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REVERTED
    assert f"organisation:{kept.pk}" in batch.counts["kept_on_revert"]
    log = ActionLog.objects.get(verb="imports.batch.reverted")
    assert f"organisation:{kept.pk}" in log.details["kept"]
    assert "Łukaszuk" not in str(log.details)


def test_an_organisation_the_import_created_and_someone_used_is_named_and_can_stay(
    manager: Any,
) -> None:
    from contacts.services import affiliation_create

    batch = run(manager)
    affiliation_create(actor=manager, person=PersonFactory(), organisation=org(DROHICZYN))

    with translation.override("en"), pytest.raises(RevertRefused) as refused:
        import_batch_revert(actor=manager, batch=batch)
    [changed] = refused.value.changed
    assert (changed.label, changed.fields, changed.used_by) == (
        "Stowarzyszenie Przyjaciół Drohiczyna",
        [],
        ["affiliations"],
    )

    import_batch_revert(actor=manager, batch=batch, keep_changed=True)
    assert list(Organisation.objects.values_list("nip", flat=True)) == [DROHICZYN]


def test_the_page_lists_the_changes_with_links_and_reverts_the_rest(manager: Any) -> None:
    batch = run(manager)
    drohiczyn = org(DROHICZYN)
    organisation_update(actor=manager, organisation=drohiczyn, website="https://spd.pl")
    client = client_for(manager)
    page = reverse("imports:revert", args=[batch.pk])

    refused = client.post(page)

    text = refused.content.decode()
    assert refused.status_code == 409
    link = reverse("contacts:organisation_detail", args=[drohiczyn.pk])
    assert f'href="{link}"' in text and "https://spd.pl" in text
    assert "Cofnij całą resztę, zachowaj te rekordy" in text
    assert Organisation.objects.count() == EXPECTED["organisations_created"]

    done = client.post(page, {"keep_changed": "1"}, follow=True)

    text = done.content.decode()
    assert list(Organisation.objects.all()) == [drohiczyn]
    assert "zachowano bez zmian" in text and f'href="{link}"' in text
