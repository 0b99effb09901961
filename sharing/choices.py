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
