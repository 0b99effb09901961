"""The admin signs in as people do: allauth's sign-in page, then the second factor.

Django's admin has its own password form at /admin/login/, which made a staff session from a password alone; that
session then read the API too. Here the admin site takes allauth's sign-in instead (``SecondFactorAdminSite``,
installed as the default site by ``sharing.apps.AdminWithSecondFactorConfig``):

- ``has_permission``: an active staff user whose session passed the second factor (``second_factor_passed``, the
  console's rule), so every admin page (each goes through ``admin_view``) sends anyone else to ``login`` below.
- ``login`` never takes a password. A stranger is sent to /accounts/login/ (allauth: password, then the second
  factor) with ``next`` kept; a POST of a username and password here is answered the same way and signs no one in.
  A staff person signed in without a second factor (allauth signs in a person who has none with the password) is
  sent to enrol one, which counts as passing it; one who has a factor but whose session never asked for it (a
  session made by other means) is signed out and sent to sign in again. A signed-in person who is not staff is
  refused (403 page), rather than sent round to a sign-in page that would send them straight back.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from sharing.console.auth import ENROL_URL_NAME, has_second_factor, refuse, second_factor_passed


class SecondFactorAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_passed(request)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            target = ""
        target = target or reverse("admin:index", current_app=self.name)
        user = request.user
        if user.is_authenticated and user.is_active and second_factor_passed(request):
            if self.has_permission(request):
                return redirect(target)
            return refuse(request, "The administration is for the secretariat's staff.")
        if user.is_authenticated and user.is_active and user.is_staff and not has_second_factor(user):
            return redirect(ENROL_URL_NAME)
        if user.is_authenticated:
            logout(request)
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
