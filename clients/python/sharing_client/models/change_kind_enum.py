from enum import StrEnum


class ChangeKindEnum(StrEnum):
    CAPACITY = "capacity"
    DEMAND = "demand"
    FACILITY = "facility"
    PURCHASE_TOTAL = "purchase_total"
    STOCKPILE = "stockpile"
    SUPPLY_LINK = "supply_link"
    WAIVER = "waiver"

    def __str__(self) -> str:
        return str(self.value)
