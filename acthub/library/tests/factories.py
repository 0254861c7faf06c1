"""Factories of the library's tests (synthetic resources)."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from acthub.library.choices import AccessLevel, ReviewStatus
from acthub.library.models import Resource, ResourceType


def resource_type(slug: str = "study") -> ResourceType:
    """One of the default types (made again if a transactional test emptied the table)."""
    from acthub.library.defaults import ensure_defaults

    found = ResourceType.objects.filter(slug=slug).first()
    if found is None:
        ensure_defaults()
        found = ResourceType.objects.get(slug=slug)
    return found


class ResourceFactory(DjangoModelFactory[Resource]):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Synthetic resource {n}")
    type = factory.LazyFunction(resource_type)
    summary = ""
    year = 2021
    access_level = AccessLevel.PUBLIC
    status = ReviewStatus.PUBLISHED
    languages = factory.LazyFunction(lambda: ["en"])
    is_synthetic = True

    @factory.post_generation
    def countries(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.countries.set(extracted)
