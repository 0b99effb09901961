from enum import StrEnum


class HhiBandEnum(StrEnum):
    HIGHLY_CONCENTRATED = "highly concentrated"
    MODERATELY_CONCENTRATED = "moderately concentrated"
    UNCONCENTRATED = "unconcentrated"

    def __str__(self) -> str:
        return str(self.value)
