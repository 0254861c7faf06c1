"""One handler per import kind: it validates a chunk of rows and writes the valid ones."""

from __future__ import annotations

from acthub.imports.choices import ImportKind
from acthub.imports.kinds.activities import ActivitiesHandler
from acthub.imports.kinds.base import Handler
from acthub.imports.kinds.datavalues import DataValuesHandler
from acthub.imports.kinds.justice import CourtCasesHandler, DefendantsHandler, VictimsHandler
from acthub.imports.kinds.people import AttendanceHandler, ParticipantsHandler
from acthub.imports.kinds.resources import ResourcesHandler

HANDLERS: dict[str, type[Handler]] = {
    ImportKind.ACTIVITIES: ActivitiesHandler,
    ImportKind.PARTICIPANTS: ParticipantsHandler,
    ImportKind.ATTENDANCE: AttendanceHandler,
    ImportKind.DATAVALUES: DataValuesHandler,
    ImportKind.RESOURCES: ResourcesHandler,
    ImportKind.COURT_CASES: CourtCasesHandler,
    ImportKind.DEFENDANTS: DefendantsHandler,
    ImportKind.VICTIMS: VictimsHandler,
}


def handler_class(kind: str) -> type[Handler]:
    """The handler of a target kind (a KoboToolbox export uses its mapping's target kind)."""
    return HANDLERS[kind]
