from enum import StrEnum


class AnalyticsAlliedCapacityRetrieveBasis(StrEnum):
    NOMINAL = "nominal"
    SPARE = "spare"

    def __str__(self) -> str:
        return str(self.value)
