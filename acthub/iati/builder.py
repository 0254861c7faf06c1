"""A program as IATI 2.03 activity XML: the program is the parent activity, its projects the children.

Everything published is public: only records the public may see are read (restricted querysets with
no user), and the results' figures come from the indicators engine with a public audience, so that
disclosure control has already been applied to every value written here.

Choices where acthub holds no IATI-specific fact (see docs/adr/0004-iati-grants-actip.md):
- recipient countries and the region share 100 percent equally, since acthub keeps no split;
- the program's whole-life budget is one indicative budget; a project's budgets are its grants;
- disbursement transactions sit under the grant's project, or under the program when it has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from acthub.core.periods import parse_period
from acthub.directory.choices import OrganisationType
from acthub.indicators.choices import REGION, Unit
from acthub.indicators.query import PUBLIC, QueryError
from acthub.program.choices import ProgrammingStatus, ProjectStatus
from acthub.program.models import Disbursement, Grant, Program, Project

from .validation import VERSION

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ASIA_REGIONAL = "798"  # OECD DAC region code "Asia, regional"

# IATI OrganisationType codes for the directory's types (None: the type is left out, it is optional).
ORGANISATION_TYPES: dict[str, str | None] = {
    OrganisationType.MINISTRY: "10",
    OrganisationType.GOVERNMENT_AGENCY: "10",
    OrganisationType.POLICE: "10",
    OrganisationType.PROSECUTION: "10",
    OrganisationType.COURT: "10",
    OrganisationType.SOCIAL_WELFARE: "10",
    OrganisationType.DONOR: "10",
    OrganisationType.WOMENS_UNION: "15",
    OrganisationType.ASEAN_BODY: "40",
    OrganisationType.UN_AGENCY: "40",
    OrganisationType.CIVIL_SOCIETY: "22",
    OrganisationType.RESEARCH: "80",
    OrganisationType.PRIVATE_SECTOR: "70",
    OrganisationType.IMPLEMENTER: "70",
    OrganisationType.GROUP: None,
    OrganisationType.OTHER: None,
}
# IATI OrganisationRole codes.
FUNDING, ACCOUNTABLE, EXTENDING, IMPLEMENTING = "1", "2", "3", "4"
# IATI ActivityStatus codes for a project's status.
PROJECT_STATUS: dict[str, str] = {
    ProjectStatus.PLANNED: "1",
    ProjectStatus.ACTIVE: "2",
    ProjectStatus.COMPLETED: "3",
    ProjectStatus.SUSPENDED: "6",
}
DISBURSEMENT = "3"  # IATI TransactionType


class ExportError(ValueError):
    """A program that cannot be published as it stands; the message says which record and why."""


@dataclass(frozen=True)
class DocumentLink:
    """A public document about the program: its address, title, format, IATI category and date."""

    url: str
    title: str
    format: str = "text/html"
    category: str = "A12"  # IATI DocumentCategory: A12 activity web page, A02 objectives and purpose
    language: str = "en"
    date: date | None = None


def _narrative(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, **attrs)
    etree.SubElement(element, "narrative").text = text
    return element


def _iso(day: date) -> str:
    return day.isoformat()


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def equal_shares(count: int) -> list[Decimal]:
    """`count` percentages with two decimals that sum to exactly 100 (the remainder on the first)."""
    if count <= 0:
        return []
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares = [share] * count
    shares[0] += Decimal(100) - share * count
    return shares


def _org(parent: etree._Element, tag: str, organisation: Any, role: str | None = None) -> None:
    attrs: dict[str, str] = {}
    if role:
        attrs["role"] = role
    code = ORGANISATION_TYPES.get(getattr(organisation, "type", ""))
    if code:
        attrs["type"] = code
    _narrative(parent, tag, organisation.name, **attrs)


class ActivityBuilder:
    """Builds the `<iati-activities>` document of one program."""

    def __init__(
        self,
        program: Program,
        *,
        documents: Iterable[DocumentLink] = (),
        today: date | None = None,
        now: datetime | None = None,
    ) -> None:
        self.program = program
        self.documents = list(documents)
        self.today = today or timezone.localdate()
        self.now = now or timezone.now()
        self.currency = program.budget_currency or ""

    # The document ---------------------------------------------------------------------------------

    def build(self) -> etree._Element:
        program = self.program
        if not program.iati_identifier or not program.iati_reporting_org_ref:
            raise ExportError(
                _("Program %(program)s has no IATI activity identifier or reporting organisation identifier.")
                % {"program": program.slug}
            )
        if program.funder is None:
            raise ExportError(_("Program %(program)s has no funder to report it.") % {"program": program.slug})
        root = etree.Element("iati-activities", version=VERSION, **{"generated-datetime": self.now.isoformat()})
        projects = list(Project.objects.restrict(None, "view").filter(program=program).prefetch_related("countries"))
        grants = list(
            Grant.objects.restrict(None, "view")
            .filter(program=program)
            .select_related("grantee", "project")
            .prefetch_related("countries")
            .order_by("pk")
        )
        # The disbursements of the public grants: IATI publishes them as transactions, although the
        # records themselves are for staff and the grantee only (Disbursement.public_q).
        disbursements = list(Disbursement.objects.filter(grant__in=[g.pk for g in grants]).order_by("date", "pk"))
        # Grouped once by project (None: the program itself), so each activity reads only its own.
        self._grants: dict[int | None, list[Grant]] = {}
        for grant in grants:
            self._grants.setdefault(grant.project_id, []).append(grant)
        self._paid: dict[int | None, list[Disbursement]] = {}
        by_id = {grant.pk: grant for grant in grants}
        for disbursement in disbursements:
            disbursement.grant = by_id[disbursement.grant_id]
            self._paid.setdefault(disbursement.grant.project_id, []).append(disbursement)
        root.append(self._parent(projects, grants))
        for project in projects:
            root.append(self._child(project))
        return root

    def _activity(self, identifier: str, hierarchy: str, updated: datetime) -> etree._Element:
        attrs = {"hierarchy": hierarchy, "last-updated-datetime": updated.isoformat(), XML_LANG: "en"}
        if self.currency:
            attrs["default-currency"] = self.currency
        activity = etree.Element("iati-activity", **attrs)
        etree.SubElement(activity, "iati-identifier").text = identifier
        funder = self.program.funder
        if funder is None:  # build() checks it first
            raise ExportError(_("The program has no funder to report it."))
        _narrative(
            activity,
            "reporting-org",
            funder.name,
            ref=self.program.iati_reporting_org_ref,
            type=ORGANISATION_TYPES.get(funder.type) or "10",
        )
        return activity

    def _head(
        self,
        activity: etree._Element,
        *,
        title: str,
        description: str,
        grantees: Iterable[Any],
        status: str,
        dates: list[tuple[str, date]],
        scope: str,
    ) -> None:
        program = self.program
        _narrative(activity, "title", title)
        _narrative(activity, "description", description or title, type="1")
        funder = program.funder
        _org(activity, "participating-org", funder, FUNDING)
        _org(activity, "participating-org", funder, ACCOUNTABLE)
        if program.implementer is not None:
            _org(activity, "participating-org", program.implementer, EXTENDING)
        seen = set()
        for grantee in grantees:
            if grantee.pk not in seen:
                seen.add(grantee.pk)
                _org(activity, "participating-org", grantee, IMPLEMENTING)
        etree.SubElement(activity, "activity-status", code=status)
        for kind, day in dates:
            etree.SubElement(activity, "activity-date", type=kind, **{"iso-date": _iso(day)})
        etree.SubElement(activity, "activity-scope", code=scope)

    def _places(self, activity: etree._Element, countries: list[str], regional: bool) -> None:
        shares = equal_shares(len(countries) + (1 if regional else 0))
        for code, share in zip(countries, shares, strict=False):
            etree.SubElement(activity, "recipient-country", code=code, percentage=format(share, "f"))
        if regional:
            element = etree.SubElement(
                activity, "recipient-region", code=ASIA_REGIONAL, vocabulary="1", percentage=format(shares[-1], "f")
            )
            etree.SubElement(element, "narrative").text = _("Asia, regional")

    def _sectors(self, activity: etree._Element) -> None:
        for sector in self.program.iati_sectors or []:
            etree.SubElement(
                activity,
                "sector",
                vocabulary="1",
                code=str(sector["code"]),
                percentage=format(Decimal(str(sector["percentage"])), "f"),
            )

    def _budget(
        self, activity: etree._Element, start: date, end: date, amount: Decimal, currency: str, status: str
    ) -> None:
        budget = etree.SubElement(activity, "budget", type="1", status=status)
        etree.SubElement(budget, "period-start", **{"iso-date": _iso(start)})
        etree.SubElement(budget, "period-end", **{"iso-date": _iso(end)})
        attrs = {"value-date": _iso(start)}
        if currency and currency != self.currency:
            attrs["currency"] = currency
        etree.SubElement(budget, "value", **attrs).text = _amount(amount)

    def _transactions(self, activity: etree._Element, disbursements: Iterable[Disbursement]) -> None:
        provider = self.program.implementer or self.program.funder
        for disbursement in disbursements:
            transaction = etree.SubElement(activity, "transaction")
            if disbursement.reference:
                transaction.set("ref", disbursement.reference)
            etree.SubElement(transaction, "transaction-type", code=DISBURSEMENT)
            etree.SubElement(transaction, "transaction-date", **{"iso-date": _iso(disbursement.date)})
            attrs = {"value-date": _iso(disbursement.date)}
            currency = disbursement.effective_currency
            if currency and currency != self.currency:
                attrs["currency"] = currency
            etree.SubElement(transaction, "value", **attrs).text = _amount(disbursement.amount)
            grant = disbursement.grant
            _narrative(
                transaction, "description", _("Disbursement of the grant to %(grantee)s") % {"grantee": grant.grantee}
            )
            if provider is not None:
                _narrative(transaction, "provider-org", provider.name)
            _narrative(transaction, "receiver-org", grant.grantee.name)

    def _documents(self, activity: etree._Element) -> None:
        for document in self.documents:
            link = etree.SubElement(activity, "document-link", url=document.url, format=document.format)
            _narrative(link, "title", document.title)
            etree.SubElement(link, "category", code=document.category)
            etree.SubElement(link, "language", code=document.language)
            if document.date:
                etree.SubElement(link, "document-date", **{"iso-date": _iso(document.date)})

    # The parent: the program ------------------------------------------------------------------------

    def _parent(self, projects: list[Project], grants: list[Grant]) -> etree._Element:
        program = self.program
        activity = self._activity(program.iati_identifier, "1", program.last_updated)
        start, end = date(program.start_year, 1, 1), date(program.end_year, 12, 31)
        # Planned dates only: the program records its years, not the day it actually started.
        dates = [("1", start), ("3", end)]
        status = "1" if self.today < start else "2" if self.today <= end else "3"
        self._head(
            activity,
            title=program.name,
            description="\n\n".join(program.paragraphs) or program.tagline,
            grantees=[g.grantee for g in grants],
            status=status,
            dates=dates,
            scope="2",  # regional
        )
        codes = sorted(
            program.country_programming.exclude(status=ProgrammingStatus.NONE).values_list("country__code", flat=True)
        )
        self._places(activity, codes, regional=True)
        self._sectors(activity)
        if program.budget_amount is not None:
            self._budget(activity, start, end, program.budget_amount, program.budget_currency, status="1")
        self._transactions(activity, self._paid.get(None, []))
        self._documents(activity)
        for project in projects:
            etree.SubElement(activity, "related-activity", ref=self._child_id(project), type="2")
        for result in self._results():
            activity.append(result)
        return activity

    # The children: projects -------------------------------------------------------------------------

    def _child_id(self, project: Project) -> str:
        return f"{self.program.iati_identifier}-{project.pk}"

    def _child(self, project: Project) -> etree._Element:
        activity = self._activity(self._child_id(project), "2", project.last_updated)
        mine = self._grants.get(project.pk, [])
        dates: list[tuple[str, date]] = []
        if project.start_date:
            dates.append(("1", project.start_date))
            if project.start_date <= self.today and project.status != ProjectStatus.PLANNED:
                dates.append(("2", project.start_date))
        if project.end_date:
            dates.append(("3", project.end_date))
            if project.status == ProjectStatus.COMPLETED:
                dates.append(("4", project.end_date))
        if not dates:
            raise ExportError(
                _("Project %(title)s (id %(id)s) has no start date; IATI needs one.")
                % {"title": project, "id": project.pk}
            )
        # The activity's recipient countries: the project's and those of the grants it funds (a grant
        # shared by countries names each); IATI then forbids them on the transactions, so none there.
        countries = sorted({c.code for c in project.countries.all()} | {code for g in mine for code in g.country_codes})
        self._head(
            activity,
            title=project.title,
            description=project.summary,
            grantees=[g.grantee for g in mine],
            status=PROJECT_STATUS.get(project.status, "2"),
            dates=dates,
            scope="2" if project.is_regional or len(countries) > 1 else "4",
        )
        self._places(activity, countries, regional=project.is_regional or not countries)
        self._sectors(activity)
        for grant in mine:
            if grant.amount is not None and grant.start_date and grant.end_date:
                self._budget(activity, grant.start_date, grant.end_date, grant.amount, grant.currency, status="2")
        self._transactions(activity, self._paid.get(project.pk, []))
        etree.SubElement(activity, "related-activity", ref=self.program.iati_identifier, type="1")
        return activity

    # Results from the engine ------------------------------------------------------------------------

    def _results(self) -> list[etree._Element]:
        from acthub.indicators.engine import query
        from acthub.indicators.models import DataValue, Indicator, Target

        program = self.program
        periods: dict[int, set[str]] = {}
        for indicator_id, period in (
            DataValue.objects.restrict(None, "view")
            .filter(program=program, country__isnull=True)
            .values_list("indicator_id", "period")
        ):
            periods.setdefault(indicator_id, set()).add(period)
        targets: dict[tuple[int, str], Decimal] = {}
        for target in Target.objects.restrict(None, "view").filter(program=program, country__isnull=True):
            periods.setdefault(target.indicator_id, set()).add(target.period)
            targets[(target.indicator_id, target.period)] = target.value
        results = []
        indicators = Indicator.objects.restrict(None, "view").filter(pk__in=periods).order_by("code")
        for indicator in indicators:
            ordered = sorted(periods[indicator.pk], key=lambda p: (parse_period(p).start, parse_period(p).end))
            by = ["sex"] if "sex" in (indicator.disaggregations or []) else []
            try:
                table = query(program, indicator.code, periods=ordered, places=[REGION], by=by, audience=PUBLIC)
            except QueryError:
                continue
            result = etree.Element("result", type="1", **{"aggregation-status": "0"})
            _narrative(result, "title", indicator.name)
            if indicator.definition:
                _narrative(result, "description", indicator.definition)
            measure = "2" if indicator.unit == Unit.PERCENT else "1"
            element = etree.SubElement(result, "indicator", measure=measure, ascending="1")
            _narrative(element, "title", indicator.name)
            written = 0
            for period_id in ordered:
                period = parse_period(period_id)
                cells = [table.get(period_id, REGION)]
                cells += [table.get(period_id, REGION, sex=s) for s in table.values("sex")] if by else []
                target = targets.get((indicator.pk, period_id))
                actuals = [c for c in cells if c is not None and (c.value is not None or c.label)]
                if target is None and not actuals:
                    continue
                node = etree.SubElement(element, "period")
                etree.SubElement(node, "period-start", **{"iso-date": _iso(period.start)})
                etree.SubElement(node, "period-end", **{"iso-date": _iso(period.end)})
                if target is not None:
                    etree.SubElement(node, "target", value=format(target.normalize(), "f"))
                for cell in actuals:
                    actual = etree.SubElement(node, "actual")
                    if cell.label or cell.value is None:  # suppressed: the value is not published
                        _narrative(actual, "comment", cell.label)
                    else:
                        actual.set("value", format(cell.value.normalize(), "f"))
                    sex = dict(cell.group).get("sex", "")
                    if sex:
                        actual.insert(0, etree.Element("dimension", name="sex", value=sex))
                written += 1
            if written:
                results.append(result)
        return results


def document_links(program: Program, base_url: str = "") -> list[DocumentLink]:
    """The program's public documents: its links (website, portal) and, given the site's address, its editions."""
    links = [
        DocumentLink(url=link.url, title=link.label, category="A12")
        for link in program.links.restrict(None, "view").filter(kind__in=("website", "portal")).order_by("order")
    ]
    links += resource_links(program, base_url)
    if base_url:
        from django.urls import reverse

        from acthub.factsheets.models import FactSheetEdition

        editions = FactSheetEdition.objects.restrict(None, "view").filter(program=program, published_at__isnull=False)
        for edition in editions.order_by("-published_at"):
            path = reverse("factsheets:edition_file", kwargs={"pk": edition.pk, "fmt": "pdf"})
            links.append(
                DocumentLink(
                    url=base_url.rstrip("/") + path,
                    title=_("Fact sheet %(name)s, %(label)s")
                    % {"name": edition.scope_name, "label": edition.date_label},
                    format="application/pdf",
                    category="A02",
                    language=edition.language or "en",
                    date=edition.published_at.date() if edition.published_at else None,
                )
            )
    return links


# The IATI DocumentCategory of a library resource: results evidence (A08), minutes of the steering
# committees (A09 is for agreements, so they go as A07, review of performance).
RESULTS_EVIDENCE, GOVERNANCE_REVIEW = "A08", "A07"


def resource_links(program: Program, base_url: str = "") -> list[DocumentLink]:
    """Document links for the PUBLIC library resources tied to the program, never any other.

    Tied: evidence for one of the program's achievements, or the minutes of one of its governance
    meetings. Only what the anonymous public may see (published, access level public) is listed; a
    resource is linked at its own address when it has one, else at its library page (given the site's
    address), else not at all.
    """
    from acthub.library.models import Resource

    tied = Resource.objects.restrict(None, "view").filter(
        Q(evidence_for__program=program) | Q(minutes_of__body__program=program)
    )
    minutes = set(tied.filter(minutes_of__body__program=program).values_list("pk", flat=True))
    links = []
    for resource in tied.distinct().order_by("title", "pk"):
        url = resource.url
        if not url and base_url:
            from django.urls import reverse

            url = base_url.rstrip("/") + reverse("portal:resource", kwargs={"pk": resource.pk})
        if not url:
            continue
        language = next((code for code in resource.languages if len(code) == 2), "en")
        links.append(
            DocumentLink(
                url=url,
                title=resource.title,
                category=GOVERNANCE_REVIEW if resource.pk in minutes else RESULTS_EVIDENCE,
                language=language,
                date=resource.published_on,
            )
        )
    return links
