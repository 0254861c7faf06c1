from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Base models, restricted querysets, periods and countries shared by every app."""

    name = "acthub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from acthub.core.languages import install_lang_info

        install_lang_info()

        from acthub.core.content_translations import register
        from acthub.core.models import Country

        register(Country, "name", reference=True)
