from django.urls import path

app_name = "factsheets"
urlpatterns: list[path] = []  # type: ignore[valid-type]
