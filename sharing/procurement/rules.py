"""A waiver's status and its dates, checked where every write of a waiver passes (``apply_records``), so that a
single update, a PATCH and a bulk row obey the same rules.

- On creation the status may be any (a partner may load waivers decided before it joined); the dates of the
  stages it has reached default to today, and a date may not be given for a stage it has not reached.
- Afterwards the status moves only along ``WAIVER_TRANSITIONS``; the move is dated (today, unless the write gives
  the date), and a stage's date, once stored, does not change.
- Dates are in order: proposed <= posted <= decided or withdrawn.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sharing.choices import WAIVER_TRANSITIONS, WaiverStatus

DATE_FIELDS = ("proposed_on", "posted_on", "decided_on", "withdrawn_on")

# Which dates a waiver in each status has (posted_on of a withdrawn waiver only if it was posted first).
REACHED: dict[str, tuple[str, ...]] = {
    WaiverStatus.PROPOSED: ("proposed_on",),
    WaiverStatus.POSTED: ("proposed_on", "posted_on"),
    WaiverStatus.GRANTED: ("proposed_on", "posted_on", "decided_on"),
    WaiverStatus.DENIED: ("proposed_on", "posted_on", "decided_on"),
    WaiverStatus.WITHDRAWN: ("proposed_on", "withdrawn_on"),
}
ALLOWED: dict[str, tuple[str, ...]] = {**REACHED, WaiverStatus.WITHDRAWN: ("proposed_on", "posted_on", "withdrawn_on")}


def dates_errors(status: str, values: dict[str, Any]) -> dict[str, list[str]]:
    """Dates given for stages that a waiver in ``status`` has not reached."""
    allowed = ALLOWED.get(status, ())
    return {
        name: [f"A {status} waiver has no {name.replace('_on', '').replace('_', ' ')} date."]
        for name in DATE_FIELDS if values.get(name) is not None and name not in allowed
    }


def transition_error(old: str, new: str) -> str | None:
    if old == new or new in WAIVER_TRANSITIONS[old]:
        return None
    moves = sorted(WAIVER_TRANSITIONS[old])
    return (f"A waiver cannot move from {old} to {new}; from {old} it may move only to "
            f"{', '.join(moves)}." if moves else f"A waiver cannot move from {old} to {new}: {old} is final.")


def prepare(record, values: dict[str, Any], today: date) -> dict[str, list[str]] | None:
    """Checks a write of a waiver (``record`` is the stored one, or None for a creation) and completes ``values``
    with the stored and today's dates. Returns field errors, or None."""
    status = values["status"]
    if record is not None:
        error = transition_error(record.status, status)
        if error:
            return {"status": [error]}
        for name in DATE_FIELDS:
            stored = getattr(record, name)
            if stored is not None:
                if values.get(name) not in (None, stored):
                    return {name: [f"Set when the waiver reached that stage ({stored}); it cannot change."]}
                values[name] = stored
    errors = dates_errors(status, values)
    if errors:
        return errors
    for name in REACHED[status]:
        if values.get(name) is None:
            values[name] = today
    order = [values[name] for name in ("proposed_on", "posted_on") if values.get(name)]
    last = [values[name] for name in ("decided_on", "withdrawn_on") if values.get(name)]
    chain = order + last
    if any(a > b for a, b in zip(chain, chain[1:], strict=False)):
        return {"status": ["The dates are out of order: proposed, then posted, then decided or withdrawn."]}
    return None
