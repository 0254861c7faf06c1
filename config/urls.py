"""Root URLs: the portal, accounts, staff workspace, admin, the API and its schema.

Pages carry their language in the URL (`/lo/countries/`; English unprefixed so old links keep
working), so a page can be shared in its language: docs/adr/0012. The API, the admin, the IATI
file and the health checks are not pages of a language and stay unprefixed.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from acthub.core.permissions import public_view

urlpatterns = [
    path("iati/", include("acthub.iati.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("acthub.api.urls")),
    # Browsers ask for /favicon.ico whatever the page says; send them to the icon the pages name.
    path("favicon.ico", public_view(RedirectView.as_view(url=static("favicon.svg"), permanent=True))),
    path("", include("acthub.operations.urls")),  # /healthz and /readyz
    *i18n_patterns(
        path("", include("acthub.portal.urls")),
        path("accounts/", include("acthub.accounts.urls")),
        path("staff/", include("acthub.workspace.urls")),
        path("staff/imports/", include("acthub.imports.urls")),
        path("staff/cases/", include("acthub.justice.urls")),
        path("data/", include("acthub.publishing.urls")),
        path("open-data/", include("acthub.publishing.open_data_urls")),
        path("factsheets/", include("acthub.factsheets.urls")),
        path("", include("acthub.monitoring.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "acthub.api.errors.handler404"
handler500 = "acthub.api.errors.handler500"
