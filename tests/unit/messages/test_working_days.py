"""Working-day arithmetic for the message promise: weekends, bank holidays, late-night messages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from patient_app.clock import LONDON
from patient_app.messages import working_days
from patient_app.messages.working_days import reply_due_by


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def due(sent: datetime, days: int = 1) -> datetime:
    return reply_due_by(sent, working_days=days)


def test_a_weekday_message_is_due_at_the_end_of_the_next_day() -> None:
    assert due(london(2026, 12, 8, 10, 0)) == london(2026, 12, 9, 17, 0)


def test_sent_at_2359_on_a_friday_is_due_on_monday() -> None:
    assert due(london(2026, 11, 27, 23, 59)) == london(2026, 11, 30, 17, 0)


def test_2359_friday_in_summer_time_counts_as_friday_not_saturday() -> None:
    # 23:59 London on Friday 5 June 2026 is 22:59 UTC: still Friday where the team is.
    sent = datetime(2026, 6, 5, 22, 59, tzinfo=UTC)
    assert due(sent) == london(2026, 6, 8, 17, 0)


def test_a_minute_after_midnight_on_saturday_is_also_due_monday() -> None:
    assert due(london(2026, 11, 28, 0, 1)) == london(2026, 11, 30, 17, 0)


def test_sunday_message_due_monday() -> None:
    assert due(london(2026, 11, 29, 15, 0)) == london(2026, 11, 30, 17, 0)


def test_friday_before_a_bank_holiday_monday_is_due_tuesday() -> None:
    # Spring bank holiday: Monday 25 May 2026.
    assert due(london(2026, 5, 22, 23, 59)) == london(2026, 5, 26, 17, 0)


def test_easter_skips_good_friday_and_easter_monday() -> None:
    # Thursday 2 April 2026: Good Friday 3rd, weekend, Easter Monday 6th.
    assert due(london(2026, 4, 2, 12, 0)) == london(2026, 4, 7, 17, 0)


def test_christmas_2027_substitute_days() -> None:
    # Christmas Day and Boxing Day 2027 fall at the weekend: Monday 27 and Tuesday 28 are off.
    assert due(london(2027, 12, 24, 16, 0)) == london(2027, 12, 29, 17, 0)


def test_new_year_2028_substitute_monday() -> None:
    assert due(london(2027, 12, 31, 9, 0)) == london(2028, 1, 4, 17, 0)


def test_promise_of_two_working_days_is_configurable() -> None:
    assert due(london(2026, 12, 10, 9, 0), days=2) == london(2026, 12, 14, 17, 0)


def test_the_file_covers_2026_to_2028_in_england_and_wales() -> None:
    holidays = working_days.load()
    assert holidays.years == frozenset({2026, 2027, 2028})
    assert date(2026, 12, 25) in holidays.dates
    assert date(2028, 4, 14) in holidays.dates  # Good Friday 2028
    assert working_days.problems(today=date(2027, 6, 1)) == []


def test_content_check_asks_for_next_year_when_the_file_runs_out() -> None:
    assert working_days.problems(today=date(2028, 3, 1)) == ["add the bank holidays for 2029"]


@pytest.mark.parametrize(
    ("holidays", "message"),
    [
        ([{"date": date(2026, 12, 26), "name": "Boxing Day"}], "weekend"),
        ([{"date": date(2026, 1, 1)}], "a date"),
        ([{"date": date(2026, 1, 1), "name": "New Year"}], "fewer than the 8"),
    ],
)
def test_schema_check_refuses_bad_files(holidays: list[dict[str, object]], message: str) -> None:
    with pytest.raises(working_days.BankHolidaysError, match=message):
        working_days.parse({"years": [2026], "holidays": holidays})


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "bank-holidays.yaml"
    path.write_text("years: nope\nholidays: []\n", encoding="utf-8")
    assert working_days.problems(path, today=date(2026, 1, 1)) == ["'years' must be a list of years"]
