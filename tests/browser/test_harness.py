"""The harness itself: it skips or fails as it says, uses the pinned axe-core, and catches what it must."""

import hashlib

import pytest

from tests.browser import conftest
from tests.browser.harness import AXE, AXE_SHA256, axe


def test_the_vendored_axe_core_is_the_pinned_one():
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256
    assert (AXE.parent / "LICENSE").exists()


def test_a_missing_chromium_skips_outside_ci_and_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make browsers"):
        conftest.require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required there, not skipped"):
        conftest.require_browser()


@pytest.mark.django_db(transaction=True)
def test_console_errors_and_other_hosts_are_caught(page, watch):
    page.goto("/")
    page.evaluate("""() => {
        console.error('something broke');
        const img = document.createElement('img');
        img.src = 'https://cdn.example.org/logo.png';
        document.body.appendChild(img);
    }""")
    page.wait_for_timeout(300)
    assert any("something broke" in text for text in watch.console_errors)
    assert watch.other_hosts == ["https://cdn.example.org/logo.png"]
    with pytest.raises(AssertionError, match="request to another host"):
        watch.assert_clean()
    watch.console_errors.clear()
    watch.other_hosts.clear()  # caught: the test passes


@pytest.mark.django_db(transaction=True)
def test_axe_fails_on_a_serious_violation(page, watch):
    page.goto("/")
    page.evaluate("() => { const i = document.createElement('img'); i.src = '/static/sharing/favicon.svg';"
                  " document.querySelector('main').appendChild(i); }")  # an image without alt text: critical
    with pytest.raises(AssertionError, match="critical image-alt"):
        axe(page)


@pytest.mark.django_db(transaction=True)
def test_an_expected_error_status_passes_and_only_that_one(page, watch):
    watch.expect_status(page, "/no-such-page/", 404)
    assert watch.console_errors and not watch.problems()
    page.goto("/")
    page.evaluate("() => fetch('/another-missing-page/')")
    page.wait_for_timeout(300)
    assert any("/another-missing-page/" in problem for problem in watch.problems())
    watch.console_errors.clear()
