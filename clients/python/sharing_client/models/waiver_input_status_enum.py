from enum import StrEnum


class WaiverInputStatusEnum(StrEnum):
    DENIED = "denied"
    GRANTED = "granted"
    POSTED = "posted"
    PROPOSED = "proposed"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
