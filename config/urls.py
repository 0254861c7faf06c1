"""Root URLs: the portal, accounts, staff workspace, admin, the API and its schema."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("acthub.portal.urls")),
    path("accounts/", include("acthub.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/imports/", include("acthub.imports.urls")),
    path("data/", include("acthub.indicators.urls")),
    path("factsheets/", include("acthub.factsheets.urls")),
    path("iati/", include("acthub.iati.urls")),
    path("", include("acthub.monitoring.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("acthub.api.urls")),
]

handler404 = "acthub.api.errors.handler404"
handler500 = "acthub.api.errors.handler500"
