"""The column spec of every import kind: the one source of the validation, the templates and the docs page.

A column has a name, whether a value is required, a type, an optional code list and a description.
Optional columns may be left out of the header, except in kinds whose header is fixed (`datavalues`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acthub.activities.choices import ActivityKind, AgeBand, AgencyType, Mode, ParticipantRole, Sector, Sex
from acthub.imports.choices import ImportKind
from acthub.indicators.choices import Sex as ValueSex

# The types a column can have, with what the docs say about each.
TYPE_HELP: dict[str, Promise] = {
    "text": _("Text."),
    "code": _("One of the allowed values (the code or its English label; case does not matter)."),
    "date": _("A date as YYYY-MM-DD (or a date cell in XLSX)."),
    "integer": _("A whole number, 0 or more."),
    "decimal": _("A number with a dot as decimal separator, at most 4 decimals; no thousands separator."),
    "boolean": _("yes or no (also true/false, 1/0); empty when unknown."),
    "country": _("An ISO 3166-1 alpha-2 country code known to acthub, e.g. LA."),
    "countries": _("Country codes separated by ';' (e.g. LA;KH), or REGION for a regional activity."),
    "place": _("A country code (e.g. LA) or REGION."),
    "period": _(
        "A period: 2021 (year), 2021S1 (half-year), 2021Q2 (quarter), 202106 (month) or 2021-01-01/2021-06-30."
    ),
    "list": _("Words separated by ';'."),
    "activity": _("The code of an activity of the program (import activities first)."),
    "organisation": _("An organisation's name or acronym as in the directory."),
    "organisations": _("Organisation names or acronyms separated by ';'."),
    "project": _("A project's title as in the program."),
    "indicator": _("An indicator's code, e.g. PEOPLE_TRAINED."),
    "person_key": _(
        "A pseudonymous key, the same for the same person in every activity: 1-64 letters, digits, "
        "'.', '_', ':' or '-'. Never a name."
    ),
}


@dataclass(frozen=True)
class Column:
    """One column of an import file."""

    name: str
    datatype: str
    required: bool
    description: Promise | str
    codes: type[models.TextChoices] | None = None
    example: str = ""
    # Identifying details: stored encrypted, never shown back in previews or errors, never exported.
    sensitive: bool = False

    def allowed_values(self) -> list[tuple[str, str]]:
        """(code, label) pairs of the column's code list; empty when it has none."""
        if self.codes is None:
            return []
        return [(str(value), str(label)) for value, label in self.codes.choices]

    @property
    def type_help(self) -> str:
        """What values of the column's type look like."""
        return str(TYPE_HELP.get(self.datatype, ""))


@dataclass(frozen=True)
class KindSpec:
    """The columns of one import kind, in template order."""

    kind: str
    label: Promise | str
    description: Promise | str
    columns: tuple[Column, ...]
    # True: the header must hold exactly these columns (no optional column may be left out).
    fixed_header: bool = False
    notes: tuple[Promise | str, ...] = field(default_factory=tuple)
    # Other names a header may give a column (normalised header -> column), and headers to ignore.
    aliases: Mapping[str, str] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()

    @property
    def names(self) -> list[str]:
        """The column names in template order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column of that name."""
        return next(c for c in self.columns if c.name == name)


def _cols(*columns: Column) -> tuple[Column, ...]:
    return tuple(columns)


_ACTIVITY = Column("activity", "activity", True, _("The activity's code."), example="LA-2021-TR-01")
_COUNTRY_OF_PERSON = Column(
    "country", "country", True, _("The country the person works in (decides who may see the row)."), example="LA"
)
_SEX = Column("sex", "code", False, _("Empty when not recorded."), codes=Sex, example="female")
_AGE = Column("age_band", "code", False, _("CTDC age band; empty when unknown."), codes=AgeBand, example="30-38")
_DISABILITY = Column("has_disability", "boolean", False, _("Whether the person has a disability."), example="no")
_ORGANISATION = Column(
    "organisation", "organisation", False, _("The person's organisation; empty when unknown."), example=""
)
_AGENCY = Column("agency_type", "code", False, _("The kind of agency."), codes=AgencyType, example="police")
_SECTOR = Column(
    "sector",
    "code",
    False,
    _("State or non-state; when empty it follows from the agency type (police, ... are state)."),
    codes=Sector,
    example="state",
)
_ROLE = Column("role", "code", False, _("Empty means trainee."), codes=ParticipantRole, example="trainee")
_DATE = Column(
    "date",
    "date",
    False,
    _("The day of attendance: checked to lie within the activity's dates (not stored)."),
    example="2021-03-02",
)

KINDS: dict[str, KindSpec] = {
    ImportKind.ACTIVITIES: KindSpec(
        ImportKind.ACTIVITIES,
        ImportKind.ACTIVITIES.label,
        _("One row per activity (training, workshop, webinar, ...). The code identifies it within the program."),
        _cols(
            Column(
                "code", "text", True, _("Unique within the program; at most 64 characters."), example="LA-2021-TR-01"
            ),
            Column("kind", "code", True, _("What sort of activity."), codes=ActivityKind, example="training"),
            Column("title", "text", True, _("At most 255 characters."), example="Victim-centred investigation"),
            Column("start_date", "date", True, _("First day."), example="2021-03-01"),
            Column("end_date", "date", True, _("Last day: not before the first."), example="2021-03-03"),
            Column("countries", "countries", True, _("Where it took place, or REGION."), example="LA"),
            Column("mode", "code", False, _("Empty means in person."), codes=Mode, example="in_person"),
            Column("topics", "list", False, _("Topics covered."), example="investigation;victim rights"),
            Column("project", "project", False, _("The project it belongs to."), example=""),
            Column("organisers", "organisations", False, _("Who organised it."), example=""),
            Column("source", "text", False, _("The document the facts come from."), example="Training report"),
        ),
    ),
    ImportKind.PARTICIPANTS: KindSpec(
        ImportKind.PARTICIPANTS,
        ImportKind.PARTICIPANTS.label,
        _("One row per person and activity. The person key lets a person in several activities count once."),
        _cols(
            _ACTIVITY,
            Column("person_key", "person_key", True, _("The person's pseudonymous key."), example="P-000123"),
            _SEX,
            _AGE,
            _DISABILITY,
            _ORGANISATION,
            _AGENCY,
            _SECTOR,
            _COUNTRY_OF_PERSON,
            _ROLE,
            _DATE,
            Column(
                "name",
                "text",
                False,
                _("Optional. Stored encrypted, shown only inside the country's scope, never exported."),
                sensitive=True,
            ),
            Column(
                "phone",
                "text",
                False,
                _("Optional. Stored encrypted, shown only inside the country's scope, never exported."),
                sensitive=True,
            ),
        ),
        notes=(
            _(
                "A person already recorded for the activity with the same values is 'unchanged'; with other values "
                "the row is an error (correct the record in the staff workspace)."
            ),
        ),
    ),
    ImportKind.ATTENDANCE: KindSpec(
        ImportKind.ATTENDANCE,
        ImportKind.ATTENDANCE.label,
        _("Attendance known only as counts ('22 judges'): one row per activity and combination of dimensions."),
        _cols(
            _ACTIVITY,
            Column("country", "country", True, _("The country the people counted work in."), example="LA"),
            Column("count", "integer", True, _("How many people."), example="22"),
            _SEX,
            _AGE,
            _DISABILITY,
            _ORGANISATION,
            _AGENCY,
            _SECTOR,
            _ROLE,
            _DATE,
        ),
    ),
    ImportKind.DATAVALUES: KindSpec(
        ImportKind.DATAVALUES,
        ImportKind.DATAVALUES.label,
        _("Reported figures in long format: one row per indicator, period, place and sex."),
        _cols(
            Column("indicator", "indicator", True, _("The indicator's code."), example="PEOPLE_TRAINED"),
            Column("period", "period", True, _("The period the figure covers."), example="2021S1"),
            Column("place", "place", True, _("The country, or REGION for the whole region."), example="REGION"),
            Column(
                "sex",
                "code",
                False,
                _("Empty for the total; otherwise the indicator must be disaggregated by sex."),
                codes=ValueSex,
                example="",
            ),
            Column(
                "value",
                "decimal",
                True,
                _("Not negative; a whole number for counts; at most 100 for percentages."),
                example="86",
            ),
            Column("source", "text", True, _("The document the figure comes from."), example="Fact sheet June 2021"),
        ),
        fixed_header=True,
        notes=(_("A reported value already stored for the same cell with another value is an error."),),
    ),
}

# Kinds whose specs live with their own module (they import Column and KindSpec from here).
from acthub.imports.resource_spec import RESOURCES  # noqa: E402

KINDS[ImportKind.RESOURCES] = RESOURCES


def spec_for(kind: str) -> KindSpec:
    """The spec a file of `kind` follows (a KoboToolbox export follows its mapping's target kind)."""
    return KINDS[kind]


def code_map(choices: type[models.TextChoices] | Sequence[tuple[str, str]]) -> dict[str, str]:
    """Lower-cased codes and English labels -> code, so 'Female', 'female' and 'FEMALE' all read as female."""
    from django.utils import translation

    pairs = choices.choices if isinstance(choices, type) else choices
    result: dict[str, str] = {}
    with translation.override("en"):
        for value, label in pairs:
            result[str(label).casefold()] = str(value)
    for value, _label in pairs:
        result[str(value).casefold()] = str(value)
    return result


# Kinds whose specs live beside their handlers join the registry here (after code_map, which they use).
from acthub.imports.kinds.justice_specs import JUSTICE_KINDS  # noqa: E402

KINDS.update(JUSTICE_KINDS)
