"""Rows of the justice kinds: `court_cases`, `defendants` and `victims` (specs in justice_specs.py).

Each row becomes an unsaved model instance checked by the model's own validation (the invariants
of acthub.justice.models: verdict not before the charge, a child under 18, compensation paid not
over the amount ordered, the victim's case in the victim's country), so that a file and the admin
refuse the same things. A row's errors name the column; uniqueness within the file and against the
database is checked per chunk in one query. A case outside the importer's countries reads as unknown.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from acthub.imports.kinds.base import (
    ERROR,
    NEW,
    UNCHANGED,
    CellError,
    ChunkResult,
    Handler,
    RowError,
    _quote,
    parse_bool,
    parse_count,
    parse_date,
)
from acthub.imports.kinds.justice_specs import COURT_CASES, DEFENDANTS, VICTIMS
from acthub.justice.aggregates import add_rows
from acthub.justice.choices import Exploitation, MethodOfControl
from acthub.justice.models import Charge, CourtCase, Defendant, Victim

CaseKey = tuple[int, str, str]  # (country id, court, case number)
# The fields compared when a row names a record that already exists.
CASE_COMPARED = (
    "court_level",
    "stage",
    "offence_date",
    "report_date",
    "charge_date",
    "trial_start_date",
    "verdict_date",
    "appeal_date",
    "final_ruling_date",
    "exploitation_types",
    "outcome",
    "judge_trained",
)


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.replace(",", ";").split(";") if item.strip()]


def parse_amount(text: str) -> Decimal:
    """An amount of money: a number, 0 or more, at most 2 decimals."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(_("%(value)s is not a number.") % {"value": _quote(text)}) from None
    if not value.is_finite() or value < 0:
        raise CellError(_("%(value)s is not an amount (0 or more).") % {"value": _quote(text)})
    if value != value.quantize(Decimal("0.01")):
        raise CellError(_("%(value)s has more than 2 decimals.") % {"value": _quote(text)})
    return value


def _compared(model: Any) -> list[str]:
    """The fields a re-imported row must match: every recorded value but keys, stamps and encrypted text."""
    skip = {"id", "created", "last_updated", "import_job", "is_synthetic", "case", "country"}
    return [f.attname for f in model._meta.concrete_fields if f.name not in skip and not f.name.endswith("_encrypted")]


class _JusticeHandler(Handler):
    """Cell parsing and model validation the three kinds share."""

    model: ClassVar[type[models.Model]]
    booleans: ClassVar[tuple[str, ...]] = ()
    dates: ClassVar[tuple[str, ...]] = ()
    integers: ClassVar[tuple[str, ...]] = ()
    amounts: ClassVar[tuple[str, ...]] = ()
    texts: ClassVar[tuple[str, ...]] = ()
    coded: ClassVar[tuple[str, ...]] = ()
    lists: ClassVar[dict[str, type[models.TextChoices]]] = {}
    secrets: ClassVar[tuple[str, ...]] = ()

    def cell(self, row: list[str], column: str) -> str:
        i = self.index.get(column)
        return row[i] if i is not None else ""

    def country(self, n: int, row: list[str], errors: list[RowError]) -> int | None:
        text = self.cell(row, "country")
        if not text:
            self.required(errors, n, "country")
            return None
        try:
            pk = self.lookups.country(text)
        except CellError as exc:
            errors.append(RowError(n, "country", str(exc)))
            return None
        if not self.in_scope(pk):
            errors.append(RowError(n, "country", self.scope_error(text.upper())))
            return None
        return pk

    def values(self, n: int, row: list[str], errors: list[RowError]) -> dict[str, Any]:
        """The typed values of the row's cells (problems go to `errors`)."""
        values: dict[str, Any] = {}
        parsers: list[tuple[tuple[str, ...], Any]] = [
            (self.booleans, parse_bool),
            (self.dates, parse_date),
            (self.integers, parse_count),
            (self.amounts, parse_amount),
        ]
        for columns, parse in parsers:
            for column in columns:
                text = self.cell(row, column)
                if not text:
                    values[column] = None
                    continue
                try:
                    values[column] = parse(text)
                except CellError as exc:
                    errors.append(RowError(n, column, str(exc)))
        for column in self.texts:
            values[column] = self.cell(row, column)
            if self.spec.column(column).required and not values[column]:
                self.required(errors, n, column)
        for column in self.coded:
            try:
                values[column] = self.code(column, self.cell(row, column))
            except CellError as exc:
                errors.append(RowError(n, column, str(exc)))
        for column, choices in self.lists.items():
            codes = _split(self.cell(row, column))
            unknown = [c for c in codes if c not in choices.values]
            if unknown:
                errors.append(
                    RowError(
                        n,
                        column,
                        _("Unknown code(s) %(codes)s: use one of %(allowed)s.")
                        % {"codes": ", ".join(_quote(c) for c in unknown), "allowed": ", ".join(choices.values)},
                    )
                )
            values[column] = codes
        return values

    def check(self, n: int, instance: models.Model, errors: list[RowError], exclude: set[str]) -> bool:
        """The model's validation, its messages under the row's columns; True when the instance is valid."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                column = field if field in self.index else self.spec.columns[0].name
                for message in messages:
                    errors.append(RowError(n, column, message))
            return False
        return True

    def set_secrets(self, instance: Any, row: list[str]) -> None:
        for column in self.secrets:
            text = self.cell(row, column)
            if text:
                getattr(instance, f"set_{column}")(text)

    def cases(self, keys: set[CaseKey]) -> dict[CaseKey, CourtCase]:
        """The recorded cases of these keys (one query)."""
        if not keys:
            return {}
        q = models.Q()
        for country, court, number in keys:
            q |= models.Q(country_id=country, court=court, case_number=number)
        return {(c.country_id, c.court, c.case_number): c for c in CourtCase.objects.filter(q)}

    def case_elsewhere(self, court: str, number: str) -> str | None:
        """The country code of a case of that court and number in another country the importer may see."""
        found = CourtCase.objects.restrict(self.ctx.user, "view") if self.ctx.user is not None else CourtCase.objects
        codes = list(found.filter(court=court, case_number=number).values_list("country__code", flat=True)[:1])
        return codes[0] if codes else None


class CourtCasesHandler(_JusticeHandler):
    """One case per row; natural key (country, court, case number). Charges come as law:article pairs."""

    spec = COURT_CASES
    model = CourtCase
    booleans = ("judge_trained",)
    dates = (
        "offence_date",
        "report_date",
        "charge_date",
        "trial_start_date",
        "verdict_date",
        "appeal_date",
        "final_ruling_date",
    )
    texts = ("court", "case_number")
    coded = ("court_level", "stage", "outcome")
    lists: ClassVar[dict[str, type[models.TextChoices]]] = {"exploitation_types": Exploitation}
    secrets = ("summary",)

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        statuses = [ERROR] * len(rows)
        valid: list[tuple[int, int, CourtCase, list[tuple[str, str]]]] = []
        for i, (n, row) in enumerate(rows):
            before = len(errors)
            country = self.country(n, row, errors)
            values = self.values(n, row, errors)
            charges = self._charges(n, self.cell(row, "charges"), errors)
            if len(errors) > before or country is None:
                continue
            key = hash((country, values["court"], values["case_number"]))
            if key in self.seen:
                errors.append(
                    RowError(
                        n,
                        "case_number",
                        _("Case number %(number)s of %(court)s appears twice in this file.")
                        % {"number": _quote(values["case_number"]), "court": _quote(values["court"])},
                    )
                )
                continue
            values = {k: v for k, v in values.items() if v is not None or k in self.dates or k in self.booleans}
            for column in self.coded:
                if not values.get(column):
                    values.pop(column, None)  # the model's default
            case = CourtCase(country_id=country, **values)
            if not self.check(n, case, errors, {"country", "import_job"}):
                continue
            self.seen.add(key)
            self.set_secrets(case, row)
            valid.append((i, n, case, charges))
        result = ChunkResult(statuses)
        existing = self.cases({(c.country_id, c.court, c.case_number) for _i, _n, c, _ch in valid})
        for i, n, case, charges in valid:
            old = existing.get((case.country_id, case.court, case.case_number))
            if old is None:
                statuses[i] = NEW
                result.pending.append((case, charges))
                continue
            changed = [f for f in CASE_COMPARED if getattr(old, f) != getattr(case, f)]
            if changed:
                errors.append(
                    RowError(
                        n,
                        "case_number",
                        _(
                            "Case number %(number)s is already recorded in %(court)s with other values (%(fields)s): a "
                            "case number is unique in its court; correct the case in the staff workspace."
                        )
                        % {
                            "number": _quote(case.case_number),
                            "court": _quote(case.court),
                            "fields": ", ".join(changed),
                        },
                    )
                )
            else:
                statuses[i] = UNCHANGED
        return result

    @staticmethod
    def _charges(n: int, text: str, errors: list[RowError]) -> list[tuple[str, str]]:
        charges = []
        for item in (part.strip() for part in text.split(";")):
            if not item:
                continue
            law, sep, article = item.rpartition(":")
            if not sep or not law.strip() or not article.strip():
                errors.append(RowError(n, "charges", _("%(value)s is not law:article.") % {"value": _quote(item)}))
                continue
            charges.append((law.strip()[:200], article.strip()[:50]))
        return charges

    def write(self, chunk: ChunkResult) -> None:
        if not chunk.pending:
            return
        cases = [case for case, _charges in chunk.pending]
        for case in cases:
            case.import_job = self.ctx.job
            case.is_synthetic = self.ctx.synthetic
        created = CourtCase.objects.bulk_create(cases, batch_size=500)
        Charge.objects.bulk_create(
            [
                Charge(case_id=case.pk, law=law, article=article)
                for case, (_case, charges) in zip(created, chunk.pending, strict=True)
                for law, article in dict.fromkeys(charges)
            ],
            batch_size=1000,
        )
        # bulk_create sends no signal: the indicators' maintained cells are told here, in the same transaction.
        add_rows(cases=[case.pk for case in created])


class _PeopleOfCases(_JusticeHandler):
    """Defendants and victims: rows of a recorded case, unique by pseudonym within it."""

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        statuses = [ERROR] * len(rows)
        parsed: list[tuple[int, int, int, dict[str, Any], list[str]]] = []
        for i, (n, row) in enumerate(rows):
            before = len(errors)
            country = self.country(n, row, errors)
            values = self.values(n, row, errors)
            if len(errors) == before and country is not None:
                parsed.append((i, n, country, values, row))
        cases = self.cases({(c, v["court"], v["case_number"]) for _i, _n, c, v, _r in parsed})
        result = ChunkResult(statuses)
        candidates: list[tuple[int, int, Any]] = []
        for i, n, country, values, row in parsed:
            case = cases.get((country, values["court"], values["case_number"]))
            if case is None:
                self._unknown_case(n, values, errors)
                continue
            key = hash((case.pk, values["pseudonym"]))
            if key in self.seen:
                errors.append(
                    RowError(
                        n, "pseudonym", _("%(p)s appears twice for this case in the file.") % {"p": values["pseudonym"]}
                    )
                )
                continue
            instance = self.build(case, country, values)
            if not self.check(n, instance, errors, {"import_job", "case", "country"}):  # both resolved above
                continue
            self.seen.add(key)
            self.set_secrets(instance, row)
            candidates.append((i, n, instance))
        model: Any = self.model
        existing = {
            (obj.case_id, obj.pseudonym): obj
            for obj in model.objects.filter(
                case_id__in={inst.case_id for _i, _n, inst in candidates},
                pseudonym__in={inst.pseudonym for _i, _n, inst in candidates},
            )
        }
        for i, n, instance in candidates:
            old = existing.get((instance.case_id, instance.pseudonym))
            if old is None:
                statuses[i] = NEW
                result.pending.append(instance)
                continue
            changed = [f for f in _compared(model) if getattr(old, f) != getattr(instance, f)]
            if changed:
                errors.append(
                    RowError(
                        n,
                        "pseudonym",
                        _(
                            "%(p)s is already recorded for this case with other values (%(fields)s); correct it in the "
                            "staff workspace."
                        )
                        % {"p": instance.pseudonym, "fields": ", ".join(changed)},
                    )
                )
            else:
                statuses[i] = UNCHANGED
        return result

    def _unknown_case(self, n: int, values: dict[str, Any], errors: list[RowError]) -> None:
        elsewhere = self.case_elsewhere(values["court"], values["case_number"])
        if elsewhere is not None:
            errors.append(
                RowError(
                    n,
                    "country",
                    _(
                        "Case %(number)s of %(court)s is a case of %(other)s: a row is linked only to a case of its "
                        "own country."
                    )
                    % {"number": _quote(values["case_number"]), "court": _quote(values["court"]), "other": elsewhere},
                )
            )
            return
        errors.append(
            RowError(
                n,
                "case_number",
                _("Unknown case %(number)s of %(court)s in this country: import the case first.")
                % {"number": _quote(values["case_number"]), "court": _quote(values["court"])},
            )
        )

    def build(self, case: CourtCase, country: int, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def write(self, chunk: ChunkResult) -> None:
        for instance in chunk.pending:
            instance.import_job = self.ctx.job
            instance.is_synthetic = self.ctx.synthetic
        model: Any = self.model
        created = model.objects.bulk_create(chunk.pending, batch_size=1000)
        if model is Victim:
            # bulk_create sends no signal: the indicators' maintained cells are told here, in the same transaction.
            add_rows(victims=[victim.pk for victim in created])


class DefendantsHandler(_PeopleOfCases):
    """One defendant per row (a pseudonym already recorded for the case is unchanged: correct it in the admin)."""

    spec = DEFENDANTS
    model = Defendant
    texts = ("court", "case_number", "pseudonym", "nationality")
    coded = ("gender", "age_band", "role")
    secrets = ("name",)

    def build(self, case: CourtCase, country: int, values: dict[str, Any]) -> Defendant:
        fields = {k: values[k] for k in ("pseudonym", "nationality", "role") if values.get(k) is not None}
        return Defendant(
            case=case,
            gender=values.get("gender") or "NonSpecifiedUnknown",
            age_band=values.get("age_band") or "unknown",
            **{k: (v.upper() if k == "nationality" else v) for k, v in fields.items()},
        )


class VictimsHandler(_PeopleOfCases):
    """One victim per row, with the victim-sensitive measures (HTCDS spreadsheet columns accepted)."""

    spec = VICTIMS
    model = Victim
    booleans = (
        "is_child",
        "has_disability",
        "identity_protected",
        "closed_hearing",
        "non_punishment_applied",
        "testified_by_video_link",
        "testified_behind_screen",
        "testimony_recorded",
        "interpreter_needed",
        "interpreter_provided",
        "legal_representation",
        "informed_of_rights",
        "referred_to_services",
        "medical_examination",
        "child_provisions",
        "disability_provisions",
        "compensation_requested",
    )
    integers = ("age_at_exploitation", "times_testified")
    amounts = ("compensation_ordered", "compensation_paid")
    texts = ("court", "case_number", "pseudonym", "nationality", "interpreter_language", "compensation_currency")
    coded = ("gender",)
    lists: ClassVar[dict[str, type[models.TextChoices]]] = {
        "exploitation_types": Exploitation,
        "means_of_control": MethodOfControl,
    }
    secrets = ("name", "notes")

    def build(self, case: CourtCase, country: int, values: dict[str, Any]) -> Victim:
        fields = {
            k: v
            for k, v in values.items()
            if k not in ("court", "case_number", "country", "gender") and (v is not None)
        }
        fields["nationality"] = (fields.get("nationality") or "").upper()
        fields["compensation_currency"] = (fields.get("compensation_currency") or "").upper()
        return Victim(case=case, country_id=country, gender=values.get("gender") or "NonSpecifiedUnknown", **fields)
