"""The API: version 1 of the read-only endpoints under `v1/`, its OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import routers

from acthub.actip.api import views as actip
from acthub.api.changelog import ChangeLogViewSet
from acthub.api.datasets import DatasetListView
from acthub.api.permissions import PublicRead
from acthub.api.search import SearchView
from acthub.directory.api.views import OrganisationRoleViewSet, OrganisationViewSet
from acthub.indicators.api.urls import urlpatterns as indicator_urls
from acthub.indicators.api.views import DataValueViewSet, IndicatorViewSet
from acthub.justice.api import views as justice
from acthub.program.api import operations
from acthub.program.api import views as program
from acthub.program.api.country_views import CountryViewSet


class APIRootView(routers.APIRootView):
    """The list of endpoints: open to everyone (the default permission refuses undeclared views)."""

    permission_classes = [PublicRead]


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


class SwaggerView(SpectacularSwaggerView):
    """The browsable documentation, its inline style and script under the CSP nonce."""

    template_name = "api/swagger_ui.html"


router = Router()
router.register("programs", program.ProgramViewSet, basename="program")
router.register("program-links", program.ProgramLinkViewSet, basename="programlink")
router.register("countries", CountryViewSet, basename="country")
router.register("country-programming", program.CountryProgrammingViewSet, basename="countryprogramming")
router.register("pathways", program.PathwayViewSet, basename="pathway")
router.register("outcome-areas", program.OutcomeAreaViewSet, basename="outcomearea")
router.register("outcome-area-intros", program.OutcomeAreaIntroViewSet, basename="outcomeareaintro")
router.register("focus-tags", program.FocusTagViewSet, basename="focustag")
router.register("projects", program.ProjectViewSet, basename="project")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("organisation-roles", OrganisationRoleViewSet, basename="organisationrole")
router.register("governance-bodies", program.GovernanceBodyViewSet, basename="governancebody")
router.register("governance-meetings", program.GovernanceMeetingViewSet, basename="governancemeeting")
router.register("achievements", program.AchievementViewSet, basename="achievement")
router.register("stories", program.StoryViewSet, basename="story")
router.register("media", program.MediaItemViewSet, basename="mediaitem")
router.register("grant-rounds", program.GrantRoundViewSet, basename="grantround")
router.register("grants", program.GrantViewSet, basename="grant")
router.register("support-delivered", program.SupportDeliveredViewSet, basename="supportdelivered")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("data-values", DataValueViewSet, basename="datavalue")
router.register("change-log", ChangeLogViewSet, basename="objectchange")
router.register("court-cases", justice.CourtCaseViewSet, basename="courtcase")
router.register("court-charges", justice.ChargeViewSet, basename="charge")
router.register("defendants", justice.DefendantViewSet, basename="defendant")
router.register("defendant-verdicts", justice.DefendantChargeViewSet, basename="defendantcharge")
router.register("victims", justice.VictimViewSet, basename="victim")
router.register("actip-chapters", actip.ChapterViewSet, basename="actipchapter")
router.register("actip-articles", actip.ArticleViewSet, basename="actiparticle")
router.register("actip-ratifications", actip.RatificationViewSet, basename="actipratification")
router.register("actip-assessments", actip.AssessmentViewSet, basename="actipassessment")
router.register("grant-disbursements", operations.DisbursementViewSet, basename="disbursement")
router.register("grant-milestones", operations.GrantMilestoneViewSet, basename="grantmilestone")
router.register("grant-reports", operations.GrantReportViewSet, basename="grantreport")
router.register("governance-memberships", operations.GovernanceMembershipViewSet, basename="governancemembership")
router.register("meeting-decisions", operations.MeetingDecisionViewSet, basename="meetingdecision")
router.register("meeting-actions", operations.MeetingActionViewSet, basename="meetingaction")

urlpatterns = [
    path(
        "v1/",
        include(
            (
                [
                    *router.urls,
                    *indicator_urls,
                    path("search/", SearchView.as_view(), name="search"),
                    path("datasets/", DatasetListView.as_view(), name="datasets"),
                ],
                "v1",
            )
        ),
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="schema"), name="api-docs"),
]
