"""Column specs of the justice import kinds: court cases, defendants and victims (issue 11).

Victims files may also use the column names of IOM's HTCDS spreadsheet (`prs_Gender`,
`vic_TypeOfExploitation`, ...: Human Trafficking Case Data Standard by IOM, CC BY 4.0); its columns
that acthub does not keep (addresses, phones, referral details) are ignored, never stored.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acthub.imports.choices import ImportKind
from acthub.imports.specs import Column, KindSpec
from acthub.justice.choices import AgeBand, CaseOutcome, CaseStage, CourtLevel, Gender, RoleInProcess

_COUNTRY = Column("country", "country", True, _("The country of the case (decides who may see it)."), example="LA")
_COURT = Column(
    "court", "text", True, _("The court's name, as in the case file."), example="Vientiane Capital People's Court"
)
_NUMBER = Column("case_number", "text", True, _("The case number; unique within its court."), example="123/2021")
_GENDER = Column(
    "gender", "code", False, _("HTCDS gender; empty when not specified."), codes=Gender, example="Feminine"
)
_NATIONALITY = Column("nationality", "text", False, _("ISO 3166-1 alpha-2 code of the nationality."), example="LA")
_PSEUDONYM = Column(
    "pseudonym", "person_key", True, _("A pseudonym, unique within the case. Never a name."), example="V-0001"
)
_NAME = Column(
    "name",
    "text",
    False,
    _("Optional. Stored encrypted, shown only inside the country's scope, never exported."),
    sensitive=True,
)
_EXPLOITATION = Column(
    "exploitation_types",
    "list",
    False,
    _("HTCDS types of exploitation separated by ';' (ForcedLabour, SexualExploitation, ...)."),
    example="SexualExploitation",
)


def _yes_no(name: str, description: Promise | str) -> Column:
    return Column(name, "boolean", False, description, example="yes")


COURT_CASES = KindSpec(
    ImportKind.COURT_CASES,
    ImportKind.COURT_CASES.label,
    _("One row per court case, identified by its country, court and case number."),
    (
        _COUNTRY,
        _COURT,
        _NUMBER,
        Column("court_level", "code", False, _("Empty means first instance."), codes=CourtLevel, example=""),
        Column("stage", "code", False, _("How far the case has gone."), codes=CaseStage, example="verdict"),
        Column("offence_date", "date", False, _("When the offence began."), example="2020-10-01"),
        Column("report_date", "date", False, _("When it was reported."), example="2020-11-15"),
        Column("charge_date", "date", False, _("When the defendants were charged."), example="2021-01-10"),
        Column("trial_start_date", "date", False, _("First day of the trial."), example="2021-03-01"),
        Column("verdict_date", "date", False, _("Not before the charge."), example="2021-04-20"),
        Column("appeal_date", "date", False, _("Not before the verdict."), example=""),
        Column("final_ruling_date", "date", False, _("Not before the verdict."), example=""),
        _EXPLOITATION,
        Column("outcome", "code", False, _("Empty means pending."), codes=CaseOutcome, example="conviction"),
        _yes_no("judge_trained", _("Whether the presiding judge was trained in victim-sensitive practice.")),
        Column(
            "charges",
            "list",
            False,
            _("The charges as law:article, separated by ';' (e.g. Penal Code 2017:215)."),
            example="Penal Code 2017:215",
        ),
        Column(
            "summary",
            "text",
            False,
            _("Optional. Identifying free text: stored encrypted, never exported."),
            sensitive=True,
        ),
    ),
    notes=(_("A case already recorded with the same values is 'unchanged'; with other values the row is an error."),),
)

DEFENDANTS = KindSpec(
    ImportKind.DEFENDANTS,
    ImportKind.DEFENDANTS.label,
    _("One row per defendant of a case already recorded (import the cases first)."),
    (
        _COUNTRY,
        _COURT,
        _NUMBER,
        _PSEUDONYM,
        _GENDER,
        Column("age_band", "code", False, _("CTDC age band."), codes=AgeBand, example="30-38"),
        _NATIONALITY,
        Column("role", "code", False, _("HTCDS role in the process."), codes=RoleInProcess, example="Exploiter"),
        _NAME,
    ),
)

# HTCDS spreadsheet headers (normalised) -> victims columns; and those of its columns acthub does not keep.
VICTIM_ALIASES = {
    "prs_gender": "gender",
    "prs_citizenship": "nationality",
    "vic_agewhentrafficked": "age_at_exploitation",
    "vic_typeofexploitation": "exploitation_types",
    "vic_methodsofcontrol": "means_of_control",
}
VICTIM_IGNORED = frozenset(
    {
        "cas_caseowner",
        "prs_salutation",
        "prs_firstname",
        "prs_secondname",
        "con_consent",
        "prs_birthdate",
        "prs_title",
        "prs_email",
        "prs_homephone",
        "prs_mobilephone",
        "prs_mailingcity",
        "prs_mailingcountry",
        "prs_mailingstate",
        "prs_mailingstreet",
        "prs_mailingpostalcode",
        "vic_traffickingstatus",
        "vic_traffickinstatusdecisionmakingorg",
        "vic_traffickingstatusdecisionmakingorg",
        "vic_methodofrecruitment",
        "vic_locationofrecruitment",
        "vic_forcedlabourindustry",
        "vic_typeofsexexploitation",
        "vic_locationofexploitation",
        "cas_status",
        "cas_referringorganisation",
        "cas_incomingreferraldate",
        "cas_referringprimarycaseworker",
        "cas_reasonforincomingreferral",
        "cas_incomingreferraldetails",
        "cas_referredorganisation",
        "cas_referredprimarycaseworker",
        "cas_outgoingreferraldate",
        "cas_outgoingreferraldetails",
        "cas_reasonforcaseclosure",
    }
)

VICTIMS = KindSpec(
    ImportKind.VICTIMS,
    ImportKind.VICTIMS.label,
    _("One row per victim of a case already recorded (import the cases first). HTCDS spreadsheet columns accepted."),
    (
        _COUNTRY,
        _COURT,
        _NUMBER,
        _PSEUDONYM,
        _GENDER,
        Column("age_at_exploitation", "integer", False, _("Age in years when exploited."), example="16"),
        _yes_no("is_child", _("Under 18 when exploited; when empty it follows from the age.")),
        _NATIONALITY,
        _EXPLOITATION,
        Column(
            "means_of_control",
            "list",
            False,
            _("HTCDS methods of control separated by ';' (DebtBondage, FalsePromises, ...)."),
            example="FalsePromises",
        ),
        _yes_no("has_disability", _("Whether the victim has a disability.")),
        _yes_no("identity_protected", _("Identity protected in the proceedings.")),
        _yes_no("closed_hearing", _("Heard in a closed hearing.")),
        _yes_no("non_punishment_applied", _("Not punished for acts they were compelled to commit.")),
        Column("times_testified", "integer", False, _("How many times the victim testified."), example="1"),
        _yes_no("testified_by_video_link", _("Testified by video link.")),
        _yes_no("testified_behind_screen", _("Testified behind a screen.")),
        _yes_no("testimony_recorded", _("A recorded testimony was used.")),
        _yes_no("interpreter_needed", _("Needed an interpreter.")),
        _yes_no("interpreter_provided", _("Had an interpreter.")),
        Column("interpreter_language", "text", False, _("BCP 47 code of the interpreted language."), example="lo"),
        _yes_no("legal_representation", _("Had a lawyer or legal aid.")),
        _yes_no("informed_of_rights", _("Was informed of their rights.")),
        _yes_no("referred_to_services", _("Was referred to recovery services.")),
        _yes_no("medical_examination", _("Had a medical or forensic examination.")),
        _yes_no("child_provisions", _("Child provisions were applied.")),
        _yes_no("disability_provisions", _("Disability provisions were applied.")),
        _yes_no("compensation_requested", _("Requested compensation.")),
        Column("compensation_ordered", "decimal", False, _("Amount ordered."), example="5000000"),
        Column("compensation_paid", "decimal", False, _("Amount paid: not more than ordered."), example="0"),
        Column("compensation_currency", "text", False, _("ISO 4217 code."), example="LAK"),
        _NAME,
        Column(
            "notes",
            "text",
            False,
            _("Optional. Identifying free text: stored encrypted, never exported."),
            sensitive=True,
        ),
    ),
    notes=(
        _(
            "HTCDS spreadsheet columns are accepted: prs_Gender, prs_Citizenship (nationality), "
            "vic_AgeWhenTrafficked, vic_TypeOfExploitation, vic_MethodsOfControl; its other columns are ignored."
        ),
    ),
    aliases=VICTIM_ALIASES,
    ignored=VICTIM_IGNORED,
)

JUSTICE_KINDS: dict[str, KindSpec] = {
    ImportKind.COURT_CASES: COURT_CASES,
    ImportKind.DEFENDANTS: DEFENDANTS,
    ImportKind.VICTIMS: VICTIMS,
}
