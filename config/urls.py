from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from sharing import pages
from sharing.api.views import api_not_found

urlpatterns = [
    path("", pages.landing, name="landing"),
    path("guide/", pages.guide, name="sharing-guide"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sharing.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    re_path(r"^api/", api_not_found, name="api-not-found"),
]

handler400 = "sharing.api.errors.handler400"
handler403 = "sharing.api.errors.handler403"
handler404 = "sharing.api.errors.handler404"
handler500 = "sharing.api.errors.handler500"
