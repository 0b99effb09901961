from enum import StrEnum


class AllocationStatusEnum(StrEnum):
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    EXPIRED = "expired"
    FULFILLED = "fulfilled"
    PROPOSED = "proposed"

    def __str__(self) -> str:
        return str(self.value)
