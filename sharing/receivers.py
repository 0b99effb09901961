"""Sign-in events (Django's, django-axes' and allauth's signals) into the audit trail: the only events that come as
signals.

Any password sign-in goes through ``django.contrib.auth.authenticate``: the admin's and people's (/accounts/login/).
People's second factor, sign-out (by hand, or for being idle), enrolment and passwords come from allauth's and
Django's signals; a failed second factor is audited by its form (``sharing.console.forms``), which also counts it
in django-axes. Each receiver only hands the facts to ``sharing.services.audit`` or ``sharing.services.people``.
"""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_used
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sharing.services import audit, people


@receiver(user_logged_in, dispatch_uid="sharing.audit.user_logged_in")
def _logged_in(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        audit.audit_sign_in(user=user)


@receiver(user_login_failed, dispatch_uid="sharing.audit.user_login_failed")
def _login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    audit.audit_sign_in_failed(username=(credentials or {}).get("username"),
                               locked_out=bool(getattr(request, "axes_locked_out", False)))


@receiver(user_locked_out, dispatch_uid="sharing.audit.user_locked_out")
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    audit.audit_sign_in_locked_out(username=username)


# --- people: sign-out, the second factor, passwords (allauth's signals) ------------------------------------------



@receiver(user_logged_out, dispatch_uid="sharing.audit.user_logged_out")
def _logged_out(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        people.audit_sign_out(user=user, idle_seconds=getattr(request, "session_idle_seconds", None))


@receiver(authenticator_used, dispatch_uid="sharing.audit.authenticator_used")
def _second_factor_passed(sender, request=None, user=None, authenticator=None, reauthenticated=False, **kwargs):
    people.audit_second_factor_passed(user=user, kind=authenticator.type if authenticator else "")


@receiver(authenticator_added, dispatch_uid="sharing.audit.authenticator_added")
def _second_factor_added(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    people.audit_second_factor_changed(user=user, kind=authenticator.type if authenticator else "", added=True)


@receiver(authenticator_removed, dispatch_uid="sharing.audit.authenticator_removed")
def _second_factor_removed(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    people.audit_second_factor_changed(user=user, kind=authenticator.type if authenticator else "", added=False)


@receiver(password_set, dispatch_uid="sharing.audit.password_set")
@receiver(password_changed, dispatch_uid="sharing.audit.password_changed")
@receiver(password_reset, dispatch_uid="sharing.audit.password_reset")
def _password_set(sender, request=None, user=None, signal=None, **kwargs) -> None:
    how = {password_set: "set", password_changed: "changed", password_reset: "reset_link"}.get(signal, "")
    people.audit_password_set(user=user, how=how)
