"""The resource types and topics the library starts with (administrators add more in the admin).

Used by migration 0003 and by tests that run after a transactional test emptied the tables.
"""

from __future__ import annotations

from typing import Any

TYPES = [
    ("policy-paper", "Policy paper"),
    ("study", "Study"),
    ("guideline", "Guideline"),
    ("toolkit", "Toolkit"),
    ("training-material", "Training material"),
    ("webinar", "Webinar"),
    ("video", "Video"),
    ("brief", "Brief"),
    ("report", "Report"),
    ("fact-sheet-edition", "Fact sheet edition"),
    ("data-set", "Data set"),
    ("minutes", "Meeting minutes"),
]
# Victim-sensitive court areas (design.md), forms of exploitation (HTCDS 2.0), ACTIP articles.
TOPICS = [
    ("court_area", "court-safety-privacy", "Victim safety and privacy"),
    ("court_area", "court-evidence-proceedings", "Evidence and proceedings"),
    ("court_area", "court-personnel", "Justice sector personnel"),
    ("court_area", "court-information-services", "Information and services"),
    ("court_area", "court-recovery", "Physical, psychological and social recovery"),
    ("court_area", "court-medical-forensic", "Medical and forensic services"),
    ("court_area", "court-children", "Special provisions for children"),
    ("court_area", "court-disability", "Special provisions for people with a disability"),
    ("exploitation", "exploitation-sexual", "Sexual exploitation"),
    ("exploitation", "exploitation-forced-labour", "Forced labour"),
    ("exploitation", "exploitation-forced-marriage", "Forced marriage"),
    ("exploitation", "exploitation-slavery", "Slavery and similar practices"),
    ("exploitation", "exploitation-organ-removal", "Removal of organs"),
    ("exploitation", "exploitation-forced-criminality", "Forced criminal activity"),
    ("exploitation", "exploitation-begging", "Forced begging"),
    ("outcome_area", "outcome-justice", "Justice"),
    ("outcome_area", "outcome-covid-19", "COVID-19 response"),
    ("outcome_area", "outcome-partnerships", "Partnerships"),
    ("outcome_area", "outcome-victim-rights", "Victim rights, equality and inclusion"),
    ("outcome_area", "outcome-knowledge-sharing", "Knowledge-sharing and learning"),
    ("actip_article", "actip-art-14", "ACTIP Article 14: protection of victims"),
    ("actip_article", "actip-art-16", "ACTIP Article 16: law enforcement and prosecution"),
    ("actip_article", "actip-art-11", "ACTIP Article 11: prevention"),
]


def ensure_defaults(resource_type: Any = None, topic: Any = None) -> None:
    """Create the default types and topics that are missing (models given by a migration, or the app's)."""
    if resource_type is None or topic is None:
        from acthub.library.models import ResourceType, Topic

        resource_type, topic = ResourceType, Topic
    for order, (slug, name) in enumerate(TYPES):
        resource_type.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    for order, (kind, slug, name) in enumerate(TOPICS):
        topic.objects.get_or_create(slug=slug, defaults={"kind": kind, "name": name, "order": order})
