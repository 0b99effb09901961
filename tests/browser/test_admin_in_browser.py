"""The admin pages this service changed, in real Chromium as the secretariat uses them: issuing a key with role
checkboxes and networks one per line, suspending a partner, filtering the audit list, and the read-only emergency
pages. Each is checked by axe-core and photographed; no console error, nothing from another host."""

import re

import pytest

from sharing.models import PartnerAPIKey
from tests.browser.harness import axe, shot
from tests.browser.test_console_e2e import current_code
from tests.console.people import PASSWORD, make_person
from tests.factories import PartnerFactory
from tests.test_admin_emergency import add_rows

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_to_admin(page, user, photograph: bool = False) -> None:
    """As the secretariat does: /admin/ sends to the people's sign-in, a password, then the code of the
    authenticator app; the admin's index opens. ``photograph``: each step checked by axe and photographed."""
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F"))
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    if photograph:
        axe(page)
        shot(page, "admin-sign-in")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(current_code(user.totp_secret))
    if photograph:
        axe(page)
        shot(page, "admin-second-factor")
    page.locator("main form button[type=submit]").first.click()
    page.get_by_role("heading", name="Site administration").wait_for()


@pytest.fixture
def secretariat(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_person(None, username="secretariat-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_page(page, secretariat):
    sign_in_to_admin(page, secretariat)
    return page


def test_issue_a_key_with_checkboxes_and_a_network_list(admin_page):
    page = admin_page
    PartnerFactory(code="JP-METI", country="JP")
    page.goto("/admin/sharing/partnerapikey/add/")
    page.get_by_label("Partner:", exact=True).select_option(label="JP-METI")
    page.get_by_label("Name:", exact=True).fill("Tokyo sync")
    page.get_by_label("Reader: reads what the sharing rules let its partner see").check()
    page.get_by_label("Publisher: publishes and changes its partner's records").check()
    page.get_by_label("Allowed networks:", exact=True).fill("192.0.2.0/24\n2001:db8::/32\n192.0.2.9/24")
    axe(page)
    shot(page, "admin-key-add")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Line 3: 192.0.2.9/24 has host bits set; the block is 192.0.2.0/24.").wait_for()
    axe(page)
    shot(page, "admin-key-add-error")
    page.get_by_label("Allowed networks:", exact=True).fill("192.0.2.0/24\n2001:db8::/32")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("copy it now").wait_for()
    key = PartnerAPIKey.objects.get(name="Tokyo sync")
    assert key.roles == ["publisher", "reader"] and key.allowed_networks == ["192.0.2.0/24", "2001:db8::/32"]
    axe(page)
    shot(page, "admin-key-issued")


def test_suspend_a_partner_and_filter_by_country(admin_page):
    page = admin_page
    for code, country in [("JP-METI", "JP"), ("KR-MOTIE", "KR"), ("AU-DISR", "AU")]:
        PartnerFactory(code=code, country=country)
    page.goto("/admin/sharing/partner/")
    filters = page.locator("#changelist-filter")
    assert filters.bounding_box()["height"] < 1200  # it was 6,000 px with every ISO country
    page.get_by_role("link", name="Japan").click()
    page.get_by_role("checkbox", name="Select this object for an action - JP-METI").check()
    page.get_by_label("Action:").select_option("suspend")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("Suspended JP-METI: their API keys and members are refused from now on").wait_for()
    axe(page)
    shot(page, "admin-partner-suspended")


def test_audit_list_filters(admin_page):
    page = admin_page
    PartnerFactory(code="JP-METI")
    page.goto("/admin/sharing/auditevent/")
    for name in ("By actor partner", "By object owner", "By action", "By occurred at"):
        page.locator("#changelist-filter summary", has_text=name).wait_for()
    axe(page)
    shot(page, "admin-audit")


@pytest.mark.parametrize("name", ["emergencyrequest", "matchrun", "allocation", "webhookendpoint",
                                  "webhookdelivery"])
def test_read_only_emergency_pages(admin_page, name):
    page = admin_page
    from sharing.models import Partner
    from tests.factories import ProductFactory

    add_rows({"product": ProductFactory(code="NITRILE-GLOVES", unit="units"),
              "requester": PartnerFactory(code="MX-SE", country="MX"),
              "supplier": Partner.objects.get_or_create(code="US-DOC", defaults={"name": "DOC", "country": "US"})[0]},
             2)
    page.goto(f"/admin/sharing/{name}/")
    axe(page)
    shot(page, f"admin-{name}-list")
    page.locator("#result_list tbody tr th a").first.click()
    page.locator("#content-main").wait_for()
    axe(page)
    shot(page, f"admin-{name}-detail")
