"""core.cache.RedisCache: Django's Redis cache, answering through one client per server."""

import os
import uuid

import pytest
import redis

from core.cache import RedisCache

URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def _cache() -> RedisCache:
    return RedisCache(URL, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})


def test_every_cache_call_the_site_makes_answers():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis answers at {URL}")
    cache = _cache()
    try:
        assert cache.add("count", 1) is True
        assert cache.add("count", 5) is False
        assert cache.incr("count", 2) == 3
        cache.set_many({"a": "first", "b": ["second"]})
        assert cache.get_many(["a", "b", "missing"]) == {"a": "first", "b": ["second"]}
        cache.delete("a")
        assert cache.get("a", "gone") == "gone"
        assert cache.get("count") == 3
    finally:
        cache.delete_many(["count", "a", "b"])  # only this test's keys: its prefix is its own


def test_reads_and_writes_share_one_client_instead_of_making_one_a_call():
    client = _cache()._cache  # making a client connects to nothing

    assert client.get_client("a") is client.get_client("b", write=True)
