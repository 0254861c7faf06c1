"""Program registry models (registry.py) and the results reported under it (results.py)."""

from acthub.program.models.registry import (
    CountryProgramming,
    FocusTag,
    GovernanceBody,
    GovernanceMeeting,
    GovernanceMembership,
    OutcomeArea,
    OutcomeAreaIntro,
    Pathway,
    Program,
    ProgramLink,
    Project,
)
from acthub.program.models.results import Achievement, Grant, GrantRound, MediaItem, Story, SupportDelivered

__all__ = [
    "Achievement",
    "CountryProgramming",
    "FocusTag",
    "GovernanceBody",
    "GovernanceMeeting",
    "GovernanceMembership",
    "Grant",
    "GrantRound",
    "MediaItem",
    "OutcomeArea",
    "OutcomeAreaIntro",
    "Pathway",
    "Program",
    "ProgramLink",
    "Project",
    "Story",
    "SupportDelivered",
]
