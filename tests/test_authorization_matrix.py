"""The authorization matrix: every URL and every API operation, for every role, for records of A and B.

Nothing here lists the pages or endpoints by hand. Pages come from Django's URL resolver, walked
recursively; API operations come from the OpenAPI schema drf-spectacular generates. A new page or
endpoint therefore joins the matrix the day it is routed, and fails it if it declares no access.

Declarations (see acthub.core.permissions and acthub.api.permissions):
- `public`: everyone gets 200; a record outside the visitor's view is 404, as if it did not exist.
- `("roles", ...)`: anonymous visitors go to the login page (pages) or get 401 (API); other roles
  get 403; admitted roles get 200, or 404 for a record outside their countries.

The expected visibility of a record is computed here from design.md section 1 and the models' own
declarations (`public_q`, `partner_q`, `scope_field`), not from acthub.core.access, which is the
code under test. Staff sign in through their TOTP check; a staff session without it ("mel_no_2fa")
reaches nothing but the two-factor pages.

What is tried, so that a new page, method or parameter cannot escape:
- every page with GET and with POST (a view that only answers POST is still gated and scoped);
- every API path with each writing method its schema does not list (the gate, then 405);
- every parameterised page with the records its URL names (PAGE_RECORDS: import jobs and tokens
  exist in the world), unless its parameter is a fixed word or waits for a declaration (listed with
  the reason in UNDECLARED_PARAMETERS; a new route must be in one or the other);
- every API list with each of its query parameters (filters, search, ordering) set to a value of a
  record the role may not see: the list still shows exactly the records the role may see;
- every admin list and add page with the lookups and `?field=` prefills of another country's
  hidden record: never its name;
- `/api/schema/` and `/api/docs/`, which are API views outside the schema, as pages;
- each model's admin for each role against ADMIN_ACCESS: exactly 200 or exactly 403.
`test_matrix_catches_broken_endpoints` feeds each check a deliberately broken endpoint.

Documented rules instead of declarations:
- ADMIN: every URL under the `admin` namespace is served by Django's AdminSite, which admits only
  active staff accounts (`is_staff` follows the role) and then asks each ModelAdmin, whose access
  is role-based (acthub.core.admin_base). Checked by `test_admin_rule` over every registered model.
- FRAMEWORK: Django's own views that show no data, listed in FRAMEWORK_VIEWS with the reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models import Q
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls import path as route_path
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.api.permissions import PublicRead, declared_access
from acthub.api.tests.world import build_records
from acthub.audit.reads import DETAIL_ROUTES, READS_ATTR
from acthub.core.languages import without_language_prefix
from acthub.core.models import SourceDocument
from acthub.core.permissions import ACCESS_ATTR
from acthub.core.testing import factories as f
from acthub.directory.models import Organisation
from acthub.justice.tests import factories as justice_f
from acthub.library.defaults import ensure_defaults
from acthub.library.models import Resource, ResourceType
from config import urls as config_urls

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "partner", "officer_a", "mel", "admin", "mel_no_2fa"]
ROLE_OF = {"partner": "partner", "officer_a": "country_officer", "mel": "regional_mel", "admin": "admin"}
LOGIN = "/accounts/login/"
TWO_FACTOR = ("/accounts/two-factor/",)

# Django views that display no data and are open by nature.
FRAMEWORK_VIEWS: dict[str, str] = {}
# Parameterised pages whose URL names a record, beside those the audit registry already knows.
PAGE_RECORDS: dict[str, tuple[str, str]] = {
    "portal:country": ("core.Country", "code"),
    "portal:outcome": ("program.OutcomeArea", "slug"),
    "indicators:pivot": ("indicators.Indicator", "code"),
    "indicators:chart": ("indicators.Indicator", "code"),
    "portal:indicator": ("indicators.Indicator", "code"),
    "portal:indicator_chart": ("indicators.Indicator", "code"),
    "indicators:download_svg": ("indicators.Indicator", "code"),
    "indicators:download_png": ("indicators.Indicator", "code"),
    "portal:project": ("program.Project", "pk"),
    "portal:activity": ("activities.Activity", "pk"),
    "imports:detail": ("imports.ImportJob", "pk"),
    "imports:status": ("imports.ImportJob", "pk"),
    "imports:commit": ("imports.ImportJob", "pk"),
    "imports:errors": ("imports.ImportJob", "pk"),
    "api_token_revoke": ("accounts.ApiToken", "pk"),
    "portal:resource_review": ("library.Resource", "pk"),
    "imports:approve": ("imports.ImportJob", "pk"),
    "imports:unapprove": ("imports.ImportJob", "pk"),
    "imports:revert": ("imports.ImportJob", "pk"),
    "monitoring:update_item": ("actip.AssessmentItem", "pk"),
    "open_data:csv": ("indicators.Indicator", "code"),
    "monitoring:meeting_minutes": ("program.GovernanceMeeting", "pk"),
    "portal:source": ("core.SourceDocument", "name"),
}
# Old pages of a record: a visible record is answered with a permanent redirect to its page, a hidden
# one with a 404 (a redirect would name it).
MOVED_PAGES = {"indicators:chart", "portal:indicator", "portal:indicator_chart"}
# Records that, beside what the access rules grant, their owner sees (field naming the owner), and
# records only their owner sees.
OWNER_FIELDS = {"imports.ImportJob": "created_by_id"}
OWNER_ONLY = {"accounts.ApiToken": "user_id"}
# Parameterised pages tried only with a value that names nothing (or fixed words), with the reason.
UNDECLARED_PARAMETERS = {
    "imports:template_csv": "a kind name: fixed words, the same for everyone",
    "imports:template_xlsx": "a kind name: fixed words, the same for everyone",
    "imports:mapping_edit": "a column mapping: reference data of the import pages (all staff)",
    "indicators:download_csv": "an indicator code: the engine's pages, declared with its refactor (issue 10)",
    "indicators:download_xlsx": "an indicator code: the engine's pages, declared with its refactor (issue 10)",
    "indicators:targets": "an indicator code: the engine's pages, declared with its refactor (issue 10)",
    "indicators:records": "an indicator code: the engine's pages, declared with its refactor (issue 10)",
    "factsheets:draft": "a fact sheet draft: no drafts in this world yet",
    "factsheets:start_job": "a fact sheet draft: no drafts in this world yet",
    "factsheets:delete_draft": "a fact sheet draft: no drafts in this world yet",
    "factsheets:job": "a render job: none in this world yet",
    "factsheets:job_result": "a render job: none in this world yet",
    "factsheets:edition": "an edition: none in this world yet",
    "factsheets:edition_file": "an edition and a format: none in this world yet",
    "factsheets:scope": "a scope: fixed words (REGION or a country code)",
    "factsheets:draft_file": "a scope and a format: fixed words",
    "portal:resource_file": "a resource and a language: access by level tested in acthub/library/tests",
    "portal:resource_thumbnail": "a resource and a language: access by level tested in acthub/library/tests",
    "portal:directory_export": "a format: fixed words, public entries only",
    "monitoring:actip_report": "a period and a format: fixed words; published assessments only",
    "monitoring:assessment_action": "an assessment and a workflow step: tested per role in acthub/actip/tests",
}
# Pages that must not be POSTed to by the matrix: what they do to the session would change the roles.
NO_POST = {"logout"}
# Values that name no record, tried in turn until the URL pattern accepts one.
MISSING_VALUES = ["987654321", "no-such-record", "00000000-0000-0000-0000-000000000000", "ZZ"]
FIXED_VALUES = ["REGION", "html", "json", "csv", "xlsx", "pdf"]


@dataclass(frozen=True)
class Route:
    """One URL pattern: its route with <converters>, its name and its view."""

    route: str
    name: str
    callback: Any
    namespace: str


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    """Every URL pattern, recursively, with the full route and namespaced name."""
    resolver = resolver or get_resolver()
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            ns = ":".join(part for part in (namespace, item.namespace or "") if part)
            yield from walk(item, prefix + str(item.pattern), ns)
        elif isinstance(item, URLPattern):
            name = f"{namespace}:{item.name}" if namespace and item.name else item.name or ""
            yield Route(prefix + str(item.pattern), name, item.callback, namespace)


def access_of(callback: Any) -> Any:
    """A view's declaration: the page decorators' attribute, or its DRF permission classes."""
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None and hasattr(view_class, "permission_classes") and getattr(callback, "cls", None):
        access = declared_access(view_class)
        if not access:
            return None
        return access[0] if len(access) == 1 else ("all", tuple(access))
    return getattr(callback, ACCESS_ATTR, None)


def is_api(route: Route) -> bool:
    return getattr(route.callback, "cls", None) is not None


def is_format_suffix(route: Route) -> bool:
    return "(?P<format>" in route.route or "<drf_format_suffix" in route.route


# The world: records of country A and B, public and not -------------------------------------------------


@pytest.fixture
def world(country_a: Any, country_b: Any, users: dict[str, Any]) -> dict[str, Any]:
    program = f.ProgramFactory(
        slug="asean-act",
        name="ASEAN-Australia Counter Trafficking",
        acronym="ASEAN-ACT",
        # Published in IATI, so that /iati/activities.xml serves the world's public records.
        funder=f.OrganisationFactory(name="Matrix funder", type="donor"),
        iati_reporting_org_ref="XM-DAC-00",
        iati_identifier="XM-DAC-00-MATRIX",
    )
    sensitive = f.IndicatorFactory(code="MATRIX_SENSITIVE", is_sensitive=True)
    # A public source document (a published fact sheet) that provenance links to.
    SourceDocument.objects.create(name="matrix-sheet.txt", title="Synthetic matrix fact sheet", is_public=True)
    ensure_defaults()  # the library's types, in case a transactional test emptied the tables
    for n, country in ((1, country_a), (2, country_b)):
        build_records(program, country, n)
        # The non-public side of each kind the public may not see.
        hidden = f.OrganisationFactory(country=country, is_public=False, name=f"Hidden organisation {n}")
        f.OrganisationRoleFactory(program=program, organisation=hidden, country=country)
        f.StoryFactory(program=program, country=country, is_published=False, consent_obtained=False)
        f.AchievementFactory(program=program, country=country, is_published=False)
        f.DataValueFactory(program=program, indicator=sensitive, country=country, value=5)
        # Library resources at each access level, and a submission waiting for review.
        for level, status in (
            ("public", "published"),
            ("partners", "published"),
            ("internal", "published"),
            ("public", "submitted"),
        ):
            resource = Resource.objects.create(
                title=f"Matrix {level} {status} {n}",
                type=ResourceType.objects.get(slug="study"),
                access_level=level,
                status=status,
            )
            resource.countries.set([country])
        # Justice records: sensitive, seen only by the case's country officers, regional MEL and admins.
        verdict = justice_f.DefendantChargeFactory(defendant__case__country=country)
        justice_f.VictimFactory(case=verdict.defendant.case)
    # IATI needs each project's start; the world's projects start on a synthetic date.
    program.projects.update(start_date="2021-01-01")
    # ACTIP assessments (a draft per country, one published) and a grant report per country.
    from django.utils import timezone

    from acthub.actip.models import Assessment
    from acthub.program.models import Grant, GrantReport

    for country in (country_a, country_b):
        Assessment.objects.create(country=country, period="2022")
        GrantReport.objects.create(
            grant=Grant.objects.filter(countries=country).first(), title="Matrix report", due_date="2022-01-31"
        )
    Assessment.objects.create(country=country_a, period="2021", status="published", published_at=timezone.now())
    # Import jobs (one of an officer of A, one of an administrator) and API tokens, so that the
    # pages naming them are tried with real records.
    from acthub.accounts.tokens import issue_token
    from acthub.imports.services import create_job

    for owner in (users["officer_a"], users["admin"]):
        create_job(
            program=program,
            kind="activities",
            stream=io.BytesIO(b"code,kind,title,start_date,end_date,countries\r\n"),
            name="matrix.csv",
            acting_user=owner,
        )
        issue_token(owner, name="matrix")
    return {"program": program, "A": country_a, "B": country_b}


@pytest.fixture
def clients(users: dict[str, Any]) -> dict[str, Client]:
    made = {"anonymous": Client()}
    for role in ("partner", "officer_a", "mel", "admin"):
        made[role] = sign_in(Client(), users[role])
    made["mel_no_2fa"] = Client()
    made["mel_no_2fa"].force_login(f.UserFactory(role=Role.REGIONAL_MEL))
    return made


def record_countries(record: models.Model) -> set[str]:
    """The country codes a record belongs to, through the model's declared scope path."""
    path = getattr(record, "scope_field", None)
    if path is None:
        return set()
    if path == "pk":
        return {record.code}
    codes = type(record)._default_manager.filter(pk=record.pk).values_list(f"{path}__code", flat=True)
    return {c for c in codes if c}


def expected_visible(role: str, record: models.Model, users: dict[str, Any]) -> bool:
    """design.md section 1: who may see this record."""
    model = type(record)
    user = users.get(role)
    if model._meta.label in OWNER_ONLY:
        return user is not None and getattr(record, OWNER_ONLY[model._meta.label]) == user.pk
    owner = OWNER_FIELDS.get(model._meta.label)
    if owner and user is not None and getattr(record, owner) == user.pk:
        return True
    public_q = model.public_q() if hasattr(model, "public_q") else Q()
    if not public_q or model._default_manager.filter(public_q, pk=record.pk).exists():
        return True
    if role in ("mel", "admin"):
        return True
    if role == "officer_a":
        return "LA" in record_countries(record)
    if role == "partner" and hasattr(model, "partner_q"):
        return model._default_manager.filter(model.partner_q(users["partner"]), pk=record.pk).exists()
    return False


def samples(model: type[models.Model]) -> list[models.Model]:
    """Up to one public and one hidden record per country (A, B, regional) of `model`."""
    public_q = model.public_q() if hasattr(model, "public_q") else Q()
    chosen: dict[tuple[bool, frozenset[str]], models.Model] = {}
    for record in model._default_manager.all()[:200]:
        hidden = bool(public_q) and not model._default_manager.filter(public_q, pk=record.pk).exists()
        chosen.setdefault((hidden, frozenset(record_countries(record))), record)
    return list(chosen.values())


# Outcomes ----------------------------------------------------------------------------------------------


def outcome(response: Any) -> str:
    """A response as one word: 200, login, 2fa, 401, 403, 404, 405, redirect, or the status."""
    status = response.status_code
    if status in (301, 302):
        location = without_language_prefix(response["Location"])  # /lo/accounts/login/ is the login page too
        if location.startswith(LOGIN) or "/admin/login/" in location:
            return "login"
        if location.startswith(TWO_FACTOR):
            return "2fa"
        return "redirect"
    return str(status)


def expected(access: Any, role: str, *, api: bool, record_visible: Any, open_path: bool = False) -> set[str]:
    """The acceptable outcomes of a declared view for a role (see `_page_cases` for record_visible)."""
    if role == "mel_no_2fa" and not open_path:
        return {"403"} if api else {"2fa"}
    signed_in = role != "anonymous"
    if access == "public":
        admitted = True
    elif isinstance(access, tuple) and access[0] == "roles":
        admitted = signed_in and ROLE_OF.get(role, "regional_mel") in access[1]
        if not signed_in:
            return {"401"} if api else {"login"}
        if not admitted:
            return {"403"}
    else:  # a permission class without `acthub_access`: nothing it answers can be checked, so nothing passes
        return set()
    if open_path:  # the two-factor pages send a session on to the step it is at
        return {"200", "405", "redirect", "2fa"}
    if record_visible is None:
        return {"200", "405", "redirect"}
    if record_visible == "fixed":
        return {"200", "404", "405", "redirect"}
    if record_visible == "query":
        return {"200", "400", "404"}
    # 405: a POST-only view refuses a GET before it looks the record up.
    return {"200"} if record_visible else {"404", "405"}


# Tests -------------------------------------------------------------------------------------------------


def undeclared_views(routes: list[Route]) -> list[str]:
    """Views that declare no access, or only through a permission class the matrix cannot read."""
    undeclared = []
    for route in routes:
        if route.namespace.split(":")[0] == "admin" or route.name in FRAMEWORK_VIEWS:
            continue
        access = access_of(route.callback)
        if access is None or "custom" in repr(access):
            undeclared.append(f"{route.route} ({route.name or route.callback!r}: {access})")
    return undeclared


def undeclared_parameters(routes: list[Route]) -> list[str]:
    """Parameterised pages that name no record and are not listed in UNDECLARED_PARAMETERS."""
    problems = []
    names = set()
    for route in routes:
        if is_api(route) or route.namespace.split(":")[0] == "admin" or not _params(route):
            continue
        names.add(route.name)
        declared = (
            getattr(route.callback, READS_ATTR, None) or DETAIL_ROUTES.get(route.name) or PAGE_RECORDS.get(route.name)
        )
        if declared is None and route.name not in UNDECLARED_PARAMETERS:
            problems.append(f"{route.route} ({route.name}): declare its record in PAGE_RECORDS or say why not")
    problems += [
        f"{name}: listed in UNDECLARED_PARAMETERS but not routed" for name in UNDECLARED_PARAMETERS if name not in names
    ]
    return problems


def test_every_parameterised_page_declares_its_record() -> None:
    problems = undeclared_parameters(list(walk()))
    assert problems == [], "\n".join(problems)


def test_every_view_declares_its_access() -> None:
    undeclared = undeclared_views(list(walk()))
    assert undeclared == [], (
        "views with no access declaration (public_view / roles_required / DRF permission):\n" + "\n".join(undeclared)
    )


def _params(route: Route) -> list[str]:
    """The names of a route's parameters: <converter:name> or a regex's (?P<name>...)."""
    return [a or b for a, b in re.findall(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>", route.route)]


def _page_url(route: Route, values: dict[str, str]) -> str | None:
    """The URL of a named route with these values, or None when a value does not fit the pattern."""
    try:
        return reverse(route.name, kwargs=values) if route.name else None
    except NoReverseMatch:
        return None


def _first_url(route: Route, params: list[str], candidates: list[str]) -> str | None:
    """The route filled with the first candidates its pattern accepts (a record that does not exist)."""
    for combo in product(candidates, repeat=len(params)):
        url = _page_url(route, dict(zip(params, combo, strict=True)))
        if url is not None:
            return url
    return None


def _page_cases(route: Route) -> list[tuple[str, models.Model | None, Any]]:
    """(URL, record, nature): the records a page's URL names, one that is missing, or fixed words.

    nature: None for a page without parameters, False for a missing record, "fixed" for a URL of
    fixed words (a scope, a format) whose content may or may not exist in the test world.
    """
    params = _params(route)
    if not params:
        return [(_page_url(route, {}) or "/" + route.route, None, None)]
    declared = (
        getattr(route.callback, READS_ATTR, None) or DETAIL_ROUTES.get(route.name) or PAGE_RECORDS.get(route.name)
    )
    cases: list[tuple[str, models.Model | None, Any]] = []
    if declared is not None and len(params) == 1:
        label, kwarg = declared
        field = "pk" if kwarg == "pk" else kwarg
        for record in samples(apps.get_model(label)):
            url = _page_url(route, {kwarg: str(getattr(record, field))})
            if url is not None:
                cases.append((url, record, None))
    missing = _first_url(route, params, MISSING_VALUES)
    if missing is not None:
        cases.append((missing, None, False))  # the gate comes first, then a 404
    else:  # the pattern takes only fixed words (a scope, a format): a real page, nothing missing
        real = _first_url(route, params, FIXED_VALUES)
        assert real is not None, f"cannot build a URL for {route.route}"
        cases.append((real, None, "fixed"))
    return cases


def schema_paths() -> set[str]:
    """The URL paths the OpenAPI schema lists (as routes: {id} back to the route's {pk})."""
    return {path for path, _method, _cb, _required in _api_operations()}


def page_routes() -> list[Route]:
    """The routes the page matrix tries: every page, and API views the schema does not list."""
    listed = {re.sub(r"{\w+}", "", p) for p in schema_paths()}
    routes = []
    for route in walk():
        if route.namespace.split(":")[0] == "admin" or route.name in FRAMEWORK_VIEWS:
            continue
        if is_api(route) and (
            is_format_suffix(route)
            or re.sub(r"<[^>]+>|\(\?P<[^)]+\)[^/]*", "", "/" + route.route).replace("^", "").replace("$", "") in listed
        ):
            continue
        routes.append(route)
    return routes


def page_failures(routes: list[Route], clients: dict[str, Client], users: dict[str, Any]) -> tuple[int, list[str]]:
    """Each route with GET and POST for every role: (requests made, what failed)."""
    failures = []
    checked = 0
    for route in routes:
        access = access_of(route.callback)
        api = is_api(route)
        open_path = route.name.startswith("two_factor") or route.name == "logout"
        for url, record, nature in _page_cases(route):
            for role in ROLES:
                visible = expected_visible(role, record, users) if record is not None else nature
                for method in ("GET", "POST"):
                    if method == "POST" and route.name in NO_POST:
                        continue
                    got = outcome(getattr(clients[role], method.lower())(url))
                    want = expected(access, role, api=api, record_visible=visible, open_path=open_path)
                    if method == "POST" or api:
                        want = _after_post(want, visible) if method == "POST" else want
                        if method == "POST" and open_path:
                            want = want | {"400"}  # a wrong or missing code
                    elif visible is True:
                        want = want | {"405"}  # a POST-only view answers GET with 405 before its lookup
                    if route.name in MOVED_PAGES and visible is True and method == "GET" and want & {"200"}:
                        want = {"redirect"}
                    checked += 1
                    if got not in want:
                        failures.append(f"{role:<11} {method:<4} {url:<45} got {got:<8} want {sorted(want)} ({access})")
    return checked, failures


def _after_post(want: set[str], visible: Any) -> set[str]:
    """What a POST may get once past the gate: a form's answer, a redirect, 405; never a hidden record."""
    if want & {"login", "2fa", "401", "403"} or not want:
        return want
    if visible is False:
        return {"404", "405"}
    return {"200", "201", "204", "400", "404", "405", "redirect", "login"} - ({"404"} if visible is True else set())


def test_page_matrix(world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]) -> None:
    checked, failures = page_failures(page_routes(), clients, users)
    assert checked > 200
    assert failures == [], "\n".join(failures)


def test_page_matrix_with_a_language_prefix(
    world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]
) -> None:
    """The pages again under /lo/ (walked with Lao active, the language prefix is part of each route):
    the language changes the words, never who sees what."""
    with translation.override("lo"):
        routes = [route for route in page_routes() if route.route.startswith("lo/")]
        assert {"portal:country", "portal:resource", "imports:detail", "accounts:login"} & {r.name for r in routes}
        checked, failures = page_failures(routes, clients, users)
    assert len(routes) > 20 and checked > 200
    assert failures == [], "\n".join(failures)


def _api_operations() -> Iterator[tuple[str, str, Any, bool]]:
    """(path, method, view, whether it has required query parameters), from the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    # The schema calls a primary key {id} (drf-spectacular's SCHEMA_COERCE_PATH_PK); the routes say {pk}.
    callbacks = {
        (path.replace("{pk}", "{id}"), method): cb
        for path, _regex, method, cb in EndpointEnumerator().get_api_endpoints()
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                required = any(p["in"] == "query" and p.get("required") for p in operation.get("parameters", []))
                yield path, method.upper(), callbacks[(path, method.upper())], required


def _api_model(view_class: Any) -> type[models.Model] | None:
    model = getattr(view_class, "model", None)
    queryset = getattr(view_class, "queryset", None)
    return model or (queryset.model if queryset is not None else None)


WRITING = ("POST", "PUT", "PATCH", "DELETE")


def api_failures(
    operations: list[tuple[str, str, Any, bool]], clients: dict[str, Client], users: dict[str, Any]
) -> list[str]:
    """Every operation for every role; every writing method a path does not list; every list's query."""
    failures = []
    listed: dict[str, set[str]] = {}
    probes: dict[str, str] = {}  # a URL of each path, with a real record where there is one
    for path, method, callback, required_query in operations:
        listed.setdefault(path, set()).add(method)
        view_class = callback.cls
        access = access_of(callback)
        params = re.findall(r"{(\w+)}", path)
        model = _api_model(view_class)
        if not params:
            cases: list[tuple[str, models.Model | None]] = [(path, None)]
        else:
            lookup = getattr(view_class, "lookup_field", "pk")
            records = samples(model) if model is not None and len(params) == 1 else []
            cases = [(path.replace(f"{{{params[0]}}}", str(getattr(r, lookup))), r) for r in records]
            cases.append((re.sub(r"{\w+}", "987654321", path), None))
        probes.setdefault(path, cases[0][0])
        for url, record in cases:
            for role in ROLES:
                response = getattr(clients[role], method.lower())(url, content_type="application/json")
                got = outcome(response)
                if record is not None:
                    visible: Any = expected_visible(role, record, users)
                elif required_query:  # called without its required query: a 400 or 404 past the gate
                    visible = "query"
                else:
                    visible = not params
                want = expected(access, role, api=True, record_visible=visible)
                if got not in want:
                    failures.append(f"{role:<11} {method} {url:<48} got {got:<5} want {sorted(want)} ({access})")
                elif got == "200" and record is None and method == "GET" and model is not None:
                    failures += _list_scope(role, url, response, model, view_class, users)
                    failures += _query_scope(role, url, clients[role], model, view_class, users)
    # A method the schema does not list: the gate first, then 405; never an answer with data.
    for path, methods in listed.items():
        url = probes[path]
        for method in WRITING:
            if method in methods:
                continue
            for role in ROLES:
                got = outcome(getattr(clients[role], method.lower())(url, content_type="application/json"))
                if got not in {"401", "403", "405"}:
                    failures.append(
                        f"{role:<11} {method} {url:<48} got {got:<5} want 401, 403 or 405 (not in the schema)"
                    )
    return failures


def test_api_matrix(world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]) -> None:
    operations = list(_api_operations())
    assert len(operations) > 30
    failures = api_failures(operations, clients, users)
    assert failures == [], "\n".join(failures)


def _hidden_value(model: type[models.Model], field: str, users: dict[str, Any], role: str) -> str | None:
    """A value of `field` taken from a record of `model` the role may not see (None: there is none)."""
    for record in model._default_manager.all()[:200]:
        if not expected_visible(role, record, users):
            value = getattr(record, field, None)
            if value is not None and not isinstance(value, models.Model):
                return str(value)
            if isinstance(value, models.Model):
                return str(value.pk)
    return None


def _query_scope(
    role: str, url: str, client: Client, model: type[models.Model], view_class: Any, users: dict[str, Any]
) -> list[str]:
    """A list with each query parameter it takes set from a hidden record still lists only what the role sees."""
    failures = []
    filterset = getattr(view_class, "filterset_class", None)
    names = list(getattr(filterset, "base_filters", {}) or {}) if filterset is not None else []
    names += list(getattr(view_class, "filterset_fields", None) or [])
    tried: list[tuple[str, str]] = []
    for name in dict.fromkeys(names):
        source = name if name in {f.name for f in model._meta.get_fields()} else "pk"
        value = _hidden_value(model, source, users, role)
        if value is not None:
            tried.append((name, value))
    hidden = _hidden_value(model, "pk", users, role)
    if getattr(view_class, "search_fields", None) and hidden is not None:
        record = model._default_manager.get(pk=hidden)
        tried.append(("search", str(record)[:20]))
    for field in getattr(view_class, "ordering_fields", None) or []:
        if isinstance(field, str):
            tried.append(("ordering", field))
            tried.append(("ordering", f"-{field}"))
    for name, value in tried:
        response = client.get(url, {name: value})
        if response.status_code == 200:
            failures += _list_scope(role, f"{url}?{name}={value}", response, model, view_class, users, subset=True)
        elif response.status_code not in (400, 404):
            failures.append(f"{role:<11} GET {url}?{name}={value} got {response.status_code}")
    return failures


def _list_scope(
    role: str,
    url: str,
    response: Any,
    model: type[models.Model],
    view_class: Any,
    users: dict[str, Any],
    *,
    subset: bool = False,
) -> list[str]:
    """A list shows exactly the records the role may see (with a filter: only such records)."""
    body = response.json()
    items = body.get("results") if isinstance(body, dict) else None
    lookup = getattr(view_class, "lookup_field", "pk")
    key = "id" if lookup == "pk" else lookup
    if not items or key not in items[0] or body.get("next"):
        return []
    shown = {str(item[key]) for item in items}
    # Only the records a list endpoint is about: its queryset's model, all of them.
    should = {str(getattr(r, lookup)) for r in model._default_manager.all() if expected_visible(role, r, users)}
    if subset and not shown <= should:
        return [f"{role:<11} GET {url} lists hidden {sorted(shown - should)}"]
    if not subset and shown != should:
        return [f"{role:<11} GET {url} lists {sorted(shown ^ should)} wrongly"]
    return []


# Who opens each admin list, where it is not the staff roles of ScopedAdmin (every registered model
# must be here or be a ScopedAdmin). Exactly these get 200; every other signed-in staff role gets 403.
STAFF_KEYS = ("officer_a", "mel", "admin")
REGIONAL_KEYS = ("mel", "admin")
ADMIN_ACCESS: dict[str, tuple[str, ...]] = {
    "accounts.User": REGIONAL_KEYS,
    "otp_totp.TOTPDevice": ("admin",),
    "audit.ObjectChange": REGIONAL_KEYS,
    "audit.AccessEvent": ("admin",),
    "activities.Presence": REGIONAL_KEYS,
    "activities.ParticipationCell": REGIONAL_KEYS,
    "justice.IndicatorCell": REGIONAL_KEYS,
    "auth.Group": ("admin",),
    "django_tasks_database.DBTaskResult": ("admin",),
    "axes.AccessAttempt": ("admin",),
    "axes.AccessLog": ("admin",),
    "axes.AccessFailureLog": ("admin",),
    "operations.WorkerHeartbeat": ("admin",),
    "library.SearchEntry": ("admin",),
    "library.SearchFacet": ("admin",),
}


def admin_failures(clients: dict[str, Client], users: dict[str, Any]) -> list[str]:
    """Every admin list for every role against ADMIN_ACCESS; unpublished stories by scope."""
    from acthub.core.admin_base import ScopedAdmin

    failures = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if label not in ADMIN_ACCESS and not isinstance(model_admin, ScopedAdmin):
            failures.append(f"{label}: not a ScopedAdmin and not in ADMIN_ACCESS: declare who opens it")
            continue
        admitted = ADMIN_ACCESS.get(label, STAFF_KEYS)
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for role in ROLES:
            got = outcome(clients[role].get(url))
            if role in ("anonymous", "partner"):
                want = "login"
            elif role == "mel_no_2fa":
                want = "2fa"
            else:
                want = "200" if role in admitted else "403"
            if got != want:
                failures.append(f"{role:<11} GET {url:<50} got {got} want {want}")
    for role in ROLES:
        got = outcome(clients[role].get("/admin/"))
        want = "login" if role in ("anonymous", "partner") else "2fa" if role == "mel_no_2fa" else "200"
        if got != want:
            failures.append(f"{role:<11} GET /admin/ got {got} want {want}")
    from acthub.program.models import Story

    for story in Story.objects.filter(is_published=False):
        url = f"/admin/program/story/{story.pk}/change/"
        for role in ROLES:
            got = outcome(clients[role].get(url))
            if role in ("anonymous", "partner"):
                want_set = {"login"}
            elif role == "mel_no_2fa":
                want_set = {"2fa"}
            else:
                # The admin answers a record outside the queryset with a redirect to its index.
                want_set = {"200"} if expected_visible(role, story, users) else {"redirect"}
            if got not in want_set:
                failures.append(f"{role:<11} GET {url:<50} got {got} want {sorted(want_set)}")
    return failures


def test_admin_rule(world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]) -> None:
    """Every admin page: staff only (after 2FA), model access by role, records outside the scope absent."""
    failures = admin_failures(clients, users)
    assert failures == [], "\n".join(failures)


def prefill_failures(clients: dict[str, Client], users: dict[str, Any], role: str = "officer_a") -> list[str]:
    """Every add page with each relation prefilled (`?field=<id>`) with a record the role may not see:
    the page names it no more than it names a record that does not exist."""
    from acthub.core.admin_base import ScopedAdmin

    failures = []
    client = clients[role]
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdmin):
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is not None):
                continue
            hidden = next(
                (r for r in field.related_model._default_manager.all()[:200] if not expected_visible(role, r, users)),
                None,
            )
            if hidden is None or len(str(hidden)) < 6:
                continue
            page = client.get(url, {field.name: hidden.pk})
            if page.status_code != 200:
                continue
            baseline = client.get(url, {field.name: 987654321})
            if str(hidden) in page.content.decode() and str(hidden) not in baseline.content.decode():
                failures.append(f"{role:<11} GET {url}?{field.name}={hidden.pk} names the hidden {hidden!r}")
    return failures


def test_admin_prefills_name_no_hidden_record(
    world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]
) -> None:
    failures = prefill_failures(clients, users)
    assert failures == [], "\n".join(failures)


# The matrix checks itself: each improvement catches a deliberately broken endpoint -----------------


def _broken_post_view(request: Any) -> Any:
    """Declared for staff, gated on GET only: a POST answers anyone (the bug a GET-only matrix misses)."""
    from django.http import HttpResponse

    if request.method != "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponse("done")


setattr(_broken_post_view, ACCESS_ATTR, ("roles", ("country_officer", "regional_mel", "admin")))


class _Everyone(BasePermission):
    """A permission class without `acthub_access`, which admits everyone."""

    def has_permission(self, request: Any, view: Any) -> bool:
        return True


class _ClaimsStaff(BasePermission):
    """Says staff only, admits everyone."""

    acthub_access = ("roles", ("country_officer", "regional_mel", "admin"))

    def has_permission(self, request: Any, view: Any) -> bool:
        return True


class _CustomView(APIView):
    permission_classes = [_Everyone]

    def get(self, request: Any) -> Response:
        return Response({})


class _OutsideSchema(APIView):
    permission_classes = [_ClaimsStaff]

    def get(self, request: Any) -> Response:
        return Response({"secret": True})


class _ClaimsPublicRead(BasePermission):
    """Says public (read), lets writes through too."""

    acthub_access = "public"

    def has_permission(self, request: Any, view: Any) -> bool:
        return True


class _PostNotInSchema(APIView):
    permission_classes = [_ClaimsPublicRead]

    def get(self, request: Any) -> Response:
        return Response({})

    def post(self, request: Any) -> Response:  # a write nobody declared: 200 to anyone
        return Response({"written": True})


class _OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name"]


class _LeakyFilter(generics.ListAPIView):
    """Scoped, except when filtered by country: then every organisation, hidden ones included."""

    permission_classes = [PublicRead]
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["country"]

    serializer_class = _OrganisationSerializer
    queryset = Organisation.objects.none()  # names the model; get_queryset answers

    def get_queryset(self) -> Any:
        if "country" in self.request.GET:
            return Organisation.objects.all().order_by("pk")
        return Organisation.objects.restrict(self.request.user).order_by("pk")


urlpatterns = [
    route_path("api/matrix-broken/post/", _broken_post_view),
    route_path("api/matrix-broken/custom/", _CustomView.as_view()),
    route_path("api/matrix-broken/outside/", _OutsideSchema.as_view()),
    route_path("api/matrix-broken/post-not-in-schema/", _PostNotInSchema.as_view()),
    route_path("api/matrix-broken/leaky/", _LeakyFilter.as_view()),
    # The site's own patterns, spread rather than included: i18n_patterns must sit in the root URLconf.
    *config_urls.urlpatterns,
]


def _route(route: str, view: Any, name: str = "") -> Route:
    return Route(route, name, view, "")


def test_matrix_catches_broken_endpoints(
    world: dict[str, Any],
    clients: dict[str, Client],
    users: dict[str, Any],
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.ROOT_URLCONF = __name__
    # A method other than GET: the POST of a staff page answered anonymous visitors.
    _checked, failures = page_failures([_route("api/matrix-broken/post/", _broken_post_view)], clients, users)
    assert any(f.startswith("anonymous   POST /api/matrix-broken/post/") for f in failures), failures
    # A page with an id and no declared record.
    problems = undeclared_parameters([_route("api/matrix-broken/<int:pk>/", _broken_post_view, "matrix_broken")])
    assert any("matrix_broken" in p and "declare its record" in p for p in problems)
    # A permission class without `acthub_access`.
    assert undeclared_views([_route("api/matrix-broken/custom/", _CustomView.as_view())])
    # An API view outside the schema (as /api/schema/ and /api/docs/ are) joins the page matrix.
    assert {"api/schema/", "api/docs/"} <= {r.route for r in page_routes()}
    _checked, failures = page_failures([_route("api/matrix-broken/outside/", _OutsideSchema.as_view())], clients, users)
    assert any(f.startswith("anonymous   GET  /api/matrix-broken/outside/") for f in failures), failures
    # A method the schema does not list.
    operations = [("/api/matrix-broken/post-not-in-schema/", "GET", _PostNotInSchema.as_view(), False)]
    failures = api_failures(operations, clients, users)
    assert any("POST /api/matrix-broken/post-not-in-schema/" in f and "not in the schema" in f for f in failures)
    # A query parameter that opens the scope.
    failures = api_failures([("/api/matrix-broken/leaky/", "GET", _LeakyFilter.as_view(), False)], clients, users)
    assert any("?country=" in f and "lists hidden" in f for f in failures), failures
    # An admin that admits a role it should refuse (the old rule took 200 or 403 from any staff role).
    from acthub.accounts.admin import UserAdmin

    monkeypatch.setattr(UserAdmin, "has_module_permission", lambda self, request: True)
    monkeypatch.setattr(UserAdmin, "has_view_permission", lambda self, request, obj=None: True)
    assert any("officer_a   GET /admin/accounts/user/" in f for f in admin_failures(clients, users))
    monkeypatch.undo()
    settings.ROOT_URLCONF = __name__
    # A `?field=` prefill that names a hidden record (the raw-id label before the guard).
    from django.contrib.admin import widgets

    from acthub.core.admin_guard import GuardedAdminMixin, ScopedRawIdWidget

    monkeypatch.setattr(
        ScopedRawIdWidget, "label_and_url_for_value", widgets.ForeignKeyRawIdWidget.label_and_url_for_value
    )
    monkeypatch.setattr(GuardedAdminMixin, "get_changeform_initial_data", admin.ModelAdmin.get_changeform_initial_data)
    assert any("participation/add/?organisation=" in f for f in prefill_failures(clients, users))
