"""Sign-in events (Django's and django-axes' signals) into the audit trail: the only events that come as signals.

Any password sign-in goes through ``django.contrib.auth.authenticate``: the admin's today, people's sign-in pages
later. Each receiver only hands the facts to ``sharing.services.audit``.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from sharing.services import audit


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
