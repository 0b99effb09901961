from enum import StrEnum


class SubscriptionsListKind(StrEnum):
    CAPACITY = "capacity"
    DEMAND = "demand"
    FACILITY = "facility"
    STOCKPILE = "stockpile"
    SUPPLY_LINK = "supply_link"

    def __str__(self) -> str:
        return str(self.value)
