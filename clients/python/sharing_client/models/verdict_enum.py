from enum import StrEnum


class VerdictEnum(StrEnum):
    FAILS = "fails"
    MEETS = "meets"
    UNDETERMINED = "undetermined"

    def __str__(self) -> str:
        return str(self.value)
