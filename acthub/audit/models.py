"""The audit trail: the change log (every record change) and the access log (logins, role changes, reads).

Rows are append-only: the ORM refuses updates and deletes here, and database triggers (migration
0002, `acthub.audit.triggers`) refuse them in SQL too. The one change the triggers let through is
the actor's foreign key becoming NULL when that account is deleted; the row keeps `user_name`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet[M]):
    """A queryset that adds rows but never changes or removes them."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit rows cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit rows cannot be deleted.")


class ChangeLogQuerySet(AppendOnlyQuerySet[M]):
    """The change log, which a user reads only for the records they answer for (acthub.core.access)."""

    def restrict(self, user: Any, action: str = "view") -> ChangeLogQuerySet[M]:
        from acthub.core.access import described_records_q

        q = described_records_q(user, type_field="content_type", id_field="object_id")
        return self if q is None else self.filter(q)


class AppendOnlyModel(models.Model):
    """A row that is written once: saving an existing row or deleting one raises AppendOnlyError."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit rows cannot be deleted.")


class ObjectChange(AppendOnlyModel):
    """One create, update or delete of one record, with its state before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")

    time = models.DateTimeField(_("time (UTC)"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="changes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    via = models.CharField(_("via"), max_length=30, help_text=_("web, api, admin, load_seed, ..."))
    remote_addr = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.UUIDField(_("request id"), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), related_name="+", on_delete=models.PROTECT
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    before = models.JSONField(_("before"), encoder=DjangoJSONEncoder, null=True, blank=True)
    after = models.JSONField(_("after"), encoder=DjangoJSONEncoder, null=True, blank=True)

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="objectchange_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def changed_fields(self) -> list[str]:
        """The names of the fields whose value differs between before and after."""
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


class AccessEvent(AppendOnlyModel):
    """A security event: a login or its failure, a lockout, a role change, a read of a sensitive record.

    `detail` holds only what explains the event (a role name, a reason); never a password, a token,
    a one-time code or the content of a sensitive record.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("login")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOGOUT = "logout", _("logout")
        LOCKOUT = "lockout", _("locked out")
        OTP_ENROLLED = "otp_enrolled", _("two-factor device enrolled")
        OTP_VERIFIED = "otp_verified", _("two-factor verified")
        OTP_FAILED = "otp_failed", _("two-factor code refused")
        OTP_REMOVED = "otp_removed", _("two-factor device removed")
        SESSION_EXPIRED = "session_expired", _("session expired")
        ROLE_CHANGED = "role_changed", _("role or permissions changed")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        TOKEN_ISSUED = "token_issued", _("API token issued")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        ENROLMENT_CODE_ISSUED = "enrol_code_issued", _("two-factor enrolment code issued")
        LIST_READ = "list_read", _("sensitive records listed")
        READ = "read", _("sensitive record read")

    time = models.DateTimeField(_("time (UTC)"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="access_events",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Who acted: the person logging in, changing a role or reading a record."),
    )
    user_name = models.CharField(
        _("user name"),
        max_length=150,
        blank=True,
        help_text=_("Kept when the account is deleted; for a failed login, the name tried."),
    )
    via = models.CharField(_("via"), max_length=30, blank=True)
    remote_addr = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.UUIDField(_("request id"), null=True, blank=True, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), encoder=DjangoJSONEncoder, default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("access event")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="accessevent_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user_name}".strip()
