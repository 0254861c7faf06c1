"""Serializer fields shared by every app's API: records named by their natural keys."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class CountryCodeField(serializers.SlugRelatedField):
    """A country by its ISO 3166-1 alpha-2 code; null means the region as a whole."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", _("ISO 3166-1 alpha-2 code of the country; null for the region."))
        super().__init__(**kwargs)


class ProgramSlugField(serializers.SlugRelatedField):
    """A program by its slug."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", _("Slug of the program."))
        super().__init__(**kwargs)


class OutcomeAreaSlugField(serializers.SlugRelatedField):
    """An outcome area by its slug (unique within its program)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "slug")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", _("Slug of the outcome area within the program."))
        super().__init__(**kwargs)
