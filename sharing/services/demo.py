"""Loads the demo network (sharing/demo_data.py) through the same services partners use, idempotently.

Partners' records go through ``apply_records`` (the bulk upsert's service: a second load finds every record
unchanged, so nothing is written, no version moves and no audit event is added); sharing groups through the group
services; the emergency (one request, its match runs and offers in every state) through the matching services,
once: a second load finds the request by its idempotency key and leaves it alone.

Data that is missing or wrong stops the load with ``DemoDataError`` before anything is written (the caller's
transaction rolls back), saying what is wrong: a demo that loads half a network teaches the wrong thing.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from types import ModuleType

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_countries import countries

from sharing.choices import (
    GROUP_MARKINGS,
    FacilityKind,
    FacilityStatus,
    Marking,
    OfferStatus,
    Role,
    RunStatus,
    Sector,
    Unit,
    WaiverReason,
    WaiverStatus,
)
from sharing.models import (
    Allocation,
    EmergencyRequest,
    Facility,
    MatchRun,
    Partner,
    PartnerAPIKey,
    Product,
    ProductInput,
    ReviewSector,
    SharingGroup,
    Waiver,
)
from sharing.principal import Principal
from sharing.services.groups import group_create, group_set_members
from sharing.services.matching import (
    match_enqueue,
    match_execute,
    offer_accept,
    offer_decline,
    offer_fulfil,
    offers_expire,
    request_open,
)
from sharing.services.publishing import RecordInput, apply_records

DEMO_DATA_MODULE = "sharing.demo_data"
DEMO_KEY_NAME = "demo"


class DemoDataError(Exception):
    """The demo data is missing or invalid; nothing was loaded."""


def demo_data_module(name: str = DEMO_DATA_MODULE) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise DemoDataError(f"The demo data module {name} is missing (expected sharing/demo_data.py).") from exc


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _date(value) -> date | None:
    # Compared with stored dates to decide "unchanged", so a string would make every reload an update.
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- validation --------------------------------------------------------------------------------------------------


def validate_demo_data(data: ModuleType) -> None:
    """Checks references, choices and quantities of the whole file; raises DemoDataError listing what is wrong."""
    errors: list[str] = []
    required = ("PARTNERS", "PRODUCTS", "FACILITIES", "CAPACITIES", "STOCKPILES", "SUPPLY_LINKS")
    missing = [name for name in required if not isinstance(getattr(data, name, None), list | tuple)]
    if missing:
        raise DemoDataError(f"The demo data defines no {', '.join(missing)}.")
    partners = {p["code"] for p in data.PARTNERS}
    groups = {g["name"] for g in getattr(data, "SHARING_GROUPS", [])}
    products = {p["code"] for p in data.PRODUCTS}
    facilities: dict[str, str] = {}
    today = timezone.now().date()

    def check(where: str, ok: bool, message: str) -> None:
        if not ok:
            errors.append(f"{where}: {message}")

    def number(where: str, spec: dict, name: str, required: bool = True) -> Decimal | None:
        value = spec.get(name)
        if value in (None, ""):
            check(where, not required, f"{name} is missing")
            return None
        try:
            parsed = Decimal(str(value))
        except InvalidOperation:
            errors.append(f"{where}: {name} {value!r} is not a number")
            return None
        check(where, parsed >= 0, f"{name} must not be negative")
        return parsed

    def published(where: str, spec: dict) -> None:
        check(where, spec.get("marking") in Marking.values,
              f"marking {spec.get('marking')!r} is not one of {', '.join(Marking.values)}")
        unknown = [g for g in spec.get("groups", []) if g not in groups]
        check(where, not unknown, f"names unknown sharing groups {unknown}")
        check(where, not spec.get("groups") or spec.get("marking") in GROUP_MARKINGS,
              "names sharing groups but is not AMBER or AMBER+STRICT")

    for group in getattr(data, "SHARING_GROUPS", []):
        unknown = [code for code in group["members"] if code not in partners]
        check(f"sharing group {group['name']!r}", not unknown, f"has unknown members {unknown}")
    for spec in data.PRODUCTS:
        where = f"product {spec.get('code')!r}"
        check(where, spec.get("sector") in Sector.values, f"sector {spec.get('sector')!r} is not a sector")
        check(where, spec.get("unit") in Unit.values, f"unit {spec.get('unit')!r} is not a unit")
        for line in spec.get("inputs", []):
            check(where, line["input"] in products, f"input {line['input']!r} is not a product")
            number(where, line, "quantity_per_unit")
    for spec in data.FACILITIES:
        where = f"facility {spec.get('external_id')!r}"
        check(where, spec.get("external_id") not in facilities, "external_id is used twice")
        facilities[spec.get("external_id")] = spec.get("owner")
        check(where, spec.get("owner") in partners, f"owner {spec.get('owner')!r} is not a partner")
        check(where, spec.get("country") in countries, f"country {spec.get('country')!r} is not an ISO 3166-1 code")
        check(where, spec.get("kind") in FacilityKind.values, f"kind {spec.get('kind')!r} is not a facility kind")
        check(where, spec.get("status", "operating") in FacilityStatus.values, "status is not a facility status")
        for name, limit in (("latitude", 90), ("longitude", 180)):
            value = spec.get(name)
            in_range = isinstance(value, int | float) and -limit <= value <= limit
            check(where, in_range, f"{name} {value!r} is out of range")
        published(where, spec)
    for kind, rows in (("capacity", data.CAPACITIES), ("stockpile", data.STOCKPILES)):
        for spec in rows:
            where = f"{kind} {spec.get('external_id')!r}"
            check(where, spec.get("facility") in facilities, f"facility {spec.get('facility')!r} is not in FACILITIES")
            check(where, spec.get("product") in products, f"product {spec.get('product')!r} is not in PRODUCTS")
            published(where, spec)
            try:
                check(where, _date(spec.get("as_of")) <= today, "as_of is in the future")
                _date(spec.get("expiry"))
            except (TypeError, ValueError):
                errors.append(f"{where}: as_of or expiry is not an ISO date")
            if kind == "capacity":
                nominal, in_use, spare = (number(where, spec, n) for n in ("nominal", "in_use", "spare"))
                releasable = number(where, spec, "releasable", required=False) or Decimal(0)
                if None not in (nominal, in_use, spare):
                    check(where, in_use + spare <= nominal, "in_use and spare exceed nominal")
                    check(where, releasable <= spare, "releasable exceeds spare")
            else:
                quantity = number(where, spec, "quantity")
                releasable = number(where, spec, "releasable", required=False) or Decimal(0)
                check(where, quantity is None or releasable <= quantity, "releasable exceeds quantity")
    for spec in data.SUPPLY_LINKS:
        where = f"supply link {spec.get('external_id')!r}"
        for end in ("supplier", "buyer"):
            check(where, spec.get(end) in facilities, f"{end} {spec.get(end)!r} is not in FACILITIES")
        check(where, spec.get("supplier") != spec.get("buyer"), "supplier and buyer are the same facility")
        check(where, spec.get("owner") in partners, f"owner {spec.get('owner')!r} is not a partner")
        check(where, spec.get("product") in products, f"product {spec.get('product')!r} is not in PRODUCTS")
        number(where, spec, "volume_per_month")
        published(where, spec)
    for spec in getattr(data, "DEMANDS", []):
        where = f"demand {spec.get('external_id')!r}"
        check(where, spec.get("owner") in partners, f"owner {spec.get('owner')!r} is not a partner")
        check(where, spec.get("product") in products, f"product {spec.get('product')!r} is not in PRODUCTS")
        published(where, spec)
        try:
            check(where, _date(spec.get("as_of")) <= today, "as_of is in the future")
        except (TypeError, ValueError):
            errors.append(f"{where}: as_of is not an ISO date")
        total, defence, health = (number(where, spec, f"{n}_per_month", required=n == "total")
                                  for n in ("total", "defence", "health"))
        check(where, total is None or (defence or 0) + (health or 0) <= total,
              "the critical part (defence plus health) exceeds the total")
    for kind, rows in (("capacity", data.CAPACITIES), ("stockpile", data.STOCKPILES), ("link", data.SUPPLY_LINKS),
                       ("demand", getattr(data, "DEMANDS", []))):
        ids = [row.get("external_id") for row in rows]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        check(f"{kind} records", not duplicates, f"external ids used twice: {duplicates}")
    sectors = set(ReviewSector.objects.values_list("code", flat=True))
    for code, members in getattr(data, "INDUSTRIAL_BASE_PRODUCTS", {}).items():
        check(f"industrial base {code!r}", code in sectors, "is not in the catalogue of sectors")
        unknown = [p for p in members if p not in products]
        check(f"industrial base {code!r}", not unknown, f"names products not in PRODUCTS: {unknown}")
    for spec in getattr(data, "WAIVERS", []):
        where = f"waiver {spec.get('external_id')!r}"
        check(where, spec.get("owner") in partners, f"owner {spec.get('owner')!r} is not a partner")
        check(where, not spec.get("product") or spec["product"] in products,
              f"product {spec.get('product')!r} is not in PRODUCTS")
        check(where, spec.get("reason") in WaiverReason.values, f"reason {spec.get('reason')!r} is not a reason")
        check(where, spec.get("status") in WaiverStatus.values, f"status {spec.get('status')!r} is not a status")
        check(where, spec.get("origin_country") in countries, "origin_country is not an ISO 3166-1 code")
        number(where, spec, "quantity")
        number(where, spec, "value")
        published(where, spec)
    request = getattr(data, "EMERGENCY_REQUEST", None)
    if request:
        check("emergency request", request.get("requesting_partner") in partners, "unknown requesting partner")
        check("emergency request", request.get("product") in products, "unknown product")
    for person in getattr(data, "PEOPLE", []):
        where = f"person {person.get('username')}"
        check(where, person.get("partner") in partners, "unknown partner")
        check(where, bool(person.get("roles")) and set(person["roles"]) <= set(Role.values), "unknown roles")
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise DemoDataError(f"The demo data is invalid ({len(errors)} problems):\n  {shown}{more}")


# --- loading -----------------------------------------------------------------------------------------------------


def _principal(partner: Partner) -> Principal:
    """The partner acting through its demo key (if issued), with every role: how a partner's system would act."""
    key = PartnerAPIKey.objects.filter(partner=partner, name=DEMO_KEY_NAME, revoked=False).first()
    return Principal(partner=partner, roles=frozenset(Role.values), key=key)


@transaction.atomic
def load_network(data: ModuleType | None = None) -> str:
    """Loads (or leaves as it is) the demo network; the partners must exist. Returns a one-line summary."""
    data = data or demo_data_module()
    validate_demo_data(data)
    partners = {p.code: p for p in Partner.objects.all()}
    absent = [p["code"] for p in data.PARTNERS if p["code"] not in partners]
    if absent:
        raise DemoDataError(f"Load the demo partners first; missing: {', '.join(absent)}.")
    groups = {g.name: g for g in SharingGroup.objects.all()}
    for spec in getattr(data, "SHARING_GROUPS", []):
        group = groups.get(spec["name"]) or group_create(name=spec["name"], description=spec.get("description", ""))
        groups[spec["name"]] = group
        group_set_members(group=group, partners=[partners[code] for code in spec["members"]])

    products: dict[str, Product] = {p.code: p for p in Product.objects.all()}
    for spec in data.PRODUCTS:
        if spec["code"] not in products:
            product = Product(
                code=spec["code"],
                name=spec["name"],
                sector=spec["sector"],
                hs_codes=list(spec.get("hs_codes", [])),
                unit=spec["unit"],
                description=spec.get("description", ""),
                reference_unit_cost=_decimal(spec["reference_unit_cost"]) if "reference_unit_cost" in spec else None,
            )
            product.full_clean()
            product.save()
            products[spec["code"]] = product
    existing_bom = set(ProductInput.objects.values_list("product_id", "input_id"))
    for spec in data.PRODUCTS:
        for line in spec.get("inputs", []):
            bom = ProductInput(
                product=products[spec["code"]],
                input=products[line["input"]],
                quantity_per_unit=_decimal(line["quantity_per_unit"]),
            )
            if (bom.product_id, bom.input_id) not in existing_bom:
                bom.full_clean()
                bom.save()

    for entry in ReviewSector.objects.filter(code__in=list(getattr(data, "INDUSTRIAL_BASE_PRODUCTS", {}))):
        named = set(entry.products.values_list("code", flat=True))
        missing = [products[code] for code in data.INDUSTRIAL_BASE_PRODUCTS[entry.code] if code not in named]
        if missing:  # only what is missing: a second load writes nothing
            entry.products.add(*missing)

    def group_ids(spec) -> frozenset[int]:
        if spec.get("marking") not in GROUP_MARKINGS:
            return frozenset()
        return frozenset(groups[name].pk for name in spec.get("groups", []))

    counts: dict[str, int] = defaultdict(int)

    def publish(kind: str, rows: list[tuple[str, RecordInput]]) -> None:
        by_owner: dict[str, list[RecordInput]] = defaultdict(list)
        for owner, item in rows:
            by_owner[owner].append(item)
        for owner, items in by_owner.items():
            outcomes = apply_records(kind=kind, owner=partners[owner], items=items, principal=None, action="demo_load")
            rejected = [(o.record.external_id, o.errors) for o in outcomes if o.status == "rejected"]
            if rejected:
                raise DemoDataError(f"{owner}'s demo {kind} records were refused: {rejected[:5]}")
            for outcome in outcomes:
                counts[f"{kind}:{outcome.status}"] += 1

    facility_rows, facility_owner = [], {}
    for spec in data.FACILITIES:
        facility_owner[spec["external_id"]] = spec["owner"]
        facility_rows.append((spec["owner"], RecordInput(spec["external_id"], {
            "name": spec["name"],
            "country": spec["country"],
            "latitude": _decimal(spec["latitude"]).quantize(Decimal("0.000001")),
            "longitude": _decimal(spec["longitude"]).quantize(Decimal("0.000001")),
            "facility_kind": spec["kind"],
            "status": spec.get("status", "operating"),
            "operator": spec.get("operator", ""),
            "marking": spec["marking"],
        }, group_ids(spec))))
    publish("facility", facility_rows)

    facility_ids = {
        (owner_code, external_id): pk
        for pk, owner_code, external_id in Facility.objects.values_list("pk", "owner__code", "external_id")
    }

    def facility_of(external_id: str) -> int:
        return facility_ids[(facility_owner[external_id], external_id)]

    capacity_rows = [(facility_owner[spec["facility"]], RecordInput(spec["external_id"], {
        "facility_id": facility_of(spec["facility"]),
        "product_id": products[spec["product"]].pk,
        "nominal": _decimal(spec["nominal"]),
        "in_use": _decimal(spec["in_use"]),
        "spare": _decimal(spec["spare"]),
        "surge": _decimal(spec.get("surge", 0)),
        "lead_time_days": int(spec.get("lead_time_days", 0)),
        "releasable": _decimal(spec.get("releasable", 0)),
        "unit_cost": _decimal(spec["unit_cost"]) if spec.get("unit_cost") is not None else None,
        "as_of": _date(spec["as_of"]),
        "marking": spec["marking"],
    }, group_ids(spec))) for spec in data.CAPACITIES]
    publish("capacity", capacity_rows)

    stockpile_rows = [(facility_owner[spec["facility"]], RecordInput(spec["external_id"], {
        "facility_id": facility_of(spec["facility"]),
        "product_id": products[spec["product"]].pk,
        "quantity": _decimal(spec["quantity"]),
        "releasable": _decimal(spec.get("releasable", 0)),
        "expiry": _date(spec.get("expiry")),
        "as_of": _date(spec["as_of"]),
        "marking": spec["marking"],
    }, group_ids(spec))) for spec in data.STOCKPILES]
    publish("stockpile", stockpile_rows)

    link_rows = [(spec["owner"], RecordInput(spec["external_id"], {
        "supplier_id": facility_of(spec["supplier"]),
        "buyer_id": facility_of(spec["buyer"]),
        "product_id": products[spec["product"]].pk,
        "volume_per_month": _decimal(spec["volume_per_month"]),
        "marking": spec["marking"],
    }, group_ids(spec))) for spec in data.SUPPLY_LINKS]
    publish("supply_link", link_rows)

    demand_rows = [(spec["owner"], RecordInput(spec["external_id"], {
        "product_id": products[spec["product"]].pk,
        "total_per_month": _decimal(spec["total_per_month"]),
        "defence_per_month": _decimal(spec.get("defence_per_month", 0)),
        "health_per_month": _decimal(spec.get("health_per_month", 0)),
        "as_of": _date(spec["as_of"]),
        "marking": spec["marking"],
    }, group_ids(spec))) for spec in getattr(data, "DEMANDS", [])]
    publish("demand", demand_rows)
    waiver_rows = _waiver_rows(getattr(data, "WAIVERS", []), products)
    publish("waiver", waiver_rows)

    purchase_rows = [(spec["owner"], RecordInput(spec["external_id"], {
        "agency": spec["agency"], "year": int(spec["year"]), "quarter": int(spec["quarter"]),
        "channel": spec["channel"], "domestic_value": _decimal(spec["domestic_value"]),
        "allied_value": _decimal(spec["allied_value"]), "other_value": _decimal(spec["other_value"]),
        "marking": spec["marking"],
    }, group_ids(spec))) for spec in getattr(data, "PURCHASE_TOTALS", [])]
    publish("purchase_total", purchase_rows)

    emergency = ""
    if getattr(data, "EMERGENCY_REQUEST", None):
        emergency = load_emergency(data.EMERGENCY_REQUEST, partners, products)

    created = sum(v for k, v in counts.items() if k.endswith(":created"))
    return (
        f"Demo network: {len(products)} products, {len(facility_rows)} facilities, {len(capacity_rows)} "
        f"capacities, {len(stockpile_rows)} stockpiles, {len(link_rows)} supply links, {len(demand_rows)} demands, "
        f"{len(waiver_rows)} waivers and {len(purchase_rows)} purchase totals ({created} new).{emergency}"
    )


def _waiver_rows(specs: list[dict], products: dict[str, Product]) -> list[tuple[str, RecordInput]]:
    """The demo's waivers as rows. A new waiver's dates count back from today; one loaded before keeps its own
    (they are left out, and the waiver rules keep the stored ones), so a reload on a later day changes nothing."""
    stored = set(Waiver.objects.values_list("owner__code", "external_id"))
    today = timezone.localdate()
    rows = []
    for spec in specs:
        product = products[spec["product"]] if spec.get("product") else None
        dates = {}
        for stage in ("proposed", "posted", "decided", "withdrawn"):
            days = spec.get(f"{stage}_days_ago")
            new = (spec["owner"], spec["external_id"]) not in stored
            dates[f"{stage}_on"] = today - timedelta(days=days) if days is not None and new else None
        latitude, longitude = spec.get("delivery") or (None, None)
        rows.append((spec["owner"], RecordInput(spec["external_id"], {
            "agency": spec["agency"], "product_id": product.pk if product else None,
            "product_text": spec.get("product_text", ""), "hs_code": spec.get("hs_code", ""),
            "description": spec.get("description", ""), "quantity": _decimal(spec["quantity"]),
            "unit": spec.get("unit") or (product.unit if product else ""), "value": _decimal(spec["value"]),
            "currency": spec["currency"], "origin_country": spec["origin_country"], "vendor": spec.get("vendor", ""),
            "reason": spec["reason"], "justification": spec.get("justification", ""), "status": spec["status"],
            **dates, "review_days": int(spec.get("review_days", 15)),
            "delivery_latitude": _decimal(latitude).quantize(Decimal("0.000001")) if latitude is not None else None,
            "delivery_longitude": _decimal(longitude).quantize(Decimal("0.000001")) if longitude is not None else None,
            "marking": spec["marking"],
        }, frozenset())))
    return rows


def _run_queued(product: Product) -> None:
    """Runs now the re-matching a decline or an expiry queued (their Celery tasks then find the runs done)."""
    for run_id in MatchRun.objects.filter(product=product, status=RunStatus.QUEUED).values_list("pk", flat=True):
        match_execute(run_id)


def load_emergency(spec: dict, partners: dict[str, Partner], products: dict[str, Product]) -> str:
    """One open request, matched, with offers in every state: accepted, fulfilled, declined, expired, proposed.

    Done once: the request's idempotency key finds it on a later load.
    """
    requester = partners[spec["requesting_partner"]]
    if EmergencyRequest.objects.filter(requesting_partner=requester, idempotency_key=spec["idempotency_key"]).exists():
        return ""
    product = products[spec["product"]]
    coordinator = _principal(requester)
    request = request_open(
        principal=coordinator, product=product, quantity=Decimal(spec["quantity"]),
        destination_country=spec["destination_country"],
        destination_latitude=Decimal(spec["destination_latitude"]),
        destination_longitude=Decimal(spec["destination_longitude"]),
        needed_by=timezone.now().date() + timedelta(days=spec["needed_in_days"]),
        priority=spec["priority"], justification=spec["justification"], idempotency_key=spec["idempotency_key"],
    )
    run, _ = match_enqueue(product=product, principal=coordinator, request=request,
                           idempotency_key=spec["idempotency_key"])
    match_execute(run.pk)
    offers = list(Allocation.objects.filter(match_run=run).order_by("distance_km", "pk"))
    if len(offers) < 4:
        raise DemoDataError(
            f"The demo request was offered {len(offers)} sources; it needs at least 4 to show every offer state."
        )
    accepted, fulfilled, declined = offers[:3]
    offer_accept(offer=accepted, principal=_principal(accepted.supplying_partner))
    offer_accept(offer=fulfilled, principal=_principal(fulfilled.supplying_partner))
    offer_fulfil(offer=fulfilled, principal=coordinator)
    offer_decline(offer=declined, principal=_principal(declined.supplying_partner), reason="needed at home (demo)")
    _run_queued(product)
    # The rest of the first run's offers go unanswered past their window; the re-match proposes anew. Only when no
    # one else's offer would expire with them (a load into a database already in use).
    after_window = timezone.now() + timedelta(seconds=settings.OFFER_RESPONSE_SECONDS + 60)
    others = Allocation.objects.filter(status=OfferStatus.PROPOSED, expires_at__lte=after_window).exclude(
        request=request
    )
    if not others.exists():
        offers_expire(now=after_window)
        _run_queued(product)
    states = Allocation.objects.filter(request=request).values_list("status", flat=True)
    counted = {status: list(states).count(status) for status in sorted(set(states))}
    return f" Emergency request {request.pk} ({product.code}): offers {counted}."


# --- demo people (DEMO ONLY) -------------------------------------------------------------------------------------


def demo_totp_secret(username: str) -> str:
    """A fixed authenticator secret per demo person (base32), so that a reload keeps what a developer set up."""
    import base64
    import hashlib

    return base64.b32encode(hashlib.sha256(f"demo-totp:{username}".encode()).digest()[:20]).decode()


def load_people(data: ModuleType, partners: dict[str, Partner]) -> list[dict]:
    """The demo people (``data.PEOPLE``): a user with the demo password, a membership and a TOTP authenticator
    each, created once (a reload finds them and changes nothing). Returns what load_demo prints."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model

    from sharing.services.partners import membership_set

    user_model = get_user_model()
    shown = []
    for spec in getattr(data, "PEOPLE", []):
        secret = demo_totp_secret(spec["username"])
        user = user_model.objects.filter(username=spec["username"]).first()
        if user is None:
            first, _, last = spec["name"].partition(" ")
            user = user_model(username=spec["username"], email=f"{spec['username']}@demo.invalid",
                              first_name=first, last_name=last)
            user.set_password(data.DEMO_PASSWORD)
            user.save()
            membership_set(user=user, partner=partners[spec["partner"]], roles=spec["roles"])
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)
        shown.append({**spec, "secret": secret})
    return shown
