"""A small synchronous CCR client over urllib (no third-party HTTP library).

Talks to the CCR service at CCR_URL: POST /ccr/route, GET /ccr/quota,
GET /ccr/health, and, where the service allows it (the hyvve-qa embedded
reference app only), the fault switch at /__admin/faults.
"""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.request
from typing import Any, Callable, Optional

DEFAULT_TIMEOUT_S = 30.0


class CCRResponse(dict):
    """A JSON response body (a dict) that also carries its HTTP status."""

    status: int

    def __init__(self, status: int, body: Any):
        super().__init__(body if isinstance(body, dict) else {"body": body})
        self.status = status


def ccr_url() -> str:
    return os.getenv("CCR_URL", "http://localhost:7777").rstrip("/")


def auth_token() -> str:
    return os.getenv("AUTH_TOKEN", "test-token")


def _connect(url: str, timeout: float) -> bool:
    """One health probe: True when GET /ccr/health answers 200 (raises on connection errors)."""
    request = urllib.request.Request(
        f"{url}/ccr/health", headers={"Authorization": f"Bearer {auth_token()}"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status == 200


def validate_ccr_connection(
    max_retries: int = 3, retry_delay_s: float = 0.2, url: Optional[str] = None
) -> bool:
    """True once the CCR service answers its health check; retries transient connection errors."""
    target = (url or ccr_url()).rstrip("/")
    last_error: Optional[BaseException] = None
    for attempt in range(max_retries):
        try:
            return _connect(target, DEFAULT_TIMEOUT_S)
        except (ConnectionError, urllib.error.URLError, socket.timeout) as error:
            last_error = error
            if attempt + 1 < max_retries:
                time.sleep(retry_delay_s)
    raise ConnectionError(f"CCR at {target} unreachable after {max_retries} attempts: {last_error}")


class CCRClient:
    """Synchronous CCR client: every call returns a CCRResponse (body + .status)."""

    def __init__(self, base_url: Optional[str] = None, token: Optional[str] = None,
                 timeout: float = DEFAULT_TIMEOUT_S):
        self.base_url = (base_url or ccr_url()).rstrip("/")
        self.token = token if token is not None else auth_token()
        self.timeout = timeout

    def _request(self, method: str, path: str, body: Any = None,
                 headers: Optional[dict] = None, timeout: Optional[float] = None) -> CCRResponse:
        data = None if body is None else json.dumps(body).encode("utf-8")
        all_headers = {"Accept": "application/json", "Authorization": f"Bearer {self.token}"}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        request = urllib.request.Request(
            f"{self.base_url}{path}", data=data, method=method, headers=all_headers
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return CCRResponse(response.status, _json(response.read()))
        except urllib.error.HTTPError as error:
            return CCRResponse(error.code, _json(error.read()))

    # --- CCR API -------------------------------------------------------------

    def route_request(self, payload: dict, timeout: Optional[float] = None) -> CCRResponse:
        return self._request("POST", "/ccr/route", payload, timeout=timeout)

    def get_quota_status(self, workspace_id: str) -> CCRResponse:
        return self._request("GET", f"/ccr/quota?workspace_id={workspace_id}")

    def health_check(self, include_model_status: bool = True) -> CCRResponse:
        health = self._request("GET", "/ccr/health")
        if not include_model_status:
            health.pop("model_status", None)
        return health

    def exhaust_quota(self, workspace_id: str, daily_limit: int = 10000) -> CCRResponse:
        """Spends a fresh workspace's whole daily quota in one request (estimated_tokens + 100 output)."""
        return self.route_request({
            "task": "summarization",
            "workspace_id": workspace_id,
            "estimated_tokens": daily_limit - 100,
        })

    # --- fault switch (embedded reference app only) ----------------------------

    def get_faults(self) -> tuple:
        """(HTTP status, active faults): 200 and a list where the fault switch is allowed, else 403/404."""
        response = self._request("GET", "/__admin/faults")
        return response.status, response.get("body", []) if response.status == 200 else []

    def set_faults(self, faults: list) -> list:
        """Replaces the active fault set (PUT /__admin/faults)."""
        response = self._request("PUT", "/__admin/faults", faults)
        if response.status != 200:
            raise RuntimeError(f"PUT /__admin/faults answered {response.status}: {dict(response)}")
        return response.get("body", [])

    def close(self) -> None:
        """Nothing to release: urllib opens one connection per request."""


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8")) if raw else {}
    except ValueError:
        return {"raw": raw.decode("utf-8", "replace")}
