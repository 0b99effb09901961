from enum import StrEnum


class WaiversListFormat(StrEnum):
    CSV = "csv"
    GEOJSON = "geojson"
    JSON = "json"
    XLSX = "xlsx"

    def __str__(self) -> str:
        return str(self.value)
