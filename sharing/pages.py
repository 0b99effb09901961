"""The few server-rendered pages outside the API: the landing page at / and the guide as text."""

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

GUIDE = settings.BASE_DIR / "api_docs" / "README.md"


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    """What this service is and where to go next. No external assets (one same-origin stylesheet)."""
    return render(request, "sharing/landing.html", {"title": settings.SPECTACULAR_SETTINGS["TITLE"]})


@require_safe
def guide(request: HttpRequest) -> FileResponse:
    """The partner engineer's guide (api_docs/README.md), as the Markdown text it is."""
    response = FileResponse(GUIDE.open("rb"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="guide.md"'
    return response
