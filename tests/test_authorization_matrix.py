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

Documented rules instead of declarations:
- ADMIN: every URL under the `admin` namespace is served by Django's AdminSite, which admits only
  active staff accounts (`is_staff` follows the role) and then asks each ModelAdmin, whose access
  is role-based (acthub.core.admin_base). Checked by `test_admin_rule` over every registered model.
- FRAMEWORK: Django's own views that show no data, listed in FRAMEWORK_VIEWS with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import EndpointEnumerator, SchemaGenerator

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.api.permissions import declared_access
from acthub.api.tests.world import build_records
from acthub.audit.reads import DETAIL_ROUTES, READS_ATTR
from acthub.core.permissions import ACCESS_ATTR
from acthub.core.testing import factories as f
from acthub.justice.tests import factories as justice_f
from acthub.library.defaults import ensure_defaults
from acthub.library.models import Resource, ResourceType

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "partner", "officer_a", "mel", "admin", "mel_no_2fa"]
ROLE_OF = {"partner": "partner", "officer_a": "country_officer", "mel": "regional_mel", "admin": "admin"}
LOGIN = "/accounts/login/"
TWO_FACTOR = ("/accounts/two-factor/",)

# Django views that display no data and are open by nature.
FRAMEWORK_VIEWS = {
    "set_language": "Django's language switch: it sets a cookie and redirects.",
}
# Parameterised pages whose URL names a record, beside those the audit registry already knows.
PAGE_RECORDS: dict[str, tuple[str, str]] = {
    "portal:country": ("core.Country", "code"),
    "portal:outcome": ("program.OutcomeArea", "slug"),
    "portal:indicator": ("indicators.Indicator", "code"),
    "portal:indicator_chart": ("indicators.Indicator", "code"),
    "portal:project": ("program.Project", "pk"),
    "portal:activity": ("activities.Activity", "pk"),
}
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
def world(country_a: Any, country_b: Any) -> dict[str, Any]:
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
            grant=Grant.objects.filter(country=country).first(), title="Matrix report", due_date="2022-01-31"
        )
    Assessment.objects.create(country=country_a, period="2021", status="published", published_at=timezone.now())
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
        location = response["Location"]
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
    else:  # an unknown permission class: declared, but the matrix can only ask for no crash
        return {"200", "302", "401", "403", "404", "405", "redirect", "login"}
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


def test_every_view_declares_its_access() -> None:
    undeclared = []
    for route in walk():
        if route.namespace.split(":")[0] == "admin" or route.name in FRAMEWORK_VIEWS:
            continue
        if access_of(route.callback) is None:
            undeclared.append(f"{route.route} ({route.name or route.callback!r})")
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


def test_page_matrix(world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]) -> None:
    failures = []
    checked = 0
    for route in walk():
        if is_api(route) or route.namespace.split(":")[0] == "admin" or route.name in FRAMEWORK_VIEWS:
            continue
        access = access_of(route.callback)
        open_path = route.name.startswith("two_factor") or route.name == "logout"
        for url, record, nature in _page_cases(route):
            for role in ROLES:
                got = outcome(clients[role].get(url))
                visible = expected_visible(role, record, users) if record is not None else nature
                want = expected(access, role, api=False, record_visible=visible, open_path=open_path)
                checked += 1
                if got not in want:
                    failures.append(f"{role:<11} GET {url:<45} got {got:<8} want {sorted(want)} ({access})")
    assert checked > 100
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


def test_api_matrix(world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]) -> None:
    failures = []
    operations = list(_api_operations())
    assert len(operations) > 30
    for path, method, callback, required_query in operations:
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
    assert failures == [], "\n".join(failures)


def _list_scope(
    role: str, url: str, response: Any, model: type[models.Model], view_class: Any, users: dict[str, Any]
) -> list[str]:
    """A list shows exactly the records the role may see (checked where items carry their key)."""
    body = response.json()
    items = body.get("results") if isinstance(body, dict) else None
    lookup = getattr(view_class, "lookup_field", "pk")
    key = "id" if lookup == "pk" else lookup
    if not items or key not in items[0] or body.get("next"):
        return []
    shown = {str(item[key]) for item in items}
    # Only the records a list endpoint is about: its queryset's model, all of them.
    should = {str(getattr(r, lookup)) for r in model._default_manager.all() if expected_visible(role, r, users)}
    if shown != should:
        return [f"{role:<11} GET {url} lists {sorted(shown ^ should)} wrongly"]
    return []


def test_admin_rule(world: dict[str, Any], clients: dict[str, Client], users: dict[str, Any]) -> None:
    """Every admin page: staff only (after 2FA), model access by role, records outside the scope absent."""
    failures = []
    urls = ["/admin/"] + [f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry]
    for url in urls:
        for role in ROLES:
            got = outcome(clients[role].get(url))
            want = (
                {"login"} if role in ("anonymous", "partner") else {"2fa"} if role == "mel_no_2fa" else {"200", "403"}
            )
            if got not in want:
                failures.append(f"{role:<11} GET {url:<50} got {got} want {sorted(want)}")
    from acthub.program.models import Story

    for story in Story.objects.filter(is_published=False):
        url = f"/admin/program/story/{story.pk}/change/"
        for role in ROLES:
            got = outcome(clients[role].get(url))
            if role in ("anonymous", "partner"):
                want = {"login"}
            elif role == "mel_no_2fa":
                want = {"2fa"}
            else:
                # The admin answers a record outside the queryset with a redirect to its index.
                want = {"200"} if expected_visible(role, story, users) else {"redirect"}
            if got not in want:
                failures.append(f"{role:<11} GET {url:<50} got {got} want {sorted(want)}")
    assert failures == [], "\n".join(failures)
