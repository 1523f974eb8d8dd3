"""The import wizard: upload the partner's file, read the plan, confirm, get the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Organisation
from crm.top.imports.models import ImportBatch
from tests.web.conftest import client_for

SAMPLE = Path(__file__).parent.parent / "browser" / "data" / "owes_bielski_2026q3.csv"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_uploading_the_sample_shows_a_plan_and_confirming_imports_it(
    team_member: Any, media: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(team_member)
    upload = SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            reverse("imports:upload"), {"source": "OWES subregionu bielskiego", "file": upload}
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:batch_detail", args=[batch.pk])
    # The dry run waits for a worker: the page shows its progress bar meanwhile.
    waiting = client.get(response["Location"]).content.decode()
    assert "data-progress-url" in waiting and "Zatwierdź import" not in waiting
    for callback in queued:  # the commit: the worker runs the dry run
        callback()
    plan = client.get(response["Location"])
    assert "Zatwierdź import" in plan.content.decode()
    assert Organisation.objects.count() == 0  # a dry run writes nothing

    errors_only = client.get(response["Location"] + "?outcome=error").content.decode()
    assert "NIP" in errors_only and "Spółdzielnia Socjalna „Żubrowe Smaki”" not in errors_only
    batch.refresh_from_db()
    assert batch.counts["error"] == 1  # the wrong NIP checksum in row 10

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.status == ImportBatch.Status.APPLIED
    assert Organisation.objects.count() == batch.counts["create"]
    result = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Import zakończony" in result
    progress = client.get(reverse("imports:progress", args=[batch.pk])).json()
    assert progress["finished"] is True


@pytest.mark.django_db
def test_a_viewer_cannot_open_the_import_pages(viewer: Any) -> None:
    client = client_for(viewer)
    assert client.get(reverse("imports:batch_list")).status_code == 403
    assert client.get(reverse("imports:upload")).status_code == 403


@pytest.mark.django_db
def test_a_file_that_is_not_a_spreadsheet_is_refused_next_to_the_file_field(
    team_member: Any, media: None
) -> None:
    client = client_for(team_member)
    upload = SimpleUploadedFile("notatki.csv", b"\x00\x01\x02 not a table", content_type="text/csv")
    response = client.post(reverse("imports:upload"), {"source": "OWES", "file": upload})
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0
    assert 'id="id_file_error"' in response.content.decode()


@pytest.mark.django_db
def test_a_file_with_new_headers_asks_what_the_columns_hold_and_remembers_it(
    team_member: Any, media: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(team_member)
    content = (
        "Nazwa podmiotu;Numer identyfikacji podatkowej;Miasto\nFundacja Test;9720078986;Hajnówka\n"
    )
    upload = SimpleUploadedFile("nowy.csv", content.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("imports:upload"), {"source": "OWES nowy", "file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("imports:mapping", args=[batch.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Numer identyfikacji podatkowej" in html and "nowa" in html
    form = page.context["form"]
    data = {name: form[name].initial or "" for name in form.fields}
    nip_column = next(
        n for n in form.fields if form.fields[n].label == "Numer identyfikacji podatkowej"
    )
    data[nip_column] = "nip"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:mapping", args=[batch.pk]), data)
    assert response["Location"] == reverse("imports:batch_detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PLANNED
    assert "nip" in batch.mapping.values()


@pytest.mark.django_db
def test_a_reimport_lists_its_unchanged_rows_with_links(team_member: Any, media: None) -> None:
    from benchmarks.import_100k import generate, to_csv
    from crm.top.imports.services import import_batch_run

    data = to_csv(list(generate(60, seed=3)))
    import_batch_run(actor=team_member, source="OWES", name="a.csv", data=data)
    again = import_batch_run(actor=team_member, source="OWES", name="a.csv", data=data)
    client = client_for(team_member)
    url = reverse("imports:batch_detail", args=[again.pk])

    first = client.get(url + "?outcome=unchanged").content.decode()
    second = client.get(url + "?outcome=unchanged&unchanged_page=2&page=2").content.decode()

    organisation = Organisation.objects.get(name="Fundacja Podlasie 1")
    link = reverse("contacts:organisation_detail", args=[organisation.pk])
    # Fifty a page: the first entity on the first page, the sixtieth on the second.
    assert link in first and "Fundacja Podlasie 1<" in first
    assert "Stowarzyszenie Podlasie 60<" in second and "Stowarzyszenie Podlasie 60<" not in first
    assert client.get(url + "?outcome=error").content.decode().count(link) == 0
