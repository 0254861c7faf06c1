from django.apps import AppConfig


class ProgramConfig(AppConfig):
    """The program: countries' status, pathways, outcome areas, projects, governance, results, grants."""

    name = "acthub.program"
    label = "program"
    verbose_name = "Program"

    def ready(self) -> None:
        # Content shown in every interface language, with an English fallback (docs/adr/0012).
        from acthub.core.content_translations import register
        from acthub.program.models import (
            Achievement,
            GovernanceBody,
            OutcomeArea,
            OutcomeAreaIntro,
            Pathway,
            Program,
            ProgramLink,
            Project,
            Story,
        )

        register(Program, "name", "tagline", "description", reference=True)
        register(OutcomeArea, "name", reference=True)
        register(OutcomeAreaIntro, "text", reference=True)
        register(Pathway, "name", "description", reference=True)
        # The narrative of the portal's home page and the sheets' governance and links sections.
        register(GovernanceBody, "name", "description", reference=True)
        register(ProgramLink, "description", reference=True)
        register(Project, "title", "summary")
        # Narratives of the portal and the fact sheets: translated as translators reach them (not seeded).
        register(Achievement, "text")
        register(Story, "title", "body")
