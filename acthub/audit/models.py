"""The change log. Rows are append-only through the application: no update, no delete."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet["ObjectChange"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit rows cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit rows cannot be deleted.")


class ObjectChange(models.Model):
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

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="objectchange_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit rows cannot be deleted.")

    @property
    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
