from enum import StrEnum


class FacilityInputKindEnum(StrEnum):
    API_PLANT = "api_plant"
    CELL_PLANT = "cell_plant"
    DEVICE_PLANT = "device_plant"
    FAB = "fab"
    MINE = "mine"
    OTHER = "other"
    PACKAGING = "packaging"
    PHARMA_PLANT = "pharma_plant"
    PROCESSING = "processing"
    REFINERY = "refinery"
    WAREHOUSE = "warehouse"

    def __str__(self) -> str:
        return str(self.value)
