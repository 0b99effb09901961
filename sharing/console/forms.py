"""Forms of people's sign-in (allauth's, with django-axes' lockout on the second-factor step) and of the console."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.webauthn.forms import AuthenticateWebAuthnForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.http import HttpRequest

LOCKED_OUT = "Too many failed attempts: this account is locked from this address for a while."


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No sign-up: the secretariat invites people from the admin (``sharing.services.people.person_invite``)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class SecondFactorLockoutMixin:
    """The second-factor step counts in django-axes with the password step (per user name and address): a wrong
    code is a failed sign-in, and a locked-out name is refused here even with the right code (django-axes'
    middleware then answers with its lockout page, 429). Each failure is audited as "user.second_factor"."""

    factor = ""

    def full_clean(self) -> None:
        request = allauth_context.request
        credentials = {"username": self.user.get_username()}
        if self.is_bound and AxesProxyHandler.is_locked(request, credentials):
            self._errors, self.cleaned_data = forms.utils.ErrorDict(), {}
            self.add_error(None, LOCKED_OUT)
            request.axes_locked_out, request.axes_credentials = True, credentials
            self._audit_failure(locked_out=True)
            return
        super().full_clean()
        if self.is_bound and self._errors:
            AxesProxyHandler.user_login_failed(sender=type(self), credentials=credentials, request=request)
            self._audit_failure(locked_out=bool(getattr(request, "axes_locked_out", False)))

    def _audit_failure(self, *, locked_out: bool) -> None:
        from sharing.services.people import audit_second_factor_failed

        audit_second_factor_failed(user=self.user, kind=self.factor, locked_out=locked_out)


class SecondFactorCodeForm(SecondFactorLockoutMixin, AuthenticateForm):
    factor = "code"


class SecondFactorKeyForm(SecondFactorLockoutMixin, AuthenticateWebAuthnForm):
    factor = "webauthn"
