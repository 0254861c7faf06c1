"""Admin pages of justice records: restricted querysets, writes through the services, every read audited.

Change pages are audited by the audit middleware (acthub.audit.reads); the lists here log the rows
each page shows, and the anonymised export is a download for admins only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from acthub.audit.reads import audit_reads
from acthub.core.access import ADMIN, role_of
from acthub.core.admin_base import AggregateAdmin, ScopedAdmin
from acthub.justice import services
from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, IndicatorCell, Victim


class AuditedListAdmin(ScopedAdmin):
    """A ScopedAdmin whose list pages log a read of every row they show."""

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data:
            changelist = response.context_data.get("cl")
            if changelist is not None:
                audit_reads(request.user, list(changelist.result_list), view=f"admin:{self.opts.model_name}_changelist")
        return response


class CourtCaseForm(forms.ModelForm):
    summary = forms.CharField(
        label=_("summary"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Identifying free text: stored encrypted, shown only inside the country's scope."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["summary"].initial = self.instance.summary


@admin.register(CourtCase)
class CourtCaseAdmin(AuditedListAdmin):
    form = CourtCaseForm
    list_display = ("case_number", "court", "country", "year", "stage", "outcome", "is_synthetic")
    list_filter = ("country", "year", "stage", "outcome", "court_level", "is_synthetic")
    search_fields = ("case_number", "court")
    raw_id_fields = ("import_job",)
    readonly_fields = ("year", "created", "last_updated")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_case(obj, acting_user=request.user, summary=form.cleaned_data.get("summary") or None, via="admin")

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "k-anonymous-export/",
                self.admin_site.admin_view(self.export_view),
                name="justice_courtcase_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        """The k-anonymous case-level export (admins only): a CSV in HTCDS field names."""
        from acthub.justice.export import export_response

        if role_of(request.user) != ADMIN:
            return HttpResponse(status=404)
        return export_response(request.user)


@admin.register(Charge)
class ChargeAdmin(AuditedListAdmin):
    list_display = ("case", "law", "article")
    search_fields = ("case__case_number", "law", "article")
    raw_id_fields = ("case",)


class _PersonForm(forms.ModelForm):
    name = forms.CharField(
        label=_("name"),
        required=False,
        max_length=200,
        help_text=_("Stored encrypted, shown only inside the country's scope, never exported."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["name"].initial = self.instance.name


class DefendantForm(_PersonForm):
    """The defendant form: the model's fields and the name, encrypted on save."""


class VictimForm(_PersonForm):
    notes = forms.CharField(
        label=_("notes"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Identifying free text: stored encrypted, shown only inside the country's scope."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["notes"].initial = self.instance.notes


@admin.register(Defendant)
class DefendantAdmin(AuditedListAdmin):
    form = DefendantForm
    list_display = ("pseudonym", "case", "gender", "age_band", "nationality", "role")
    list_filter = ("gender", "role", "is_synthetic")
    search_fields = ("pseudonym", "case__case_number")
    raw_id_fields = ("case", "import_job")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_defendant(obj, acting_user=request.user, name=form.cleaned_data.get("name") or None, via="admin")


@admin.register(DefendantCharge)
class DefendantChargeAdmin(AuditedListAdmin):
    list_display = ("defendant", "charge", "verdict", "sentence_months", "fine")
    list_filter = ("verdict",)
    search_fields = ("defendant__pseudonym", "charge__case__case_number", "charge__article")
    raw_id_fields = ("defendant", "charge")


@admin.register(Victim)
class VictimAdmin(AuditedListAdmin):
    form = VictimForm
    list_display = ("pseudonym", "case", "country", "gender", "age_at_exploitation", "is_child", "nationality")
    list_filter = ("country", "gender", "is_child", "is_synthetic")
    search_fields = ("pseudonym", "case__case_number")
    raw_id_fields = ("case", "import_job")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_victim(
            obj,
            acting_user=request.user,
            name=form.cleaned_data.get("name") or None,
            notes=form.cleaned_data.get("notes") or None,
            via="admin",
        )


@admin.register(IndicatorCell)
class IndicatorCellAdmin(AggregateAdmin):
    """The maintained cells of the justice indicators, unsuppressed: only for the roles that see every
    country's cases (repair: rebuild_justice_aggregates)."""

    list_display = ("code", "place", "year", "is_synthetic", "bucket", "numerator", "denominator", "value")
    list_filter = ("is_synthetic", "code", "year")
    search_fields = ("=code", "=place")
