"""Forms of the staff import pages: a new import, and a column mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from acthub.imports.choices import ImportKind, MappingTarget
from acthub.imports.models import ColumnMapping
from acthub.imports.specs import KINDS
from acthub.program.models import Program


class ImportForm(forms.Form):
    """Kind, program, file (and the mapping for a KoboToolbox export). The file's content is checked
    by the import service, which knows what CSV and XLSX look like."""

    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(), empty_label=None)
    mapping = forms.ModelChoiceField(
        label=_("Column mapping (KoboToolbox exports only)"),
        queryset=ColumnMapping.objects.all(),
        required=False,
    )
    file = forms.FileField(
        label=_("File (CSV UTF-8 or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, user: Any = None, file_kept: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A file kept from the previous try (acthub.imports.held) stands in for a new one.
        self.fields["file"].required = not file_kept
        programs = Program.objects.restrict(user, "view")
        program_field: Any = self.fields["program"]
        program_field.queryset = programs
        default = programs.filter(slug=settings.ACTHUB_DEFAULT_PROGRAM).first() or programs.order_by("pk").first()
        if default is not None:
            program_field.initial = default.pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload:
            return upload
        limit = int(settings.ACTHUB_IMPORT_MAX_BYTES)
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s MB.") % {"limit": f"{limit / 1_000_000:g}"}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ImportKind.KOBO_ATTENDANCE and not data.get("mapping"):
            self.add_error("mapping", _("Choose the column mapping of this KoboToolbox form."))
        if data.get("kind") != ImportKind.KOBO_ATTENDANCE:
            data["mapping"] = None
        return data


class MappingForm(forms.Form):
    """A column mapping, with one text box per target column (the export's header for it)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Maps onto"), choices=MappingTarget.choices, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, instance: ColumnMapping | None = None, target: str | None = None, **kwargs: Any
    ) -> None:
        self.instance = instance or ColumnMapping()
        current = self.instance.mapping if isinstance(self.instance.mapping, dict) else {}
        kwargs["initial"] = {
            "name": self.instance.name,
            "description": self.instance.description,
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        self.target = target or self.instance.kind or MappingTarget.PARTICIPANTS
        if self.target not in MappingTarget.values:
            self.target = MappingTarget.PARTICIPANTS
        self.fields["kind"].initial = self.target
        for column in KINDS[self.target].columns:
            self.fields[f"col_{column.name}"] = forms.CharField(
                label=column.name,
                required=column.required,
                initial=current.get(column.name, ""),
                help_text=str(column.description),
                max_length=255,
            )

    @property
    def column_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("col_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != self.target:
            self.add_error("kind", _("Switch the target with the links above first: the columns differ."))
            return data
        mapping = self.instance
        mapping.name = data.get("name", "")
        mapping.kind = self.target
        mapping.description = data.get("description", "")
        mapping.mapping = {
            name.removeprefix("col_"): value.strip()
            for name, value in data.items()
            if name.startswith("col_") and isinstance(value, str) and value.strip()
        }
        if not self.errors:
            try:
                mapping.full_clean()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return data
