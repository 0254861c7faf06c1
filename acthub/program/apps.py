from django.apps import AppConfig


class ProgramConfig(AppConfig):
    """The program: countries' status, pathways, outcome areas, projects, governance, results, grants."""

    name = "acthub.program"
    label = "program"
    verbose_name = "Program"
