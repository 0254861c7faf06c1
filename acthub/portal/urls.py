from django.urls import path

from acthub.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
]
