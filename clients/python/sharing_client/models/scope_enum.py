from enum import StrEnum


class ScopeEnum(StrEnum):
    ALLIANCE = "alliance"
    PARTNER = "partner"

    def __str__(self) -> str:
        return str(self.value)
