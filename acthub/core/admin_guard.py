"""Rules every admin page follows, whichever app registered it (acthub's, Django's, a library's).

`ActhubAdminSite.register` mixes `GuardedAdminMixin` into every ModelAdmin, so that a page added
later cannot forget them:

- no lookup through a secret field (`?key__startswith=...` recovered a TOTP key a hex digit at a
  time): the request is refused with 400, as for any lookup the admin does not allow;
- every related-object widget resolves through the user's restricted queryset: a select's choices,
  a raw-id field's label, an autocomplete's options and a `?field=<id>` prefill of the add page, so a
  record outside the user's scope looks exactly like a record that does not exist;
- the list itself is the restricted queryset wherever the model has one (users included), and a
  list that shows sensitive records writes one access-log event per page view (acthub.audit.reads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpRequest

from acthub.core.querysets import VIEW

# Field names that hold a secret on any model (hashes included: a hash prefix is an offline oracle).
SECRET_NAMES = frozenset({"password", "key", "key_hash", "code_hash", "token", "secret", "session_key", "session_data"})


def secret_fields(model: type[models.Model]) -> set[str]:
    """The names of a model's fields that no admin may filter, search, sort or show."""
    names = {f.name for f in model._meta.get_fields() if f.name in SECRET_NAMES}
    names |= set(getattr(model, "secret_fields", ())) | set(getattr(model, "encrypted_fields", ()))
    return names


def touches_secret(model: type[models.Model], lookup: str) -> bool:
    """Whether a lookup path (`user__password__startswith`, `-key`) passes through a secret field."""
    current: Any = model
    for part in lookup.lstrip("-").split("__"):
        if part in secret_fields(current):
            return True
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform or lookup name: the path ends here
        if not field.is_relation or field.related_model is None:
            return False
        current = field.related_model
    return False


def visible(model: type[models.Model], request: HttpRequest) -> models.QuerySet[Any]:
    """The records of `model` the request's user may see (all, for a model without scope rules)."""
    manager: Any = model._default_manager
    return manager.restrict(request.user, VIEW) if hasattr(manager, "restrict") else manager.all()


class ScopedRawIdWidget(widgets.ForeignKeyRawIdWidget):
    """A raw-id input whose label names only a record the user may see (else it stays empty)."""

    def __init__(self, *args: Any, queryset: models.QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        key = self.rel.get_related_field().name
        try:
            shown = self.queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):
            shown = False
        return super().label_and_url_for_value(value) if shown else ("", "")


class GuardedAdminMixin:
    """The generic rules (see the module); ScopedAdmin and every registered admin include it."""

    if TYPE_CHECKING:
        model: type[models.Model]
        admin_site: Any

    def lookup_allowed(self, lookup: str, value: str, request: Any = None) -> bool:
        if touches_secret(self.model, lookup):
            return False
        return bool(super().lookup_allowed(lookup, value, request))  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """The list, then one access-log event if it showed sensitive records (how many, which list)."""
        from acthub.audit.reads import audit_list_read

        response = super().changelist_view(request, extra_context)  # type: ignore[misc]
        changelist = getattr(response, "context_data", None) or {}
        cl = changelist.get("cl") if isinstance(changelist, dict) else None
        if cl is not None and request.method == "GET":
            view = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist"
            audit_list_read(request.user, self.model, [obj.pk for obj in cl.result_list], view=view)
        return response

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs: Any = super().get_queryset(request)  # type: ignore[misc]
        return qs.restrict(request.user, VIEW) if hasattr(qs, "restrict") else qs

    def related_choices(self, db_field: Any, request: HttpRequest) -> models.QuerySet[Any]:
        """The records a related-object widget of `db_field` may offer or name."""
        return visible(db_field.related_model, request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("queryset", self.related_choices(db_field, request))
        if db_field.name in getattr(self, "raw_id_fields", ()):
            kwargs["widget"] = ScopedRawIdWidget(
                db_field.remote_field, self.admin_site, using=kwargs.get("using"), queryset=kwargs["queryset"]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("queryset", self.related_choices(db_field, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """`?field=<id>` prefills, without any related record the user may not see."""
        initial: dict[str, Any] = super().get_changeform_initial_data(request)  # type: ignore[misc]
        for name in list(initial):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if touches_secret(self.model, name):
                del initial[name]
                continue
            related: Any = field.related_model
            if not field.is_relation or related is None:
                continue
            values = initial[name] if isinstance(initial[name], list) else [initial[name]]
            try:
                seen = visible(related, request).filter(pk__in=values).count()
            except (ValueError, TypeError, ValidationError):
                seen = -1
            if seen != len(set(values)):
                del initial[name]
        return initial


def guarded(admin_class: type[admin.ModelAdmin[Any]]) -> type[admin.ModelAdmin[Any]]:
    """`admin_class` with the generic rules mixed in (itself when it has them already)."""
    if issubclass(admin_class, GuardedAdminMixin):
        return admin_class
    return type(admin_class.__name__, (GuardedAdminMixin, admin_class), {"__module__": admin_class.__module__})


class ActhubAdminSite(admin.AdminSite):
    """Django's admin site, where every registered ModelAdmin follows the generic rules."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)


class ActhubAdminConfig(AdminConfig):
    """`django.contrib.admin` with acthub's site as `admin.site` (INSTALLED_APPS names this)."""

    default_site = "acthub.core.admin_guard.ActhubAdminSite"
