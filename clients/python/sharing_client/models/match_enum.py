from enum import StrEnum


class MatchEnum(StrEnum):
    HS_HEADING = "hs_heading"
    PRODUCT = "product"
    SECTOR = "sector"

    def __str__(self) -> str:
        return str(self.value)
