from enum import StrEnum


class FacilitiesListStatusItem(StrEnum):
    DISRUPTED = "disrupted"
    IDLE = "idle"
    OPERATING = "operating"
    PLANNED = "planned"

    def __str__(self) -> str:
        return str(self.value)
