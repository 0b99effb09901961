"""Sign-in pages of the console's own (the rest are allauth's)."""

from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
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


def records_enrolment(view):
    """Wraps allauth's "activate an authenticator app" and "add a security key" pages: when a person without a
    second factor enrols their first one, this session has passed it (they proved it by a code or by the key),
    and the console lets them in without signing in again (``sharing.console.auth.second_factor_passed``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        before = user.is_authenticated and _factors(user)
        response = view(request, *args, **kwargs)
        after = user.is_authenticated and _factors(user)
        if request.method == "POST" and after and not before and not any(
            record.get("method") == "mfa" for record in get_authentication_records(request, user)
        ):
            first = Authenticator.objects.filter(user_id=user.pk).exclude(type=Authenticator.Type.RECOVERY_CODES)
            authenticator = first.order_by("created_at").first()
            record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk, enrolled=True)
        return response

    return wrapped


def _factors(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
