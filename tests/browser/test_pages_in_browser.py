"""The pages that exist without the console, in real Chromium: no console error, nothing from another host, no
serious or critical accessibility violation, and a screenshot of each."""

import pytest

from tests.browser.harness import axe, shot
from tests.browser.test_admin_in_browser import sign_in_to_admin
from tests.console.people import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_landing_page(page):
    page.goto("/")
    assert page.title()
    page.get_by_role("link", name="The guide").wait_for()
    axe(page)
    shot(page, "landing")


def test_guide_as_text(page):
    response = page.goto("/guide/")
    assert response.status == 200
    assert "curl" in page.text_content("body")
    shot(page, "guide", full_page=False)  # the first screen: the whole guide is a very tall image


def test_swagger_ui(page):
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock").first.wait_for()
    axe(page)
    shot(page, "api-docs")


def test_admin_sign_in(page, settings):
    """The admin's sign-in is the people's: a password, then the second factor (test_admin_in_browser.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    secretariat = make_person(None, username="secretariat-admin", is_staff=True, is_superuser=True)
    sign_in_to_admin(page, secretariat, photograph=True)
    axe(page)
    shot(page, "admin-index")
