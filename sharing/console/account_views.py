"""Sign-in pages of the console's own (the rest are allauth's)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
@login_required
def email_managed(request: HttpRequest) -> HttpResponse:
    """Where allauth would let a person change their e-mail address: the secretariat does that (it is where the
    set-password link goes)."""
    return render(request, "console/email_managed.html", {"nav": "security"})
