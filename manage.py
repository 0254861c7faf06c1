#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

`.env` is read first, then the settings module is chosen: production unless DJANGO_SETTINGS_MODULE
(in the environment or in `.env`) names another, so a server's commands never run with development
defaults. On a developer's machine: `DJANGO_SETTINGS_MODULE=config.settings.local` (`make run` sets it).
"""

import sys


def main() -> None:
    """Run administrative tasks."""
    from config.env_file import choose_settings

    choose_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
