from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from acthub.core.admin_base import ScopedAdmin, ScopedInline
from acthub.core.admin_translations import ContentTranslationInline
from acthub.program import models as m


class ProgramLinkInline(ScopedInline):
    model = m.ProgramLink


@admin.register(m.Program)
class ProgramAdmin(ScopedAdmin):
    list_display = ("name", "acronym", "start_year", "end_year", "budget_amount", "budget_currency")
    search_fields = ("name", "acronym", "description")
    inlines = (ProgramLinkInline, ContentTranslationInline)


@admin.register(m.ProgramLink)
class ProgramLinkAdmin(ScopedAdmin):
    list_display = ("label", "kind", "url", "program")
    list_filter = ("program", "kind")
    search_fields = ("label", "url")
    inlines = (ContentTranslationInline,)


@admin.register(m.CountryProgramming)
class CountryProgrammingAdmin(ScopedAdmin):
    list_display = ("country", "status", "program")
    list_filter = ("program", "status")
    search_fields = ("country__name", "note")


@admin.register(m.Pathway)
class PathwayAdmin(ScopedAdmin):
    inlines = (ContentTranslationInline,)
    list_display = ("number", "name", "program")
    list_filter = ("program",)
    search_fields = ("name", "description")


class OutcomeAreaIntroInline(ScopedInline):
    model = m.OutcomeAreaIntro


@admin.register(m.OutcomeArea)
class OutcomeAreaAdmin(ScopedAdmin):
    list_display = ("order", "name", "slug", "program")
    list_filter = ("program",)
    search_fields = ("name",)
    inlines = (OutcomeAreaIntroInline, ContentTranslationInline)


@admin.register(m.OutcomeAreaIntro)
class OutcomeAreaIntroAdmin(ScopedAdmin):
    inlines = (ContentTranslationInline,)
    list_display = ("outcome_area", "country")
    list_filter = ("outcome_area__program", "outcome_area", "country")
    search_fields = ("text",)


@admin.register(m.FocusTag)
class FocusTagAdmin(ScopedAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)


@admin.register(m.Project)
class ProjectAdmin(ScopedAdmin):
    inlines = (ContentTranslationInline,)
    list_display = ("title", "program", "is_regional", "status", "start_date", "end_date")
    list_filter = ("program", "status", "is_regional", "countries", "focus_tags", "pathways")
    search_fields = ("title", "summary")
    filter_horizontal = ("countries", "pathways", "focus_tags", "partners")


class GovernanceMembershipInline(ScopedInline):
    model = m.GovernanceMembership


@admin.register(m.GovernanceBody)
class GovernanceBodyAdmin(ScopedAdmin):
    list_display = ("name", "acronym", "level", "country", "program")
    list_filter = ("program", "level", "country")
    search_fields = ("name", "acronym", "description")
    inlines = (GovernanceMembershipInline, ContentTranslationInline)


@admin.register(m.GovernanceMembership)
class GovernanceMembershipAdmin(ScopedAdmin):
    list_display = ("body", "role", "organisation", "member_state", "order")
    list_filter = ("body", "role")
    search_fields = ("organisation__name", "member_state__name")


class MeetingDecisionInline(ScopedInline):
    model = m.MeetingDecision


class MeetingActionInline(ScopedInline):
    model = m.MeetingAction


@admin.register(m.GovernanceMeeting)
class GovernanceMeetingAdmin(ScopedAdmin):
    list_display = ("body", "date", "title")
    list_filter = ("body",)
    search_fields = ("title", "summary", "agenda")
    date_hierarchy = "date"
    inlines = (MeetingDecisionInline, MeetingActionInline)


@admin.register(m.MeetingDecision)
class MeetingDecisionAdmin(ScopedAdmin):
    list_display = ("__str__", "meeting", "order")
    list_filter = ("meeting__body",)
    search_fields = ("text",)


@admin.register(m.MeetingAction)
class MeetingActionAdmin(ScopedAdmin):
    list_display = ("description", "meeting", "owner", "owner_name", "due_date", "status")
    list_filter = ("status", "meeting__body")
    search_fields = ("description", "owner_name", "owner__name")


@admin.register(m.Achievement)
class AchievementAdmin(ScopedAdmin):
    list_display = ("__str__", "outcome_area", "country", "period", "is_published")
    list_filter = ("program", "outcome_area", "country", "is_published")
    search_fields = ("text",)
    filter_horizontal = ("projects", "organisations")
    inlines = (ContentTranslationInline,)


@admin.register(m.Story)
class StoryAdmin(ScopedAdmin):
    list_display = ("title", "country", "period", "consent_obtained", "anonymised", "is_published")
    list_filter = ("program", "country", "is_published", "consent_obtained", "anonymised")
    search_fields = ("title", "body")
    inlines = (ContentTranslationInline,)


@admin.register(m.MediaItem)
class MediaItemAdmin(ScopedAdmin):
    list_display = ("caption", "country", "outcome_area", "credit", "consent_obtained", "is_published")
    list_filter = ("program", "country", "is_published", "consent_obtained")
    search_fields = ("caption", "credit", "alt_text")


@admin.register(m.GrantRound)
class GrantRoundAdmin(ScopedAdmin):
    list_display = ("name", "launched", "phase", "program")
    list_filter = ("program",)
    search_fields = ("name", "purpose")


class DisbursementInline(ScopedInline):
    model = m.Disbursement


class GrantMilestoneInline(ScopedInline):
    model = m.GrantMilestone


@admin.register(m.Grant)
class GrantAdmin(ScopedAdmin):
    list_display = ("grantee", "country_codes", "round", "initiated", "amount", "currency", "status")
    list_filter = ("program", "round", "countries", "status")
    search_fields = ("grantee__name", "purpose")
    filter_horizontal = ("countries",)

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_codes(self, obj: m.Grant) -> str:
        return ", ".join(obj.country_codes) or str(_("Regional"))

    inlines = (DisbursementInline, GrantMilestoneInline)


@admin.register(m.Disbursement)
class DisbursementAdmin(ScopedAdmin):
    list_display = ("grant", "date", "amount", "currency", "reference")
    date_hierarchy = "date"
    search_fields = ("grant__grantee__name", "reference", "note")


@admin.register(m.GrantMilestone)
class GrantMilestoneAdmin(ScopedAdmin):
    list_display = ("title", "grant", "due_date", "status")
    list_filter = ("status",)
    search_fields = ("title", "grant__grantee__name")


@admin.register(m.GrantReport)
class GrantReportAdmin(ScopedAdmin):
    list_display = ("title", "grant", "kind", "due_date", "status")
    list_filter = ("status", "kind")
    search_fields = ("title", "grant__grantee__name")
    # Submission and review go through their services (pages), which check the file and who acts.
    readonly_fields = ("file", "status", "submitted_at", "submitted_by", "review_comment", "reviewed_at", "reviewed_by")


@admin.register(m.ExchangeRate)
class ExchangeRateAdmin(ScopedAdmin):
    list_display = ("base", "quote", "date", "rate", "source")
    list_filter = ("base", "quote")
    date_hierarchy = "date"
    search_fields = ("base", "quote", "source")


@admin.register(m.SupportDelivered)
class SupportDeliveredAdmin(ScopedAdmin):
    list_display = ("item", "quantity", "unit", "recipient", "recipient_description", "country", "period")
    list_filter = ("program", "country", "outcome_area")
    search_fields = ("item", "recipient__name", "recipient_description", "purpose")
