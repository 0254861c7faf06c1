"""Writes of the library: submit, add a version (checked upload), approve or reject, extract text.

Every function is atomic, takes a keyword-only `acting_user`, and writes through the change log
(`acthub.core.services.save_record`, or the `acting` context for a partner's own submission).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.audit.context import acting, current_actor
from acthub.core.access import can, role_of
from acthub.core.permissions import SIGNED_IN, STAFF
from acthub.core.services import save_record
from acthub.library.choices import AccessLevel, ReviewStatus, TextStatus
from acthub.library.models import Resource, ResourceVersion
from acthub.library.uploads import inspect_upload

logger = logging.getLogger(__name__)
VIA = "library"


def _save(instance: Any, *, acting_user: Any, m2m: dict[str, Iterable[Any]] | None = None) -> Any:
    """Save as a partner (who may only write their own submission) or through save_record for staff."""
    if role_of(acting_user) in STAFF or acting_user is None:
        return save_record(instance, acting_user=acting_user, via=VIA, m2m=m2m)
    actor = current_actor()
    with acting(acting_user, via=VIA, remote_addr=actor.remote_addr, request_id=actor.request_id):
        instance.save()
        for name, items in (m2m or {}).items():
            getattr(instance, name).set(list(items))
    return instance


@transaction.atomic
def submit_resource(
    *,
    acting_user: Any,
    title: str,
    type: Any,
    summary: str = "",
    publisher: Any = None,
    published_on: Any = None,
    year: int | None = None,
    countries: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    languages: Iterable[str] = (),
    url: str = "",
    access_level: str = AccessLevel.PUBLIC,
) -> Resource:
    """A new resource: a partner's waits for review; staff's is published at once."""
    role = role_of(acting_user)
    if role not in SIGNED_IN:
        raise PermissionDenied(_("Sign in to submit a resource."))
    staff = role in STAFF
    resource = Resource(
        title=title,
        type=type,
        summary=summary,
        publisher=publisher,
        published_on=published_on,
        year=year,
        languages=list(dict.fromkeys(languages)),
        url=url,
        access_level=access_level,
        status=ReviewStatus.PUBLISHED if staff else ReviewStatus.SUBMITTED,
        submitted_by=acting_user,
        organisation=None if staff else acting_user.organisation,
        reviewed_by=acting_user if staff else None,
        reviewed_at=timezone.now() if staff else None,
    )
    return _save(resource, acting_user=acting_user, m2m={"countries": countries, "topics": topics})


def _may_edit(user: Any, resource: Resource) -> bool:
    if role_of(user) in STAFF:
        return can(user, "change", resource)
    # A partner edits their own submission until it is reviewed.
    return resource.status == ReviewStatus.SUBMITTED and resource.submitted_by_id == getattr(user, "pk", None)


@transaction.atomic
def add_version(
    resource: Resource,
    *,
    acting_user: Any,
    language: str,
    upload: IO[bytes] | None = None,
    file_name: str = "",
    url: str = "",
    title: str = "",
    text: str = "",
) -> ResourceVersion:
    """Add (or replace) the resource's version in a language: a file checked by content, or a link.

    An uploaded file's text and thumbnail are made by a stored job once the transaction commits.
    """
    if not _may_edit(acting_user, resource):
        raise PermissionDenied(_("You may not change this resource."))
    if upload is None and not url and not text:
        raise ValidationError(_("Give a file, a link or the text of this version."))
    version = ResourceVersion.objects.filter(resource=resource, language=language).first() or ResourceVersion(
        resource=resource, language=language
    )
    version.title, version.url = title, url
    if text:
        version.text, version.text_status = text, TextStatus.DONE
    if upload is not None:
        info = inspect_upload(upload)  # UploadRejected says why
        version.file.save(f"{resource.pk}-{language}.{info.kind}", File(upload), save=False)
        version.file_kind, version.size, version.sha256 = info.kind, info.size, info.sha256
        version.text_status, version.text_message = TextStatus.PENDING, ""
        version.text = text  # the new file's text replaces the old one's, unless given here
        if version.thumbnail:
            version.thumbnail.delete(save=False)
    _save(version, acting_user=acting_user)
    if language not in resource.languages:
        resource.languages = [*resource.languages, language]
        _save(resource, acting_user=acting_user)
    if upload is not None:
        from acthub.library.tasks import extract_version

        pk = version.pk
        transaction.on_commit(lambda: extract_version.enqueue(pk))
    return version


@transaction.atomic
def approve_resource(
    resource: Resource, *, acting_user: Any, access_level: str | None = None, note: str = ""
) -> Resource:
    """Publish a submission (staff of its countries only), at its access level or the one given."""
    if role_of(acting_user) not in STAFF or not can(acting_user, "change", resource):
        raise PermissionDenied(_("You may not review this resource."))
    if resource.status == ReviewStatus.PUBLISHED:
        raise ValidationError(_("This resource is already published."))
    resource.status = ReviewStatus.PUBLISHED
    if access_level:
        resource.access_level = access_level
    resource.reviewed_by, resource.reviewed_at, resource.review_note = acting_user, timezone.now(), note
    return save_record(resource, acting_user=acting_user, via=VIA)


@transaction.atomic
def reject_resource(resource: Resource, *, acting_user: Any, note: str) -> Resource:
    """Turn a submission down, saying why (the submitter sees the note)."""
    if role_of(acting_user) not in STAFF or not can(acting_user, "change", resource):
        raise PermissionDenied(_("You may not review this resource."))
    if not note.strip():
        raise ValidationError({"review_note": _("Say why the resource is not published.")})
    resource.status = ReviewStatus.REJECTED
    resource.reviewed_by, resource.reviewed_at, resource.review_note = acting_user, timezone.now(), note
    return save_record(resource, acting_user=acting_user, via=VIA)


def run_extraction(version_id: int) -> None:
    """The stored job's body: extract the text and make the thumbnail of one version's file."""
    from acthub.library.extraction import extract_text, thumbnail

    version = ResourceVersion.objects.filter(pk=version_id).select_related("resource").first()
    if version is None or not version.file:
        return
    with version.file.open("rb") as stream:
        data = stream.read()
    try:
        text = extract_text(data, version.file_kind)
        image = thumbnail(data, version.file_kind)
    except Exception as exc:  # a damaged document must not kill the worker: record why
        logger.warning("library: extraction of version %s failed: %s", version_id, exc)
        version.text_status, version.text_message = TextStatus.FAILED, str(exc)[:500]
    else:
        version.text = version.text or text  # text given with the upload wins over the extracted text
        version.text_status, version.text_message = TextStatus.DONE, ""
        if image:
            version.thumbnail.save(f"{version.pk}.png", ContentFile(image), save=False)
    with acting(None, via="library-extraction"):
        version.save()
