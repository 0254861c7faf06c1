"""Figures inside narrative text: `[[CODE|PERIOD]]` or `[[CODE|PERIOD|PLACE]]`.

Narrative (achievements, sheet paragraphs) never carries a typed number: it names the data value,
and the engine supplies the number and its provenance when the text is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from acthub.core.periods import parse_period
from acthub.indicators.choices import REGION

TOKEN = re.compile(r"\[\[(?P<code>[^|\]]*)\|(?P<period>[^|\]]*)(?:\|(?P<place>[^|\]]*))?\]\]")
CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,49}$")
PLACE = re.compile(rf"^([A-Z]{{2}}|{REGION})$")


@dataclass(frozen=True)
class Reference:
    code: str
    period: str
    place: str | None  # None: the place of the text that holds it


def parse_references(text: str) -> list[str | Reference]:
    """Split text into plain strings and references, in order."""
    parts: list[str | Reference] = []
    pos = 0
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()])
        parts.append(Reference(m["code"].strip(), m["period"].strip(), (m["place"] or "").strip() or None))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return parts


def check_references(text: str) -> list[str]:
    """Every problem with the references in a text, each saying which reference and why."""
    from acthub.indicators.models import Indicator

    errors: list[str] = []
    parts = parse_references(text or "")
    leftover = "".join(p for p in parts if isinstance(p, str))
    if "[[" in leftover or "]]" in leftover:
        errors.append(_("A figure reference is malformed: write [[CODE|PERIOD]] or [[CODE|PERIOD|PLACE]]."))
    refs = [p for p in parts if isinstance(p, Reference)]
    known = set(Indicator.objects.filter(code__in={r.code for r in refs}).values_list("code", flat=True))
    for ref in refs:
        label = f"[[{ref.code}|{ref.period}{'|' + ref.place if ref.place else ''}]]"
        if not CODE.match(ref.code) or ref.code not in known:
            errors.append(_("%(ref)s: no indicator has the code %(code)s.") % {"ref": label, "code": ref.code})
        try:
            parse_period(ref.period)
        except ValidationError as exc:
            errors.append(f"{label}: {' '.join(exc.messages)}")
        if ref.place is not None and not PLACE.match(ref.place):
            errors.append(_("%(ref)s: the place is a country code or REGION.") % {"ref": label})
    return errors
