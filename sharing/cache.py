"""Django's Redis cache, with one client per connection pool rather than one per cache call.

Django's ``RedisCacheClient.get_client`` builds a ``redis.Redis`` for every get, set or incr: some 50 us of
Python each (it copies the table of response callbacks), three times per API request (the failed-key budget and
the rate throttle). A ``redis.Redis`` over a connection pool is safe to share between threads; the pools, the
connections and every command are Django's and redis-py's as before.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:  # as Django's _get_connection_pool, for this index
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClientRedisCacheClient
