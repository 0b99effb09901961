from enum import StrEnum


class WaiversFeedRetrieveFormat(StrEnum):
    ATOM = "atom"
    JSON = "json"

    def __str__(self) -> str:
        return str(self.value)
