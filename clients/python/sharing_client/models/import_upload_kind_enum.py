from enum import StrEnum


class ImportUploadKindEnum(StrEnum):
    CAPACITIES = "capacities"
    DEMANDS = "demands"
    FACILITIES = "facilities"
    PURCHASE_TOTALS = "purchase-totals"
    STOCKPILES = "stockpiles"
    SUPPLY_LINKS = "supply-links"
    WAIVERS = "waivers"

    def __str__(self) -> str:
        return str(self.value)
