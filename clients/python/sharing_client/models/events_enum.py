from enum import StrEnum


class EventsEnum(StrEnum):
    MATCH_RUN_FINISHED = "match_run.finished"
    OFFER_ACCEPTED = "offer.accepted"
    OFFER_DECLINED = "offer.declined"
    OFFER_EXPIRED = "offer.expired"
    OFFER_PROPOSED = "offer.proposed"
    REQUEST_STATUS_CHANGED = "request.status_changed"
    WAIVER_POSTED = "waiver.posted"

    def __str__(self) -> str:
        return str(self.value)
