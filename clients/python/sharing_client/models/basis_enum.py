from enum import StrEnum


class BasisEnum(StrEnum):
    NOMINAL = "nominal"
    SPARE = "spare"

    def __str__(self) -> str:
        return str(self.value)
