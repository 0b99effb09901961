"""The interactive API documentation (Swagger UI and ReDoc), offline and under a strict Content Security Policy.

Both pages load only same-origin files: drf-spectacular-sidecar serves the Swagger UI and ReDoc bundles from our
static files, the pages carry no inline script (Swagger UI's initializer is served as a script by the split view,
ReDoc's by ``sharing/static/sharing/docs/redoc-init.js``, which reads its settings from a JSON data block), and
ReDoc's page no longer links Google Fonts (it falls back to the system fonts named in ``REDOC_UI_SETTINGS``).

The policy is set on these two views only, by ``DOCS_CSP`` below: a package (django-csp) is not needed for one
constant header on two views, and Django 6's built-in CSP can take it over. ``style-src`` keeps 'unsafe-inline'
because both bundles insert their own <style> elements at run time; scripts, images, fonts and connections are
same-origin only (ReDoc's "by Redocly" logo from cdn.redoc.ly is refused, and the bundle then hides it).
"""

from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

DOCS_CSP = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",  # ReDoc's search runs in a worker made from a blob
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class _StrictPolicy:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


class SwaggerDocsView(_StrictPolicy, SpectacularSwaggerSplitView):
    template_name = "sharing/docs/swagger_ui.html"


class RedocDocsView(_StrictPolicy, SpectacularRedocView):
    template_name = "sharing/docs/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # As a value for the json_script filter (a data block, not a script), rather than a JSON string.
        response.data["redoc_ui_settings"] = spectacular_settings.REDOC_UI_SETTINGS or {}
        return response
