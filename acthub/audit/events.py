"""Writing the access log: one function every security event goes through.

The actor's address, channel and request id come from the audit context (set per request by
`AuditContextMiddleware`), so callers name only what happened, to whom, and on which record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from acthub.audit.context import current_actor
from acthub.audit.models import AccessEvent


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind ACTHUB_TRUSTED_PROXIES proxies.

    Only the hops our own proxies appended are trusted: with N trusted proxies the client is the N-th
    address from the right. Without trusted proxies the header is ignored, since anyone can send it.
    """
    proxies = int(getattr(settings, "ACTHUB_TRUSTED_PROXIES", 0))
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _user_fields(user: Any) -> dict[str, Any]:
    if user is None or not getattr(user, "pk", None):
        return {"user": None, "user_name": ""}
    return {"user": user, "user_name": str(getattr(user, "username", ""))[:150]}


def record_event(
    kind: str,
    *,
    user: Any = None,
    user_name: str | None = None,
    obj: models.Model | None = None,
    detail: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AccessEvent:
    """Append one access event; `user` is who acted (the current actor when omitted)."""
    actor = current_actor()
    fields = _user_fields(user if user is not None else actor.user)
    if user_name is not None:
        fields["user_name"] = user_name[:150]
    remote_addr = client_ip(request) if request is not None else actor.remote_addr
    return AccessEvent.objects.create(
        kind=kind,
        via=actor.via,
        remote_addr=remote_addr,
        request_id=actor.request_id,
        content_type=ContentType.objects.get_for_model(obj._meta.model) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        detail=dict(detail or {}),
        **fields,
    )


def record_reads(user: Any, model: type[models.Model], pks: Iterable[Any], *, via_detail: str = "") -> int:
    """Append one READ event per record: the record's type and id only, never its content."""
    actor = current_actor()
    content_type = ContentType.objects.get_for_model(model)
    fields = _user_fields(user)
    rows = [
        AccessEvent(
            kind=AccessEvent.Kind.READ,
            via=actor.via,
            remote_addr=actor.remote_addr,
            request_id=actor.request_id,
            content_type=content_type,
            object_id=str(pk),
            detail={"view": via_detail} if via_detail else {},
            **fields,
        )
        for pk in pks
    ]
    AccessEvent.objects.bulk_create(rows)
    return len(rows)


def record_list_read(
    user: Any, model: type[models.Model], count: int, *, view: str, obj: models.Model | None = None
) -> AccessEvent:
    """Append one event for a page that showed `count` sensitive records of `model` at once.

    A list, an export or a preview is one event (who, when, which view, how many), not one per row.
    `obj` names the record the page is about when there is one (an import job for its preview).
    """
    actor = current_actor()
    target = obj._meta.model if obj is not None else model
    return AccessEvent.objects.create(
        kind=AccessEvent.Kind.LIST_READ,
        via=actor.via,
        remote_addr=actor.remote_addr,
        request_id=actor.request_id,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(obj.pk) if obj is not None else "",
        detail={"view": view, "model": model._meta.label_lower, "count": count},
        **_user_fields(user),
    )
