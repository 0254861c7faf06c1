"""Root URLs: the portal, accounts, staff workspace, admin, the API and its schema."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from acthub.core.permissions import public_view

urlpatterns = [
    path("", include("acthub.portal.urls")),
    path("accounts/", include("acthub.accounts.urls")),
    # Without a CSRF token, so that public pages carry no per-visitor secret and can be shared by
    # caches; the worst a forged request does is switch a visitor's language (docs/adr/0007).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("staff/", include("acthub.workspace.urls")),
    path("staff/imports/", include("acthub.imports.urls")),
    path("data/", include("acthub.publishing.urls")),
    path("factsheets/", include("acthub.factsheets.urls")),
    path("iati/", include("acthub.iati.urls")),
    path("", include("acthub.monitoring.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("acthub.api.urls")),
    # Browsers ask for /favicon.ico whatever the page says; send them to the icon the pages name.
    path("favicon.ico", public_view(RedirectView.as_view(url=static("favicon.svg"), permanent=True))),
    path("", include("acthub.operations.urls")),  # /healthz and /readyz
]

handler404 = "acthub.api.errors.handler404"
handler500 = "acthub.api.errors.handler500"
