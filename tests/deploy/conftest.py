"""The deploy test runs its own servers and reaches them over HTTP: nothing in this process uses
Django's cache or database, so the suite's autouse fixtures that touch them are switched off."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Overrides tests/conftest.py's, which clears this process's cache around each test: with
    REDIS_URL set in the shell that runs pytest (as .ci/run sets it for the suite), that clear
    is a FLUSHDB of somebody else's Redis database. The servers' keys are removed by the test
    itself, by their own prefix."""
    yield
