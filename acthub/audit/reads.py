"""Auditing reads of sensitive records: who saw which non-public record, when, from where.

A record is sensitive when the public may not see it: it falls outside its model's `public_q()`
(an unpublished case study, a non-public organisation, a value of a sensitive indicator, every
participation and person identity). The rule follows the models' own declarations, so a new model
is covered the day it declares what the public sees.

Reads are recorded for API lists and details (`acthub.api.viewsets`), admin change pages, and the
HTML detail pages that declare their record with `@audits_reads` or sit in `DETAIL_ROUTES`: one event
per record. Pages that show many sensitive records at once write one LIST_READ event per page view
(who, when, which view, how many): every admin list (`acthub.core.admin_guard`) and the previews in
`PREVIEW_ROUTES`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch

from acthub.audit.events import record_list_read, record_reads

V = TypeVar("V", bound=Callable[..., Any])
READS_ATTR = "acthub_audit_reads"

# HTML detail pages (namespace:name) and the record their URL names: model label, URL keyword.
DETAIL_ROUTES: dict[str, tuple[str, str]] = {
    "portal:partner": ("directory.Organisation", "pk"),
}


# Pages that show rows a record holds (an import's preview, its error list with person keys): the
# view name, the record's model and URL keyword, the field holding the rows, and the rows' kind.
PREVIEW_ROUTES: dict[str, tuple[str, str, str, str]] = {
    "imports:detail": ("imports.ImportJob", "pk", "preview", "imports.ImportJob"),
    "imports:errors": ("imports.ImportJob", "pk", "errors", "imports.ImportJob"),
}


def audits_reads(model_label: str, kwarg: str = "pk") -> Callable[[V], V]:
    """Declare that a detail view shows the `model_label` record named by its URL keyword `kwarg`."""

    def decorate(view: V) -> V:
        setattr(view, READS_ATTR, (model_label, kwarg))
        return view

    return decorate


def sensitive_pks(model: type[models.Model], pks: Iterable[Any]) -> list[Any]:
    """The primary keys, among `pks`, of records the public may not see."""
    wanted = [pk for pk in pks if pk is not None]
    public_q = getattr(model, "public_q", None)
    if not wanted or public_q is None:
        return []
    q = public_q()
    if not q:  # an empty Q: every record of the model is public
        return []
    public = {str(pk) for pk in model._default_manager.filter(q, pk__in=wanted).values_list("pk", flat=True)}
    return [pk for pk in wanted if str(pk) not in public]


def audit_list_read(user: Any, model: type[models.Model], pks: Iterable[Any], *, view: str) -> int:
    """After a list showed these records, one LIST_READ event if any is sensitive; returns their number."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    count = len(sensitive_pks(model, pks))
    if count:
        record_list_read(user, model, count, view=view)
    return count


def audit_reads(user: Any, objects: Iterable[models.Model], *, view: str = "") -> int:
    """Record a READ event for each sensitive record among `objects` that `user` was shown."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0  # the public sees only public records: nothing sensitive to log
    by_model: dict[type[models.Model], list[Any]] = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj.pk)
    return sum(record_reads(user, model, sensitive_pks(model, pks), via_detail=view) for model, pks in by_model.items())


@cache
def _admin_change_routes() -> dict[str, type[models.Model]]:
    from django.contrib import admin

    return {f"{m._meta.app_label}_{m._meta.model_name}_change": m for m in admin.site._registry}


def _target(match: ResolverMatch) -> tuple[type[models.Model], Any] | None:
    if match.namespace == "admin" and "object_id" in match.kwargs:
        model = _admin_change_routes().get(match.url_name or "")
        return (model, match.kwargs["object_id"]) if model is not None else None
    declared = getattr(match.func, READS_ATTR, None) or DETAIL_ROUTES.get(match.view_name)
    if declared is None:
        return None
    label, kwarg = declared
    if kwarg not in match.kwargs:
        return None
    return apps.get_model(label), match.kwargs[kwarg]


def audit_preview_response(request: HttpRequest, response: HttpResponse) -> int:
    """After a page that previews rows of a record (PREVIEW_ROUTES), one LIST_READ event with their number."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or request.method not in ("GET", "HEAD") or response.status_code != 200:
        return 0
    declared = PREVIEW_ROUTES.get(match.view_name)
    if declared is None or user is None or not user.is_authenticated:
        return 0
    label, kwarg, field, rows_of = declared
    model = apps.get_model(label)
    obj = model._default_manager.filter(pk=match.kwargs.get(kwarg)).first()
    count = len(getattr(obj, field, None) or []) if obj is not None else 0
    if count:
        record_list_read(user, apps.get_model(rows_of), count, view=match.view_name, obj=obj)
    return count


def audit_detail_response(request: HttpRequest, response: HttpResponse) -> int:
    """After a detail page was served (200 to a GET), log the read if its record is sensitive."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or request.method not in ("GET", "HEAD") or response.status_code != 200:
        return 0
    if user is None or not user.is_authenticated:
        return 0
    target = _target(match)
    if target is None:
        return 0
    model, raw_pk = target
    try:
        pk = model._meta.pk.to_python(raw_pk)
    except (ValidationError, ValueError, TypeError):  # a key that names no record: nothing was shown
        return 0
    return record_reads(user, model, sensitive_pks(model, [pk]), via_detail=match.view_name)
