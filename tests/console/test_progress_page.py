"""The agency-progress page (issue 15 part 6) shows GET /api/v1/procurement/progress/'s figures for the signed-in
person: the same cells, from the same function, hand-checked once; the chart's bars are the shares; records the
person may not see count nowhere; the query count does not grow with the cells; nothing inline (strict CSP)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sharing.models import AuditEvent
from tests.console.people import make_person, sign_in
from tests.factories import PartnerFactory, publish

pytestmark = pytest.mark.django_db

PAGE = "/console/procurement/progress/"
API = "/api/v1/procurement/progress/"


@pytest.fixture
def scene():
    us = PartnerFactory(code="US-DOC", country="US")
    jp = PartnerFactory(code="JP-METI", country="JP")
    doe = {"agency": "Department of Energy", "year": 2026, "quarter": 1}
    publish("purchase_total", us, "US-1", **doe, channel="GSA Advantage", domestic_value=Decimal(60),
            allied_value=Decimal(30), other_value=Decimal(10))
    publish("purchase_total", us, "US-2", **doe, channel="Direct", domestic_value=Decimal(100),
            allied_value=Decimal(0), other_value=Decimal(0))
    publish("waiver", us, "W-1", marking="CLEAR", agency="Department of Energy", posted_on=date(2026, 2, 10),
            proposed_on=date(2026, 2, 1), status="posted", value=Decimal("125000.00"))
    publish("purchase_total", jp, "JP-GREEN", agency="Ministry of Defense", year=2026, quarter=2,
            channel="Direct", domestic_value=Decimal(1), allied_value=Decimal(1), other_value=Decimal(2))
    publish("purchase_total", jp, "JP-RED", marking="RED", agency="Secret Agency", year=2026, quarter=1,
            channel="Direct", domestic_value=Decimal(5), allied_value=Decimal(0), other_value=Decimal(0))
    reader = sign_in(make_person(us, ("reader",), username="us-reader"), address="192.0.2.21")
    return {"us": us, "jp": jp, "reader": reader}


@pytest.fixture
def steady_session(monkeypatch):
    monkeypatch.setattr("sharing.console.middleware.SEEN_RESOLUTION_SECONDS", 10**9)


def test_the_page_shows_the_apis_figures_for_the_same_person(scene):
    client = scene["reader"]
    for query in ("", "?year=2026", "?partner=US-DOC&quarter=1", "?agency=department+of+energy"):
        page = client.get(PAGE + query)
        api = client.get(API + query)
        assert page.status_code == api.status_code == 200, (query, page.status_code, api.status_code)
        assert page.context["answer"] == api.json(), query

    answer = client.get(PAGE).context["answer"]
    cells = {(c["partner"], c["agency"], c["quarter"]): c for c in answer["cells"]}
    assert set(cells) == {("US-DOC", "Department of Energy", 1), ("JP-METI", "Ministry of Defense", 2)}  # no RED
    doe = cells[("US-DOC", "Department of Energy", 1)]
    # By hand: 160 domestic, 30 allied, 10 other of 200; two channels of 100 each: HHI 50² + 50² = 5,000.
    assert (doe["domestic_share"], doe["allied_share"], doe["other_share"]) == ("80.00", "15.00", "5.00")
    assert doe["channel_hhi"] == "5000.00"
    assert doe["waivers"] == [{"reason": "non_availability", "count": 1,
                               "values": [{"currency": "USD", "value": "125000.00"}]}]


def test_the_chart_draws_the_shares_and_the_table_holds_them(scene):
    response = scene["reader"].get(PAGE + "?partner=US-DOC")
    [bar] = response.context["chart"]
    assert [(s.part, s.x, s.width) for s in bar.segments] == [("domestic", 310, 320), ("allied", 630, 60),
                                                              ("other", 690, 20)]  # 80 %, 15 %, 5 % of 400
    html = response.content.decode()
    assert '<svg viewBox="0 0 868 34" role="img"' in html
    row = re.search(r"<tr>\s*<th scope=\"row\">US-DOC &middot; Department of Energy</th>(.*?)</tr>", html, re.S)
    assert row, html
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells[:7] == [["2026", "Q1"], ["200"], ["80.00%"], ["15.00%"], ["5.00%"], ["5000.00"],
                         ["Direct:", "100", "(50.00%)", "GSA", "Advantage:", "100", "(50.00%)"]]
    assert " ".join(cells[7]) == "Non-availability (FAR 25.103(b)): 1, 125,000 USD"
    assert "Secret Agency" not in html


def test_nothing_inline_and_every_control_labelled(scene):
    html = scene["reader"].get(PAGE).content.decode()
    assert not re.search(r"\sstyle=|<style\b|\son[a-z]+=", html)
    for tag in re.findall(r"<script\b[^>]*>", html):  # the base page's own, from this site's static files only
        assert re.search(r'src="/static/[^"]+"', tag), tag
    assert not re.search(r"<script(?![^>]*src=)[^>]*>\s*\S", html)
    for control in re.findall(r"<(?:input|select)\b[^>]*\bid=\"([^\"]+)\"", html):
        assert f'for="{control}"' in html, control


def test_a_bad_query_is_a_400_with_the_apis_reasons(scene):
    client = scene["reader"]
    response = client.get(PAGE + "?quarter=5&year=nope")
    assert response.status_code == 400 == client.get(API + "?quarter=5&year=nope").status_code
    assert set(response.context["errors"]) == {"quarter", "year"}
    assert 'role="alert"' in response.content.decode()


def test_reads_of_non_public_records_are_audited_as_the_api_audits_them(scene):
    client = scene["reader"]

    def events_after(call) -> list[tuple]:
        before = set(AuditEvent.objects.values_list("pk", flat=True))  # ids are random, not in order
        call()
        return sorted((e.action, e.object_owner_id, tuple(e.object_ids))
                      for e in AuditEvent.objects.exclude(pk__in=before).filter(action__endswith=".read"))

    console = events_after(lambda: client.get(PAGE))
    assert console == events_after(lambda: client.get(API)) and console  # JP's GREEN total, read


def test_a_person_without_the_reader_role_is_refused(scene):
    responder = sign_in(make_person(scene["us"], ("responder",), username="us-resp"), address="192.0.2.22")
    assert responder.get(PAGE).status_code == 403


def test_query_count_does_not_grow_with_cells(scene, steady_session):
    client = scene["reader"]
    client.get(PAGE)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    few = count()
    for n in range(12):
        publish("purchase_total", scene["jp"], f"JP-X{n}", agency=f"Agency {n}", year=2025, quarter=n % 4 + 1,
                channel="Direct", domestic_value=Decimal(n + 1), allied_value=Decimal(1), other_value=Decimal(1))
        publish("waiver", scene["us"], f"W-X{n}", marking="CLEAR", agency=f"Agency {n}",
                proposed_on=date(2025, 1 + n, 1))
    many = count()
    assert many == few, (few, many)
    assert few <= 20, few
