"""Loads the demo network (sharing/demo_data.py) through the same services partners use, idempotently."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction

from sharing.models import Partner, Product, ProductInput, SharingGroup
from sharing.services.groups import group_create, group_set_members
from sharing.services.publishing import RecordInput, apply_records


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _date(value) -> date | None:
    # Compared with stored dates to decide "unchanged", so a string would make every reload an update.
    return date.fromisoformat(value) if isinstance(value, str) else value


@transaction.atomic
def load_network() -> str:
    from sharing import demo_data

    partners = {p.code: p for p in Partner.objects.all()}
    groups = {g.name: g for g in SharingGroup.objects.all()}
    for spec in getattr(demo_data, "SHARING_GROUPS", []):
        group = groups.get(spec["name"]) or group_create(name=spec["name"], description=spec.get("description", ""))
        groups[spec["name"]] = group
        members = [partners[code] for code in spec["members"] if code in partners]
        group_set_members(group=group, partners=members)

    products: dict[str, Product] = {p.code: p for p in Product.objects.all()}
    for spec in demo_data.PRODUCTS:
        if spec["code"] not in products:
            product = Product(
                code=spec["code"],
                name=spec["name"],
                sector=spec["sector"],
                hs_codes=list(spec.get("hs_codes", [])),
                unit=spec["unit"],
                description=spec.get("description", ""),
            )
            product.full_clean()
            product.save()
            products[spec["code"]] = product
    for spec in demo_data.PRODUCTS:
        for line in spec.get("inputs", []):
            bom = ProductInput(
                product=products[spec["code"]],
                input=products[line["input"]],
                quantity_per_unit=_decimal(line["quantity_per_unit"]),
            )
            if not ProductInput.objects.filter(product=bom.product, input=bom.input).exists():
                bom.full_clean()
                bom.save()

    def group_ids(spec) -> frozenset[int]:
        if spec.get("marking") not in ("AMBER", "AMBER+STRICT"):
            return frozenset()
        return frozenset(groups[name].pk for name in spec.get("groups", []) if name in groups)

    counts: dict[str, int] = defaultdict(int)

    def publish(kind: str, rows: list[tuple[str, RecordInput]]) -> None:
        by_owner: dict[str, list[RecordInput]] = defaultdict(list)
        for owner, item in rows:
            by_owner[owner].append(item)
        for owner, items in by_owner.items():
            for outcome in apply_records(
                kind=kind, owner=partners[owner], items=items, principal=None, action="demo_load"
            ):
                counts[f"{kind}:{outcome.status}"] += 1

    facility_rows, facility_owner = [], {}
    for spec in demo_data.FACILITIES:
        facility_owner[spec["external_id"]] = spec["owner"]
        facility_rows.append(
            (
                spec["owner"],
                RecordInput(
                    spec["external_id"],
                    {
                        "name": spec["name"],
                        "country": spec["country"],
                        "latitude": _decimal(spec["latitude"]).quantize(Decimal("0.000001")),
                        "longitude": _decimal(spec["longitude"]).quantize(Decimal("0.000001")),
                        "facility_kind": spec["kind"],
                        "status": spec.get("status", "operating"),
                        "operator": spec.get("operator", ""),
                        "marking": spec["marking"],
                    },
                    group_ids(spec),
                ),
            )
        )
    publish("facility", facility_rows)

    from sharing.models import Facility

    facility_ids = {(f.owner.code, f.external_id): f.pk for f in Facility.objects.select_related("owner")}

    def facility_of(external_id: str) -> int:
        return facility_ids[(facility_owner[external_id], external_id)]

    capacity_rows = []
    for spec in demo_data.CAPACITIES:
        owner = facility_owner[spec["facility"]]
        capacity_rows.append(
            (
                owner,
                RecordInput(
                    spec["external_id"],
                    {
                        "facility_id": facility_of(spec["facility"]),
                        "product_id": products[spec["product"]].pk,
                        "nominal": _decimal(spec["nominal"]),
                        "in_use": _decimal(spec["in_use"]),
                        "spare": _decimal(spec["spare"]),
                        "surge": _decimal(spec.get("surge", 0)),
                        "lead_time_days": int(spec.get("lead_time_days", 0)),
                        "releasable": _decimal(spec.get("releasable", 0)),
                        "as_of": _date(spec["as_of"]),
                        "marking": spec["marking"],
                    },
                    group_ids(spec),
                ),
            )
        )
    publish("capacity", capacity_rows)

    stockpile_rows = []
    for spec in demo_data.STOCKPILES:
        owner = facility_owner[spec["facility"]]
        stockpile_rows.append(
            (
                owner,
                RecordInput(
                    spec["external_id"],
                    {
                        "facility_id": facility_of(spec["facility"]),
                        "product_id": products[spec["product"]].pk,
                        "quantity": _decimal(spec["quantity"]),
                        "releasable": _decimal(spec.get("releasable", 0)),
                        "expiry": _date(spec.get("expiry")),
                        "as_of": _date(spec["as_of"]),
                        "marking": spec["marking"],
                    },
                    group_ids(spec),
                ),
            )
        )
    publish("stockpile", stockpile_rows)

    link_rows = []
    for spec in demo_data.SUPPLY_LINKS:
        link_rows.append(
            (
                spec["owner"],
                RecordInput(
                    spec["external_id"],
                    {
                        "supplier_id": facility_of(spec["supplier"]),
                        "buyer_id": facility_of(spec["buyer"]),
                        "product_id": products[spec["product"]].pk,
                        "volume_per_month": _decimal(spec["volume_per_month"]),
                        "marking": spec["marking"],
                    },
                    group_ids(spec),
                ),
            )
        )
    publish("supply_link", link_rows)

    created = sum(v for k, v in counts.items() if k.endswith(":created"))
    return (
        f"Demo network: {len(products)} products, {len(facility_rows)} facilities, {len(capacity_rows)} "
        f"capacities, {len(stockpile_rows)} stockpiles, {len(link_rows)} supply links ({created} new)."
    )
