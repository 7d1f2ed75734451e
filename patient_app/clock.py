"""The one place the app reads the time, so tests can pin it.

Dates patients see (validity, due dates, working days) are Europe/London dates.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_NO_STEP = timedelta(0)
_frozen: datetime | None = None
_step = _NO_STEP
_lock = threading.Lock()


def now() -> datetime:
    global _frozen  # noqa: PLW0603 - a pinned clock moves on by its step at each reading
    if _frozen is None:
        return datetime.now(UTC)
    with _lock:
        moment = _frozen
        _frozen = moment + _step
    return moment


def london_today() -> date:
    return london_date(now())


def london_date(moment: datetime) -> date:
    """The date in London at `moment` (an aware datetime)."""
    return moment.astimezone(LONDON).date()


def years_before(day: date, years: int) -> date:
    """The same date `years` earlier; 29 February falls back to the 28th in a year without one."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def freeze(moment: datetime | None, *, step: timedelta = _NO_STEP) -> None:
    """Tests only: pin `now()` to an aware datetime (None unpins).

    With a `step`, each reading is that much after the one before: time stays
    where the test put it (a microsecond a reading moves nowhere in a test), yet
    no two readings are equal, as on a real clock, so "newer" is never a tie.
    """
    global _frozen, _step  # a deliberate process-wide test hook
    if moment is not None and moment.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    with _lock:
        _frozen, _step = moment, step


def advance(delta: timedelta) -> datetime:
    """Tests only: move a pinned clock on (it keeps its step)."""
    global _frozen  # noqa: PLW0603 - see freeze()
    with _lock:
        if _frozen is None:
            raise RuntimeError("advance() needs a pinned clock")
        _frozen += delta
        return _frozen
