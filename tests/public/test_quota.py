"""The report limits' count (``public.throttle.Quota``, issue 45 item 5): increment then check,
so parallel requests cannot all pass; a place not kept is given back. No database: the count is
in the cache (LocMemCache here, atomic within the process; Redis in production)."""

import threading

import pytest
from django.test import RequestFactory

from core.errors import TooManyRequests
from public.throttle import Quota

RATES = {"report": {"address": "5/h", "address_daily": "20/d"}}


def _request(address="192.0.2.7"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_parallel_requests_take_exactly_the_limit(settings):
    settings.PERMITS_PUBLIC_RATES = RATES
    barrier = threading.Barrier(20, timeout=30)
    taken: list[bool] = []

    def run():
        barrier.wait()
        try:
            with Quota(_request(), "report") as quota:
                quota.keep()
            taken.append(True)
        except TooManyRequests:
            taken.append(False)

    threads = [threading.Thread(target=run) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert taken.count(True) == 5 and taken.count(False) == 15


def test_a_place_not_kept_is_given_back_and_a_refusal_counts_nothing(settings):
    settings.PERMITS_PUBLIC_RATES = RATES
    for _ in range(10):
        with Quota(_request(), "report"):
            pass  # refused for a bad field, say: not kept
    for _ in range(5):
        with pytest.raises(ValueError), Quota(_request(), "report"):
            raise ValueError  # failed: not kept
    for _ in range(5):
        with Quota(_request(), "report") as quota:
            quota.keep()
    for _ in range(3):
        with pytest.raises(TooManyRequests):
            Quota(_request(), "report")
    # The refusals took nothing: another address, and the daily count, are untouched.
    with Quota(_request("192.0.2.8"), "report") as quota:
        quota.keep()


def test_a_window_expiring_between_add_and_incr_loses_no_count(settings, monkeypatch):
    """The key expires between ``add`` and ``incr`` and another request opens the new window
    first: this request's place is counted on top of it (2), not written over it as 1."""
    from django.core.cache import cache

    settings.PERMITS_PUBLIC_RATES = {"report": {"address": "5/h"}}
    real_incr = cache.incr
    calls: list[str] = []

    def incr(key, delta=1, version=None):
        if not calls:
            calls.append(key)
            cache.delete(key)  # the window ended here ...
            cache.add(key, 0, 60)  # ... and another request opened the next one
            real_incr(key)
            raise ValueError(f"Key '{key}' not found")
        return real_incr(key, delta, version)

    monkeypatch.setattr(cache, "incr", incr)
    with Quota(_request("192.0.2.9"), "report") as quota:
        quota.keep()
    assert cache.get(calls[0]) == 2


def test_a_cache_that_keeps_losing_the_key_refuses(settings, monkeypatch):
    from django.core.cache import cache

    settings.PERMITS_PUBLIC_RATES = {"report": {"address": "5/h"}}

    def incr(key, delta=1, version=None):
        raise ValueError(f"Key '{key}' not found")

    monkeypatch.setattr(cache, "incr", incr)
    with pytest.raises(TooManyRequests):
        Quota(_request("192.0.2.10"), "report")
