"""Fuzzing the API with schemathesis: every operation of the OpenAPI schema, for every role.

Schemathesis generates requests from the schema (valid and odd parameters alike) and sends them to
the WSGI application in this process. For each role the answers must never be a 5xx, and every
documented answer must match its schema and content type. Examples are bounded so that the whole
run takes about a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from acthub.accounts.choices import Role
from acthub.accounts.testing import api_key
from acthub.api.tests.world import build_records
from acthub.core.testing import factories as f

ROLES = {"partner": Role.PARTNER, "officer_a": Role.COUNTRY_OFFICER, "mel": Role.REGIONAL_MEL, "admin": Role.ADMIN}
EXAMPLES = 8  # per operation and role

APP = get_wsgi_application()
# Random requests (Hypothesis) for every role, and for one role also schemathesis' coverage phase:
# the boundary and malformed values of every parameter, which exercise the same filters whoever asks.
fuzzed = schemathesis.openapi.from_wsgi(
    "/api/schema/", APP, config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
)
covered = schemathesis.openapi.from_wsgi(
    "/api/schema/", APP, config=SchemathesisConfig.from_dict({"phases": {"fuzzing": {"enabled": False}}})
)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Keep the test's database connection across WSGI requests, as Django's test client does.

    The WSGI handler closes "old" connections at the start and end of each request, which would
    close the connection holding the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def tokens(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """A world with records of A and B, public and not, and an API token per role.

    Built once for the module inside a transaction that is rolled back at its end (each test's own
    transaction nests inside it), since building it for each of the ~270 tests would take minutes.
    """
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                yield _world()
                raise _Rollback
        except _Rollback:
            pass


def _world() -> dict[str, str]:
    country_a = f.CountryFactory(code="LA", name="Lao PDR")
    country_b = f.CountryFactory(code="KH", name="Cambodia")
    program = f.ProgramFactory(slug="asean-act", name="ASEAN-Australia Counter Trafficking", acronym="ASEAN-ACT")
    sensitive = f.IndicatorFactory(code="FUZZ_SENSITIVE", is_sensitive=True)
    for n, country in ((1, country_a), (2, country_b)):
        build_records(program, country, n)
        f.StoryFactory(program=program, country=country, is_published=False, consent_obtained=False)
        f.OrganisationFactory(country=country, is_public=False)
        f.DataValueFactory(program=program, indicator=sensitive, country=country, value=4)
    users = {
        name: f.UserFactory(role=role, countries=[country_a] if role == Role.COUNTRY_OFFICER else [])
        for name, role in ROLES.items()
    }
    return {name: api_key(user) for name, user in users.items()}


def call(case: Any, role: str, tokens: dict[str, str]) -> None:
    """Send the generated request as `role` and run the checks on the answer."""
    headers = {"Authorization": f"Token {tokens[role]}"} if role != "anonymous" else {}
    case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
@fuzzed.parametrize()
@HYPOTHESIS
@pytest.mark.django_db
def test_random_requests_for_every_role(case: Any, role: str, tokens: dict[str, str], same_connection: None) -> None:
    call(case, role, tokens)


@covered.parametrize()
@HYPOTHESIS
@pytest.mark.django_db
def test_boundary_and_malformed_parameters(case: Any, tokens: dict[str, str], same_connection: None) -> None:
    call(case, "officer_a", tokens)
