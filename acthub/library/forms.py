"""Forms of the library pages: a partner's submission, a staff review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from acthub.core.models import Country
from acthub.library.choices import LANGUAGE_CHOICES, AccessLevel
from acthub.library.models import ResourceType, Topic
from acthub.library.uploads import max_bytes


class SubmitForm(forms.Form):
    """A new resource with its first version (a file or a link)."""

    title = forms.CharField(label=_("Title"), max_length=500)
    type = forms.ModelChoiceField(label=_("Type"), queryset=ResourceType.objects.all())
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.all(), required=False, help_text=_("Empty: regional.")
    )
    topics = forms.ModelMultipleChoiceField(label=_("Topics"), queryset=Topic.objects.all(), required=False)
    access_level = forms.ChoiceField(label=_("Who may see it once published"), choices=AccessLevel.choices)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PPTX, PNG or JPEG, checked by its content."),
    )
    url = forms.URLField(label=_("Or a link"), required=False, max_length=500, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if not upload and not data.get("url"):
            raise forms.ValidationError(_("Give a file or a link."))
        if upload is not None and upload.size > max_bytes():
            self.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": round(max_bytes() / 1024 / 1024)})
        return data


class ReviewForm(forms.Form):
    """Publish or reject a submission."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Publish")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    access_level = forms.ChoiceField(label=_("Access level"), choices=AccessLevel.choices)
    note = forms.CharField(label=_("Note to the submitter"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
