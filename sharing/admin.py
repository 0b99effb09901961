"""The secretariat's console. Every change made here goes through the services, and so into the audit trail.

Emergency requests, match runs, offers and webhooks are shown read-only: they change through the workflow (the API
and the console), whose rules and audit an edit here would bypass.
"""

import json

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django_countries import countries
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from sharing.admin_forms import MembershipForm, PartnerAPIKeyForm
from sharing.choices import PartnerStatus
from sharing.console.admin import InvitePersonMixin
from sharing.models import (
    Allocation,
    AuditEvent,
    Capacity,
    Demand,
    EmergencyRequest,
    Facility,
    MatchRun,
    Membership,
    Partner,
    PartnerAPIKey,
    Product,
    ProductInput,
    ReviewSector,
    SharingGroup,
    Stockpile,
    SupplyLink,
    WebhookDelivery,
    WebhookEndpoint,
)
from sharing.principal import Principal
from sharing.services import groups as group_services
from sharing.services import partners as partner_services
from sharing.services.audit import audit_record


def _principal(request) -> Principal:
    return Principal.for_user(request.user)


# The library registers its own key model, which this service never accepts (keys are PartnerAPIKey): a second
# "API keys" page there would issue keys that do not work.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


class CountryInUseFilter(admin.SimpleListFilter):
    """Only the countries some partner is in (a handful), not the 250 of ISO 3166 the field's choices list."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("country", flat=True).distinct()
        return sorted(((code, countries.name(code) or code) for code in codes if code), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


def _status_change_message(changed: list[Partner], unchanged: list[Partner], status: str) -> tuple[int, str]:
    verb = "suspended" if status == PartnerStatus.SUSPENDED else "reinstated"
    parts = []
    if changed:
        codes = ", ".join(p.code for p in changed)
        if status == PartnerStatus.SUSPENDED:
            parts.append(f"Suspended {codes}: their API keys and members are refused from now on; their data stays.")
        else:
            parts.append(f"Reinstated {codes}: their API keys and members work again.")
    if unchanged:
        parts.append(f"Already {verb}, left as they were: {', '.join(p.code for p in unchanged)}.")
    return (messages.SUCCESS if changed else messages.WARNING), " ".join(parts)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "status", "updated_at"]
    list_filter = ["status", CountryInUseFilter]
    search_fields = ["code", "name"]
    actions = ["suspend", "reinstate"]

    def save_model(self, request, obj, form, change):
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            fresh = Partner.objects.get(pk=obj.pk)
            before = fresh.status
            partner_services.partner_update(partner=fresh, principal=_principal(request), **fields)
            obj.refresh_from_db()
            if obj.status != before:
                level, text = _status_change_message([obj], [], obj.status)
                self.message_user(request, text, level)
        else:
            created = partner_services.partner_create(
                code=obj.code, name=obj.name, country=str(obj.country), principal=_principal(request)
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # partners are suspended, never deleted: their records and audit trail stay

    def _set_status(self, request, queryset, status: str) -> None:
        changed, unchanged = [], []
        for partner in queryset.order_by("code"):
            (unchanged if partner.status == status else changed).append(partner)
            partner_services.partner_update(partner=partner, status=status, principal=_principal(request))
        level, text = _status_change_message(changed, unchanged, status)
        self.message_user(request, text, level)

    @admin.action(description="Suspend the selected partners (their keys stop working at once)")
    def suspend(self, request, queryset):
        self._set_status(request, queryset, PartnerStatus.SUSPENDED)

    @admin.action(description="Reinstate the selected partners")
    def reinstate(self, request, queryset):
        self._set_status(request, queryset, PartnerStatus.ACTIVE)


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    form = PartnerAPIKeyForm
    list_display = [*APIKeyModelAdmin.list_display, "partner", "role_list", "read_only"]
    list_filter = ["partner", "revoked", "read_only"]
    list_select_related = ["partner"]
    search_fields = ["name", "prefix", "partner__code"]
    actions = ["revoke", "rotate"]
    # Issued: who, what for, with which rights. Revocation is an action on an issued key, never a box to tick.
    add_fields = ["partner", "name", "roles", "read_only", "allowed_networks", "expiry_date"]
    change_fields = [
        "prefix", "partner", "name", "role_list", "read_only", "network_list", "expiry_date", "revoked", "created",
    ]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.change_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = [] if obj.revoked else ["name", "expiry_date"]
        return [name for name in self.change_fields if name not in editable]

    @admin.display(description="roles")
    def role_list(self, obj) -> str:
        return ", ".join(obj.roles) or "none"

    @admin.display(description="allowed networks")
    def network_list(self, obj):
        if not obj.allowed_networks:
            return "anywhere"
        return format_html_join("", "<div>{}</div>", ((network,) for network in obj.allowed_networks))

    def save_model(self, request, obj, form, change):
        if change:
            # Only the name and expiry may change after issue; revoke and rotate are actions.
            obj.save(update_fields=["name", "expiry_date"])
            audit_record(
                action="api_key.update",
                principal=_principal(request),
                object_type="api_key",
                object_id=obj.prefix,
                object_owner=obj.partner_id,
                detail={"name": obj.name, "expiry_date": str(obj.expiry_date or "")},
            )
            return
        key, secret = partner_services.key_issue(
            partner=obj.partner,
            name=obj.name,
            roles=obj.roles,
            expiry_date=obj.expiry_date,
            read_only=obj.read_only,
            allowed_networks=obj.allowed_networks,
            principal=_principal(request),
        )
        obj.pk, obj.prefix, obj.hashed_key = key.pk, key.prefix, key.hashed_key
        obj._state.adding = False
        messages.add_message(
            request,
            messages.WARNING,
            f"The API key for {obj.partner} is: {secret} — copy it now: it is stored hashed and cannot be shown again.",
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the key's prefix stays in the audit trail

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        revoked = []
        for key in queryset.select_related("partner").filter(revoked=False):
            partner_services.key_revoke(key=key, principal=_principal(request))
            revoked.append(key.prefix)
        if revoked:
            self.message_user(request, f"Revoked {len(revoked)} key(s): {', '.join(revoked)}.", messages.SUCCESS)
        else:
            self.message_user(request, "The selected keys were already revoked.", messages.WARNING)

    @admin.action(description="Rotate the selected keys (new secret, same settings; the old key stops now)")
    def rotate(self, request, queryset):
        for key in queryset.select_related("partner").filter(revoked=False):
            new_key, secret = partner_services.key_rotate(key=key, principal=_principal(request))
            messages.add_message(
                request,
                messages.WARNING,
                f"New key for {new_key.partner} '{new_key.name}': {secret} — shown once.",
            )


@admin.register(Membership)
class MembershipAdmin(InvitePersonMixin, admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "partner", "role_list"]
    list_filter = ["partner"]
    list_select_related = ["user", "partner"]

    @admin.display(description="roles")
    def role_list(self, obj) -> str:
        return ", ".join(obj.roles) or "none"

    def save_model(self, request, obj, form, change):
        membership = partner_services.membership_set(
            user=obj.user, partner=obj.partner, roles=obj.roles, principal=_principal(request)
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        audit_record(
            action="membership.remove",
            principal=_principal(request),
            object_type="membership",
            object_id=obj.pk,
            object_owner=obj.partner_id,
            detail={"user": obj.user.get_username()},
        )
        obj.delete()


def distinct_by_index(model: type[models.Model], column: str) -> list[str]:
    """The distinct values of an indexed column, one index probe each (a loose index scan written as a recursive
    query): ``SELECT DISTINCT`` reads every row of the table, which for the audit trail is tens of millions."""
    table = connection.ops.quote_name(model._meta.db_table)
    col = connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE v(value) AS ("  # the model's own names, quoted; no values
            f" SELECT (SELECT min({col}) FROM {table})"
            f" UNION ALL SELECT (SELECT min({col}) FROM {table} WHERE {col} > v.value) FROM v"
            f" WHERE v.value IS NOT NULL"
            f") SELECT value FROM v WHERE value IS NOT NULL"
        )
        return [value for (value,) in cursor.fetchall()]


class _IndexedValuesFilter(admin.SimpleListFilter):
    """A filter on one column listing its values as ``distinct_by_index`` finds them."""

    column = ""

    def lookups(self, request, model_admin):
        return [(value, value) for value in distinct_by_index(model_admin.model, self.column) if value != ""]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.column: self.value()}) if self.value() is not None else queryset


class AuditActionFilter(_IndexedValuesFilter):
    title = "action"
    parameter_name = column = "action"


class AuditObjectTypeFilter(_IndexedValuesFilter):
    title = "object type"
    parameter_name = column = "object_type"


class BoundedCountPaginator(Paginator):
    """Counts exactly up to ``exact_up_to`` rows, past that takes PostgreSQL's planner estimate: counting a
    filter that matches millions of audit rows reads them all (seconds on every page of the list at 50 million)."""

    exact_up_to = 10_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list.order_by()
        bounded = queryset[: self.exact_up_to + 1].count()
        if bounded <= self.exact_up_to or connection.vendor != "postgresql":
            return bounded if bounded <= self.exact_up_to else queryset.count()
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = plan if isinstance(plan, list) else json.loads(plan)  # psycopg parses json; a text result is read
        return max(bounded, int(plan[0]["Plan"]["Plan Rows"]))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "action",
        "outcome",
        "actor_partner",
        "actor_key_prefix",
        "actor_user",
        "object_type",
        "object_id",
        "object_owner",
        "client_address",
    ]
    # By who acted, whose record it was, what was done and when. The audit table is the largest in the database
    # (tens of millions of rows): no filter reads it whole. The partner filters list the partners (a few dozen
    # rows), the outcome its choices, action and object type their values by one index probe each; no date
    # hierarchy (its links are a SELECT DISTINCT over every row); the count is bounded (BoundedCountPaginator).
    list_filter = [
        ("actor_partner", admin.RelatedFieldListFilter),
        ("object_owner", admin.RelatedFieldListFilter),
        AuditActionFilter,
        "outcome",
        AuditObjectTypeFilter,
        ("occurred_at", admin.DateFieldListFilter),
    ]
    search_fields = ["object_id", "request_id", "actor_key_prefix"]
    list_select_related = ["actor_partner", "actor_user", "object_owner"]
    paginator = BoundedCountPaginator
    show_full_result_count = False  # a second count, of the whole table

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.site_header = "Allied supply-network sharing: administration"
admin.site.site_title = "Sharing service admin"


@admin.register(SharingGroup)
class SharingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    filter_horizontal = ["members"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
        else:
            created = group_services.group_create(
                name=obj.name, description=obj.description, principal=_principal(request)
            )
            obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        # Members go through the service so that partners who join or leave hear of it in their feeds.
        members = form.cleaned_data.pop("members", [])
        super().save_related(request, form, formsets, change)
        group_services.group_set_members(group=form.instance, partners=members, principal=_principal(request))


class ProductInputInline(admin.TabularInline):
    model = ProductInput
    fk_name = "product"
    extra = 1
    autocomplete_fields = ["input"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "unit", "reference_unit_cost"]
    list_filter = ["sector"]
    search_fields = ["code", "name"]
    inlines = [ProductInputInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(action="product.update" if change else "product.create", principal=_principal(request),
                     object_type="product", object_id=obj.pk, detail={"code": obj.code})


@admin.register(ReviewSector)
class ReviewSectorAdmin(admin.ModelAdmin):
    """The secretariat extends the catalogue of sectors and industrial bases here."""

    list_display = ["code", "name", "kind", "product_sector"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    filter_horizontal = ["products"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(action="sector.update" if change else "sector.create", principal=_principal(request),
                     object_type="sector", object_id=obj.pk, detail={"code": obj.code})


class PublishedAdmin(admin.ModelAdmin):
    """Read-only: records are the partners'; the secretariat looks, partners change them through the API."""

    list_display = ["external_id", "owner", "marking", "version", "updated_at", "deleted_at"]
    list_filter = ["marking", "owner"]
    search_fields = ["external_id"]
    list_select_related = ["owner"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


for _model in (Facility, Capacity, Stockpile, SupplyLink, Demand):
    admin.site.register(_model, PublishedAdmin)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Looked at, never changed here: the workflow (API and console) changes these under its rules and audit."""

    list_per_page = 50

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EmergencyRequest)
class EmergencyRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "id", "requesting_partner", "product", "quantity", "priority", "needed_by", "destination_country", "status",
        "offers", "created_at",
    ]
    list_filter = ["status", "priority", ("requesting_partner", admin.RelatedFieldListFilter)]
    list_select_related = ["requesting_partner", "product"]
    search_fields = ["=id", "product__code", "requesting_partner__code", "justification"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(offer_count=Count("allocations"))

    @admin.display(description="offers", ordering="offer_count")
    def offers(self, obj) -> int:
        return obj.offer_count


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = [
        "id", "product", "requested_by", "reason", "status", "attempts", "quantity_requested", "quantity_offered",
        "shortfall", "solve_ms", "total_ms", "created_at",
    ]
    list_filter = ["status", "reason", ("requested_by", admin.RelatedFieldListFilter)]
    list_select_related = ["product", "requested_by"]
    search_fields = ["=id", "product__code", "solver"]
    date_hierarchy = "created_at"


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = [
        "id", "request_summary", "supplying_partner", "requesting_partner", "source_kind", "quantity", "status",
        "estimated_arrival", "confirmed_arrival", "expires_at",
    ]
    list_filter = ["status", ("supplying_partner", admin.RelatedFieldListFilter)]
    list_select_related = ["supplying_partner", "request__requesting_partner", "request__product"]
    search_fields = ["=id", "=request__id", "supplying_partner__code"]
    date_hierarchy = "created_at"

    @admin.display(description="request", ordering="request_id")
    def request_summary(self, obj) -> str:
        return f"{obj.request_id} ({obj.request.product.code})"

    @admin.display(description="requesting partner", ordering="request__requesting_partner__code")
    def requesting_partner(self, obj) -> Partner:
        return obj.request.requesting_partner

    @admin.display(description="source")
    def source_kind(self, obj) -> str:
        return "capacity" if obj.capacity_id else "stockpile"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["id", "partner", "url", "event_list", "active", "deliveries_failed", "created_at"]
    list_filter = ["active", ("partner", admin.RelatedFieldListFilter)]
    list_select_related = ["partner"]
    search_fields = ["url", "partner__code"]
    # The signing secret is the partner's: nobody reads it back, not even sealed.
    exclude = ["secret_sealed", "previous_secret_sealed"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        failed = Count("deliveries", filter=Q(deliveries__status="failed"))
        return super().get_queryset(request).annotate(failed_count=failed)

    @admin.display(description="events")
    def event_list(self, obj) -> str:
        return ", ".join(obj.events) or "all"

    @admin.display(description="failed deliveries", ordering="failed_count")
    def deliveries_failed(self, obj) -> int:
        return obj.failed_count


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id", "partner", "endpoint_url", "event", "status", "attempts", "last_status_code", "last_error",
        "next_attempt_at", "created_at", "delivered_at",
    ]
    list_filter = ["status", "event", ("endpoint__partner", admin.RelatedFieldListFilter)]
    list_select_related = ["endpoint__partner"]
    search_fields = ["=id", "endpoint__url", "endpoint__partner__code"]
    date_hierarchy = "created_at"
    exclude = ["endpoint"]
    readonly_fields = ["partner", "endpoint_url"]

    @admin.display(description="partner", ordering="endpoint__partner__code")
    def partner(self, obj) -> Partner:
        return obj.endpoint.partner

    @admin.display(description="endpoint", ordering="endpoint__url")
    def endpoint_url(self, obj) -> str:
        return obj.endpoint.url
