from enum import StrEnum


class PreferenceBasisEnum(StrEnum):
    DEFENCE = "defence"
    NONE = "none"
    SMALL_BUSINESS = "small_business"
    STANDARD = "standard"

    def __str__(self) -> str:
        return str(self.value)
