from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from sharing.api import (
    allied,
    analytics,
    coverage,
    emergency,
    exposure,
    imports,
    offers,
    procurement,
    published_views,
    reports,
    subscriptions,
    views,
    waiver_views,
)


class FileNameRouter(SimpleRouter):
    """A SimpleRouter whose actions named as files (``url_path=r"report\\.pdf"``) take no trailing slash:
    ``/api/v1/reports/{id}/report.pdf``, as a file's address reads (every other route keeps its slash)."""

    def _get_dynamic_route(self, route, action):
        made = super()._get_dynamic_route(route, action)
        if "\\." in action.url_path:
            return made._replace(url=made.url.replace("{trailing_slash}", ""))
        return made


router = FileNameRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")
router.register("access-log", views.AccessLogViewSet, basename="access-log")
router.register("products", views.ProductViewSet, basename="product")
router.register("sectors", views.ReviewSectorViewSet, basename="sector")
router.register("sharing-groups", views.SharingGroupViewSet, basename="sharing-group")
router.register("facilities", published_views.FacilityViewSet, basename="facility")
router.register("capacities", published_views.CapacityViewSet, basename="capacity")
router.register("stockpiles", published_views.StockpileViewSet, basename="stockpile")
router.register("supply-links", published_views.SupplyLinkViewSet, basename="supply-link")
router.register("demands", published_views.DemandViewSet, basename="demand")
router.register("waivers", waiver_views.WaiverViewSet, basename="waiver")
router.register("purchase-totals", published_views.PurchaseTotalViewSet, basename="purchase-total")
router.register("emergency-requests", emergency.EmergencyRequestViewSet, basename="emergency-request")
router.register("match-runs", offers.MatchRunViewSet, basename="match-run")
router.register("allocations", offers.AllocationViewSet, basename="allocation")
router.register("webhooks", emergency.WebhookEndpointViewSet, basename="webhook")
router.register("webhook-deliveries", emergency.WebhookDeliveryViewSet, basename="webhook-delivery")
router.register("imports", imports.ImportViewSet, basename="import")
router.register("subscriptions", subscriptions.SubscriptionViewSet, basename="subscription")
router.register("analytics/scenarios", analytics.ScenarioViewSet, basename="analytics-scenario")
router.register("reports", reports.ReportViewSet, basename="report")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("me/", views.MeView.as_view(), name="me"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
    re_path(r"^imports/templates/(?P<kind>[a-z-]{1,20})\.csv$", imports.ImportTemplateView.as_view(),
            name="import-template"),
    path("analytics/concentration/", analytics.ConcentrationView.as_view(), name="analytics-concentration"),
    path("analytics/chokepoints/", analytics.ChokepointsView.as_view(), name="analytics-chokepoints"),
    path("analytics/exposure/", exposure.ExposureView.as_view(), name="analytics-exposure"),
    path("analytics/coverage/", coverage.CoverageView.as_view(), name="analytics-coverage"),
    path("analytics/allied-capacity/", allied.AlliedCapacityView.as_view(), name="analytics-allied-capacity"),
    path("analytics/dependence/", allied.DependenceView.as_view(), name="analytics-dependence"),
    path("analytics/dependence/ranking/", allied.DependenceRankingView.as_view(),
         name="analytics-dependence-ranking"),
    path("procurement/content/", procurement.ContentView.as_view(), name="procurement-content"),
    path("procurement/evaluate/", procurement.EvaluateView.as_view(), name="procurement-evaluate"),
    path("procurement/progress/", procurement.ProgressView.as_view(), name="procurement-progress"),
    *router.urls,
]
