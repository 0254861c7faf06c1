"""Drafts, published editions (frozen, hashed) and the stored jobs that render them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acthub.audit.models import ObjectChange
from acthub.core.services import save_record
from acthub.directory.models import Organisation
from acthub.factsheets import services
from acthub.factsheets.choices import EditionStatus, Format, JobAction, JobStatus
from acthub.factsheets.content import NoDataError
from acthub.factsheets.models import EditionFrozenError, FactSheetEdition, content_hash
from acthub.indicators.models import DataValue
from acthub.program.models import Program


def draft(program: Program, user: Any, scope: str = "LA", language: str = "en", label: str = "") -> FactSheetEdition:
    return services.do_create_draft(
        program=program, scope_code=scope, period="2021S1", language=language, date_label=label, acting_user=user
    )


def test_publishing_freezes_html_pdf_and_json_with_their_hash(program: Program, staff: dict[str, Any]) -> None:
    edition = draft(program, staff["mel"])
    assert edition.status == EditionStatus.DRAFT and edition.date_label == "JUNE 2021"
    services.do_publish_edition(edition, acting_user=staff["mel"])
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED and edition.published_by == staff["mel"]
    html, pdf, data = (edition.read(fmt) for fmt in (Format.HTML, Format.PDF, Format.JSON))
    assert pdf.startswith(b"%PDF-") and b"Counter-trafficking actors trained" in html
    assert edition.content_hash == content_hash(html, pdf, data) and edition.verify()
    assert edition.figure_count == len(services.edition_document(edition)["figures"]) == 4
    assert edition.pdf_file.name.endswith(f"asean-act-LA-2021S1-en-{edition.content_hash[:12]}.pdf")
    assert ObjectChange.objects.filter(object_id=str(edition.pk), action="update", user=staff["mel"]).exists()


def test_changing_the_data_changes_the_draft_not_the_edition(program: Program, staff: dict[str, Any]) -> None:
    edition = services.do_publish_edition(draft(program, staff["mel"]), acting_user=staff["mel"])
    frozen = {fmt: edition.read(fmt) for fmt in Format}
    value = DataValue.objects.get(indicator__code="PEOPLE_TRAINED", period="2021S1", country__code="LA")
    value.value = Decimal(90)
    save_record(value, acting_user=staff["mel"])

    edition = FactSheetEdition.objects.get(pk=edition.pk)
    assert {fmt: edition.read(fmt) for fmt in Format} == frozen and edition.verify()
    assert b">86</a>" in frozen[Format.HTML]
    live = services.draft_sheet(edition)
    assert ">90</a>" in live.html
    diff = services.compare(edition, live)
    assert [(c.id, c.before["display"], c.after["display"]) for c in diff.figures_changed] == [
        ("PEOPLE_TRAINED|2021S1|LA|", "86", "90")
    ]
    assert {s.id for s in diff.sections_changed} == {"headline", "charts"}
    assert not (diff.figures_added or diff.figures_removed or diff.sections_added or diff.sections_removed)
    # Unchanged data: nothing to report.
    value.value = Decimal(86)
    save_record(value, acting_user=staff["mel"])
    assert services.compare(edition, services.draft_sheet(edition)).is_empty


def test_a_published_edition_cannot_be_changed_or_deleted(program: Program, staff: dict[str, Any]) -> None:
    edition = services.do_publish_edition(draft(program, staff["mel"]), acting_user=staff["mel"])
    edition.date_label = "JULY 2021"
    with pytest.raises(EditionFrozenError):
        edition.save()
    with pytest.raises(EditionFrozenError):
        services.do_delete_draft(FactSheetEdition.objects.get(pk=edition.pk), acting_user=staff["admin"])
    with pytest.raises(ValidationError, match="already been published"):
        services.do_publish_edition(FactSheetEdition.objects.get(pk=edition.pk), acting_user=staff["mel"])
    assert FactSheetEdition.objects.get(pk=edition.pk).date_label == "JUNE 2021"


def test_the_same_edition_is_published_once(program: Program, staff: dict[str, Any]) -> None:
    services.do_publish_edition(draft(program, staff["mel"]), acting_user=staff["mel"])
    second = draft(program, staff["mel"])
    with pytest.raises(ValidationError, match="give the new one another date label"):
        services.do_publish_edition(second, acting_user=staff["mel"])
    second.refresh_from_db()
    assert second.status == EditionStatus.DRAFT and not second.pdf_file
    services.do_publish_edition(draft(program, staff["mel"], label="JUNE 2021 (REVISED)"), acting_user=staff["mel"])


def test_who_may_prepare_and_publish(program: Program, staff: dict[str, Any]) -> None:
    lao = draft(program, staff["officer"])
    services.do_publish_edition(lao, acting_user=staff["officer"])
    with pytest.raises(PermissionDenied):
        draft(program, staff["officer"], scope="REGION")
    with pytest.raises(PermissionDenied):
        draft(program, staff["partner"])
    region = draft(program, staff["mel"], scope="REGION")
    with pytest.raises(PermissionDenied):
        services.do_publish_edition(region, acting_user=staff["officer"])
    with pytest.raises(NoDataError):
        draft(program, staff["mel"], scope="KH")


def test_an_edition_shows_what_the_public_sees(program: Program, staff: dict[str, Any]) -> None:
    Organisation.objects.filter(name="Vientiane Capital People's Court").update(is_public=False)
    edition = draft(program, staff["officer"])
    assert "Vientiane Capital People" in services.draft_sheet(edition, user=staff["officer"]).html
    services.do_publish_edition(edition, acting_user=staff["officer"])
    assert b"Vientiane Capital People" not in edition.read(Format.HTML)
    assert b"Vientiane Capital People" not in edition.read(Format.JSON)


def test_jobs_publish_and_render_previews_with_progress(program: Program, staff: dict[str, Any]) -> None:
    edition = draft(program, staff["mel"], language="lo")
    preview = services.do_start_job(edition, JobAction.PREVIEW_PDF, acting_user=staff["mel"])
    assert (preview.status, preview.progress) == (JobStatus.COMPLETE, 100) and preview.task_id
    assert preview.result.open("rb").read().startswith(b"%PDF-")
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT
    job = services.do_start_job(edition, JobAction.PUBLISH, acting_user=staff["mel"])
    assert job.status == JobStatus.COMPLETE and job.message == "Published." and job.finished_at
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED and edition.language == "lo"
    with pytest.raises(ValidationError):
        services.do_start_job(edition, JobAction.PUBLISH, acting_user=staff["mel"])


def test_a_job_that_cannot_render_says_why(program: Program, staff: dict[str, Any]) -> None:
    edition = draft(program, staff["mel"])
    DataValue.objects.filter(country__code="LA").delete()
    job = services.do_start_job(edition, JobAction.PUBLISH, acting_user=staff["mel"])
    assert job.status == JobStatus.ERROR and "Lao PDR has no figures for 2021S1" in job.message
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT
    with pytest.raises(PermissionDenied):
        services.do_start_job(edition, JobAction.PUBLISH, acting_user=staff["partner"])


def test_with_the_database_backend_the_job_is_stored_for_a_worker(
    program: Program, staff: dict[str, Any], settings: Any
) -> None:
    from acthub.factsheets.tasks import render_factsheet_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edition = draft(program, staff["mel"])
    job = services.do_start_job(edition, JobAction.PUBLISH, acting_user=staff["mel"])
    assert (job.status, job.progress) == (JobStatus.CREATED, 0)  # waiting for `manage.py db_worker`
    stored = render_factsheet_job.get_result(job.task_id)
    assert stored.status == "READY" and stored.args == [job.pk, ""]
    # What the worker does with it (the worker itself closes connections, which a test cannot afford).
    stored.task.call(*stored.args, **stored.kwargs)
    job.refresh_from_db()
    edition.refresh_from_db()
    assert job.status == JobStatus.COMPLETE and edition.status == EditionStatus.PUBLISHED


def test_the_edition_page_lists_each_downloads_own_sha256(client: Any, program: Program, staff: dict[str, Any]) -> None:
    """`sha256sum` on each downloaded file matches what the edition page lists for it (issue 14)."""
    import hashlib
    import re

    edition = draft(program, staff["mel"])
    services.do_publish_edition(edition, acting_user=staff["mel"])
    from django.urls import reverse

    page = client.get(reverse("factsheets:edition", args=[edition.pk])).content.decode()
    listed = dict(re.findall(r'data-format="(\w+)">SHA-256 <code>([0-9a-f]{64})</code>', page))
    assert sorted(listed) == sorted(Format.values)
    for fmt in Format.values:
        response = client.get(reverse("factsheets:edition_file", args=[edition.pk, fmt]))
        assert response.status_code == 200, fmt
        digest = hashlib.sha256(response.content).hexdigest()
        assert digest == listed[fmt] == response["X-Content-SHA256"], fmt
    # The HTML download is a whole document, not the stored fragment: its digest is not the stored one.
    assert listed["html"] != hashlib.sha256(edition.read(Format.HTML)).hexdigest()
