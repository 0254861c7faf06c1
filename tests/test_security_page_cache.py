"""The anonymous page cache: shared between anonymous visitors only, fresh secrets, fresh data."""

from __future__ import annotations

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


def test_anonymous_visitors_share_a_page_that_holds_no_secret_of_anyone(site: Any) -> None:
    first, second = Client(), Client()
    miss = first.get("/countries/")
    hit = second.get("/countries/")
    assert (miss["X-Acthub-Cache"], hit["X-Acthub-Cache"]) == ("miss", "hit")
    assert hit.content == miss.content and hit["ETag"] == miss["ETag"]
    # Nothing of one visitor in what the next one gets: no nonce, no CSRF token, no cookie.
    assert "nonce" not in hit.content.decode() and "csrfmiddlewaretoken" not in hit.content.decode()
    assert "nonce" not in hit["Content-Security-Policy"] and not hit.cookies and not miss.cookies
    assert hit["X-Request-ID"] != miss["X-Request-ID"]
    # The headers the middleware stack gave the page are kept on the stored copy.
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Language"):
        assert hit[header] == miss[header]
    # The language switch works from a shared page: a plain link to the same page in the language.
    assert 'href="/lo/countries/"' in hit.content.decode()
    lao_miss, lao_hit = Client().get("/lo/countries/"), Client().get("/lo/countries/")
    assert (lao_miss["X-Acthub-Cache"], lao_hit["X-Acthub-Cache"]) == ("miss", "hit")
    assert '<html lang="lo">' in lao_hit.content.decode() and lao_hit.content != hit.content
    # Unprefixed is English whatever the browser asks, and shares the English copy.
    english = Client().get("/countries/", headers={"Accept-Language": "lo"})
    assert english["X-Acthub-Cache"] == "hit" and english.content == hit.content


def test_shared_answers_are_marked_for_proxies_and_answered_304_when_unchanged(site: Any) -> None:
    client = Client()
    for path in ("/countries/", "/api/v1/countries/"):
        first = client.get(path)
        assert first["Cache-Control"] == "public, no-cache" and "Set-Cookie" not in first
        assert "Cookie" in first["Vary"] or path.startswith("/api/")
        etag = first["ETag"]
        for _ in range(2):  # a miss's ETag and a hit's are the same
            again = client.get(path, headers={"If-None-Match": etag})
            assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
            assert again["Cache-Control"] == "public, no-cache"
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    with override_settings(ACTHUB_PROXY_CACHE_SECONDS=30):
        assert client.get("/countries/")["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_a_change_answers_200_to_an_old_etag(site: Any) -> None:
    client = Client()
    etag = client.get("/api/v1/programs/")["ETag"]
    site["program"].name = "Renamed program"
    site["program"].save()
    fresh = client.get("/api/v1/programs/", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "Renamed program" in fresh.content.decode() and fresh["ETag"] != etag


def test_answers_with_a_session_a_nonce_or_a_token_are_never_shared(site: Any, users: dict[str, Any]) -> None:
    officer = sign_in(Client(), users["officer_a"])
    own = officer.get("/countries/")
    assert "no-store" in own["Cache-Control"] and "public" not in own["Cache-Control"] and "ETag" not in own
    docs = Client().get("/api/docs/")  # needs inline code, so it carries a nonce
    assert "'nonce-" in docs["Content-Security-Policy"] and "public" not in docs.get("Cache-Control", "")
    assert (
        "X-Acthub-Cache" not in docs
        and Client().get("/api/docs/")["Content-Security-Policy"] != docs["Content-Security-Policy"]
    )
    login = Client().get("/accounts/login/")  # a form with a CSRF token and its cookie
    assert "public" not in login.get("Cache-Control", "") and "X-Acthub-Cache" not in login


def test_a_late_commit_of_a_lower_change_log_id_is_noticed() -> None:
    """PostgreSQL hands out ids before commit: a lower id can land after a higher one."""
    from django.contrib.contenttypes.models import ContentType

    from acthub.accounts.public_cache import _generation
    from acthub.audit.models import ObjectChange

    def change(pk: int) -> None:
        ObjectChange.objects.create(
            pk=pk,
            via="test",
            request_id="00000000-0000-0000-0000-000000000000",
            action="update",
            content_type=ContentType.objects.get_for_model(ObjectChange),
            object_id="1",
            object_repr="synthetic",
        )

    base = _generation()[0] + 10
    change(base + 2)  # committed first
    before = _generation()
    change(base + 1)  # committed later, with the lower id
    after = _generation()
    assert before[0] == after[0] == base + 2 and after != before


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
    lao = client.get("/lo/partners/")
    assert lao["X-Acthub-Cache"] == "miss" and 'lang="lo"' in lao.content.decode()
    # The language is the path's: an Accept-Language header gets the English page of the English address.
    english = client.get("/partners/", headers={"Accept-Language": "lo"})
    assert english["X-Acthub-Cache"] == "hit" and 'lang="en"' in english.content.decode()


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
