from enum import StrEnum


class SectorsListKindItem(StrEnum):
    INDUSTRIAL_BASE = "industrial_base"
    SUPPLY_CHAIN = "supply_chain"

    def __str__(self) -> str:
        return str(self.value)
