"""The anonymous page cache: shared between anonymous visitors only, fresh secrets, fresh data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from acthub.accounts.public_cache import CACHE_ALIAS
from acthub.accounts.testing import sign_in
from acthub.core.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on() -> Iterator[None]:
    caches[CACHE_ALIAS].clear()
    with override_settings(ACTHUB_PAGE_CACHE_SECONDS=60):
        yield
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def site(country_a: Any) -> dict[str, Any]:
    program = f.ProgramFactory(slug="asean-act", name="ASEAN-Australia Counter Trafficking", acronym="ASEAN-ACT")
    hidden = f.StoryFactory(program=program, country=country_a, is_published=False, title="Hidden case study")
    return {"program": program, "hidden": hidden}


def nonce_of(response: Any) -> str:
    return str(response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0])


def csrf_of(response: Any) -> str:
    return str(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1))


def test_anonymous_visitors_share_a_page_with_their_own_nonce_and_token(site: Any) -> None:
    first, second = Client(), Client()
    miss = first.get("/countries/")
    hit = second.get("/countries/")
    assert (miss["X-Acthub-Cache"], hit["X-Acthub-Cache"]) == ("miss", "hit")
    assert nonce_of(hit) != nonce_of(miss) and f'nonce="{nonce_of(hit)}"' in hit.content.decode()
    assert "acthub-nonce" not in hit.content.decode() and "\x00" not in hit.content.decode()
    assert csrf_of(hit) != csrf_of(miss) and "csrftoken" in hit.cookies
    # The token served from the cache works for its visitor's own cookie.
    posted = Client(enforce_csrf_checks=True)
    page = posted.get("/countries/")
    assert page["X-Acthub-Cache"] == "hit"
    switch = posted.post("/i18n/setlang/", {"language": "lo", "next": "/", "csrfmiddlewaretoken": csrf_of(page)})
    assert switch.status_code == 302


def test_signed_in_users_are_never_served_or_stored(site: Any, users: dict[str, Any]) -> None:
    officer = sign_in(Client(), users["officer_a"])
    own = officer.get("/api/v1/stories/")
    assert "X-Acthub-Cache" not in own and "Hidden case study" in own.content.decode()
    anonymous = Client().get("/api/v1/stories/")
    assert anonymous["X-Acthub-Cache"] == "miss" and "Hidden case study" not in anonymous.content.decode()
    again = officer.get("/api/v1/stories/")
    assert "X-Acthub-Cache" not in again and "Hidden case study" in again.content.decode()


def test_a_change_of_any_record_refreshes_every_page(site: Any) -> None:
    client = Client()
    client.get("/api/v1/programs/")
    assert client.get("/api/v1/programs/")["X-Acthub-Cache"] == "hit"
    program = site["program"]
    program.name = "Renamed program"
    program.save()
    fresh = client.get("/api/v1/programs/")
    assert fresh["X-Acthub-Cache"] == "miss" and "Renamed program" in fresh.content.decode()


def test_languages_and_htmx_partials_are_kept_apart(site: Any) -> None:
    client = Client()
    client.get("/partners/")
    partial = client.get("/partners/", headers={"HX-Request": "true"})
    assert partial["X-Acthub-Cache"] == "miss" and b"<html" not in partial.content
    lao = client.get("/partners/", headers={"Accept-Language": "lo"})
    assert lao["X-Acthub-Cache"] == "miss" and 'lang="lo"' in lao.content.decode()


def test_only_public_views_are_cached(site: Any) -> None:
    client = Client()
    client.get("/accounts/login/")
    assert "X-Acthub-Cache" not in client.get("/accounts/login/")
    client.get("/api/v1/change-log/")
    assert "X-Acthub-Cache" not in client.get("/api/v1/change-log/")


def test_visitors_with_a_session_or_pending_messages_bypass_the_cache(site: Any) -> None:
    Client().get("/countries/")
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "something"
        assert "X-Acthub-Cache" not in visitor.get("/countries/")
    assert "X-Acthub-Cache" not in Client().get("/countries/", headers={"Authorization": "Token abc"})
