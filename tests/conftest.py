import pytest
from rest_framework.test import APIClient

from tests.factories import PartnerFactory, UserFactory, issue_key, staff_signed_in


@pytest.fixture(autouse=True)
def _generous_throttles(settings):
    # Throttle counts live in the shared cache (Redis on CI) across tests; tests of throttling set their own.
    settings.SHARING_THROTTLE_RATES = {"key": None, "anon": None, "auth_failures": None}
    # allauth's per-address limits of people's sign-in pages count in the same cache (django-axes' lockout, in the
    # database, is what the sign-in tests exercise).
    settings.ACCOUNT_RATE_LIMITS = False
    # Keys and partners cached in this process (sharing.api.key_cache) must not outlive the test's rolled-back rows;
    # and a test's query counts must not depend on whether its first request warmed the cache: the cache is off
    # except where tests/test_key_cache.py turns it on with its own bound.
    settings.API_KEY_CACHE_SECONDS = 0
    from sharing.api import key_cache

    key_cache.clear()
    yield
    # A cache-down drill leaves counts in this process and the shared cache marked down for a few seconds.
    from sharing.api import throttling

    throttling.local_windows.clear()
    throttling.leases.clear()
    throttling._shared_down_until = 0.0


@pytest.fixture
def eager_tasks(settings):
    """Celery tasks run in-process (the real worker has tests of its own), and webhooks may call a local receiver."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner(db):
    return PartnerFactory(code="JP-METI", name="Ministry of Economy, Trade and Industry", country="JP")


@pytest.fixture
def other_partner(db):
    return PartnerFactory(code="KR-MOTIE", name="Ministry of Trade, Industry and Energy", country="KR")


@pytest.fixture
def client_for(db):
    """client_for(partner, roles) -> an APIClient that sends that partner's new key."""

    def make(partner=None, roles=("reader",), **kwargs) -> APIClient:
        key, header = issue_key(partner, roles, **kwargs)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        client.key = key
        return client

    return make


@pytest.fixture
def staff_client(db):
    user = UserFactory(username="secretariat-admin", is_staff=True, is_superuser=True)
    client = staff_signed_in(APIClient(), user)
    client.user = user
    return client


@pytest.fixture
def secretariat(db):
    """A browser-like client of the admin, signed in as a superuser with the second factor passed."""
    from django.test import Client

    return staff_signed_in(Client())


@pytest.fixture
def receiver():
    """A local webhook receiver on 127.0.0.1 (tests/receivers.py), started for the test and stopped after it."""
    from tests.receivers import Receiver

    with Receiver() as started:
        yield started
