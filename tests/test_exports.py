"""Exports: ?format=csv|xlsx|geojson (or Accept) on the published lists: the JSON list's rows, every one of them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from geojson_pydantic import FeatureCollection
from openpyxl import load_workbook

from sharing.interchange import exports
from sharing.models import AuditEvent
from tests.factories import PartnerFactory, ProductFactory, SharingGroupFactory, publish

KINDS = {"facility": "facilities", "capacity": "capacities", "stockpile": "stockpiles", "supply_link": "supply-links"}


@pytest.fixture
def world(partner):
    member = PartnerFactory(code="KR-MOTIE")
    group = SharingGroupFactory(name="WG", members=[partner, member])
    product = ProductFactory(code="LIOH")
    site = publish("facility", partner, "SITE", marking="GREEN")
    buyer = publish("facility", partner, "BUYER", marking="GREEN")
    hidden = {}
    for i in range(48):  # more than a page of the JSON list (pages of 10 here)
        marking = ["GREEN", "AMBER", "RED", "CLEAR"][i % 4]
        groups = [group] if marking == "AMBER" else []
        publish("facility", partner, f"F-{i}", marking=marking, groups=groups, country="AU" if i % 2 else "JP",
                operator="=HYPERLINK(\"x\")" if i == 5 else "", longitude=-70 - i / 10)
        publish("capacity", partner, f"C-{i}", marking=marking, groups=groups, facility=site, product=product)
        publish("stockpile", partner, f"S-{i}", marking=marking, groups=groups, facility=site, product=product)
        publish("supply_link", partner, f"L-{i}", marking=marking, groups=groups, supplier=site, buyer=buyer,
                product=product)
    for kind in KINDS:
        hidden[kind] = publish(kind, partner, "HIDDEN", marking="RED", **(
            {} if kind == "facility" else {"product": product, **(
                {"supplier": site, "buyer": buyer} if kind == "supply_link" else {"facility": site})}))
    return {"member": member, "hidden": hidden}


def json_rows(client, path: str) -> list[dict]:
    rows, url = [], path
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    return rows


def as_cells(row: dict) -> dict[str, str]:
    return {k: exports.cell(v) for k, v in exports.flatten(row).items()}


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300] if not response.streaming else ""
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[dict]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    values = list(workbook.worksheets[0].iter_rows(values_only=True))
    return [{h: ("" if v is None else str(v)) for h, v in zip(values[0], row, strict=True)} for row in values[1:]]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_csv_and_xlsx_hold_exactly_the_json_lists_rows(kind, file_format, world, client_for):
    client = client_for(world["member"], roles=("reader",))
    query = "?ordering=external_id&page_size=10" + ("&country=AU" if kind == "facility" else "")
    expected = [as_cells(r) for r in json_rows(client, f"/api/v1/{KINDS[kind]}/{query}")]
    assert len(expected) > 20, "more than one page"
    response = client.get(f"/api/v1/{KINDS[kind]}/{query}&format={file_format}")
    got = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    assert got == expected
    assert list(got[0])[0] == "id"
    assert world["hidden"][kind].pk not in {int(r["id"]) for r in got}


def test_accept_header_chooses_the_format_and_a_formula_is_neutralised(world, client_for):
    client = client_for(world["member"], roles=("reader",))
    response = client.get("/api/v1/facilities/?page_size=2", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert len(rows) > 2, "the whole list, not a page"
    (formula,) = [r for r in rows if r["external_id"] == "F-5"]
    assert formula["operator"].startswith("'=")
    assert [r for r in rows if r["longitude"].startswith("-")], "a negative number stays a number"


@pytest.mark.parametrize("kind", ["facility", "capacity"])
def test_geojson_is_a_valid_feature_collection_of_the_json_rows(kind, world, client_for):
    client = client_for(world["member"], roles=("reader",))
    response = client.get(f"/api/v1/{KINDS[kind]}/?format=geojson")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/geo+json")
    body = json.loads(b"".join(response.streaming_content))
    collection = FeatureCollection.model_validate(body)  # RFC 7946's shapes
    expected = {r["id"]: r for r in json_rows(client, f"/api/v1/{KINDS[kind]}/")}
    assert {f.id for f in collection.features} == set(expected)
    for feature in body["features"]:
        assert feature["properties"] == {k: v for k, v in expected[feature["id"]].items() if k != "id"}
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_offered_only_where_there_are_places(world, client_for):
    client = client_for(world["member"], roles=("reader",))
    assert client.get("/api/v1/stockpiles/?format=geojson").status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "geojson"])
def test_a_hidden_record_is_in_no_format_and_exports_are_audited(file_format, world, client_for, partner):
    for caller, sees_red in ((client_for(world["member"], roles=("reader",)), False),
                             (client_for(PartnerFactory(code="MX-SE"), roles=("reader",)), False),
                             (client_for(partner, roles=("reader",)), True)):
        response = caller.get(f"/api/v1/facilities/?format={file_format}")
        body = b"".join(response.streaming_content)
        if file_format == "geojson":
            ids = {f["id"] for f in json.loads(body)["features"]}
        elif file_format == "csv":
            ids = {int(r["id"]) for r in csv.DictReader(io.StringIO(body.decode()))}
        else:
            ids = {int(r[0]) for r in list(load_workbook(io.BytesIO(body)).worksheets[0].values)[1:]}
        assert (world["hidden"]["facility"].pk in ids) is sees_red
    assert AuditEvent.objects.filter(action="facility.export").exists()


def test_anonymous_exports_hold_clear_records_only(world):
    from rest_framework.test import APIClient

    rows = csv_rows(APIClient().get("/api/v1/facilities/?format=csv"))
    assert rows and {r["marking"] for r in rows} == {"CLEAR"}


def test_an_export_reads_a_few_queries_whatever_its_size(world, client_for, django_assert_max_num_queries):
    client = client_for(world["member"], roles=("reader",))
    with django_assert_max_num_queries(14):
        rows = csv_rows(client.get("/api/v1/capacities/?format=csv"))
    assert len(rows) > 30


def test_a_formats_renderer_class_is_made_once_and_each_request_gets_its_own_instance():
    first, second = exports.renderer("csv"), exports.renderer("csv")
    assert type(first) is type(second) and first is not second
    assert (type(first).__name__, first.media_type, first.format) == ("CSVRenderer", exports.MEDIA_TYPES["csv"], "csv")
    assert type(exports.renderer("xlsx")) is not type(first)
