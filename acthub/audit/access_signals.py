"""Access-log entries written from signals: logins, failures, lockouts, role and password changes.

What is stored is who, when, from where and what kind of change; never a password (Django hands
failed credentials over already masked, and only the user name is kept), never a one-time code. A
failed login names the account only when such an account exists: a typed string that names no
account is often a password entered in the wrong field, and it stays out of the log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest

from acthub.audit.events import record_event
from acthub.audit.models import AccessEvent

ROLE_FIELDS = ("role", "is_active", "is_staff", "is_superuser")
ROLE_RELATIONS = ("countries", "groups", "user_permissions")


def _known_user(username: Any) -> Any:
    if not isinstance(username, str) or not username:
        return None
    return get_user_model()._default_manager.filter(username=username).first()


def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record_event(AccessEvent.Kind.LOGIN, user=user, request=request)


def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(AccessEvent.Kind.LOGOUT, user=user, request=request)


def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    user = _known_user(credentials.get("username"))
    record_event(
        AccessEvent.Kind.LOGIN_FAILED,
        user=user,
        user_name=user.username if user else "",
        detail={} if user else {"known_user": False},
        request=request,
    )


def _locked_out(sender: Any, request: HttpRequest, username: Any = None, ip_address: Any = None, **kwargs: Any) -> None:
    user = _known_user(username)
    record_event(
        AccessEvent.Kind.LOCKOUT,
        user=user,
        user_name=user.username if user else "",
        detail={"ip_address": ip_address} if ip_address else {},
        request=request,
    )


def _user_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    old = sender._default_manager.filter(pk=instance.pk).first() if instance.pk is not None else None
    instance._access_before = (
        {f: getattr(old, f) for f in ROLE_FIELDS} | {"password": old.password} if old is not None else None
    )


def _user_post_save(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    before = getattr(instance, "_access_before", None)
    if before is None:
        record_event(
            AccessEvent.Kind.ROLE_CHANGED,
            obj=instance,
            detail={"subject": instance.username, "created": True, "role": instance.role},
        )
        return
    changes = {f: [before[f], getattr(instance, f)] for f in ROLE_FIELDS if before[f] != getattr(instance, f)}
    if changes:
        record_event(AccessEvent.Kind.ROLE_CHANGED, obj=instance, detail={"subject": instance.username, **changes})
    if before["password"] != instance.password:
        record_event(AccessEvent.Kind.PASSWORD_CHANGED, obj=instance, detail={"subject": instance.username})


def _names(model: type[models.Model], pks: Any) -> list[str]:
    if not pks:
        return []
    field = (
        "code"
        if model._meta.label == "core.Country"
        else "codename"
        if model._meta.label == "auth.Permission"
        else None
    )
    if field is None:
        return sorted(str(v) for v in model._default_manager.filter(pk__in=pks).values_list("name", flat=True))
    return sorted(str(v) for v in model._default_manager.filter(pk__in=pks).values_list(field, flat=True))


def _user_relation_changed(
    sender: Any, instance: Any, action: str, reverse: bool, model: type[models.Model], pk_set: Any, **kwargs: Any
) -> None:
    user_model = get_user_model()
    if reverse or not isinstance(instance, user_model):
        return
    relation = next(
        (name for name in ROLE_RELATIONS if getattr(user_model, name).through is sender),
        None,
    )
    if relation is None:
        return
    if action == "pre_clear":
        instance.__dict__["_access_cleared"] = list(getattr(instance, relation).values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = pk_set if action != "post_clear" else instance.__dict__.pop("_access_cleared", [])
    if not pks:
        return
    change = "added" if action == "post_add" else "removed"
    record_event(
        AccessEvent.Kind.ROLE_CHANGED,
        obj=instance,
        detail={"subject": instance.username, relation: {change: _names(model, pks)}},
    )


def _device_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    record_event(AccessEvent.Kind.OTP_REMOVED, obj=instance.user, detail={"subject": instance.user.username})


def connect() -> None:
    """Connect the access-log receivers (called from AuditConfig.ready)."""
    from axes.signals import user_locked_out
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user_model = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="access_logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="access_logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="access_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="access_locked_out")
    pre_save.connect(_user_pre_save, sender=user_model, dispatch_uid="access_user_pre_save")
    post_save.connect(_user_post_save, sender=user_model, dispatch_uid="access_user_post_save")
    m2m_changed.connect(_user_relation_changed, dispatch_uid="access_user_relations")
    post_delete.connect(_device_deleted, sender=TOTPDevice, dispatch_uid="access_device_deleted")
