"""Portal URLs. The old `indicators` pages redirect to publishing's pages under /data/."""

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
    path("search/", views.search_page, name="search"),
    path("library/", views.library, name="library"),
    path("library/submit/", views.submit, name="resource_submit"),
    path("library/review/", views.review_queue, name="resource_review_queue"),
    path("library/<int:pk>/", views.resource, name="resource"),
    path("library/<int:pk>/review/", views.review, name="resource_review"),
    path("library/<int:pk>/<str:language>/file/", views.resource_file, name="resource_file"),
    path("library/<int:pk>/<str:language>/thumbnail/", views.resource_thumbnail, name="resource_thumbnail"),
    path("directory/", views.directory, name="directory"),
    path("directory/export/<str:fmt>/", views.directory_export, name="directory_export"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("activities/", views.activities, name="activities"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("sources/<str:name>/", views.source, name="source"),
]
