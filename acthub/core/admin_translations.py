"""The admin inline through which staff write a record's content translations (docs/translating.md)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest

from acthub.core.access import can, is_staff
from acthub.core.content_translations import target_languages, translatable_fields
from acthub.core.languages import self_name
from acthub.core.models import ContentTranslation
from acthub.core.querysets import CHANGE


class ContentTranslationInline(GenericTabularInline):
    """Translations of the parent's translatable fields, one row per field and language."""

    model = ContentTranslation
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ("field", "language", "text")
    extra = 0

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        field_choices = [
            (name, self.parent_model._meta.get_field(name).verbose_name)
            for name in translatable_fields(self.parent_model)
        ]
        language_choices = [(code, f"{self_name(code)} ({code})") for code in target_languages()]
        formset.form.base_fields["field"] = forms.ChoiceField(
            choices=field_choices, label=formset.form.base_fields["field"].label
        )
        formset.form.base_fields["language"] = forms.ChoiceField(
            choices=language_choices, label=formset.form.base_fields["language"].label
        )
        return formset

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff(request.user) and (obj is None or can(request.user, CHANGE, obj))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff(request.user)
