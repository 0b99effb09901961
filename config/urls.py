from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from sharing import pages
from sharing.api.docs import RedocDocsView, SwaggerDocsView
from sharing.api.views import api_not_found
from sharing.procurement import pages as waiver_pages

DOCS_METHODS = ["get", "head"]

urlpatterns = [
    path("", pages.landing, name="landing"),
    path("guide/", pages.guide, name="sharing-guide"),
    path("waivers/", waiver_pages.registry, name="waiver-registry"),
    path("waivers/<int:pk>/", waiver_pages.detail, name="waiver-registry-detail"),
    path("admin/", admin.site.urls),
    path("console/", include("sharing.console.urls")),
    path("accounts/", include("sharing.console.account_urls")),
    path("api/v1/", include("sharing.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # HTML pages only: OPTIONS would render its metadata through the HTML template renderer, which has no
    # template for it (a 500).
    path("api/docs/", SwaggerDocsView.as_view(url_name="schema", http_method_names=DOCS_METHODS), name="swagger-ui"),
    path("api/redoc/", RedocDocsView.as_view(url_name="schema", http_method_names=DOCS_METHODS), name="redoc"),
    re_path(r"^api/", api_not_found, name="api-not-found"),
]

handler400 = "sharing.api.errors.handler400"
handler403 = "sharing.api.errors.handler403"
handler404 = "sharing.api.errors.handler404"
handler500 = "sharing.api.errors.handler500"
