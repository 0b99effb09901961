"""The pages that exist without the console, in real Chromium: no console error, nothing from another host, no
serious or critical accessibility violation, and a screenshot of each."""

import pytest

from tests.browser.harness import axe, shot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple 42"


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


@pytest.fixture
def secretariat(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory(username="secretariat-admin", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_admin_sign_in(page, secretariat):
    page.goto("/admin/")
    page.get_by_label("Username").fill("secretariat-admin")
    axe(page)
    shot(page, "admin-sign-in")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Site administration").wait_for()
    axe(page)
    shot(page, "admin-index")

