"""CCR as a pytest suite reaches it: through CCR_URL alone, which hyvve-qa
fills from `{url.ccr}`. urllib only, so no package beyond pytest is needed."""

import json
import os
import urllib.error
import urllib.request

import pytest

CCR_URL = os.environ.get("CCR_URL")
if not CCR_URL:
    pytest.exit("CCR_URL is not set (hyvve-qa sets it from {url.ccr})", returncode=2)


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        CCR_URL + path, data=data, method=method, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=5) as res:
        return res.status, json.load(res)


def test_health():
    assert call("GET", "/ccr/health") == (200, {"status": "ok"})


@pytest.mark.parametrize(
    "complexity, provider",
    [("high", "anthropic"), ("standard", "anthropic"), ("low", "openai")],
)
def test_route_picks_a_provider(complexity, provider):
    status, body = call("POST", "/ccr/route", {"task": "summarise", "complexity": complexity})
    assert status == 200
    assert body["success"] is True
    assert body["provider"] == provider


def test_unknown_complexity_is_refused():
    with pytest.raises(urllib.error.HTTPError) as refused:
        call("POST", "/ccr/route", {"task": "summarise", "complexity": "extreme"})
    assert refused.value.code == 400
