"""Who is asking, for the console and for the API's session callers alike.

A person (a Django user) is a caller only once their session has passed the second factor; then they are the
``Principal`` of their partner membership, exactly as a key is the principal of its partner. The API's session
authentication (``sharing.api.authentication.PersonSessionAuthentication``) and every console view take the
principal from ``session_principal`` below, so both see the same records and leave the same audit events.

Console views are wrapped by ``console_view``: it sends a stranger to the sign-in page, a person without a second
factor to enrol one, and refuses (403 page) a person without a membership of an active partner or without a role
the page needs. Records are looked up through the API's selectors with ``visible_or_404``: a record the person may
not see is a 404, never a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from sharing import context
from sharing.principal import Principal

ENROL_URL_NAME = "mfa_activate_totp"


def second_factor_passed(request: HttpRequest) -> bool:
    """Whether this session proved a second factor: at sign-in (allauth records an "mfa" step), or by enrolling
    one (``sharing.console.signals`` records the enrolment as such a step)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


def session_principal(request: HttpRequest) -> Principal | None:
    """The principal of a signed-in person whose session passed the second factor, else ``None``.

    Built once per request (``principal_of`` returns it afterwards) with the membership read in the same query
    as nothing else: ``Principal.for_user`` reads ``user.membership`` and its partner.
    """
    cached = getattr(request, "_sharing_principal", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active or not second_factor_passed(request):
        return None
    principal = Principal.for_user(user)
    request._sharing_principal = principal
    context.current().principal = principal
    return principal


def refuse(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "console/refused.html", {"message": message, "status": status}, status=status)


def console_view(roles: Iterable[str] | None = None, *, members_only: bool = True) -> Callable:
    """The console's gate (see the module's text). ``roles``: the page needs any one of them (None: any member).
    ``members_only=False`` (the home page) lets in a signed-in person without a usable membership, to tell them so.

    The view receives ``request.principal``. A person signed in without a second factor (enrolled but not yet
    asked, which happens only through means other than the sign-in page) is sent to sign in again.
    """
    needed = frozenset(roles or ())

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return redirect(f"{reverse('account_login')}?{query}")
            principal = session_principal(request)
            if principal is None:
                if not has_second_factor(user):
                    return redirect(ENROL_URL_NAME)
                return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: request.path})}")
            request.principal = principal
            if members_only:
                if principal.is_staff:
                    return refuse(request, "Secretariat accounts work in the administration; the console is for "
                                           "partners' people.")
                if principal.partner is None or not principal.partner.is_active:
                    return refuse(request, "Your account does not belong to an active partner.")
                if needed and not principal.has_role(*needed):
                    return refuse(request, f"This page needs the role: {' or '.join(sorted(needed))}.")
            return view(request, *args, **kwargs)

        wrapped.console_roles = needed
        return wrapped

    return decorate


def visible_or_404(queryset: QuerySet, **lookup: Any) -> Model:
    """One record of a queryset already narrowed to what the principal may see (an API selector); 404 otherwise."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such record.") from exc
