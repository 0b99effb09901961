"""People: invitations, and the audit events of their sign-in beyond the password step.

Invite-only: the secretariat invites a person (a user with no usable password, a membership of one partner with
roles) and the service mails them a link to choose a password (allauth's password-reset link, valid for
``PASSWORD_RESET_TIMEOUT``). On first sign-in they must enrol a second factor before any console page.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from sharing.choices import AuditOutcome
from sharing.models import Membership, Partner
from sharing.principal import Principal
from sharing.services.audit import audit_record
from sharing.services.partners import membership_set

User = get_user_model()


class InvitationRefused(Exception):
    """The invitation cannot be made as asked (the name or address is taken)."""


def set_password_url(user) -> str:
    """The link that lets ``user`` choose a password (single use: it dies once the password changes)."""
    token = EmailAwarePasswordResetTokenGenerator().make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": token})
    return settings.CONSOLE_BASE_URL.rstrip("/") + path


@transaction.atomic
def person_invite(
    *, username: str, email: str, partner: Partner, roles: list[str], principal: Principal | None = None,
    first_name: str = "", last_name: str = "",
) -> Membership:
    """Creates the person (no usable password) and their membership, and mails them the set-password link once
    the transaction commits."""
    if User.objects.filter(username__iexact=username).exists():
        raise InvitationRefused(f"The user name {username!r} is taken.")
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationRefused(f"A person with the address {email!r} already has an account.")
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, is_active=True)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = membership_set(user=user, partner=partner, roles=roles, principal=principal)
    audit_record(
        action="person.invite", principal=principal, object_type="user", object_id=user.pk, object_owner=partner,
        detail={"username": username, "roles": sorted(set(roles))},
    )
    transaction.on_commit(lambda: _send_invitation(user, partner))
    return membership


def _send_invitation(user, partner: Partner) -> None:
    context = {"user": user, "partner": partner, "url": set_password_url(user),
               "hours": settings.PASSWORD_RESET_TIMEOUT // 3600, "console": settings.CONSOLE_BASE_URL}
    send_mail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your account for {partner.code}",
        message=render_to_string("console/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


# --- sign-in events beyond the password (the password step: sharing.services.audit) ----------------------------


def _person(user) -> Principal:
    return Principal.for_user(user)


def audit_sign_out(*, user, idle_seconds: int | None = None) -> None:
    detail: dict[str, Any] = {"reason": "idle", "idle_seconds": idle_seconds} if idle_seconds is not None else {}
    audit_record(action="user.sign_out", principal=_person(user), object_type="user", object_id=user.pk,
                 detail=detail)


def audit_second_factor_failed(*, user, kind: str, locked_out: bool) -> None:
    audit_record(action="user.second_factor", principal=_person(user), outcome=AuditOutcome.FAILED,
                 object_type="user", object_id=user.pk, detail={"type": kind, "locked_out": locked_out})


def audit_second_factor_passed(*, user, kind: str) -> None:
    audit_record(action="user.second_factor", principal=_person(user), object_type="user", object_id=user.pk,
                 detail={"type": kind})


def audit_second_factor_changed(*, user, kind: str, added: bool) -> None:
    audit_record(action="user.second_factor_enrol" if added else "user.second_factor_remove",
                 principal=_person(user), object_type="user", object_id=user.pk, detail={"type": kind})


def audit_password_set(*, user, how: str) -> None:
    audit_record(action="user.password_set", principal=_person(user), object_type="user", object_id=user.pk,
                 detail={"how": how})


@transaction.atomic
def second_factor_reset(*, authenticator, principal: Principal | None) -> None:
    """The secretariat removes a person's second factor (a lost device); they enrol a new one at next sign-in."""
    user = authenticator.user
    membership = Membership.objects.filter(user=user).first()
    audit_record(action="user.second_factor_reset", principal=principal, object_type="user", object_id=user.pk,
                 object_owner=membership.partner_id if membership else None,
                 detail={"username": user.get_username(), "type": authenticator.type})
    authenticator.delete()
