from .audit import AuditEvent
from .partners import Membership, Partner, PartnerAPIKey

__all__ = ["AuditEvent", "Membership", "Partner", "PartnerAPIKey"]
