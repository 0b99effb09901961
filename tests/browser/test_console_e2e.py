"""End to end in real Chromium, issue 13's first "Done when" line: a coordinator signs in with a password and a
second factor (the TOTP code computed here, as an authenticator app would), opens a request, runs matching and
sees the offer appear; a responder of the supplying partner, in a second browser context (her own cookies),
accepts it; the coordinator sees the fill change; a person of a third partner, with every role, gets 404 on the
request, the run and the offer. Every console page on the way is checked by axe-core and photographed
(artifacts/screenshots/console-*.png); no page logs a console error or asks another host for anything (conftest).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest

from sharing.models import Allocation, EmergencyRequest, MatchRun
from tests.browser.harness import axe, shot
from tests.console.people import PASSWORD, make_person
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_tasks")]

NEEDED_BY = date.today() + timedelta(days=60)


def totp(secret: str, at: float) -> str:
    """RFC 6238 (HMAC-SHA1, 30 s, 6 digits), independent of the library the service uses to check it."""
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def current_code(secret: str) -> str:
    """A code with time left to be typed and checked: near the end of a 30 s step, wait for the next one."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp(secret, time.time())


def check(page, name: str) -> None:
    axe(page)
    shot(page, f"console-{name}")


def nav(page, name: str) -> None:
    """Follows a link of the console's navigation bar, as a person would."""
    page.get_by_role("navigation", name="Console").get_by_role("link", name=name, exact=True).click()
    page.locator("main h1").first.wait_for()


def sign_in(page, person, name: str | None = None) -> None:
    """Password, then the code of the person's authenticator (its secret is theirs alone: allauth remembers used
    codes per user in the shared cache)."""
    page.goto("/console/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=login]").fill(person.username)
    page.locator("input[name=password]").fill(PASSWORD)
    if name:
        check(page, "sign-in")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(current_code(person.totp_secret))
    if name:
        check(page, "second-factor")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/console/$"))


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; the flow is the same
    gloves = ProductFactory(code="NITRILE-GLOVES", name="Nitrile gloves", sector="medical_supplies", unit="units")
    requester = PartnerFactory(code="MX-SE", name="Secretaría de Economía", country="MX")
    supplier = PartnerFactory(code="US-DOC", name="Department of Commerce", country="US")
    third = PartnerFactory(code="KR-MOTIE", name="Ministry of Trade, Industry and Energy", country="KR")
    warehouse = publish("facility", supplier, "US-WH", country="US", name="Houston warehouse",
                        latitude=Decimal("29.76"), longitude=Decimal("-95.37"), facility_kind="warehouse")
    publish("stockpile", supplier, "US-GLOVES", facility=warehouse, product=gloves, quantity=1000, releasable=600,
            marking="GREEN")
    return {
        "coordinator": make_person(requester, roles=("coordinator", "reader"), username="mx-coordinator"),
        "responder": make_person(supplier, roles=("responder",), username="us-duty-officer"),
        "outsider": make_person(third, roles=("reader", "publisher", "responder", "coordinator"),
                                username="kr-officer"),
    }


def fill_text(page) -> str:
    return page.locator("#fill + p").inner_text()


def test_coordinator_matches_responder_accepts_outsider_sees_nothing(new_page, watch, world):
    coordinator = new_page()
    sign_in(coordinator, world["coordinator"], name="coordinator")
    check(coordinator, "home")

    # Open a request.
    nav(coordinator, "Requests")
    check(coordinator, "requests")
    coordinator.goto("/console/requests/new/")
    coordinator.get_by_label("Product").select_option("NITRILE-GLOVES")
    coordinator.get_by_label("Quantity").fill("500")
    coordinator.get_by_label("Priority").select_option("1")
    coordinator.get_by_label("Needed by").fill(NEEDED_BY.isoformat())
    coordinator.get_by_label("Destination country").select_option("MX")
    coordinator.get_by_label("Destination latitude").fill("19.43")
    coordinator.get_by_label("Destination longitude").fill("-99.13")
    coordinator.get_by_label("Justification").fill("Hospital shortage after an earthquake")
    check(coordinator, "request-new")
    coordinator.get_by_role("button", name="Open the request").click()
    coordinator.wait_for_url(re.compile(r"/console/requests/\d+/$"))
    emergency = EmergencyRequest.objects.get()
    assert emergency.requesting_partner.code == "MX-SE" and emergency.quantity == 500
    assert "proposed 0, accepted 0" in fill_text(coordinator)
    check(coordinator, "request-opened")

    # Run matching: the run page follows it, then shows the fill per request.
    coordinator.get_by_role("button", name="Run matching").click()
    coordinator.wait_for_url(re.compile(r"/console/runs/\d+/$"))
    coordinator.get_by_text("Fill per request").wait_for()
    run = MatchRun.objects.get()
    assert run.status == "succeeded"
    assert "100.0%" in coordinator.locator("#run-progress table").inner_text()
    check(coordinator, "run")

    # The offer appears on the request.
    coordinator.get_by_role("link", name=f"Back to request {emergency.pk}").click()
    offer = Allocation.objects.get()
    assert offer.supplying_partner.code == "US-DOC" and offer.quantity == 500
    coordinator.get_by_role("link", name=f"Offer {offer.pk}").wait_for()
    assert "proposed 500, accepted 0" in fill_text(coordinator)
    check(coordinator, "request-offered")

    # The supplier's duty officer, in her own browser context, accepts it.
    responder = new_page()
    sign_in(responder, world["responder"])
    nav(responder, "Offers")
    responder.get_by_role("link", name=f"Offer {offer.pk}").wait_for()
    check(responder, "offers")
    responder.get_by_role("link", name=f"Offer {offer.pk}").click()
    check(responder, "offer")
    arrival = offer.estimated_arrival
    responder.get_by_label("Arrival date you confirm").fill(arrival.isoformat())
    responder.get_by_role("button", name="Accept the offer").click()
    responder.get_by_text("accepted").first.wait_for()
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.confirmed_arrival == arrival
    check(responder, "offer-accepted")

    # The coordinator sees the fill change.
    coordinator.reload()
    assert "proposed 0, accepted 500" in fill_text(coordinator)
    assert "accepted" in coordinator.locator("#by-partner + table").inner_text()
    check(coordinator, "request-accepted")

    # A person of a third partner, with every role, finds none of it.
    outsider = new_page()
    sign_in(outsider, world["outsider"])
    for path in (f"/console/requests/{emergency.pk}/", f"/console/runs/{run.pk}/",
                 f"/console/offers/{offer.pk}/"):
        watch.expect_status(outsider, path, 404)
    check(outsider, "not-found")
    outsider.goto("/console/offers/")
    assert f"Offer {offer.pk}" not in outsider.locator("main").inner_text()
    outsider.goto("/console/requests/")
    assert str(emergency.pk) not in outsider.locator("main").inner_text()


def test_every_other_console_page_for_an_analyst_and_publisher(new_page, world):
    """The pages outside the emergency flow: products, a product (chart, map), agency progress (chart), my records,
    a record and its marking history, who read our data, and sign-in security; each checked by axe-core and
    photographed."""
    from tests.factories import output, site

    supplier = world["responder"].membership.partner
    analyst = make_person(supplier, roles=("reader", "publisher"), username="us-analyst")
    gloves = ProductFactory(code="NITRILE-GLOVES")
    ohio = site(supplier, "US", name="Ohio glove plant", latitude=Decimal("40.0"), longitude=Decimal("-83.0"))
    penang = site(supplier, "MY", name="Penang plant", latitude=Decimal("5.4"), longitude=Decimal("100.3"))
    output(supplier, ohio, gloves, 1200)
    output(supplier, penang, gloves, 800)
    page = new_page()
    sign_in(page, analyst)
    nav(page, "Products")
    check(page, "products")
    page.get_by_role("link", name=re.compile("NITRILE-GLOVES")).first.click()
    page.locator("main h1").wait_for()
    check(page, "product")
    publish("purchase_total", supplier, "DOE-Q1-GSA", agency="Department of Energy", year=2026, quarter=1,
            channel="GSA Advantage", domestic_value=Decimal(60), allied_value=Decimal(30), other_value=Decimal(10))
    publish("purchase_total", supplier, "DOE-Q1-DIRECT", agency="Department of Energy", year=2026, quarter=1,
            channel="Direct", domestic_value=Decimal(100), allied_value=Decimal(0), other_value=Decimal(0))
    nav(page, "Agency progress")
    page.locator("figure.chart svg rect.seg-domestic").first.wait_for()
    assert "80.00%" in page.locator("#progress-table").inner_text()
    check(page, "agency-progress")
    page.get_by_label("Quarter", exact=True).select_option("2")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**quarter=2**")
    assert "No purchase totals or waivers" in page.locator("#progress-table").inner_text()
    axe(page)
    nav(page, "My records")
    check(page, "records")
    page.locator("main table a").first.click()
    page.locator("main h1").wait_for()
    check(page, "record")
    nav(page, "Who read our data")
    check(page, "access-log")
    nav(page, "Sign-in security")
    check(page, "sign-in-security")


def test_a_person_without_a_second_factor_enrols_one_before_the_console(new_page, world):
    """Signed in with a password alone, a person is sent to set up an authenticator (after confirming the
    password again); the code computed here from the secret the page shows enrols it, and the console opens."""
    supplier = world["responder"].membership.partner
    make_person(supplier, roles=("reader",), username="us-newcomer", totp=False)
    page = new_page()
    page.goto("/console/")
    page.locator("input[name=login]").fill("us-newcomer")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    check(page, "confirm-password")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    check(page, "enrol-second-factor")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    page.goto("/console/")
    page.get_by_role("navigation", name="Console").wait_for()
    assert page.url.endswith("/console/")
