"""ASGI entry point."""

from django.core.asgi import get_asgi_application

from config.env_file import choose_settings

choose_settings()  # `.env` first, then production unless a module is named
application = get_asgi_application()
