"""Program registry models (registry.py) and the results reported under it (results.py)."""

from acthub.program.models.governance import MeetingAction, MeetingDecision
from acthub.program.models.grants import Disbursement, ExchangeRate, GrantMilestone, GrantReport
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
    "Disbursement",
    "ExchangeRate",
    "FocusTag",
    "GovernanceBody",
    "GovernanceMeeting",
    "GovernanceMembership",
    "Grant",
    "GrantMilestone",
    "GrantReport",
    "GrantRound",
    "MediaItem",
    "MeetingAction",
    "MeetingDecision",
    "OutcomeArea",
    "OutcomeAreaIntro",
    "Pathway",
    "Program",
    "ProgramLink",
    "Project",
    "Story",
    "SupportDelivered",
]
