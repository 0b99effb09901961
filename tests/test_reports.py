"""Sector reports (issue 14 part 5): the job, its API, the report's JSON against its schema, hand-computed figures,
the disclosure rule (suppressed cells, two readers, difference attacks) and the failure path."""

from __future__ import annotations

import importlib
import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sharing.choices import RunStatus
from sharing.models import AuditEvent, Partner, ProductInput, ReportRun, ReviewSector
from sharing.principal import Principal
from sharing.review.report import build_report, vulnerability
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, output, publish, site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

REPORTS = "/api/v1/reports/"
ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "api_docs" / "report.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def conforms(report: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(report), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def ask(client, capture, body: dict, **headers):
    with capture(execute=True):
        response = client.post(REPORTS, body, format="json", **headers)
    return response


@pytest.fixture
def demo(tmp_path):
    # A transactional test on the same worker may have flushed what migration 0016 seeded: seed it again.
    importlib.import_module("sharing.migrations.0016_review_sectors").seed(apps, None)
    call_command("load_demo", keys_file=str(tmp_path / "demo-keys.txt"), stdout=StringIO())
    return {p.code: p for p in Partner.objects.all()}


def test_the_schema_is_valid_and_the_sample_conforms():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    conforms(json.loads((ROOT / "tests" / "fixtures" / "report_sample.json").read_text()))


def test_the_demo_critical_minerals_report_conforms_to_the_schema(demo, client_for,
                                                                   django_capture_on_commit_callbacks):
    japan = client_for(demo["JP-METI"], ["reader"])
    response = ask(japan, django_capture_on_commit_callbacks, {"sector": "critical-minerals"})
    assert response.status_code == 202, response.content
    run = japan.get(response["Location"]).json()
    assert run["status"] == "succeeded", run["error"]
    assert run["progress"] == {"stage": "done", "percent": 100}
    report = run["result"]
    conforms(report)
    assert report["title"] == "Supply-chain review: Critical minerals and materials"
    assert {"NDPR-OXIDE", "REE-CONCENTRATE", "COBALT"} <= {p["code"] for p in report["products"]}
    assert [r["rank"] for r in report["ranking"]] == list(range(1, len(report["products"]) + 1))


# --- a small factory network, computed by hand -------------------------------------------------------------------


def plant(owner, country: str, marking: str = "GREEN", groups=()):
    return site(owner, country, marking=marking, groups=groups)


def link(owner, supplier, buyer, product, volume):
    return publish("supply_link", owner, supplier=supplier, buyer=buyer, product=product,
                   volume_per_month=Decimal(volume))


@pytest.fixture
def world(client_for):
    """Magnets (MAG) made from oxide (OXIDE, one tonne a tonne). The alliance: JP, US, KR, AU, CA.

    OXIDE capacity: CN 600, AU 200, US 200 (and MY 300, AMBER to a group of AU and CA that JP is not in: two
    hidden owners, fewer than K = 3, so the (OXIDE, MY) cell is suppressed for JP and published for KR, a member).
    MAG capacity: JP 100, CN 300.
    JP's assembly plant buys MAG: 30 from JP's plant, 70 from a plant in CN; JP's plant buys OXIDE: 50 from CN, 50
    from AU. A US plant buys MAG from JP's plant alone (a single-source buyer).
    Demand of MAG: JP 50 (defence 10), US 50. Stockpiles of MAG: JP 150 (60 releasable), US 150 (90 releasable).
    """
    jp, us, kr, au, ca = (PartnerFactory(code=c, country=c[:2])
                          for c in ("JP-METI", "US-DOC", "KR-MOTIE", "AU-DISR", "CA-NRCAN"))
    group = SharingGroupFactory(name="Oxide WG", members=[kr, au, ca])
    mag = ProductFactory(code="MAG", name="Magnets", unit="t", sector="semiconductors")
    oxide = ProductFactory(code="OXIDE", name="Oxide", unit="t", sector="semiconductors")
    ProductInput.objects.create(product=mag, input=oxide, quantity_per_unit=Decimal(1))
    sector = ReviewSector.objects.create(code="magnets", name="Magnets", kind="supply_chain")
    sector.products.set([mag, oxide])
    cn_oxide, au_oxide, us_oxide = plant(us, "CN"), plant(au, "AU"), plant(us, "US")
    output(us, cn_oxide, oxide, 600)
    output(au, au_oxide, oxide, 200)
    output(us, us_oxide, oxide, 200)
    for owner in (au, ca):
        output(owner, plant(owner, "MY", marking="AMBER", groups=[group]), oxide, 150, marking="AMBER",
               groups=[group])
    jp_mag, cn_mag = plant(jp, "JP"), plant(kr, "CN")
    output(jp, jp_mag, mag, 100)
    output(kr, cn_mag, mag, 300)
    assembly, us_buyer = plant(jp, "JP"), plant(us, "US")
    link(jp, jp_mag, assembly, mag, 30)
    link(jp, cn_mag, assembly, mag, 70)
    link(jp, cn_oxide, jp_mag, oxide, 50)
    link(jp, au_oxide, jp_mag, oxide, 50)
    link(us, jp_mag, us_buyer, mag, 20)
    for owner, releasable in ((jp, 60), (us, 90)):
        publish("demand", owner, product=mag, total_per_month=Decimal(50),
                defence_per_month=Decimal(10 if owner == jp else 0), health_per_month=Decimal(0),
                as_of=date(2026, 9, 30))
        publish("stockpile", owner, facility=plant(owner, str(owner.country)), product=mag, quantity=Decimal(150),
                releasable=Decimal(releasable), as_of=date(2026, 9, 30))
    return {"jp": jp, "us": us, "kr": kr, "au": au, "ca": ca, "group": group, "mag": mag, "oxide": oxide,
            "sector": sector, "client": client_for(jp), "member": client_for(kr)}


def report_of(partner, sector, **kwargs) -> dict:
    return build_report(principal=Principal(partner=partner), sector=sector, as_of=date(2026, 11, 30),
                        **kwargs).body


def test_a_report_computed_by_hand(world):
    report = report_of(world["jp"], world["sector"])
    conforms(report)
    mag, oxide = ({p["code"]: p for p in report["products"]}[code] for code in ("MAG", "OXIDE"))
    # Concentration: OXIDE 600 CN + 200 AU + 200 US published (MY suppressed): HHI 60² + 20² + 20² = 4,400.
    assert oxide["concentration"]["total"] == 1000 and oxide["concentration"]["hhi"] == 4400
    assert oxide["concentration"]["hhi_band"] == "highly concentrated"
    assert oxide["concentration"]["non_partner_share"] == 0.6 and oxide["concentration"]["top_country"] == "CN"
    assert {"country": "MY", "nominal": None, "share": None, "partner": False, "suppressed": True} in \
        oxide["concentration"]["countries"]
    assert oxide["concentration"]["suppressed"] == 1 and report["suppressed_cells"] >= 1
    # MAG: 100 JP + 300 CN: HHI 25² + 75² = 6,250.
    assert (mag["concentration"]["hhi"], mag["concentration"]["non_partner_share"]) == (6250, 0.75)
    assert [c["country"] for c in mag["chokepoints"]["countries"]] == ["CN", "JP"]
    assert mag["single_source_buyers"] == 1 and oxide["single_source_buyers"] == 0
    # Dependence: JP's MAG, 70 of 100 from CN at tier 1; at tier 2 JP's own plant's oxide is half from CN:
    # 0.3 x 0.5 = 0.15; in all 0.85. Its OXIDE (bought by its plant): half from CN.
    assert mag["dependence"]["tiers"][:2] == [{"tier": 1, "share": 0.7}, {"tier": 2, "share": 0.15}]
    assert mag["dependence"]["overall"] == 0.85 and mag["dependence"]["supply_per_month"] == 100
    assert oxide["dependence"]["overall"] == 0.5
    # Coverage: JP 150 t (60 releasable) against 50 a month; the alliance 300 (150) against 100.
    own, alliance = mag["coverage"]["partner"], mag["coverage"]["alliance"]
    assert (own["months_total"], own["months_releasable"], own["months_total_critical"]) == (3.0, 1.2, 15.0)
    assert (alliance["months_total"], alliance["months_releasable"]) == (3.0, 1.5)
    assert oxide["coverage"]["alliance"]["months_total"] is None  # no demand: unknown, not zero
    # Capacity's share of demand: spare is half of nominal; JP's country has 50 spare against 50 a month.
    assert own["spare_share_of_demand"] == 1.0
    # Allied-only output: JP's MAG plant (100) may be fed oxide by its linked suppliers alone, and CN is out: 50
    # from AU; so its supply links limit MAG to 50 (of 400 made anywhere). OXIDE: AU + US, 400 of 1,000.
    assert mag["allied_output"]["output"] == 50 and mag["allied_output"]["share_of_capacity"] == 0.125
    assert mag["allied_output"]["bottleneck"]["limited_by"] == "supply_links"
    assert oxide["allied_output"]["output"] == 400 and oxide["allied_output"]["share_of_capacity"] == 0.4
    # The score: MAG 0.25 x 0.625 + 0.2 x 0.75 + 0.2 x 0.85 + 0.15 x (1 - 1.5 / 6) + 0.2 x 0.875 = 0.76375;
    # OXIDE has no demand (no stockpile gap): (0.25 x 0.44 + 0.2 x 0.6 + 0.2 x 0.5 + 0.2 x 0.6) / 0.85 = 0.52941.
    assert mag["vulnerability"]["components"] == {"concentration": 0.625, "non_partner_share": 0.75,
                                                  "dependence": 0.85, "stockpile_gap": 0.75, "allied_shortfall": 0.875}
    assert mag["vulnerability"]["score"] == pytest.approx(76.375, abs=0.051)
    assert oxide["vulnerability"]["components"]["stockpile_gap"] is None
    assert oxide["vulnerability"]["score"] == pytest.approx(52.94, abs=0.051)
    assert [(r["rank"], r["code"]) for r in report["ranking"]] == [(1, "MAG"), (2, "OXIDE")]


# --- the job over HTTP -------------------------------------------------------------------------------------------


def test_a_report_runs_as_a_job_and_is_its_requesters_alone(world, client_for, django_capture_on_commit_callbacks):
    response = ask(world["client"], django_capture_on_commit_callbacks, {"sector": "magnets", "as_of": "2026-11-30"})
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert response["Location"] == f"{REPORTS}{response.json()['id']}/"
    run = world["client"].get(response["Location"]).json()
    assert run["status"] == "succeeded" and run["sector"] == "magnets" and run["as_of"] == "2026-11-30"
    assert run["result"]["reader"]["partner"] == "JP-METI" and run["error"] == ""
    # The list: own runs, newest first, without the (large) result; the project's cursor pages.
    listed = world["client"].get(REPORTS, {"page_size": 1}).json()
    assert [r["id"] for r in listed["results"]] == [run["id"]] and "result" not in listed["results"][0]
    assert set(listed) >= {"next", "previous", "results"}
    # Anyone else: 404 for the run, nothing in their list; the same for another key of another partner.
    for other in (world["member"], client_for(world["us"], ("reader", "publisher"))):
        assert other.get(response["Location"]).status_code == 404
        assert other.head(response["Location"]).status_code == 404
        assert other.get(REPORTS).json()["results"] == []
    # The request and the figures read are on record.
    assert AuditEvent.objects.filter(action="report_run.request", object_id=str(run["id"])).exists()
    assert AuditEvent.objects.filter(action="capacity.read", detail__aggregate="report",
                                     detail__report_run=run["id"]).exists()


def test_progress_is_written_as_products_are_done(world, monkeypatch, django_capture_on_commit_callbacks):
    from sharing.review import runs

    seen: list[tuple[str, int]] = []
    tell = runs._progress

    def spy(run_id):
        inner = tell(run_id)

        def record(stage, percent):
            inner(stage, percent)
            seen.append(ReportRun.objects.values_list("progress_stage", "progress_percent").get(pk=run_id))
        return record

    monkeypatch.setattr(runs, "_progress", spy)
    ask(world["client"], django_capture_on_commit_callbacks, {"sector": "magnets"})
    stages = [stage for stage, _ in seen]
    assert "product 1 of 2: MAG" in stages and "product 2 of 2: OXIDE" in stages
    assert [p for _, p in seen] == sorted(p for _, p in seen) and seen[-1][1] < 100


def test_the_same_idempotency_key_returns_the_same_run(world, django_capture_on_commit_callbacks):
    first = ask(world["client"], django_capture_on_commit_callbacks, {"sector": "magnets"},
                HTTP_IDEMPOTENCY_KEY="r-1")
    again = ask(world["client"], django_capture_on_commit_callbacks, {"sector": "magnets"},
                HTTP_IDEMPOTENCY_KEY="r-1")
    assert again.status_code == 202 and first.json()["id"] == again.json()["id"] and ReportRun.objects.count() == 1


@pytest.mark.parametrize("body, field", [
    ({}, "sector"), ({"sector": "no-such-sector"}, "sector"), ({"sector": "magnets", "as_of": "30/11/2026"}, "as_of"),
    ({"sector": "magnets", "compare_to": "x"}, "compare_to"),
    ({"sector": "magnets", "compare_to": 12345}, "compare_to"),
])
def test_bad_requests_are_refused_and_store_nothing(world, body, field):
    response = world["client"].post(REPORTS, body, format="json")
    assert response.status_code == 400 and field in json.dumps(response.json())
    assert not ReportRun.objects.exists()


def test_compare_to_must_be_the_callers_own_finished_report_of_the_same_sector(
        world, django_capture_on_commit_callbacks):
    theirs = ask(world["member"], django_capture_on_commit_callbacks, {"sector": "magnets"}).json()["id"]
    missing = world["client"].post(REPORTS, {"sector": "magnets", "compare_to": 1}, format="json").json()
    hidden = world["client"].post(REPORTS, {"sector": "magnets", "compare_to": theirs}, format="json")
    # Another partner's report is refused in the very words used for one that does not exist.
    assert hidden.status_code == 400
    body = {k: v for k, v in hidden.json().items() if k != "request_id"}
    assert json.dumps(body).replace(str(theirs), "ID") == json.dumps(
        {k: v for k, v in missing.items() if k != "request_id"}).replace('\\"1\\"', '\\"ID\\"')
    queued = ReportRun.objects.create(requested_by=world["jp"], sector=world["sector"], as_of=date(2026, 11, 30))
    response = world["client"].post(REPORTS, {"sector": "magnets", "compare_to": queued.pk}, format="json")
    assert response.status_code == 400 and "not succeeded" in json.dumps(response.json())
    other = ReviewSector.objects.create(code="other", name="Other", kind="supply_chain")
    done = ReportRun.objects.create(requested_by=world["jp"], sector=other, as_of=date(2026, 11, 30),
                                    status=RunStatus.SUCCEEDED, result={})
    response = world["client"].post(REPORTS, {"sector": "magnets", "compare_to": done.pk}, format="json")
    assert response.status_code == 400 and "of sector other" in json.dumps(response.json())


def test_a_failed_job_says_why(world, monkeypatch, django_capture_on_commit_callbacks):
    from sharing.review import report

    def broken(**kwargs):
        raise RuntimeError("the solver is unavailable")

    monkeypatch.setattr(report, "build_report", broken)
    with pytest.raises(RuntimeError):
        ask(world["client"], django_capture_on_commit_callbacks, {"sector": "magnets"})
    run = ReportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.error == "RuntimeError: the solver is unavailable"
    body = world["client"].get(f"{REPORTS}{run.pk}/").json()
    assert body["status"] == "failed" and body["result"] is None and body["error"].endswith("unavailable")


def test_a_suspended_requester_gets_a_failed_run(world):
    from sharing.review.runs import report_execute

    run = ReportRun.objects.create(requested_by=world["jp"], sector=world["sector"], as_of=date(2026, 11, 30))
    Partner.objects.filter(pk=world["jp"].pk).update(status="suspended")
    assert report_execute(run.pk).status == RunStatus.FAILED
    assert ReportRun.objects.get(pk=run.pk).error == "The requesting partner is suspended."


def test_a_stalled_report_is_sent_again(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    from sharing.services.enqueue import resend_stalled_runs

    run = ReportRun.objects.create(requested_by=world["jp"], sector=world["sector"], as_of=date(2026, 11, 30))
    ReportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert resend_stalled_runs() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.result["sector"]["code"] == "magnets"


# --- disclosure ----------------------------------------------------------------------------------------------------


def flat(value, prefix: str = "") -> dict:
    """Every leaf of a report by its path; list items of products by code."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(flat(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            name = item.get("code") or item.get("country") or item.get("product") if isinstance(item, dict) else None
            out.update(flat(item, f"{prefix}[{name or index}]"))
        return out
    return {prefix: value}


READER_SPECIFIC = ("reader.", "disclosure.note", "generated_at")


def test_two_readers_reports_differ_exactly_where_their_rights_differ(world):
    """JP is outside the group that shares the MY oxide plants, KR inside. Leave aside what is each reader's own
    (its dependence, its partner's coverage): every other difference is in OXIDE's capacity picture."""
    japan, korea = report_of(world["jp"], world["sector"]), report_of(world["kr"], world["sector"])
    a, b = flat(japan), flat(korea)
    differing = {path for path in set(a) | set(b) if a.get(path) != b.get(path)}
    own = {path for path in differing if path.startswith(READER_SPECIFIC)
           or ".dependence." in path or ".coverage.partner." in path or path.endswith(".components.dependence")}
    # The score weighs the reader's own dependence in: it (and the ranking) may differ for that reason alone.
    derived = {path for path in differing if path.endswith(".vulnerability.score") or path.startswith("ranking")}
    rest = differing - own - derived
    assert rest, "the readers' rights differ: so must their reports"
    assert all(path.startswith(("products[OXIDE].", "suppressed_cells")) for path in rest), rest
    assert a["products[OXIDE].concentration.countries[MY].suppressed"] is True
    assert b["products[OXIDE].concentration.countries[MY].suppressed"] is False
    assert b["products[OXIDE].concentration.countries[MY].nominal"] == 300
    assert a["products[OXIDE].concentration.total"] == 1000 and b["products[OXIDE].concentration.total"] == 1300
    # KR has no supply of its own: its scores leave dependence out; with JP's own figure put in, MAG's is JP's.
    mag_b = {p["code"]: p for p in korea["products"]}["MAG"]
    mag_b["vulnerability"] = vulnerability({**mag_b, "dependence": {p["code"]: p for p in japan["products"]}["MAG"][
        "dependence"]})
    assert mag_b["vulnerability"] == {p["code"]: p for p in japan["products"]}["MAG"]["vulnerability"]


def test_no_report_isolates_a_suppressed_cell(world):
    """The report (and its changes against an earlier one) is the same whatever the suppressed cell holds."""
    from sharing.models import Capacity

    earlier = ReportRun.objects.create(requested_by=world["jp"], sector=world["sector"], as_of=date(2026, 11, 30),
                                       status=RunStatus.SUCCEEDED, result=report_of(world["jp"], world["sector"]))
    at = timezone.now()
    before = report_of(world["jp"], world["sector"], compare_to=earlier.result, compare_to_id=earlier.pk,
                       generated_at=at)
    Capacity.objects.filter(facility__country="MY").update(nominal=Decimal(9000), spare=Decimal(4000))
    after = report_of(world["jp"], world["sector"], compare_to=earlier.result, compare_to_id=earlier.pk,
                      generated_at=at)
    assert before == after
    # The member sees the change; JP does not, in any figure, change or total.
    assert report_of(world["kr"], world["sector"])["products"][1]["concentration"]["total"] == 1000 + 18000


def leaves(value):
    """Every scalar in a JSON document."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def _number(value) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def test_changes_give_no_difference_for_a_figure_suppressed_in_either_report(world):
    """An earlier report in which the MY cell was published for JP (a third hidden owner), a later one in which it
    is suppressed: the changed figures are both reports' published figures, and the MY cell has none."""
    from sharing.models import Capacity

    third = PartnerFactory(code="TW-MOEA", country="TW")
    world["group"].members.add(third)
    output(third, plant(third, "MY", marking="AMBER", groups=[world["group"]]), world["oxide"], 100,
           marking="AMBER", groups=[world["group"]])
    first = report_of(world["jp"], world["sector"])
    oxide = {p["code"]: p for p in first["products"]}["OXIDE"]
    assert {"country": "MY", "nominal": 400.0, "share": 0.285714, "partner": False, "suppressed": False} in \
        oxide["concentration"]["countries"]
    earlier = ReportRun.objects.create(requested_by=world["jp"], sector=world["sector"], as_of=date(2026, 11, 30),
                                       status=RunStatus.SUCCEEDED, result=first)
    Capacity.objects.filter(owner=third).update(deleted_at=timezone.now())
    Capacity.objects.filter(facility__country="MY").update(nominal=Decimal(777))
    later = report_of(world["jp"], world["sector"], compare_to=first, compare_to_id=earlier.pk)
    conforms(later)
    changes = {(c["product"], c["figure"]): c for c in later["changes"]["figures"]}
    total = changes[("OXIDE", "concentration.total")]
    assert (total["before"], total["after"], total["change"]) == (1400.0, 1000.0, -400.0)  # published both times
    assert not any(c["figure"].endswith("countries") for c in later["changes"]["figures"])
    # The suppressed cell's value (and its double) as no figure of the report: a leaf compared by value, since the
    # report also carries random ids in which the digits 777 may appear.
    assert not {777, 1554} & {float(v) for v in leaves(later) if _number(v)}


def test_a_report_agrees_with_the_product_endpoints(world):
    """A figure suppressed in an endpoint is suppressed in the report, and a published one is the same figure."""
    report = {p["code"]: p for p in report_of(world["jp"], world["sector"])["products"]}
    client = world["client"]
    for code, entry in report.items():
        conc = client.get("/api/v1/analytics/concentration/", {"product": code}).json()
        assert entry["concentration"]["hhi"] == conc["hhi"]
        assert entry["concentration"]["total"] == float(conc["total"]["nominal"])
        assert {c["country"] for c in entry["concentration"]["countries"] if c["suppressed"]} == \
            {c["country"] for c in conc["suppressed"]}
        assert {c["country"]: c["share"] for c in entry["concentration"]["countries"] if not c["suppressed"]} == \
            {c["country"]: c["share"] for c in conc["countries"]}
        choke = client.get("/api/v1/analytics/chokepoints/", {"product": code}).json()
        assert entry["single_source_buyers"] == choke["single_supplier_buyer_count"]
        assert [f["facility"] for f in entry["chokepoints"]["facilities"]] == \
            [f["facility"] for f in choke["facilities"][:5]]
        for scope, params in (("partner", {"partner": "JP-METI"}), ("alliance", {})):
            cover = client.get("/api/v1/analytics/coverage/", {"product": code, **params}).json()
            assert entry["coverage"][scope]["months_total"] == cover["months_covered"]["total_demand"]["stockpile"]
            assert entry["coverage"][scope]["suppressed"] == [
                s["measure"] + (f":{s['country']}" if "country" in s else "") for s in cover["suppressed"]]
        allied = client.get("/api/v1/analytics/allied-capacity/", {"product": code}).json()
        assert entry["allied_output"]["output"] == float(allied["achievable"])
        assert entry["allied_output"]["suppressed"] == allied["suppressed_cells"]
        dependence = client.get("/api/v1/analytics/dependence/", {"product": code, "partner": "JP-METI",
                                                                   "outside_alliance": "true"}).json()
        assert entry["dependence"]["overall"] == dependence["through_origin"]
        assert [t["share"] for t in entry["dependence"]["tiers"]] == [t["share"] for t in dependence["tiers"]]


def test_the_reports_reads_do_not_grow_with_the_records(world):
    """Queries per product, not per record: more facilities and capacity in the same cells add none."""
    with CaptureQueriesContext(connection) as small:
        report_of(world["jp"], world["sector"])
    for _ in range(5):
        output(world["us"], plant(world["us"], "CN"), world["oxide"], 10)
        output(world["jp"], plant(world["jp"], "JP"), world["mag"], 10)
        link(world["jp"], plant(world["kr"], "KR"), plant(world["jp"], "JP"), world["mag"], 5)
    with CaptureQueriesContext(connection) as large:
        report_of(world["jp"], world["sector"])
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries[len(small):]]


def _more_products(world, count: int) -> list:
    """``count`` more products of the sector, each with capacity in three countries (one cell hidden from JP and
    suppressed: two owners of a group JP is not in), stockpiles, demand and a single-source buyer."""
    added = []
    for index in range(count):
        product = ProductFactory(code=f"EXTRA{index}", name=f"Extra {index}", unit="t", sector="semiconductors")
        ProductInput.objects.create(product=product, input=world["oxide"], quantity_per_unit=Decimal(2))
        world["sector"].products.add(product)
        output(world["us"], plant(world["us"], "US"), product, 100 + index)
        output(world["jp"], plant(world["jp"], "JP"), product, 50)
        for owner in (world["au"], world["ca"]):
            output(owner, plant(owner, "MY", marking="AMBER", groups=[world["group"]]), product, 40,
                   marking="AMBER", groups=[world["group"]])
        link(world["us"], plant(world["us"], "US"), plant(world["us"], "US"), product, 7)
        # A buyer with one supplier of this product and two of MAG: single-source for this product alone.
        buyer = plant(world["jp"], "JP")
        link(world["jp"], plant(world["us"], "US"), buyer, product, 3)
        for supplier in (plant(world["us"], "US"), plant(world["kr"], "CN")):
            link(world["jp"], supplier, buyer, world["mag"], 1)
        publish("demand", world["jp"], product=product, total_per_month=Decimal(20), defence_per_month=Decimal(5),
                health_per_month=Decimal(0), as_of=date(2026, 9, 30))
        publish("stockpile", world["jp"], facility=plant(world["jp"], "JP"), product=product,
                quantity=Decimal(60), releasable=Decimal(30), as_of=date(2026, 9, 30))
        added.append(product)
    return added


@pytest.mark.parametrize("reader", ["jp", "kr"])
def test_the_batch_forms_give_each_products_single_answer(world, reader):
    """The report's batch reads (concentration_each, chokepoints_each, coverage_each, over one read of the
    sector's cells) answer, product by product, exactly what each single-product call (the endpoints') answers."""
    from sharing.analytics.concentration import (
        chokepoints,
        chokepoints_each,
        concentration,
        concentration_each,
        product_country_cells,
    )
    from sharing.analytics.coverage import coverage, coverage_each, scope_of
    from sharing.analytics.disclosure import Viewer

    products = [world["mag"], world["oxide"], *_more_products(world, 2)]
    viewer = Viewer.of(Principal(partner=world[reader]))
    cells = product_country_cells(viewer, products, ("nominal", "spare", "releasable"))
    scopes = [world[reader], world["us"], None]
    on = date(2026, 11, 30)
    for table in (cells, None):
        concentrations = concentration_each(viewer=viewer, products=products, table=table)
        chokes = chokepoints_each(viewer=viewer, products=products, limit=5, table=table)
        covers = coverage_each(viewer=viewer, products=products, scopes=scopes, on=on, table=table)
        for product in products:
            single = concentration(viewer=viewer, products=[product], product=product)
            assert concentrations[product.pk].body == single.body
            assert concentrations[product.pk].aggregate_reads == single.aggregate_reads
            alone = chokepoints(viewer=viewer, product=product, limit=5)
            assert chokes[product.pk].body == alone.body
            assert chokes[product.pk].record_reads == alone.record_reads
            for partner in scopes:
                one = coverage(viewer=viewer, product=product, partner=partner, on=on)
                assert covers[(product.pk, scope_of(partner))].body == one.body
                assert covers[(product.pk, scope_of(partner))].reads == one.reads
    assert [chokes[p.pk].body["single_supplier_buyer_count"] for p in products] == [1, 0, 2, 2]
    suppressed = sum(concentrations[p.pk].body["suppressed_cells"] for p in products)
    assert suppressed == (3 if reader == "jp" else 0)  # (OXIDE, MY) and each extra product's MY cell, for JP only


def test_the_reports_queries_are_per_sector_but_allied_output(world, monkeypatch):
    """More products add no query but allied-only output's (its flow network is read per product): every other
    section reads the whole sector at once."""
    import sharing.review.report as module

    allied_queries: list[int] = []
    real = module.allied_output

    def counted(**kwargs):
        with CaptureQueriesContext(connection) as inner:
            answer = real(**kwargs)
        allied_queries.append(len(inner))
        return answer

    monkeypatch.setattr(module, "allied_output", counted)
    with CaptureQueriesContext(connection) as small:
        report_of(world["jp"], world["sector"])
    small_allied, allied_queries[:] = sum(allied_queries), []
    _more_products(world, 4)
    with CaptureQueriesContext(connection) as large:
        report = report_of(world["jp"], world["sector"])
    assert len(report["products"]) == 6
    assert len(allied_queries) == 6 and max(allied_queries) <= 20, allied_queries  # 13 each when written
    assert len(large) - sum(allied_queries) == len(small) - small_allied, (len(small), len(large), allied_queries)
