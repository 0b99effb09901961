import django_filters

from sharing.models import AuditEvent, Partner


class PartnerFilterSet(django_filters.FilterSet):
    code = django_filters.CharFilter()
    country = django_filters.CharFilter()
    status = django_filters.MultipleChoiceFilter(choices=Partner._meta.get_field("status").choices)

    class Meta:
        model = Partner
        fields = ["code", "country", "status"]


class AuditEventFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter()
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()
    actor_partner = django_filters.CharFilter(field_name="actor_partner__code")
    outcome = django_filters.CharFilter()
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gt")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id", "actor_partner", "outcome"]
