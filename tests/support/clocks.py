"""The instants a test run can pin the clock to.

Every test starts with `patient_app.clock` frozen, so nothing a test checks
depends on when or how fast the suite runs. By default that is an ordinary
weekday morning; `--clock NAME` (or `TEST_CLOCK=NAME`, or an ISO instant with
an offset) pins it at an awkward one instead, to prove the code and the tests
take every time from the clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from patient_app import clock

# How far the pinned clock moves at each reading (see conftest.pinned_clock).
STEP = timedelta(microseconds=1)

# An ordinary working Wednesday, 10:30 in London (BST).
DEFAULT = "ordinary"

INSTANTS: dict[str, str] = {
    DEFAULT: "2026-06-17T09:30:00+00:00",
    # One minute before the weekend, in summer time: London's date and hour
    # differ from UTC's an hour later, and "next working day" jumps to Monday.
    "friday-night": "2027-06-25T23:59:00+01:00",
    # 00:59 GMT: in a minute the clocks go forward and 01:00–01:59 never happens.
    "clocks-forward": "2027-03-28T00:59:00+00:00",
    # 01:30 GMT, the second time London reads 01:30 that night.
    "clocks-back": "2026-10-25T01:30:00+00:00",
    # The last minute of the year: tomorrow is another year.
    "new-years-eve": "2026-12-31T23:59:00+00:00",
    # A leap day: a year ago and a year on have no 29 February.
    "leap-day": "2028-02-29T12:00:00+00:00",
}

# The instants `make test-clocks` runs the whole suite at (all but the default).
AWKWARD = tuple(name for name in INSTANTS if name != DEFAULT)


def instant(value: str) -> datetime:
    """A named instant, or an ISO 8601 instant with its offset."""
    text = INSTANTS.get(value, value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        names = ", ".join(INSTANTS)
        raise ValueError(f"--clock must be one of {names} or an ISO instant with an offset, not {value!r}") from None
    if moment.tzinfo is None:
        raise ValueError(f"--clock {value!r} has no UTC offset")
    return moment


def years_ago(years: int) -> date:
    """London's date that many years before the clock's today (29 February falls back to the 28th)."""
    return clock.years_before(clock.london_today(), years)
