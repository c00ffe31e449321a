"""CCR quota enforcement tests (spec DM-09.7).

Every test spends the quota of workspaces of its own (conftest: fresh ids), so
the results do not depend on earlier runs against the same service.
"""

import pytest

from .conftest import DEMO_FAILURES


@pytest.mark.integration
class TestCCRQuota:
    """Test CCR quota enforcement."""

    def test_enforces_daily_quota(self, ccr_client, exhausted_quota_workspace):
        """Test CCR respects daily quota limits."""
        result = ccr_client.route_request({
            "task": "code_review",
            "workspace_id": exhausted_quota_workspace,
        })

        assert result.status == 429
        assert result["success"] is False
        assert result["error"] == "quota_exceeded"
        assert "remaining_tokens" in result
        assert result["remaining_tokens"] == 0

    def test_returns_quota_status(self, ccr_client, ccr_test_config):
        """Test CCR returns quota information."""
        result = ccr_client.get_quota_status(
            workspace_id=ccr_test_config["workspace_id"]
        )

        assert "daily_limit" in result
        assert "used_today" in result
        assert "remaining" in result
        assert "reset_at" in result
        # A workspace nobody has used yet
        assert result["daily_limit"] == ccr_test_config["daily_limit"]
        assert result["used_today"] == 0

    def test_charges_tokens_per_request(self, ccr_client, ccr_test_config):
        """A request costs its input tokens plus the output tokens, charged on success."""
        workspace_id = ccr_test_config["workspace_id"]
        result = ccr_client.route_request({
            "task": "summarization",
            "workspace_id": workspace_id,
            "estimated_tokens": 900,
        })
        quota = ccr_client.get_quota_status(workspace_id)

        assert result["usage"]["input_tokens"] == 900
        spent = result["usage"]["input_tokens"] + result["usage"]["output_tokens"]
        assert quota["used_today"] == spent
        assert quota["remaining"] == ccr_test_config["daily_limit"] - spent

    def test_quota_warning_threshold(self, ccr_client, ccr_test_config):
        """Test CCR warns when approaching quota limit."""
        workspace_id = ccr_test_config["workspace_id"]
        # Use 79% of quota: no warning yet
        below = ccr_client.route_request({
            "task": "code_review",
            "workspace_id": workspace_id,
            "estimated_tokens": 7800,  # + 100 output tokens = 7,900 of 10,000
        })
        # One more small request crosses 80%
        result = ccr_client.route_request({
            "task": "code_review",
            "workspace_id": workspace_id,
        })

        assert below["success"] is True
        assert below["quota_warning"] is False
        assert result["success"] is True
        assert result.get("quota_warning") is True
        assert "quota_remaining_percentage" in result
        assert result["quota_remaining_percentage"] == pytest.approx(16.0)

    def test_workspace_isolation(self, ccr_client, fresh_workspace):
        """Test quota is isolated per workspace."""
        workspace_a = fresh_workspace("a")
        workspace_b = fresh_workspace("b")

        # Exhaust workspace A quota
        ccr_client.exhaust_quota(workspace_a)
        assert ccr_client.route_request({"task": "code_review", "workspace_id": workspace_a}).status == 429

        # Workspace B should still work
        result = ccr_client.route_request({
            "task": "code_review",
            "workspace_id": workspace_b,
        })

        assert result["success"] is True


if DEMO_FAILURES:

    @pytest.fixture
    def demo_broken_workspace(ccr_client):
        """Demo error: a fixture that fails in setup (as a missing seed would)."""
        raise RuntimeError("demo error: could not provision the quota workspace")

    @pytest.mark.integration
    class TestDemoQuota:
        """EXAMPLE_DEMO_FAILURES=1: an errored test (its fixture raises in setup)."""

        def test_demo_quota_of_provisioned_workspace(self, ccr_client, demo_broken_workspace):
            result = ccr_client.get_quota_status(demo_broken_workspace)
            assert result["remaining"] == 10000
