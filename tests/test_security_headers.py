"""Headers and settings: check --deploy, CSP without unsafe-inline, HSTS, no-store, no stack traces."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from rest_framework.decorators import api_view, permission_classes

from acthub.accounts.testing import api_key, sign_in
from acthub.api.permissions import PublicRead
from acthub.core.permissions import public_view
from config import urls as config_urls

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("acthub/*/templates")]


# A URLconf for the forced-error tests: the real one plus two views that fail.
@public_view
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret-internal-detail")


@api_view(["GET"])
@permission_classes([PublicRead])
def api_boom(request: Any) -> Any:
    raise RuntimeError("secret-internal-detail")


# Django refuses i18n_patterns inside include(): the root patterns are spread instead.
urlpatterns = [path("boom/", boom), path("api/boom/", api_boom), *config_urls.urlpatterns]
handler404 = "acthub.api.errors.handler404"
handler500 = "acthub.api.errors.handler500"


def production_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "acthub.example.org",
        "ACTHUB_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": "postgres://acthub@db.example.org:5432/acthub",
    }


def test_production_settings_pass_check_deploy_without_a_warning() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "ACTHUB_FIELD_KEYS"])
def test_production_refuses_to_start_without_its_secrets(missing: str) -> None:
    env = production_env()
    del env[missing]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and missing in result.stderr


@pytest.mark.django_db
def test_public_pages_carry_the_security_headers(client: Client) -> None:
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    # No inline code and no nonce on the site's pages: the same bytes can be shared by caches (docs/adr/0007);
    # the API docs, which need inline code, get a nonce of their own (below).
    assert directives["script-src"] == "'self'" and "nonce" not in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    docs = [client.get("/api/docs/")["Content-Security-Policy"] for _ in range(2)]
    assert docs[0] != docs[1] and "'nonce-" in docs[0]  # a new nonce each time


@pytest.mark.django_db
def test_api_docs_run_under_the_csp(client: Client) -> None:
    response = client.get("/api/docs/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_https_only_with_hsts(client: Client) -> None:
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_staff_and_signed_in_responses_are_never_stored(client: Client, users: dict[str, Any]) -> None:
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]
    public = client.get("/api/v1/countries/")
    assert "no-store" not in public.get("Cache-Control", "")
    for url in ("/admin/", "/staff/imports/"):
        assert "no-store" in client.get(url)["Cache-Control"]  # even the redirect to the login page
    sign_in(client, users["mel"])
    for url in ("/admin/", "/staff/imports/", "/api/v1/countries/", "/"):
        control = client.get(url)["Cache-Control"]
        assert "no-store" in control and "private" in control, url
    token = api_key(users["admin"])
    api = Client().get("/api/v1/countries/", headers={"Authorization": f"Token {token}"})
    assert "no-store" in api["Cache-Control"]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_forced_error_shows_no_stack_trace() -> None:
    client = Client(raise_request_exception=False)
    page = client.get("/boom/")
    assert page.status_code == 500
    html = page.content.decode()
    assert "secret-internal-detail" not in html and "Traceback" not in html and "RuntimeError" not in html
    api = client.get("/api/boom/")
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert api.json() == {
        "error": {"status": 500, "code": "server_error", "message": "Server error; it has been logged."}
    }


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b(?![^>]*\bnonce=)[^>]*>|\sstyle=\"|\son[a-z]+=\"|javascript:")


def test_no_template_has_inline_script_or_style() -> None:
    """Every template, ours and every app's: the CSP refuses inline code that carries no nonce."""
    found = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            text = template.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, INLINE_STYLE):
                found += [f"{template.relative_to(ROOT)}: {m.group(0).strip()}" for m in pattern.finditer(text)]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/indicators/%00/", "/api/v1/query/?indicator=%00", "/partners/?q=a%00b", "/?%00=1"])
def test_a_nul_character_is_a_bad_request_not_a_server_error(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json()["error"]["code"] == "invalid"
