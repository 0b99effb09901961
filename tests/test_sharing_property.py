"""Property: for random partners, groups, records and markings, every read path shows each caller exactly the
records an independent statement of the sharing rules allows."""

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from rest_framework.test import APIClient

from sharing.models import SharingGroup
from sharing.services.publishing import record_delete
from tests.factories import PartnerFactory, ProductFactory, issue_key, publish

MARKINGS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]


@dataclass
class Rec:
    kind: str
    pk: int
    owner: int
    marking: str
    groups: frozenset
    deleted: bool
    facility: "Rec | None" = None


def live(record: "Rec | None") -> "Rec | None":
    if record is None:
        return None
    return Rec(record.kind, record.pk, record.owner, record.marking, record.groups, False)


def oracle(caller: int | None, memberships: dict[int, set[int]], record: Rec) -> bool:
    """The rules of the brief, written out independently of the service's queryset."""

    def allowed(r: Rec) -> bool:
        if r.deleted:
            return False
        if r.marking == "CLEAR":
            return True
        if caller is None:
            return False
        if r.marking == "GREEN" or r.owner == caller:
            return True
        if r.marking in ("AMBER", "AMBER+STRICT"):
            return bool(r.groups & memberships.get(caller, set()))
        return False

    return allowed(record) and (record.facility is None or allowed(record.facility))


record_spec = st.tuples(
    st.integers(0, 2),  # owner index
    st.sampled_from(MARKINGS),
    st.sets(st.integers(0, 1), max_size=2),  # groups by index
    st.booleans(),  # deleted
)
world = st.fixed_dictionaries({
    "members": st.lists(st.sets(st.integers(0, 2), max_size=3), min_size=2, max_size=2),
    "facilities": st.lists(record_spec, min_size=1, max_size=5),
    "capacities": st.lists(st.tuples(record_spec, st.integers(0, 4)), max_size=5),
})


class SharingRulesProperty(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(world)
    def test_every_read_path_shows_exactly_what_the_rules_allow(self, spec):
        partners = [PartnerFactory(code=f"P{i}-TEST") for i in range(3)]
        groups = [SharingGroup.objects.create(name=f"G{i}") for i in range(2)]
        memberships: dict[int, set[int]] = {p.pk: set() for p in partners}
        for group, member_indexes in zip(groups, spec["members"], strict=True):
            for index in member_indexes:
                group.members.add(partners[index])
                memberships[partners[index].pk].add(group.pk)
        product = ProductFactory(code="PROP")
        records: list[Rec] = []
        facilities: list[Rec] = []
        for n, (owner, marking, group_indexes, deleted) in enumerate(spec["facilities"]):
            chosen = [groups[i] for i in group_indexes] if marking in ("AMBER", "AMBER+STRICT") else []
            obj = publish("facility", partners[owner], f"F{n}", marking=marking, groups=chosen)
            facilities.append(Rec("facility", obj.pk, partners[owner].pk, marking,
                                  frozenset(g.pk for g in chosen), deleted))
        for n, ((_, marking, group_indexes, deleted), facility_index) in enumerate(spec["capacities"]):
            facility = facilities[facility_index % len(facilities)]
            owner_pk = facility.owner  # a capacity belongs to its facility's owner
            chosen = [groups[i] for i in group_indexes] if marking in ("AMBER", "AMBER+STRICT") else []
            owner = next(p for p in partners if p.pk == owner_pk)
            obj = publish("capacity", owner, f"C{n}", marking=marking, groups=chosen, facility_id=facility.pk,
                          product=product)
            records.append(Rec("capacity", obj.pk, owner_pk, marking, frozenset(g.pk for g in chosen), deleted,
                               facility))
        from sharing.models import Capacity, Facility

        for rec in [*records, *facilities]:  # capacities first: a facility with live records cannot be deleted
            if rec.deleted:
                model = Capacity if rec.kind == "capacity" else Facility
                live_children = rec.kind == "facility" and any(
                    r.facility is rec and not r.deleted for r in records)
                if live_children:
                    rec.deleted = False
                    continue
                record_delete(record=model.objects.get(pk=rec.pk), principal=None)
        every = [*facilities, *records]

        callers: list[tuple[int | None, APIClient]] = [(None, APIClient())]
        for partner in partners:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=issue_key(partner, ("reader",))[1])
            callers.append((partner.pk, client))

        for caller, client in callers:
            for kind, url in (("facility", "facilities"), ("capacity", "capacities")):
                allowed = {r.pk for r in every if r.kind == kind and oracle(caller, memberships, r)}
                listed = {r["id"] for r in client.get(f"/api/v1/{url}/", {"page_size": 1000}).json()["results"]}
                assert listed == allowed, (caller, kind)
                for marking in ("AMBER", "RED"):
                    filtered = client.get(f"/api/v1/{url}/", {"marking": marking, "page_size": 1000}).json()
                    assert {r["id"] for r in filtered["results"]} == {
                        r.pk for r in every if r.kind == kind and r.marking == marking and r.pk in allowed}
                for rec in every:
                    if rec.kind != kind:
                        continue
                    status = client.get(f"/api/v1/{url}/{rec.pk}/").status_code
                    assert status == (200 if rec.pk in allowed else 404), (caller, rec)
            if caller is not None:
                feed = client.get("/api/v1/changes/", {"after": 0, "limit": 1000}).json()["results"]
                upserts = {(c["kind"], c["id"]) for c in feed if c["op"] == "upsert"}
                assert upserts == {(r.kind, r.pk) for r in every if oracle(caller, memberships, r)}
                deletions = {(c["kind"], c["id"]) for c in feed if c["op"] == "delete"}
                # A deletion is only ever told to a caller who could see the record before it went.
                # (Capacities are deleted before their facility, so the facility was live then.)
                before = {(r.kind, r.pk) for r in every if r.deleted and oracle(
                    caller, memberships, Rec(r.kind, r.pk, r.owner, r.marking, r.groups, False, live(r.facility)))}
                assert deletions <= before
