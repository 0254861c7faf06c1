from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    """Trainings and other activities, the people who took part, and aggregate attendance."""

    name = "acthub.activities"
    label = "activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        from acthub.activities import signals

        signals.connect()
