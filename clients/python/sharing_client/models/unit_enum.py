from enum import StrEnum


class UnitEnum(StrEnum):
    DOSES = "doses"
    KG = "kg"
    KWH = "kWh"
    T = "t"
    UNITS = "units"
    WAFERS = "wafers"

    def __str__(self) -> str:
        return str(self.value)
