from .analytics import ReportPdf, ReportRun, ScenarioRun
from .audit import AuditEvent
from .emergency import (
    Allocation,
    EmergencyRequest,
    MatchRun,
    MatchRunRequest,
    WebhookDelivery,
    WebhookEndpoint,
)
from .interchange import ImportJob, ImportRejectedRow, Subscription
from .network import (
    PUBLISHED_MODELS,
    AccessChange,
    Capacity,
    ChangeSequence,
    Demand,
    Facility,
    MarkingChange,
    Product,
    ProductInput,
    Published,
    SharingGroup,
    Stockpile,
    SupplyLink,
)
from .partners import Membership, Partner, PartnerAPIKey
from .procurement import PurchaseTotal, Waiver, WaiverNotice, WaiverResponse
from .sectors import ReviewSector

__all__ = [
    "PUBLISHED_MODELS",
    "PurchaseTotal",
    "AccessChange",
    "Allocation",
    "EmergencyRequest",
    "ImportJob",
    "ImportRejectedRow",
    "MatchRun",
    "MatchRunRequest",
    "WebhookDelivery",
    "WebhookEndpoint",
    "AuditEvent",
    "Capacity",
    "ChangeSequence",
    "Demand",
    "Facility",
    "MarkingChange",
    "Membership",
    "Partner",
    "PartnerAPIKey",
    "Product",
    "ProductInput",
    "Published",
    "ReportPdf",
    "ReportRun",
    "ReviewSector",
    "ScenarioRun",
    "SharingGroup",
    "Stockpile",
    "SupplyLink",
    "Subscription",
    "Waiver",
    "WaiverNotice",
    "WaiverResponse",
]
