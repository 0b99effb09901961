from enum import StrEnum


class OutcomeEnum(StrEnum):
    DENIED = "denied"
    FAILED = "failed"
    SUCCESS = "success"

    def __str__(self) -> str:
        return str(self.value)
