"""Validation of an IATI activity file: the official 2.03 schema, then the standard's rules it cannot express.

Nothing is written or served unless `validate` passes. A refusal lists every problem, each naming the
activity, the element (an XPath such as `/iati-activities/iati-activity[2]/budget[1]/period-end`), the
line and why, so that the person fixing the record knows where to look.

The schema checks structure, order and formats. The rules below come from the IATI Standard's
guidance and rulesets, checked here because XSD cannot compare two values: a budget or period ends
on or after it starts; every value has a currency, its own or the activity's default; recipient
countries and regions share 100 percent; sectors of one vocabulary share 100 percent; identifiers
begin with the reporting organisation's and are unique in the file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
SCHEMA_FILE = SCHEMA_DIR / "iati-activities-schema.xsd"
VERSION = "2.03"


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused: which activity, which element, which line, why."""

    activity: str
    element: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.element} (line {self.line})" if self.line else self.element
        activity = f"{self.activity}: " if self.activity else ""
        return f"{activity}{where}: {self.message}"


class IatiInvalid(ValueError):
    """The file does not validate; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = _("The IATI file is invalid (%(count)d problem(s)):") % {"count": len(problems)}
        super().__init__("\n".join([head, *(f"- {p}" for p in problems)]))


@cache
def schema() -> etree.XMLSchema:
    """The IATI 2.03 activity schema, parsed once per process from the copy in this package."""
    # The schema files are ours (copied from IATI-Schemas); no network access to resolve imports.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), parser))


def _activity_of(element: etree._Element) -> str:
    node: etree._Element | None = element
    while node is not None and node.tag != "iati-activity":
        node = node.getparent()
    if node is None:
        return ""
    return (node.findtext("iati-identifier") or "").strip()


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(str(text).strip()) if text is not None else None
    except InvalidOperation:
        return None


def _schema_problems(doc: etree._ElementTree) -> list[Problem]:
    checker = schema()
    if checker.validate(doc):
        return []
    problems = []
    for error in checker.error_log:
        element = error.path or "/"
        found = doc.xpath(element) if element.startswith("/") else []
        activity = _activity_of(found[0]) if found and isinstance(found[0], etree._Element) else ""
        problems.append(Problem(activity, element, error.line, error.message))
    return problems


def _rule_problems(doc: etree._ElementTree) -> list[Problem]:
    problems: list[Problem] = []

    def add(element: etree._Element, message: str) -> None:
        problems.append(Problem(_activity_of(element), doc.getpath(element), element.sourceline, message))

    seen: dict[str, etree._Element] = {}
    identifiers = {(a.findtext("iati-identifier") or "").strip() for a in doc.getroot().iter("iati-activity")}
    for activity in doc.getroot().iter("iati-activity"):
        identifier = (activity.findtext("iati-identifier") or "").strip()
        org = activity.find("reporting-org")
        ref = org.get("ref", "") if org is not None else ""
        id_element = activity.find("iati-identifier")
        if id_element is not None and ref and not identifier.startswith(ref + "-"):
            add(
                id_element,
                _("the identifier does not begin with the reporting organisation's (%(ref)s-).") % {"ref": ref},
            )
        if identifier in seen and id_element is not None:
            add(id_element, _("the identifier %(id)s is used by another activity in this file.") % {"id": identifier})
        seen[identifier] = activity
        default_currency = activity.get("default-currency", "")
        for value in activity.iter("value"):
            if not value.get("currency") and not default_currency:
                add(value, _("the value has no @currency and the activity has no @default-currency."))
        for name in ("budget", "planned-disbursement", "period"):
            for element in activity.iter(name):
                start, end = element.find("period-start"), element.find("period-end")
                if start is None or end is None:
                    continue
                if (end.get("iso-date") or "") < (start.get("iso-date") or ""):
                    add(
                        end,
                        _("%(element)s ends on %(end)s, before it starts on %(start)s.")
                        % {"element": name, "end": end.get("iso-date"), "start": start.get("iso-date")},
                    )
        places = [*activity.findall("recipient-country"), *activity.findall("recipient-region")]
        if places:
            shares = [_decimal(p.get("percentage")) for p in places]
            if len(places) > 1 and any(s is None for s in shares):
                add(places[0], _("with several recipient countries or regions, each states a percentage."))
            elif all(s is not None for s in shares) and sum(s for s in shares if s is not None) != 100:
                total = sum(s for s in shares if s is not None)
                add(
                    places[0],
                    _("recipient country and region percentages sum to %(total)s, not 100.") % {"total": total},
                )
        by_vocabulary: dict[str, list[etree._Element]] = defaultdict(list)
        for sector in activity.findall("sector"):
            by_vocabulary[sector.get("vocabulary", "1")].append(sector)
        for vocabulary, sectors in by_vocabulary.items():
            shares = [_decimal(s.get("percentage")) for s in sectors]
            if len(sectors) > 1 and any(s is None for s in shares):
                add(sectors[0], _("with several sectors, each states a percentage."))
            elif all(s is not None for s in shares) and sum(s for s in shares if s is not None) != 100:
                total = sum(s for s in shares if s is not None)
                add(
                    sectors[0],
                    _("sector percentages of vocabulary %(vocabulary)s sum to %(total)s, not 100.")
                    % {"vocabulary": vocabulary, "total": total},
                )
        for related in activity.findall("related-activity"):
            if related.get("type") == "1" and related.get("ref") not in identifiers:
                add(related, _("the parent activity %(ref)s is not in this file.") % {"ref": related.get("ref")})
    return problems


def validate(doc: etree._ElementTree | etree._Element) -> None:
    """Raise IatiInvalid unless the document passes the schema and the rules."""
    tree = doc if isinstance(doc, etree._ElementTree) else doc.getroottree()
    problems = _schema_problems(tree)
    if not problems:  # the rules read a structure the schema has vouched for
        problems = _rule_problems(tree)
    if problems:
        raise IatiInvalid(problems)


def validate_bytes(data: bytes) -> etree._ElementTree:
    """Parse (no network, no entities) and validate an IATI file; returns the parsed tree."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, remove_blank_text=False)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as error:
        raise IatiInvalid([Problem("", "/", error.lineno, str(error))]) from error
    validate(tree)
    return tree
