from enum import StrEnum


class LimitedByEnum(StrEnum):
    CAPACITY = "capacity"
    SUPPLY_LINKS = "supply_links"

    def __str__(self) -> str:
        return str(self.value)
