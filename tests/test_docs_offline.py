"""The API docs work air-gapped and under a strict Content Security Policy; the browsable API is off in production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db

DOCS = ["/api/docs/", "/api/redoc/"]


def policy(response) -> dict[str, list[str]]:
    directives = [d.strip().split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def references(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)


@pytest.mark.parametrize("url", DOCS)
def test_docs_have_a_strict_content_security_policy(api, url):
    response = api.get(url)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval, no other host
    for directive in ("img-src", "font-src", "connect-src", "style-src"):
        assert all(source in ("'self'", "data:", "'unsafe-inline'") for source in csp[directive]), directive
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'none'"]


@pytest.mark.parametrize("url", DOCS)
def test_docs_reference_no_external_host_and_no_inline_script(api, url):
    html = api.get(url).content.decode()
    assert "googleapis" not in html and "gstatic" not in html
    assert not re.search(r"https?://", html), re.findall(r"https?://\S+", html)
    refs = references(html)
    assert refs and all(ref.startswith("/") and not ref.startswith("//") for ref in refs), refs
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag  # a data block is not run
    assert "<style" not in html
    for ref in refs:  # every asset is served from here
        asset = api.get(ref)
        assert asset.status_code == 200, ref
        if ref.endswith((".js", "script=")) and ref.startswith("/api/"):
            script = asset.content.decode()
            assert "validator.swagger.io" not in script and '"validatorUrl": null' in script


def test_redoc_settings_reach_the_page_as_data(api):
    html = api.get("/api/redoc/").content.decode()
    data = re.search(r'<script id="redoc-settings" type="application/json">(.*?)</script>', html, re.S)
    assert data and "system-ui" in data.group(1)


def _get_in_production(path: str, tmp_path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")} | {
        "DJANGO_DEBUG": "0", "SECRET_KEY": "y" * 20 + "production-secret-key-of-enough-length-and-variety-1a2b3c",
        "ALLOWED_HOSTS": "testserver", "VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        f"r = Client().get({path!r}, secure=True, HTTP_ACCEPT='text/html,application/xhtml+xml,*/*;q=0.8')\n"
        "print(r.status_code, r['Content-Type'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_browsable_api_is_off_when_debug_is_off(tmp_path, api):
    # In development (these tests run with DEBUG on) a browser gets the browsable API...
    browser = api.get("/api/v1/products/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser["Content-Type"].startswith("text/html")
    # ...in production, JSON.
    status, content_type = _get_in_production("/api/v1/health/", tmp_path).split(" ", 1)
    assert status == "200" and content_type.startswith("application/json")
