"""Making the downloaded data readable in the PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime

from patient_app.accounts.export import as_time, heading


def test_headings_read_as_words() -> None:
    assert heading("gp_practice") == "GP practice"
    assert heading("nhs_number") == "NHS number"
    assert heading("goals_pain_and_feedback") == "Goals pain and feedback"
    assert heading("body-area") == "Body area"


def test_iso_times_are_recognised_and_other_text_is_not() -> None:
    assert as_time("1980-01-15") == date(1980, 1, 15)
    assert as_time("2026-12-06T19:39:10.154152+00:00") == datetime(2026, 12, 6, 19, 39, 10, 154152, tzinfo=UTC)
    for other in ["LS1 4AP", "2026-13-45", "TEST000001", 40, None, "1980-01-15 and more"]:
        assert as_time(other) is None
