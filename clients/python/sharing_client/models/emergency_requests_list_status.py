from enum import StrEnum


class EmergencyRequestsListStatus(StrEnum):
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    FULFILLED = "fulfilled"
    MATCHING = "matching"
    OFFERED = "offered"
    OPEN = "open"
    PARTIALLY_FULFILLED = "partially_fulfilled"

    def __str__(self) -> str:
        return str(self.value)
