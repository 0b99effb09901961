"""Writing the audit trail. Every service that writes calls ``audit_record`` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sharing import context
from sharing.choices import AuditOutcome
from sharing.models import AuditEvent, Partner
from sharing.principal import Principal


def audit_record(
    *,
    action: str,
    principal: Principal | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_ids: Iterable[Any] | None = None,
    object_owner: Partner | int | None = None,
    outcome: str = AuditOutcome.SUCCESS,
    detail: dict | None = None,
) -> AuditEvent:
    event = audit_event(
        action=action, principal=principal, object_type=object_type, object_id=object_id, object_ids=object_ids,
        object_owner=object_owner, outcome=outcome, detail=detail,
    )
    event.save(force_insert=True)
    return event


def audit_records(events: list[AuditEvent]) -> None:
    """Writes several events made by ``audit_event`` in one statement (e.g. one per owner of a page read)."""
    AuditEvent.objects.bulk_create(events)


def audit_event(
    *,
    action: str,
    principal: Principal | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_ids: Iterable[Any] | None = None,
    object_owner: Partner | int | None = None,
    outcome: str = AuditOutcome.SUCCESS,
    detail: dict | None = None,
) -> AuditEvent:
    """The event ``audit_record`` writes, not yet saved."""
    request = context.current()
    principal = principal or request.principal
    owner_id = object_owner.pk if isinstance(object_owner, Partner) else object_owner
    return AuditEvent(
        action=action,
        actor_partner=principal.partner if principal else None,
        actor_key_prefix=principal.key.prefix if principal and principal.key else "",
        actor_key_name=principal.key.name if principal and principal.key else "",
        actor_user=principal.user if principal and principal.user else None,
        object_type=object_type,
        object_id=str(object_id) if object_id != "" else "",
        object_ids=[str(i) for i in object_ids] if object_ids is not None else [],
        object_owner_id=owner_id,
        outcome=outcome,
        request_id=request.request_id,
        client_address=request.client_address,
        detail=detail or {},
    )
