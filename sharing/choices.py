"""Named choices of the domain, one class each, so code says ``Role.PUBLISHER`` and never a bare string."""

from django.db import models


class Role(models.TextChoices):
    READER = "reader", "Reader"
    PUBLISHER = "publisher", "Publisher"
    RESPONDER = "responder", "Responder"
    COORDINATOR = "coordinator", "Coordinator"


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "Success"
    DENIED = "denied", "Denied"
    FAILED = "failed", "Failed"


class Marking(models.TextChoices):
    """TLP 2.0."""

    CLEAR = "CLEAR", "TLP:CLEAR (anyone)"
    GREEN = "GREEN", "TLP:GREEN (every active partner)"
    AMBER = "AMBER", "TLP:AMBER (owner and the named sharing groups)"
    AMBER_STRICT = "AMBER+STRICT", "TLP:AMBER+STRICT (as AMBER; never in aggregates)"
    RED = "RED", "TLP:RED (owner alone)"


GROUP_MARKINGS = (Marking.AMBER, Marking.AMBER_STRICT)


class Sector(models.TextChoices):
    SEMICONDUCTORS = "semiconductors", "Semiconductors and advanced packaging"
    BATTERIES = "batteries", "Large-capacity batteries"
    CRITICAL_MINERALS = "critical_minerals", "Critical minerals and materials"
    PHARMACEUTICALS = "pharmaceuticals", "Pharmaceuticals and APIs"
    MEDICAL_SUPPLIES = "medical_supplies", "Medical supplies"
    OTHER = "other", "Other"


class SectorKind(models.TextChoices):
    """The two kinds of entry of the review's catalogue: a product's supply chain, or an industrial base that uses
    products of several chains."""

    SUPPLY_CHAIN = "supply_chain", "Supply chain"
    INDUSTRIAL_BASE = "industrial_base", "Industrial base"


class Unit(models.TextChoices):
    TONNE = "t", "tonnes"
    KILOGRAM = "kg", "kilograms"
    UNITS = "units", "units"
    WAFERS = "wafers", "wafers"
    KWH = "kWh", "kilowatt-hours"
    DOSES = "doses", "doses"


class FacilityKind(models.TextChoices):
    MINE = "mine", "Mine"
    REFINERY = "refinery", "Refinery"
    PROCESSING = "processing", "Processing plant"
    FAB = "fab", "Semiconductor fab"
    PACKAGING = "packaging", "Packaging plant"
    CELL_PLANT = "cell_plant", "Battery cell plant"
    API_PLANT = "api_plant", "API plant"
    PHARMA_PLANT = "pharma_plant", "Pharmaceutical plant"
    DEVICE_PLANT = "device_plant", "Medical device plant"
    WAREHOUSE = "warehouse", "Warehouse or stockpile site"
    OTHER = "other", "Other"


class FacilityStatus(models.TextChoices):
    OPERATING = "operating", "Operating"
    IDLE = "idle", "Idle"
    PLANNED = "planned", "Planned"
    DISRUPTED = "disrupted", "Disrupted"


class Priority(models.IntegerChoices):
    LIFE_SAVING = 1, "Life-saving"
    CRITICAL_INFRASTRUCTURE = 2, "Critical infrastructure"
    ECONOMIC = 3, "Economic"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    MATCHING = "matching", "Matching"
    OFFERED = "offered", "Offered"
    PARTIALLY_FULFILLED = "partially_fulfilled", "Partially fulfilled"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"


ACTIVE_REQUEST_STATUSES = (
    RequestStatus.OPEN, RequestStatus.MATCHING, RequestStatus.OFFERED, RequestStatus.PARTIALLY_FULFILLED,
)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class OfferStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"


# Offers in these states hold their quantity: it may not be promised to anyone else.
RESERVING_OFFER_STATUSES = (OfferStatus.PROPOSED, OfferStatus.ACCEPTED, OfferStatus.FULFILLED)


class WebhookEvent(models.TextChoices):
    OFFER_PROPOSED = "offer.proposed", "Offer proposed"
    OFFER_ACCEPTED = "offer.accepted", "Offer accepted"
    OFFER_DECLINED = "offer.declined", "Offer declined"
    OFFER_EXPIRED = "offer.expired", "Offer expired"
    REQUEST_STATUS_CHANGED = "request.status_changed", "Request status changed"
    MATCH_RUN_FINISHED = "match_run.finished", "Match run finished"
    WAIVER_POSTED = "waiver.posted", "Waiver posted for review (you may be able to supply this)"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class WaiverReason(models.TextChoices):
    """The exceptions under which a domestic-preference rule lets an agency buy a foreign item: the five of the
    US Federal Acquisition Regulation, FAR 25.103 (a) to (e), which the Made in America Office's waiver reviews
    use. (Purchases the rule never covers, such as micro-purchases or supplies for use abroad, need no waiver.)"""

    PUBLIC_INTEREST = "public_interest", "Inconsistent with the public interest (FAR 25.103(a))"
    NON_AVAILABILITY = "non_availability", "Non-availability (FAR 25.103(b))"
    RESALE = "resale", "Resale (FAR 25.103(c))"
    UNREASONABLE_COST = "unreasonable_cost", "Unreasonable cost (FAR 25.103(d))"
    COMMERCIAL_IT = "commercial_it", "Information technology that is a commercial product (FAR 25.103(e))"


class WaiverStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    POSTED = "posted", "Posted for review"
    GRANTED = "granted", "Granted"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The only moves a waiver's status may make once created; granted, denied and withdrawn are final.
WAIVER_TRANSITIONS: dict[str, frozenset[str]] = {
    WaiverStatus.PROPOSED: frozenset({WaiverStatus.POSTED, WaiverStatus.WITHDRAWN}),
    WaiverStatus.POSTED: frozenset({WaiverStatus.GRANTED, WaiverStatus.DENIED, WaiverStatus.WITHDRAWN}),
    WaiverStatus.GRANTED: frozenset(),
    WaiverStatus.DENIED: frozenset(),
    WaiverStatus.WITHDRAWN: frozenset(),
}
