from .audit import AuditEvent
from .network import (
    PUBLISHED_MODELS,
    AccessChange,
    Capacity,
    ChangeSequence,
    Facility,
    Product,
    ProductInput,
    Published,
    SharingGroup,
    Stockpile,
    SupplyLink,
)
from .partners import Membership, Partner, PartnerAPIKey

__all__ = [
    "PUBLISHED_MODELS",
    "AccessChange",
    "AuditEvent",
    "Capacity",
    "ChangeSequence",
    "Facility",
    "Membership",
    "Partner",
    "PartnerAPIKey",
    "Product",
    "ProductInput",
    "Published",
    "SharingGroup",
    "Stockpile",
    "SupplyLink",
]
