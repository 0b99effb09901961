"""The secretariat's console. Every change made here goes through the services, and so into the audit trail."""

from django.contrib import admin, messages
from rest_framework_api_key.admin import APIKeyModelAdmin

from sharing.console.admin import InvitePersonMixin
from sharing.models import (
    AuditEvent,
    Capacity,
    Facility,
    Membership,
    Partner,
    PartnerAPIKey,
    Product,
    ProductInput,
    SharingGroup,
    Stockpile,
    SupplyLink,
)
from sharing.principal import Principal
from sharing.services import groups as group_services
from sharing.services import partners as partner_services
from sharing.services.audit import audit_record


def _principal(request) -> Principal:
    return Principal.for_user(request.user)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "status", "updated_at"]
    list_filter = ["status", "country"]
    search_fields = ["code", "name"]
    actions = ["suspend", "reinstate"]

    def save_model(self, request, obj, form, change):
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            fresh = Partner.objects.get(pk=obj.pk)
            partner_services.partner_update(partner=fresh, principal=_principal(request), **fields)
            obj.refresh_from_db()
        else:
            created = partner_services.partner_create(
                code=obj.code, name=obj.name, country=str(obj.country), principal=_principal(request)
            )
            obj.pk = created.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # partners are suspended, never deleted: their records and audit trail stay

    @admin.action(description="Suspend the selected partners (their keys stop working at once)")
    def suspend(self, request, queryset):
        for partner in queryset:
            partner_services.partner_update(partner=partner, status="suspended", principal=_principal(request))

    @admin.action(description="Reinstate the selected partners")
    def reinstate(self, request, queryset):
        for partner in queryset:
            partner_services.partner_update(partner=partner, status="active", principal=_principal(request))


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    list_display = [*APIKeyModelAdmin.list_display, "partner", "roles", "read_only"]
    list_filter = ["partner", "revoked", "read_only"]
    search_fields = ["name", "prefix", "partner__code"]
    actions = ["revoke", "rotate"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["partner", "roles", "read_only", "allowed_networks", "revoked"]
        return fields

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
        for key in queryset.select_related("partner"):
            partner_services.key_revoke(key=key, principal=_principal(request))

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
    list_display = ["user", "partner", "roles"]
    list_filter = ["partner"]

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
    list_filter = ["action", "outcome", "object_type"]
    search_fields = ["object_id", "request_id", "actor_key_prefix"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor_partner", "actor_user", "object_owner"]

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
    list_display = ["code", "name", "sector", "unit"]
    list_filter = ["sector"]
    search_fields = ["code", "name"]
    inlines = [ProductInputInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(action="product.update" if change else "product.create", principal=_principal(request),
                     object_type="product", object_id=obj.pk, detail={"code": obj.code})


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


for _model in (Facility, Capacity, Stockpile, SupplyLink):
    admin.site.register(_model, PublishedAdmin)
