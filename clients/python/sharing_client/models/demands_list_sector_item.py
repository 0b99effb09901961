from enum import StrEnum


class DemandsListSectorItem(StrEnum):
    BATTERIES = "batteries"
    CRITICAL_MINERALS = "critical_minerals"
    MEDICAL_SUPPLIES = "medical_supplies"
    OTHER = "other"
    PHARMACEUTICALS = "pharmaceuticals"
    SEMICONDUCTORS = "semiconductors"

    def __str__(self) -> str:
        return str(self.value)
