from enum import StrEnum


class WaiversListReasonItem(StrEnum):
    COMMERCIAL_IT = "commercial_it"
    NON_AVAILABILITY = "non_availability"
    PUBLIC_INTEREST = "public_interest"
    RESALE = "resale"
    UNREASONABLE_COST = "unreasonable_cost"

    def __str__(self) -> str:
        return str(self.value)
