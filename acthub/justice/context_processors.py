"""`synthetic_justice`: whether this instance's public justice figures include synthetic cases (a demo).

Set by `generate_demo --cases N --public`; every page then carries the notice of templates/base.html.
Lazy, so a page that never shows the notice's condition costs no query (one indexed EXISTS otherwise).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def synthetic_justice(request: HttpRequest) -> dict[str, Any]:
    from acthub.justice.demo import public_demo

    return {"synthetic_justice": SimpleLazyObject(public_demo)}
