"""Factories for test data. ``issue_key`` returns a ready Authorization header value as well as the key."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from sharing.choices import PartnerStatus
from sharing.models import Partner
from sharing.services.partners import key_issue


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"XX-P{n:03d}")
    name = factory.LazyAttribute(lambda p: f"Ministry {p.code}")
    country = factory.Iterator(["US", "JP", "KR", "AU", "TW", "DE", "CA", "MX"])
    status = PartnerStatus.ACTIVE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = False


def issue_key(partner: Partner | None = None, roles=("reader",), **kwargs) -> tuple:
    partner = partner or PartnerFactory()
    key, secret = key_issue(partner=partner, name=kwargs.pop("name", "test key"), roles=list(roles), **kwargs)
    return key, f"Api-Key {secret}"
