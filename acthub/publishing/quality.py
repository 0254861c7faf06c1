"""Data-quality flags: the cells whose reported value and the engine's computed value disagree.

One function for the quality page and the staff home, so both show the same flags, as the engine
compares them (acthub.indicators.engine.agree), within what the user may see.
"""

from __future__ import annotations

from typing import Any

from acthub.indicators.choices import Method
from acthub.indicators.models import DataValue, Indicator
from acthub.indicators.query import query


def quality_flags(program: Any, user: Any) -> tuple[list[dict[str, Any]], int]:
    """The disagreeing cells of every computed indicator the user may see, and how many cells were checked."""
    rows: list[dict[str, Any]] = []
    checked = 0
    for indicator in Indicator.objects.restrict(user, "view").exclude(computation=""):
        reported = DataValue.objects.restrict(user, "view").filter(
            program=program, indicator=indicator, method=Method.REPORTED
        )
        cells = {(dv.period, dv.place_code, dv.sex) for dv in reported.select_related("country")}
        if not cells:
            continue
        by = ["sex"] if any(sex for _p, _pl, sex in cells) and "sex" in indicator.disaggregations else []
        result = query(
            program,
            indicator.code,
            periods=sorted({p for p, _pl, _s in cells}),
            places=sorted({pl for _p, pl, _s in cells}),
            by=by,
            user=user,
        )
        for period, place, sex in sorted(cells):
            cell = result.get(period, place, sex=sex) if by else result.get(period, place)
            checked += 1
            if cell is not None and cell.disagrees:  # the engine's one comparison (acthub.indicators.engine.agree)
                rows.append({"indicator": indicator, "period": period, "place": place, "sex": sex, "cell": cell})
    return rows, checked
