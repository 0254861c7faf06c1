"""Forms of the monitoring pages; the services check every rule again, so a form only shapes input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acthub.actip.choices import ImplementationStatus
from acthub.core.periods import validate_period
from acthub.library.choices import AccessLevel, ReviewStatus
from acthub.library.models import Resource


class StartAssessmentForm(forms.Form):
    country = forms.CharField(label=_("Member state (ISO code)"), max_length=2)
    period = forms.CharField(label=_("Reporting period"), max_length=21, validators=[validate_period])


class ItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImplementationStatus.choices)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    laws = forms.CharField(label=_("Laws"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    resource_links = forms.CharField(label=_("Resources"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    resources = forms.ModelMultipleChoiceField(
        label=_("Library resources"), queryset=Resource.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only resources the officer may see are offered (the service checks again).
        field: Any = self.fields["resources"]
        field.queryset = Resource.objects.restrict(user, "view").filter(status=ReviewStatus.PUBLISHED)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReportUploadForm(forms.Form):
    file = forms.FileField(label=_("Report file (PDF, DOCX, XLSX, PPTX, PNG or JPEG)"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("return", _("Send back"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MinutesForm(forms.Form):
    file = forms.FileField(label=_("Minutes (PDF, DOCX, XLSX, PPTX, PNG or JPEG)"))
    access_level = forms.ChoiceField(
        label=_("Who may see them"), choices=AccessLevel.choices, initial=AccessLevel.INTERNAL
    )
