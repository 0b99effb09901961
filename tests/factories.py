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


def staff_signed_in(client, user=None):
    """``client`` signed in as ``user`` (default: a superuser "secretariat-admin") with the second factor passed, as
    allauth records it at the end of its sign-in (a password step, then an "mfa" step): the session the admin and
    the API's session authentication accept. The real pages are walked in tests/test_admin_sign_in.py."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.account.internal.userkit import user_id_to_str

    user = user or UserFactory(username="secretariat-admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": now, "username": user.username},
                                                   {"method": "mfa", "at": now, "type": "totp"}]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client


def issue_key(partner: Partner | None = None, roles=("reader",), **kwargs) -> tuple:
    partner = partner or PartnerFactory()
    key, secret = key_issue(partner=partner, name=kwargs.pop("name", "test key"), roles=list(roles), **kwargs)
    return key, f"Api-Key {secret}"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.Product"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"prod-{n}")
    name = factory.LazyAttribute(lambda p: p.code.title())
    sector = "critical_minerals"
    hs_codes = factory.LazyFunction(lambda: ["284690"])
    unit = "t"


class SharingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sharing.SharingGroup"
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Working group {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if extracted:
            self.members.add(*extracted)


_sequence = iter(range(1, 10**9))


def publish(kind: str, owner, external_id: str | None = None, marking: str = "GREEN", groups=(), **values):
    """Publishes one record through the service (as a bulk row would), with sensible defaults per kind."""
    from decimal import Decimal

    from django.db import transaction

    from sharing.services.publishing import RecordInput, apply_records

    n = next(_sequence)
    external_id = external_id or f"{kind}-{n}"
    defaults = {
        "facility": lambda: {
            "name": f"Plant {n}", "country": "AU", "latitude": Decimal("-31.9"), "longitude": Decimal("115.8"),
            "facility_kind": "refinery", "status": "operating", "operator": "Op",
        },
        "capacity": lambda: {
            "nominal": Decimal(100), "in_use": Decimal(60), "spare": Decimal(40), "surge": Decimal(0),
            "lead_time_days": 10, "releasable": Decimal(20), "as_of": __import__("datetime").date(2026, 9, 30),
        },
        "stockpile": lambda: {
            "quantity": Decimal(500), "releasable": Decimal(100), "expiry": None,
            "as_of": __import__("datetime").date(2026, 9, 30),
        },
        "supply_link": lambda: {"volume_per_month": Decimal(10)},
        "demand": lambda: {
            "total_per_month": Decimal(100), "defence_per_month": Decimal(20), "health_per_month": Decimal(10),
            "as_of": __import__("datetime").date(2026, 9, 30),
        },
        "purchase_total": lambda: {
            "agency": "Department of Energy", "year": 2026, "quarter": 1, "channel": "GSA Advantage",
            "domestic_value": Decimal(60), "allied_value": Decimal(30), "other_value": Decimal(10),
        },
        "waiver": lambda: {
            "agency": "Department of Energy", "product_text": "", "hs_code": "", "description": "", "quantity":
            Decimal(10), "unit": "t", "value": Decimal("125000.00"), "currency": "USD", "origin_country": "CN",
            "vendor": "", "reason": "non_availability", "justification": "", "status": "proposed",
            "proposed_on": None, "posted_on": None, "decided_on": None, "withdrawn_on": None, "review_days": 15,
            "delivery_latitude": None, "delivery_longitude": None,
        },
    }[kind]()
    for ref in ("facility", "supplier", "buyer", "product"):
        if ref in values:
            obj = values.pop(ref)
            values[f"{ref}_id"] = obj.pk if obj is not None else None
    if kind in {"capacity", "stockpile", "supply_link", "demand", "waiver"} and "product_id" not in values:
        values["product_id"] = ProductFactory().pk
    record_values = {**defaults, **values, "marking": marking}
    with transaction.atomic():
        (outcome,) = apply_records(
            kind=kind, owner=owner, items=[RecordInput(external_id, record_values, frozenset(g.pk for g in groups))],
            principal=None,
        )
    return outcome.record


def site(owner, country: str, marking: str = "GREEN", groups=(), **values):
    """A facility in ``country`` (where it is; not who publishes it)."""
    return publish("facility", owner, marking=marking, groups=groups, country=country, **values)


def output(owner, facility, product, nominal, marking: str = "GREEN", groups=(), **values):
    """A capacity record: ``nominal`` a month, half of it spare."""
    from datetime import date
    from decimal import Decimal

    nominal = Decimal(nominal)
    defaults = {"in_use": nominal / 2, "spare": nominal / 2, "releasable": 0, "as_of": date(2026, 9, 30)}
    return publish("capacity", owner, marking=marking, groups=groups, facility=facility, product=product,
                   nominal=nominal, **{**defaults, **values})
