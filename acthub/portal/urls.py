"""Portal URLs. `portal:indicator` is what `Figure.url` links to: keep its name and arguments."""

from django.urls import path

from acthub.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/<slug:slug>/", views.outcome, name="outcome"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:pk>/", views.partner, name="partner"),
    path("governance/", views.governance, name="governance"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("indicators/<str:code>/chart/", views.indicator_chart, name="indicator_chart"),
]
