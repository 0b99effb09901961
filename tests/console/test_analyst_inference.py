"""Attacks on the analyst's and publisher's pages by a signed-in person of another partner: what the owner keeps to
itself (RED, AMBER+STRICT, AMBER to a group the person is not in) must not change a byte of what the pages show
them, and a hidden record's page must read exactly as a record that does not exist."""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

import pytest

from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, output, publish, site

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """The page without what differs on every request: the CSRF token of the sign-out form, one-time messages, the
    request id an error page quotes."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    text = re.sub(r"<code>[0-9a-f]{32}</code>", "", text)
    text = re.sub(r'<div class="messages" role="status">.*?</div>', "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if line.strip())


@pytest.fixture
def scene(settings):
    settings.SHARING_MIN_CONTRIBUTORS = 3
    owner, outsider = PartnerFactory(code="JP-METI", country="JP"), PartnerFactory(code="MX-SE", country="MX")
    group = SharingGroupFactory(name="WG", members=[owner])
    product = ProductFactory(code="NDPR")
    plant = site(PartnerFactory(code="AU-DISR"), "AU", name="Public plant")
    output(plant.owner, plant, product, 900)
    client = sign_in(make_person(outsider, ("reader", "publisher"), username="outsider"))
    return {"owner": owner, "group": group, "product": product, "client": client, "plant": plant}


NEVER_COUNTED = (("RED", False), ("AMBER+STRICT", True))


def hide_records(scene, markings=(*NEVER_COUNTED, ("AMBER", True))) -> list:
    """The owner's records the outsider may not see, in a country of their own and in the published one."""
    owner, product = scene["owner"], scene["product"]
    hidden = []
    for marking, grouped in markings:
        groups = [scene["group"]] if grouped else []
        for country in ("CN", "AU"):
            plant = site(owner, country, marking=marking, groups=groups, name=f"Hidden {marking} {country}",
                         latitude=Decimal("10"), longitude=Decimal("10"))
            hidden.append(plant)
            output(owner, plant, product, 5000, marking=marking, groups=groups)
            publish("supply_link", owner, f"L-{marking}-{country}", marking=marking, groups=groups,
                    supplier=plant, buyer=scene["plant"], product=product)
    return hidden


URLS = ["/console/products/NDPR/", "/console/products/NDPR/?partner=AU-DISR&country=CN",
        "/console/products/", "/console/records/facilities/", "/console/access-log/"]


def test_records_never_counted_change_nothing_the_outsider_sees(scene):
    """RED and AMBER+STRICT never count in an aggregate, not even as a suppressed cell: every page is the same."""
    client = scene["client"]
    before = {url: page_text(client.get(url)) for url in URLS}
    hide_records(scene, NEVER_COUNTED)
    after = {url: page_text(client.get(url)) for url in URLS}
    for url in URLS:
        changed = [line for line in difflib.unified_diff(before[url].splitlines(), after[url].splitlines(),
                                                         lineterm="", n=0)]
        assert changed == [], (url, changed[:20])


def test_hidden_amber_shows_only_as_suppressed_cells(scene):
    """AMBER the outsider may not see counts, but from one partner (< K) its cells read "suppressed", with no
    figure: the public AU plant's cell too, since it now holds a hidden contribution."""
    client = scene["client"]
    hide_records(scene, (("AMBER", True),))
    page = client.get("/console/products/NDPR/")
    concentration = page.context["figures"].concentration
    assert concentration["countries"] == [] and {c["country"] for c in concentration["suppressed"]} == {"AU", "CN"}
    html = page.content.decode()
    assert "Hidden" not in html and "5,000" not in html and "5,900" not in html


def test_a_hidden_records_page_reads_as_a_missing_ones(scene):
    client = scene["client"]
    hidden = hide_records(scene)
    missing = client.get("/console/records/facilities/4503599627370495/")
    for record in hidden:
        response = client.get(f"/console/records/facilities/{record.pk}/")
        assert response.status_code == missing.status_code == 404
        assert page_text(response) == page_text(missing)
