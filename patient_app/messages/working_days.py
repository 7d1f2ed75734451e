"""Working days in England and Wales, for the message service promise.

The promise is "a reply by the end of the Nth working day after the day you
sent it" (N = MESSAGE_REPLY_WORKING_DAYS, 1 by default). Days are counted in
Europe/London, so a message sent at 23:59 on a Friday belongs to Friday and is
due at the end of Monday (Tuesday if Monday is a bank holiday). Working days
exclude weekends and the bank holidays in content/bank-holidays.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from patient_app import yaml_data
from patient_app.clock import LONDON
from patient_app.settings import PROJECT_ROOT

BANK_HOLIDAYS_FILE = PROJECT_ROOT / "content" / "bank-holidays.yaml"
# The end of a working day for the promise: the team's working hours end at 5pm.
END_OF_WORKING_DAY = time(17, 0)


class BankHolidaysError(ValueError):
    pass


@dataclass(frozen=True)
class BankHolidays:
    years: frozenset[int]
    dates: frozenset[date]


def parse(data: Any) -> BankHolidays:
    """Check the file's shape and return its dates; raise BankHolidaysError on any problem."""
    if not isinstance(data, dict) or not isinstance(data.get("holidays"), list):
        raise BankHolidaysError("needs 'years' and a list of 'holidays'")
    years = data.get("years")
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
        raise BankHolidaysError("'years' must be a list of years")
    dates: list[date] = []
    for item in data["holidays"]:
        if not isinstance(item, dict) or not isinstance(item.get("date"), date) or not item.get("name"):
            raise BankHolidaysError(f"each holiday needs a date (YYYY-MM-DD) and a name: {item!r}")
        day = item["date"]
        if day.weekday() >= 5:
            raise BankHolidaysError(f"{day} is a weekend: list the substitute weekday instead")
        if day.year not in years:
            raise BankHolidaysError(f"{day} is outside the years the file says it covers")
        dates.append(day)
    if len(set(dates)) != len(dates):
        raise BankHolidaysError("a date is listed twice")
    if dates != sorted(dates):
        raise BankHolidaysError("holidays must be in date order")
    for year in years:
        # England and Wales always have 8 bank holidays (more in a year with a one-off).
        if sum(1 for d in dates if d.year == year) < 8:
            raise BankHolidaysError(f"{year} has fewer than the 8 usual bank holidays")
    return BankHolidays(years=frozenset(years), dates=frozenset(dates))


@lru_cache(maxsize=4)
def load(path: Path = BANK_HOLIDAYS_FILE) -> BankHolidays:
    return parse(yaml_data.load(path.read_text(encoding="utf-8")))


def problems(path: Path = BANK_HOLIDAYS_FILE, *, today: date) -> list[str]:
    """For the content check: a broken file, or one that no longer covers this year and next."""
    try:
        holidays = parse(yaml_data.load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, BankHolidaysError) as exc:
        return [str(exc)]
    missing = [year for year in (today.year, today.year + 1) if year not in holidays.years]
    return [f"add the bank holidays for {', '.join(map(str, missing))}"] if missing else []


def is_working_day(day: date, holidays: BankHolidays) -> bool:
    return day.weekday() < 5 and day not in holidays.dates


def add_working_days(day: date, count: int, holidays: BankHolidays) -> date:
    """The `count`th working day after `day` (`day` itself never counts)."""
    found = 0
    while found < count:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            found += 1
    return day


def reply_due_by(sent_at: datetime, *, working_days: int, holidays: BankHolidays | None = None) -> datetime:
    """When a reply is due for a message sent at `sent_at` (aware), as an aware London time."""
    sent_day = sent_at.astimezone(LONDON).date()
    due_day = add_working_days(sent_day, working_days, holidays or load())
    return datetime.combine(due_day, END_OF_WORKING_DAY, tzinfo=LONDON)


def promised_working_days() -> int:
    """N in the promise, from the running app's settings (MESSAGE_REPLY_WORKING_DAYS)."""
    return int(current_app.extensions["settings"].message_reply_working_days)
