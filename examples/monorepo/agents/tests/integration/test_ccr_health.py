"""CCR health check tests (spec DM-09.7)."""

from unittest.mock import patch

import pytest

from . import ccr_client as ccr_provider
from .ccr_client import validate_ccr_connection
from .conftest import DEMO_FAILURES


@pytest.mark.integration
class TestCCRHealth:
    """Test CCR health and connectivity."""

    def test_validates_connection(self, ccr_enabled):
        """Test CCR connection validation."""
        is_healthy = validate_ccr_connection()
        assert is_healthy is True

    def test_health_check_endpoint(self, ccr_client):
        """Test CCR health check returns status."""
        health = ccr_client.health_check()

        assert health.status == 200
        assert health["status"] in ["healthy", "degraded", "unhealthy"]
        assert "latency_ms" in health
        assert "available_models" in health

    def test_detects_degraded_state(self, ccr_client):
        """Test CCR reports a status for each model."""
        health = ccr_client.health_check(include_model_status=True)

        assert "model_status" in health
        for model, status in health["model_status"].items():
            assert status in ["available", "degraded", "unavailable"]

    def test_reports_degraded_provider(self, ccr_client, faults):
        """A slow provider makes its models degraded and the service degraded (fault switch)."""
        faults([{"kind": "ccr-provider-slow", "provider": "openai", "ms": 800}])

        health = ccr_client.health_check(include_model_status=True)

        assert health["status"] == "degraded"
        assert health["model_status"]["gpt-4o"] == "degraded"
        assert health["model_status"]["claude-3-opus"] == "available"
        assert "gpt-4o" not in health["available_models"]

    def test_reports_unavailable_provider(self, ccr_client, faults):
        """A provider that is down makes its models unavailable (fault switch)."""
        faults([{"kind": "ccr-provider-down", "provider": "local"}])

        health = ccr_client.health_check(include_model_status=True)

        assert health["status"] == "degraded"
        assert health["model_status"]["llama-3-8b"] == "unavailable"

    def test_connection_retry_logic(self, ccr_enabled):
        """Test connection retries on transient failures."""
        call_count = 0
        real_connect = ccr_provider._connect

        def flaky_connect(url, timeout):
            nonlocal call_count
            call_count += 1
            if call_count < 3:
                raise ConnectionError("Transient failure")
            return real_connect(url, timeout)

        with patch.object(ccr_provider, "_connect", side_effect=flaky_connect):
            result = validate_ccr_connection(max_retries=3, retry_delay_s=0.05)
            assert result is True
            assert call_count == 3


if DEMO_FAILURES:

    @pytest.mark.integration
    class TestDemoHealth:
        """EXAMPLE_DEMO_FAILURES=1: an expected failure (xfail)."""

        @pytest.mark.xfail(reason="demo xfail: the reference CCR has no 'gemini' models yet", strict=True)
        def test_demo_lists_gemini_models(self, ccr_client):
            health = ccr_client.health_check(include_model_status=True)
            assert "gemini-pro" in health["model_status"]
