"""URLs under /data/ (mounted by config/urls.py): pivots, charts, downloads, targets, quality, records."""

from django.urls import path

from acthub.publishing import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("quality/", views.quality, name="quality"),
    path("<str:code>/", views.pivot, name="pivot"),
    path("<str:code>/chart/", views.chart, name="chart"),
    path("<str:code>/download.csv", views.download, {"fmt": "csv"}, name="download_csv"),
    path("<str:code>/download.xlsx", views.download, {"fmt": "xlsx"}, name="download_xlsx"),
    path("<str:code>/download.svg", views.download, {"fmt": "svg"}, name="download_svg"),
    path("<str:code>/download.png", views.download, {"fmt": "png"}, name="download_png"),
    path("<str:code>/targets/", views.targets, name="targets"),
    path("<str:code>/records/", views.records, name="records"),
]
