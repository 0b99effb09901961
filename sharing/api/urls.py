from django.urls import path
from rest_framework.routers import SimpleRouter

from sharing.api import views

router = SimpleRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("audit-events", views.AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("me/", views.MeView.as_view(), name="me"),
    path("health/", views.HealthView.as_view(), name="health"),
    *router.urls,
]
