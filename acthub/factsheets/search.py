"""Fact-sheet editions in the one search: the library indexes them as a kind this app registers."""

from __future__ import annotations

from typing import Any

from django.db import models

from acthub.library.search.index import Document, Kind, register


def _editions() -> models.QuerySet[Any]:
    from acthub.factsheets.models import FactSheetEdition  # at call time: models load after the app registry

    return FactSheetEdition.objects.select_related("program", "country")


def _edition(e: Any) -> Document:
    where = e.country.name if e.country_id else "ASEAN"
    return Document(
        title=f"{e.program.acronym or e.program.name} fact sheet: {where}, {e.date_label}",
        text=f"{e.program.name} {where} {e.date_label}",
        type="fact-sheet-edition",
        year=int(e.period[:4]) if e.period[:4].isdigit() else None,
        date=e.published_at.date() if e.published_at else None,
        countries=[e.country.code] if e.country_id else [],
        languages=[e.language],
    )


def register_kind() -> None:
    """Make editions searchable (called once from the app's ready())."""
    register(Kind("factsheet", "factsheets.FactSheetEdition", _editions, _edition))
