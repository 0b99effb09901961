"""Failed keys are limited without ever refusing a valid key; with the cache down nothing goes uncounted;
/health/ is throttled and reuses one broker connection."""

import uuid

import pytest

from sharing.api import throttling
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

BAD_KEY = "Api-Key guess123.notarealsecretnotarealsecretnotar"
CACHE_DOWN = {"default": {"BACKEND": "sharing.cache.SharedClientRedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                          "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_800_000_000.0 + 10}  # 10 s into a minute
    monkeypatch.setattr(throttling, "now", lambda: now["t"])
    return now


def address() -> str:
    return f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"  # the shared cache outlives tests


def test_valid_keys_are_served_from_an_address_that_sent_many_bad_ones(api, client_for, settings, clock):
    settings.SHARING_THROTTLE_RATES = {"key": None, "anon": None, "auth_failures": "30/min"}
    proxy = address()  # one attacker and every partner behind the same proxy
    api.credentials(HTTP_AUTHORIZATION=BAD_KEY)
    codes = [api.get("/api/v1/me/", REMOTE_ADDR=proxy).status_code for _ in range(40)]
    assert codes == [401] * 30 + [429] * 10
    partner_a, partner_b = client_for(PartnerFactory()), client_for(PartnerFactory())
    for _ in range(3):
        assert partner_a.get("/api/v1/me/", REMOTE_ADDR=proxy).status_code == 200
        assert partner_b.get("/api/v1/facilities/", REMOTE_ADDR=proxy).status_code == 200
    assert api.get("/api/v1/me/", REMOTE_ADDR=proxy).status_code == 429  # the guesser is still refused
    clock["t"] += 50  # the next minute: a new budget
    assert api.get("/api/v1/me/", REMOTE_ADDR=proxy).status_code == 401


def test_guesses_at_one_keys_secret_are_limited_across_addresses_and_the_key_still_works(api, client_for,
                                                                                         settings, clock):
    settings.SHARING_THROTTLE_RATES = {"key": None, "anon": None, "auth_failures": "5/min"}
    owner = client_for(PartnerFactory())
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {owner.key.prefix}.{'x' * 32}")
    codes = [api.get("/api/v1/me/", REMOTE_ADDR=address()).status_code for _ in range(7)]
    assert codes == [401] * 5 + [429] * 2
    assert owner.get("/api/v1/me/", REMOTE_ADDR=address()).status_code == 200


def test_cache_down_counts_in_process_and_still_serves_valid_keys(api, client_for, settings, clock):
    settings.CACHES = CACHE_DOWN
    settings.SHARING_THROTTLE_RATES = {"key": "3/min", "anon": "2/min", "auth_failures": "2/min"}
    here = address()
    client = client_for(PartnerFactory())
    assert [client.get("/api/v1/me/", REMOTE_ADDR=here).status_code for _ in range(4)] == [200, 200, 200, 429]

    guesser = api.__class__()
    guesser.credentials(HTTP_AUTHORIZATION=BAD_KEY)
    assert [guesser.get("/api/v1/me/", REMOTE_ADDR=here).status_code for _ in range(3)] == [401, 401, 429]
    other = client_for(PartnerFactory())  # a valid key from the guesser's address, under its own rate
    assert other.get("/api/v1/me/", REMOTE_ADDR=here).status_code == 200

    shared = address()
    anonymous = [api.get("/api/v1/products/", REMOTE_ADDR=shared).status_code for _ in range(3)]
    assert anonymous == [200, 200, 429]

    clock["t"] += 50
    assert client.get("/api/v1/me/", REMOTE_ADDR=here).status_code == 200


def test_health_is_throttled_per_address(api, settings):
    settings.SHARING_THROTTLE_RATES = {"key": None, "anon": "3/min", "auth_failures": None}
    lb = address()
    codes = [api.get("/api/v1/health/", REMOTE_ADDR=lb).status_code for _ in range(4)]
    assert codes[:3] == [200] * 3 and codes[3] == 429  # the window may turn over at most once here
    assert api.get("/api/v1/health/", REMOTE_ADDR=address()).status_code == 200


def test_health_reuses_one_broker_connection_and_a_short_cached_answer(api, settings, monkeypatch):
    import redis

    from sharing import health

    url = f"redis://127.0.0.1:1/{uuid.uuid4().int % 16}?probe={uuid.uuid4().hex}"
    settings.REDIS_URL = url
    settings.HEALTH_BROKER_CACHE_SECONDS = 3600
    settings.CELERY_TASK_ALWAYS_EAGER = False
    pools, pings = [], []
    real_from_url = redis.ConnectionPool.from_url
    monkeypatch.setattr(redis.ConnectionPool, "from_url",
                        classmethod(lambda cls, *a, **k: pools.append(a) or real_from_url(*a, **k)))
    monkeypatch.setattr(redis.Redis, "ping", lambda self: pings.append(self.connection_pool) or True)
    for _ in range(5):
        assert api.get("/api/v1/health/").json()["broker"] == "ok"
    assert len(pings) == 1  # the rest answered from the cached status
    for _ in range(3):
        assert health.broker_reachable()
    assert len(pings) == 4 and len(set(map(id, pings))) == 1 and len(pools) == 1  # asked afresh, one pool


def _redis_url() -> str | None:
    import redis
    from django.conf import settings

    url = settings.REDIS_URL or "redis://127.0.0.1:6379/12"  # the test worker's own database, under xdist
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


def test_a_counter_costs_one_redis_round_trip(settings, monkeypatch, client_for):
    import redis
    from django.core.cache import caches

    url = _redis_url()
    if url is None:
        pytest.skip("no Redis here")
    settings.CACHES = {"default": {"BACKEND": "sharing.cache.SharedClientRedisCache", "LOCATION": url,
                                   "KEY_PREFIX": f"t{uuid.uuid4().hex}"}}
    throttling.count_hit("warm", 60, 1_800_000_010.0)  # loads the script once
    commands = []
    real = redis.Redis.execute_command
    monkeypatch.setattr(redis.Redis, "execute_command",
                        lambda self, *args, **kw: commands.append(args[0]) or real(self, *args, **kw))
    assert [throttling.count_hit("n", 60, 1_800_000_010.0 + i) for i in range(3)] == [1, 2, 3]
    assert commands == ["EVALSHA"] * 3
    shared = caches["default"]
    assert shared.get("n:60:30000000") == 3  # the same counter Django's cache reads
    ttl = shared._cache.get_client(write=True).ttl(shared.make_key("n:60:30000000"))
    assert 0 < ttl <= 61
    assert throttling.count_hit("n", 60, 1_800_000_060.0) == 1  # the next window starts again

    settings.SHARING_THROTTLE_RATES = {"key": "1000/min", "anon": None, "auth_failures": None}
    commands.clear()  # a whole API request: one round trip for its rate throttle
    assert client_for(PartnerFactory()).get("/api/v1/products/").status_code == 200
    assert commands == ["EVALSHA"]


@pytest.mark.parametrize("backend", ["redis", "locmem"])
def test_a_large_budget_is_counted_in_leases_and_never_overrun(settings, monkeypatch, backend):
    """Two processes (two lease holders over one shared count) let through at most the budget, and at least the
    budget less each one's unused lease; with Redis, one round trip a lease, not a request."""
    import redis

    if backend == "redis":
        url = _redis_url()
        if url is None:
            pytest.skip("no Redis here")
        settings.CACHES = {"default": {"BACKEND": "sharing.cache.SharedClientRedisCache", "LOCATION": url,
                                       "KEY_PREFIX": f"t{uuid.uuid4().hex}"}}
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": f"t{uuid.uuid4().hex}"}}
    limit, at = 10_000, 1_800_000_010.0
    size = throttling.lease_size(limit)
    assert size == 20
    throttling.count_hit("warm", 60, at)  # loads the script once
    trips = []
    real = redis.Redis.execute_command
    monkeypatch.setattr(redis.Redis, "execute_command", lambda self, *args, **kw: trips.append(args[0]) or real(
        self, *args, **kw))
    processes = [throttling._Leases(), throttling._Leases()]
    allowed, made = [], []
    for i in range(limit + 100):
        monkeypatch.setattr(throttling, "leases", processes[i % 2])
        before = len(trips)
        allowed.append(throttling.take("budget", 60, at + i / 1000, limit))
        made.append(len(trips) - before)
    assert limit - 2 * (size - 1) <= sum(allowed) <= limit
    assert not any(allowed[limit:])  # the budget spent: every later request refused
    if backend == "redis":
        first = allowed.index(False)
        assert set(trips) == {"EVALSHA"}
        assert first // size <= sum(made[:first]) <= first // size + 2  # one round trip a lease of 20
        assert all(made[first:])  # then one a refused request: no lease to take
    assert throttling.take("budget", 60, at + 60, limit)  # the next window starts again
    assert throttling.lease_size(600) == 1 and throttling.lease_size(999) == 1  # small budgets: one at a time


def test_a_small_budget_is_counted_one_request_at_a_time(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"t{uuid.uuid4().hex}"}}
    at = 1_800_000_010.0
    assert [throttling.take("small", 60, at, 600) for _ in range(601)] == [True] * 600 + [False]
    assert throttling.cache.get("small:60:30000000") == 601  # each request counted in the shared count
