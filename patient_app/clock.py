"""The one place the app reads the time, so tests can pin it.

Dates patients see (validity, due dates, working days) are Europe/London dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


def london_today() -> date:
    return now().astimezone(LONDON).date()


def freeze(moment: datetime | None) -> None:
    """Tests only: pin `now()` to an aware datetime (None unpins)."""
    global _frozen  # noqa: PLW0603 - a deliberate process-wide test hook
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = moment
