"""The staff form that starts a draft: scope, period covered, date label and language."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from acthub.core.access import in_scope_for_change
from acthub.core.periods import parse_period
from acthub.indicators.choices import REGION
from acthub.program.models import Program

from .content import sheet_scopes
from .models import FactSheetEdition

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def translated_languages() -> set[str]:
    """The languages acthub ships a catalogue for (others fall back to English per string)."""
    return {code for code, _name in settings.LANGUAGES}


def language_choices(program: Program, user: Any = None) -> list[tuple[str, str]]:
    """The portal's languages, then the national languages of the countries with programming."""
    codes = [code for code, _name in settings.LANGUAGES]
    for scope in sheet_scopes(program, user):
        if scope.country is not None:
            codes += [code for code in scope.country.languages or [] if code in LANG_INFO and code not in codes]
    translated = translated_languages()
    choices = []
    for code in codes:
        name = LANG_INFO.get(code, {}).get("name_local", code)
        label = name if code in translated else _("%(language)s (English where not translated)") % {"language": name}
        choices.append((code, str(label)))
    return choices


def scope_choices(program: Program, user: Any) -> list[tuple[str, str]]:
    """The scopes the user may prepare a sheet for: the region and countries with programming in scope."""
    choices = []
    for scope in sheet_scopes(program, user):
        probe = FactSheetEdition(program=program, country=scope.country)
        if in_scope_for_change(user, probe):
            choices.append((scope.code, str(scope.name)))
    return choices


class EditionForm(forms.Form):
    """Scope, period and language of a new draft; the date label defaults to the period's last month."""

    scope = forms.ChoiceField(label=_("Scope"))
    period = forms.CharField(
        label=_("Period covered"),
        max_length=21,
        help_text=_("2021S1 is January-June 2021; 2021 a year; 2021Q2 a quarter; 202106 a month."),
    )
    date_label = forms.CharField(
        label=_("Date label"),
        max_length=60,
        required=False,
        help_text=_('As printed on the sheet, e.g. "JUNE 2021". Empty: the month the period ends.'),
    )
    language = forms.ChoiceField(label=_("Language"))

    def __init__(self, *args: Any, program: Program, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scope"]).choices = scope_choices(program, user)
        cast(forms.ChoiceField, self.fields["language"]).choices = language_choices(program, user)
        self.fields["period"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_period(self) -> str:
        value = str(self.cleaned_data["period"]).strip()
        parse_period(value)  # raises ValidationError with the reason
        return value

    def clean_language(self) -> str:
        value = str(self.cleaned_data["language"])
        if not LANGUAGE_CODE.match(value):
            raise ValidationError(_("Give a language code such as en or lo."))
        return value

    def clean_scope(self) -> str:
        return str(self.cleaned_data["scope"]) or REGION
