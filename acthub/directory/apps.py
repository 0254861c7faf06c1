from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The stakeholder directory: organisations and their roles in a program."""

    name = "acthub.directory"
    label = "directory"
    verbose_name = "Directory"
