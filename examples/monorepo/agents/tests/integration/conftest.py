"""
Integration test fixtures for CCR testing (spec DM-09.7).

These tests require:
- Running CCR instance (CCR_URL; the hyvve-qa reference app serves one)
- Valid test credentials (AUTH_TOKEN)
- CCR_ENABLED=true, otherwise every test here is skipped

Each quota test gets fresh workspace ids (CCR quota is per workspace and UTC
day), so runs against a long-lived service stay independent of each other.
"""

import os
import re
import uuid

import pytest

from .ccr_client import CCRClient

#: EXAMPLE_DEMO_FAILURES=1 adds a failing, an errored, an xfailed and a skipped test (see README.md).
DEMO_FAILURES = os.getenv("EXAMPLE_DEMO_FAILURES") == "1"

_WORKSPACE_ID = re.compile(r"^[a-z0-9-]{1,64}$")


@pytest.fixture
def ccr_enabled():
    """Skip test if CCR is not enabled."""
    if not os.getenv("CCR_ENABLED", "false").lower() == "true":
        pytest.skip("CCR not enabled")


def _workspace_base() -> str:
    return os.getenv("CCR_TEST_WORKSPACE", "test-workspace").lower()[:32]


def new_workspace_id(label: str = "ws") -> str:
    """A workspace id nobody has used: `<CCR_TEST_WORKSPACE>-<label>-<random>`."""
    workspace_id = f"{_workspace_base()}-{label}-{uuid.uuid4().hex[:12]}"
    assert _WORKSPACE_ID.match(workspace_id), f"not a valid workspace id: {workspace_id}"
    return workspace_id


@pytest.fixture
def ccr_test_config():
    """CCR test configuration.

    `workspace_id` is fresh for every test: CCR quota is per workspace and UTC day
    (10,000 tokens, about 20 route requests), so a shared one would run out when
    the suite runs a few times a day against the same service.
    """
    return {
        "workspace_id": new_workspace_id("t"),
        "primary_model": "claude-3-opus",
        "fallback_model": "claude-3-sonnet",
        "daily_limit": 10000,  # Test limit
    }


@pytest.fixture
def ccr_client(ccr_enabled):
    """Create CCR client for integration tests."""
    client = CCRClient()
    yield client
    client.close()


@pytest.fixture
def fresh_workspace():
    """Returns new_workspace_id: a maker of workspace ids nobody has used."""
    return new_workspace_id


@pytest.fixture
def exhausted_quota_workspace(ccr_client, ccr_test_config, fresh_workspace):
    """
    Create a workspace with exhausted quota.

    Spends a fresh workspace's whole daily limit through the API (one request of
    daily_limit - 100 input tokens + 100 output tokens).
    """
    workspace_id = fresh_workspace("quota-exhausted")
    result = ccr_client.exhaust_quota(workspace_id, ccr_test_config["daily_limit"])
    assert result.status == 200, f"could not spend the quota: {dict(result)}"
    quota = ccr_client.get_quota_status(workspace_id)
    assert quota["remaining"] == 0, f"quota not exhausted: {dict(quota)}"
    return workspace_id


@pytest.fixture
def faults(ccr_client):
    """
    The service's fault switch (PUT /__admin/faults), restored after the test.

    Only the hyvve-qa embedded reference app has one, and only on loopback; any
    other CCR service answers 403 or 404, and the test is skipped.
    """
    status, before = ccr_client.get_faults()
    if status != 200:
        pytest.skip(
            f"fault switch not available at {ccr_client.base_url} (GET /__admin/faults -> {status}): "
            "FAULTS are only allowed on the embedded reference app"
        )
    yield ccr_client.set_faults
    ccr_client.set_faults(before)
