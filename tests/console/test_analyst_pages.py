"""The analyst's console pages show what the API shows the same person: the product page's figures (concentration,
chokepoints, exposure, the facilities on the map) and the lists' rows equal the API's answers for the same signed-in
caller, inside and outside the sharing group that shares the hidden records; suppressed cells read "suppressed";
pages keep their query count whatever the number of facilities."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.utils.encoders import JSONEncoder

from sharing.models import AuditEvent
from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, output, publish, site

pytestmark = pytest.mark.django_db


def as_json(data):
    """What the API would put on the wire for this serializer data."""
    return json.loads(json.dumps(data, cls=JSONEncoder))


@pytest.fixture
def network(settings):
    settings.SHARING_MIN_CONTRIBUTORS = 3
    jp = PartnerFactory(code="JP-METI", country="JP")
    kr = PartnerFactory(code="KR-MOTIE", country="KR")
    mx = PartnerFactory(code="MX-SE", country="MX")
    au = PartnerFactory(code="AU-DISR", country="AU")
    group = SharingGroupFactory(name="Magnets WG", members=[jp, kr])
    product = ProductFactory(code="NDPR", name="NdPr oxide", unit="t")
    au_site = site(au, "AU", name="Kalgoorlie refinery", latitude=Decimal("-30.7"), longitude=Decimal("121.5"))
    output(au, au_site, product, 900)
    # Shared with the group only: KR counts it; for MX the China cell has one hidden contributor (< K): suppressed.
    cn_site = site(jp, "CN", marking="AMBER", groups=[group], name="Baotou joint plant",
                   latitude=Decimal("40.6"), longitude=Decimal("109.8"))
    output(jp, cn_site, product, 5000, marking="AMBER", groups=[group])
    # RED: JP's alone; never counted for anyone else, not even as a suppressed cell.
    secret = site(jp, "JP", marking="RED", name="Secret reserve plant", latitude=Decimal("35.6"),
                  longitude=Decimal("139.7"))
    output(jp, secret, product, 300, marking="RED")
    kr_site = site(kr, "KR", name="Ulsan magnet works", latitude=Decimal("35.5"), longitude=Decimal("129.3"))
    output(kr, kr_site, product, 200)
    publish("supply_link", kr, "L-AU", supplier=au_site, buyer=kr_site, product=product,
            volume_per_month=Decimal(30))
    publish("supply_link", kr, "L-CN", marking="AMBER", groups=[group], supplier=cn_site, buyer=kr_site,
            product=product, volume_per_month=Decimal(70))
    return {"jp": jp, "kr": kr, "mx": mx, "au": au, "group": group, "product": product, "cn_site": cn_site,
            "secret": secret, "au_site": au_site, "kr_site": kr_site}


@pytest.fixture
def person(network):
    """person("kr", roles) -> a client signed in as a person of that partner."""

    def make(partner: str, roles=("reader",)):
        return sign_in(make_person(network[partner], roles, username=f"{partner}-{'-'.join(roles)}"))

    return make


@pytest.mark.parametrize("caller", ["kr", "mx"])  # inside the sharing group, and outside it
def test_product_page_figures_are_the_apis_answers_for_the_same_person(caller, person, network):
    client = person(caller)
    page = client.get("/console/products/NDPR/")
    assert page.status_code == 200
    figures = page.context["figures"]
    api = {
        "concentration": client.get("/api/v1/analytics/concentration/?product=NDPR"),
        "chokepoints": client.get("/api/v1/analytics/chokepoints/?product=NDPR"),
        "facilities": client.get("/api/v1/facilities/?product=NDPR"),
    }
    assert {name: r.status_code for name, r in api.items()} == dict.fromkeys(api, 200)
    assert as_json(figures.concentration) == api["concentration"].json()
    assert as_json(figures.chokepoints) == api["chokepoints"].json()
    assert as_json(figures.facilities) == api["facilities"].json()["results"]
    question = figures.exposure_query
    exposure = client.get("/api/v1/analytics/exposure/", question)
    assert exposure.status_code == 200 and as_json(figures.exposure) == exposure.json()

    html = page.content.decode()
    shown = {row["country"] for row in figures.concentration["countries"]}
    suppressed = {cell["country"] for cell in figures.concentration["suppressed"]}
    names = {f["name"] for f in figures.facilities}
    if caller == "kr":
        assert shown == {"CN", "AU", "KR"} and suppressed == set()
        assert question == {"product": "NDPR", "partner": "KR-MOTIE", "country": "CN"}
        assert figures.exposure["total"]["through_country"] == 0.7
        assert names == {"Kalgoorlie refinery", "Baotou joint plant", "Ulsan magnet works"}
    else:
        assert shown == {"AU", "KR"} and suppressed == {"CN"}
        assert question == {"product": "NDPR", "partner": "MX-SE", "country": "AU"}
        assert names == {"Kalgoorlie refinery", "Ulsan magnet works"}
        assert "Baotou" not in html
    assert "Secret reserve plant" not in html and "JP" not in shown | suppressed
    # The figures as the page writes them.
    assert f'<span id="hhi">{figures.concentration["hhi"]}</span>' in html
    assert figures.concentration["hhi_band"] in html
    for name in names:
        assert name in html
    points = json.loads(re.search(r'<script id="facility-map-points" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    assert {p["name"] for p in points} == names


def test_suppressed_cells_read_suppressed_never_zero(person):
    html = person("mx").get("/console/products/NDPR/").content.decode()
    table = re.search(r'<table class="data" id="country-shares">(.*?)</table>', html, re.S).group(1)
    china = re.search(r"<tr class=\"suppressed\"><th scope=\"row\">China \(CN\)</th>(.*?)</tr>", table, re.S)
    assert china is not None
    assert china.group(1).count("suppressed") == 3 and "0" not in re.sub(r"<[^>]+>", "", china.group(1))
    chart = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "China: suppressed" in chart and ">suppressed</text>" in chart
    chokepoints = re.search(r'<table class="data" id="chokepoint-countries">(.*?)</table>', html, re.S).group(1)
    assert "China (CN)" in chokepoints and "suppressed" in chokepoints


def test_exposure_question_can_be_asked_and_a_bad_one_is_a_400_with_the_apis_words(person):
    client = person("kr")
    page = client.get("/console/products/NDPR/", {"partner": "KR-MOTIE", "country": "AU", "max_tiers": "2"})
    assert page.status_code == 200
    api = client.get("/api/v1/analytics/exposure/", {"product": "NDPR", "partner": "KR-MOTIE", "country": "AU",
                                                     "max_tiers": "2"})
    assert as_json(page.context["figures"].exposure) == api.json()
    bad = client.get("/console/products/NDPR/", {"partner": "KR-MOTIE", "country": "XX"})
    assert bad.status_code == 400
    assert "country" in bad.context["figures"].exposure_errors and 'id="exposure-errors"' in bad.content.decode()


def test_product_list_pages_and_searches_as_the_api(person):
    for n in range(5):
        ProductFactory(code=f"MAGNET-{n}", name=f"Permanent magnet grade {n}")
    client = person("mx")
    page = client.get("/console/products/", {"search": "magnet", "page_size": 2})
    api = client.get("/api/v1/products/", {"search": "magnet", "page_size": 2}).json()
    assert [p.code for p in page.context["page"].rows] == [p["code"] for p in api["results"]]
    assert page.context["page"].next_url and page.context["page"].next_url.startswith("/console/products/?")
    second = client.get(page.context["page"].next_url)
    api_second = client.get(api["next"]).json()
    assert [p.code for p in second.context["page"].rows] == [p["code"] for p in api_second["results"]]
    assert 'rel="next"' in page.content.decode()
    assert client.get("/console/products/", {"cursor": "garbage"}).status_code == 400
    assert client.get("/console/products/", {"sector": "nonsense"}).status_code == 400


def test_unknown_product_is_a_404_and_a_person_without_the_reader_role_is_refused(person):
    assert person("kr").get("/console/products/NO-SUCH/").status_code == 404
    coordinator = person("kr", ("coordinator",))
    assert coordinator.get("/console/products/NDPR/").status_code == 403
    assert coordinator.get("/console/products/").status_code == 200  # the catalogue is public


def test_the_product_page_reads_are_audited_as_the_apis(person, network):
    client = person("mx")
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    client.get("/console/products/NDPR/")
    console = sorted((e.action, e.object_type, e.object_owner_id, tuple(e.object_ids))
                     for e in AuditEvent.objects.exclude(pk__in=before))
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    client.get("/api/v1/analytics/concentration/?product=NDPR")
    client.get("/api/v1/analytics/chokepoints/?product=NDPR")
    client.get("/api/v1/analytics/exposure/?product=NDPR&partner=MX-SE&country=AU")
    client.get("/api/v1/facilities/?product=NDPR")
    api = sorted((e.action, e.object_type, e.object_owner_id, tuple(e.object_ids))
                 for e in AuditEvent.objects.exclude(pk__in=before))
    assert console == api and console


@pytest.fixture
def steady_session(monkeypatch):
    """The idle clock writes the session at most every 30 s: a slow test would count that write in one
    measurement and not the other. Written once (the warming request), then never during the counts."""
    monkeypatch.setattr("sharing.console.middleware.SEEN_RESOLUTION_SECONDS", 10**9)


def test_product_page_query_count_does_not_grow_with_facilities(person, network, steady_session):
    client = person("kr")
    client.get("/console/products/NDPR/")  # warm caches (content types, sessions)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/console/products/NDPR/").status_code == 200
        return len(queries)

    few = count()
    for n in range(12):
        plant = site(network["au"], "AU", name=f"Extra plant {n}")
        output(network["au"], plant, network["product"], 10 + n)
        publish("supply_link", network["kr"], f"L-X{n}", supplier=plant, buyer=network["kr_site"],
                product=network["product"], volume_per_month=Decimal(1))
    many = count()
    assert many == few, (few, many)
    assert few <= 45, few  # PostgreSQL's share: a savepoint and SET LOCAL jit around each analytics query


def test_product_list_query_count(person, steady_session):
    client = person("kr")
    client.get("/console/products/")
    with CaptureQueriesContext(connection) as few:
        client.get("/console/products/")
    for n in range(10):
        ProductFactory(code=f"EXTRA-{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/console/products/")
    assert len(few) == len(many) <= 15, (len(few), len(many))


def test_pages_load_nothing_inline_or_from_elsewhere_and_label_every_control(person, network):
    """Strict CSP: scripts only from this site's static files (data through json_script), no style attributes or
    event handlers; every form control has a label; the chart and the map have text alternatives."""
    owner = person("jp", ("reader", "publisher"))
    record = network["secret"]
    pages = ["/console/products/", "/console/products/NDPR/", "/console/records/", "/console/records/stockpiles/",
             f"/console/records/facilities/{record.pk}/", "/console/access-log/"]
    for url in pages:
        response = owner.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'type="application/json"' in tag or re.search(r'src="/static/[^"]+"', tag), (url, tag)
        assert not re.search(r"<script(?![^>]*src=)(?![^>]*application/json)[^>]*>\s*\S", html), url
        assert not re.search(r"\sstyle=|<style\b|\son[a-z]+=", html), url
        assert not re.search(r'(src|href)="(https?:)?//', html), url
        for control in re.findall(r"<(?:input|select)\b[^>]*>", html):
            if 'type="hidden"' in control:
                continue
            control_id = re.search(r'id="([^"]+)"', control).group(1)
            assert f'<label for="{control_id}"' in html, (url, control)
        for asset in re.findall(r'(?:src|href|data-boundaries)="(/static/[^"]+)"', html):
            assert owner.get(asset).status_code == 200, asset
    html = owner.get("/console/products/NDPR/").content.decode()
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="share-chart-title share-chart-desc"', html)
    assert '<table class="data" id="country-shares">' in html and '<table class="data" id="facilities">' in html
