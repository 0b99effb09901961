from enum import StrEnum


class MeasureEnum(StrEnum):
    CAPACITY = "capacity"
    DEMAND = "demand"
    STOCKPILE = "stockpile"

    def __str__(self) -> str:
        return str(self.value)
