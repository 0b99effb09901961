"""The public waiver registry (issue 15 part 2): keyless list and detail of CLEAR waivers, filters, full-text
search (PostgreSQL's and SQLite's give the same answers for plain words), CSV, the Atom feed and the HTML page."""

import csv
import io
import re
import uuid
from datetime import date
from decimal import Decimal

import feedparser
import html5lib
import pytest
from django.db import connection

from sharing.models import AuditEvent
from sharing.procurement.selectors import search, search_words
from tests.factories import PartnerFactory, ProductFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db):
    us, jp = PartnerFactory(code="US-DOC", country="US"), PartnerFactory(code="JP-METI", country="JP")
    magnet = ProductFactory(code="NDFEB-MAGNET", name="NdFeB permanent magnet", sector="critical_minerals",
                            hs_codes=["850511"], unit="t")
    cell = ProductFactory(code="LFP-CELL", name="LFP battery cell", sector="batteries", hs_codes=["850760"],
                          unit="kWh")
    rows = {
        "W1": dict(owner=us, product=magnet, agency="Department of Energy", origin_country="CN",
                   reason="non_availability",
                   status="posted", proposed_on=date(2026, 3, 1), posted_on=date(2026, 3, 2),
                   description="Sintered magnets for grid inverters", value=Decimal("480000.00")),
        "W2": dict(owner=us, product=cell, unit="kWh", agency="Department of Defense", origin_country="KR",
                   reason="unreasonable_cost", status="granted", proposed_on=date(2026, 1, 10),
                   posted_on=date(2026, 1, 12), decided_on=date(2026, 2, 1),
                   description="Battery cells for base microgrids; domestic offer 41% dearer",
                   value=Decimal("2100000.00")),
        "W3": dict(owner=jp, product=magnet, agency="Ministry of Defense", origin_country="CN",
                   reason="public_interest",
                   status="denied", proposed_on=date(2025, 11, 3), posted_on=date(2025, 11, 4),
                   decided_on=date(2025, 12, 1), description="Magnet assemblies; MAGNET supply urgent",
                   value=Decimal("95000.00")),
        "W4": dict(owner=jp, product=None, product_text="Polishing powder (cerium oxide)", hs_code="284610",
                   unit="kg", agency="Japan Coast Guard", origin_country="CN", reason="resale", status="withdrawn",
                   proposed_on=date(2026, 2, 2), withdrawn_on=date(2026, 2, 20), description="Non-availability? no: "
                   "resale stock", value=Decimal("12000.00")),
    }
    made = {}
    for name, values in rows.items():
        owner = values.pop("owner")
        made[name] = publish("waiver", owner, name, marking="CLEAR", **values)
    made["HIDDEN"] = publish("waiver", us, "HIDDEN", marking="GREEN", product=magnet, agency="Department of Energy",
                             origin_country="CN", description="Sintered magnets, confidential")
    return made


def names(response) -> list[str]:
    return sorted(r["external_id"] for r in response.json()["results"])


@pytest.mark.parametrize("query,expected", [
    ("", ["W1", "W2", "W3", "W4"]),
    ("?agency=defense", ["W2", "W3"]),
    ("?product=NDFEB-MAGNET", ["W1", "W3"]),
    ("?sector=batteries", ["W2"]),
    ("?reason=non_availability", ["W1"]),
    ("?reason=resale&reason=public_interest", ["W3", "W4"]),
    ("?origin_country=KR", ["W2"]),
    ("?origin_country=CN&status=posted", ["W1"]),
    ("?status=granted&status=denied", ["W2", "W3"]),
    ("?posted_after=2026-01-01", ["W1", "W2"]),
    ("?posted_before=2025-12-31", ["W3"]),
    ("?decided_after=2026-01-01&decided_before=2026-02-28", ["W2"]),
    ("?proposed_after=2026-02-01", ["W1", "W4"]),
    ("?hs_code=2846", ["W4"]),
    ("?buying_country=JP", ["W3", "W4"]),
])
def test_keyless_filters(api, registry, query, expected):
    response = api.get("/api/v1/waivers/" + query)
    assert response.status_code == 200, response.content
    assert names(response) == expected


def test_bad_filters_are_400(api, registry):
    for query in ("?status=approved", "?posted_after=yesterday", "?hs_code=85x", "?reason=cheap"):
        response = api.get("/api/v1/waivers/" + query)
        assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("words,expected", [
    ("magnets", ["W1"]),  # whole words: "magnets" is not "magnet"
    ("magnet", ["W1", "W3"]),  # any case: "MAGNET" in W3's description; W1's product is a "permanent magnet"
    ("Sintered", ["W1"]),  # the GREEN "Sintered magnets" is not the public's
    ("battery microgrids", ["W2"]),  # every word, in the same or different texts
    ("battery magnets", []),
    ("defense", ["W2", "W3"]),  # the agency is searched too
    ("permanent", ["W1", "W3"]),  # and the catalogue product's name
    ("availability", ["W4"]),  # a part of a hyphenated word
    ("cerium", ["W4"]),  # free-text product
    ("41", ["W2"]),  # digits are words too
    ("   ", ["W1", "W2", "W3", "W4"]),
])
def test_full_text_search_over_every_clear_waiver_whatever_its_status(api, registry, words, expected):
    response = api.get("/api/v1/waivers/", {"q": words})
    assert names(response) == expected


def test_both_search_back_ends_give_the_same_answers(registry, monkeypatch):
    """The back end not in use is run too, on the same rows, where it can be: SQLite's regular expressions are
    checked against Python's own matching of whole words; on PostgreSQL both full-text and the fallback run."""
    from sharing.models import Waiver

    queries = ["magnets", "magnet", "grid inverters", "defense", "availability", "cerium", "41", "microgrids"]
    texts = {w.external_id: " ".join([w.agency, w.product_text, w.description, w.vendor, w.justification,
                                      w.product.name if w.product_id else "", w.product.code if w.product_id else ""])
             for w in Waiver.objects.select_related("product")}
    for query in queries:
        words = search_words(query)
        expected = sorted(name for name, text in texts.items()
                          if all(w in search_words(text) for w in words))
        assert sorted(search(Waiver.objects.all(), query).values_list("external_id", flat=True)) == expected, query
        if connection.vendor == "postgresql":
            monkeypatch.setattr(connection, "vendor", "sqlite-fallback")
            try:
                fallback = sorted(search(Waiver.objects.all(), query).values_list("external_id", flat=True))
            finally:
                monkeypatch.undo()
            assert fallback == expected, query


def test_the_csv_is_the_list(api, registry):
    listed = api.get("/api/v1/waivers/?origin_country=CN").json()["results"]
    response = api.get("/api/v1/waivers/?origin_country=CN&format=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["id"] for r in rows] == [str(w["id"]) for w in listed]
    for row, waiver in zip(rows, listed, strict=True):
        for column, value in row.items():
            assert value == ("" if waiver[column] is None else str(waiver[column])), column
    assert {r["external_id"]: r["description"] for r in rows}["W4"] == "Non-availability? no: resale stock"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client_for, api, registry):
    owner = registry["W1"].owner
    publish("waiver", owner, "EVIL", marking="CLEAR", product=registry["W1"].product,
            description='=HYPERLINK("http://x.example","click")', vendor="@SUM(A1)")
    rows = list(csv.DictReader(io.StringIO(b"".join(api.get(
        "/api/v1/waivers/?format=csv&external_id=EVIL").streaming_content).decode())))
    assert rows[0]["description"] == "'=HYPERLINK(\"http://x.example\",\"click\")" and rows[0]["vendor"] == "'@SUM(A1)"


def test_a_keyed_csv_export_is_audited_for_what_is_not_public(client_for, registry):
    reader = client_for(PartnerFactory(code="KR-MOTIE"))
    body = b"".join(reader.get("/api/v1/waivers/?format=csv").streaming_content).decode()
    assert "HIDDEN" in body
    event = AuditEvent.objects.get(action="waiver.export")
    assert event.object_ids == [str(registry["HIDDEN"].pk)]


def test_the_atom_feed_reads_back_whole(api, registry):
    response = api.get("/api/v1/waivers/feed/")
    assert response.status_code == 200 and response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Waiver registry"
    assert len(feed.entries) == 4
    by_link = {e.link: e for e in feed.entries}
    w2 = registry["W2"]
    entry = by_link[f"http://testserver/waivers/{w2.pk}/"]
    assert entry.title == "US-DOC Department of Defense: LFP battery cell (granted)"
    assert entry.id == entry.link and entry.author == "US-DOC"
    assert entry.summary.startswith("Unreasonable cost (FAR 25.103(d)). 10.000 kWh, 2100000.00 USD, made in KR.")
    assert {t.term for t in entry.tags} == {"unreasonable_cost", "granted"}
    assert "HIDDEN" not in response.content.decode() and "confidential" not in response.content.decode()
    filtered = feedparser.parse(api.get("/api/v1/waivers/feed/?reason=resale").content)
    assert [e.title for e in filtered.entries] == ["JP-METI Japan Coast Guard: Polishing powder (cerium oxide) "
                                                   "(withdrawn)"]
    assert api.get("/api/v1/waivers/feed/", HTTP_ACCEPT="application/atom+xml").status_code == 200


def test_the_public_page_is_valid_accessible_html_without_scripts(client, registry):
    response = client.get("/waivers/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    html5lib.HTMLParser(strict=True).parse(html)  # raises on any parse error
    assert "<script" not in html and "style=" not in html and "<style" not in html
    for landmark in ("<header>", "<nav", "<main", "<footer>", 'role="search"'):
        assert landmark in html
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html)
    assert ids and all(f'<label for="{i}">' in html for i in ids)
    assert html.count('<th scope="col"') == 8 and html.count('<th scope="row"') == 4
    assert "<caption>" in html
    for name in ("W1", "W2", "W3", "W4"):
        assert f'href="/waivers/{registry[name].pk}/"' in html
    assert "confidential" not in html and f"/waivers/{registry['HIDDEN'].pk}/" not in html
    assert 'type="application/atom+xml"' in html and 'href="/api/v1/waivers/?format=csv"' in html


def test_the_public_page_filters_and_searches_like_the_api(client, registry):
    html = client.get("/waivers/", {"q": "magnet", "status": "denied"}).content.decode()
    assert "1 waiver found" in html and f"/waivers/{registry['W3'].pk}/" in html
    assert 'href="/api/v1/waivers/?q=magnet&amp;status=denied&amp;format=csv"' in html
    bad = client.get("/waivers/", {"posted_after": "soon"})
    assert bad.status_code == 400 and "Some filters could not be used" in bad.content.decode()
    html5lib.HTMLParser(strict=True).parse(bad.content.decode())


def test_the_public_detail_page(client, registry):
    w1 = registry["W1"]
    response = client.get(f"/waivers/{w1.pk}/")
    html = response.content.decode()
    html5lib.HTMLParser(strict=True).parse(html)
    assert response.status_code == 200 and "Sintered magnets for grid inverters" in html
    assert "<dt>Review period</dt><dd>15 days, to 2026-03-17</dd>" in html
    assert client.get(f"/waivers/{registry['HIDDEN'].pk}/").status_code == 404
    assert client.get("/waivers/99999999999999999999999/").status_code == 404


@pytest.mark.parametrize("path", ["/waivers/"])
def test_the_page_answers_every_method_alike_for_every_caller(path, client, client_for, staff_client, registry):
    partner = client_for(PartnerFactory(code="KR-MOTIE"), ("reader", "publisher"))
    for method in ("get", "head", "options", "post", "put", "patch", "delete"):
        answers = [getattr(caller, method)(path) for caller in (client, partner, staff_client)]
        assert {a.status_code for a in answers} == ({200} if method in ("get", "head") else {405}), method
        assert len({a.content for a in answers}) == 1, method


def test_the_anonymous_throttle_applies(api, client, registry, settings, monkeypatch):
    from sharing.api import throttling

    monkeypatch.setattr(throttling, "now", lambda: 1_800_000_000.0 + 10)
    settings.SHARING_THROTTLE_RATES = {"key": None, "anon": "3/min", "auth_failures": None}
    here = f"198.51.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"  # the shared cache outlives tests
    statuses = [api.get("/api/v1/waivers/", REMOTE_ADDR=here).status_code for _ in range(3)]
    statuses.append(client.get("/waivers/", REMOTE_ADDR=here).status_code)
    assert statuses == [200, 200, 200, 429]
    assert api.get("/api/v1/waivers/feed/", REMOTE_ADDR=here).status_code == 429


def test_the_demo_waivers_on_the_public_page(client, tmp_path, settings):
    from io import StringIO

    from django.core.management import call_command

    from sharing import demo_data
    from sharing.models import Waiver

    call_command("load_demo", keys_file=str(tmp_path / "keys.txt"), stdout=StringIO())
    stored = {w.external_id: (w.version, w.posted_on) for w in Waiver.objects.all()}
    assert len(stored) == len(demo_data.WAIVERS) == 7
    call_command("load_demo", keys_file=str(tmp_path / "keys.txt"), stdout=StringIO())
    assert {w.external_id: (w.version, w.posted_on) for w in Waiver.objects.all()} == stored, "a reload is a no-op"
    response = client.get("/waivers/")
    html = response.content.decode()
    html5lib.HTMLParser(strict=True).parse(html)
    assert response.status_code == 200 and "6 waivers found" in html
    assert set(re.findall(r"<td>(Proposed|Posted for review|Granted|Denied|Withdrawn)</td>", html)) == {
        "Proposed", "Posted for review", "Granted", "Denied", "Withdrawn"}
    assert "ABF substrates" not in html, "the GREEN demo waiver is for partners only"
    assert "Demo data, where shown, is illustrative." in html
    for waiver in Waiver.objects.filter(marking="CLEAR"):
        page = client.get(f"/waivers/{waiver.pk}/")
        assert page.status_code == 200
        html5lib.HTMLParser(strict=True).parse(page.content.decode())
