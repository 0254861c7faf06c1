"""WSGI entry point."""

from django.core.wsgi import get_wsgi_application

from config.env_file import choose_settings

choose_settings()  # `.env` first, then production unless a module is named
application = get_wsgi_application()
