from enum import StrEnum


class FacilityInputStatusEnum(StrEnum):
    DISRUPTED = "disrupted"
    IDLE = "idle"
    OPERATING = "operating"
    PLANNED = "planned"

    def __str__(self) -> str:
        return str(self.value)
