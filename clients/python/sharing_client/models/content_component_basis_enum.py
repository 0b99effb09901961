from enum import StrEnum


class ContentComponentBasisEnum(StrEnum):
    REFERENCE = "reference"
    SUPPLIED = "supplied"
    UNPRICED = "unpriced"

    def __str__(self) -> str:
        return str(self.value)
