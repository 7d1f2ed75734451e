"""Chart geometry with 0, 1, 2 and 200+ points, and milestones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from patient_app.progress.charts import HEIGHT, WIDTH, Milestone, Reading, bar_chart, line_chart

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday


def _inside(chart) -> bool:  # type: ignore[no-untyped-def]
    return all(0 <= p.x <= WIDTH and 0 <= p.y <= HEIGHT for p in chart.points)


def test_no_points_no_chart() -> None:
    assert line_chart([], y_max=100, y_step=25) is None
    assert bar_chart([], maximum=10) is None


def test_one_point_sits_in_the_middle_without_a_line() -> None:
    chart = line_chart([Reading(at=START, value=40)], y_max=100, y_step=25)
    assert chart is not None
    [point] = chart.points
    assert point.x == chart.left + (chart.right - chart.left) / 2
    assert point.y == chart.top + 0.6 * (chart.bottom - chart.top)
    assert chart.path == ""
    assert len(chart.x_ticks) == 1


def test_two_points_are_joined_end_to_end() -> None:
    chart = line_chart(
        [Reading(at=START, value=100), Reading(at=START + timedelta(days=7), value=0)], y_max=100, y_step=25
    )
    assert chart is not None
    first, last = chart.points
    assert (first.x, first.y) == (chart.left, chart.top)
    assert (last.x, last.y) == (chart.right, chart.bottom)
    assert chart.path == f"M{first.x},{first.y} L{last.x},{last.y}"
    assert [tick.label for tick in chart.y_ticks] == [0, 25, 50, 75, 100]


def test_two_hundred_daily_points_become_weekly_averages() -> None:
    readings = [Reading(at=START + timedelta(days=n), value=n % 11) for n in range(200)]
    chart = line_chart(readings, y_max=10, y_step=2)
    assert chart is not None
    assert chart.grouping == "week"
    assert len(chart.points) == 29  # 28 full weeks and 4 days of a 29th
    assert sum(p.count for p in chart.points) == 200
    assert chart.points[0].value == round(sum(range(7)) / 7, 1)
    assert not chart.draw_markers or len(chart.points) <= 60
    assert _inside(chart)


def test_two_years_of_daily_scores_become_monthly_averages() -> None:
    readings = [Reading(at=START + timedelta(days=n), value=50) for n in range(730)]
    chart = line_chart(readings, y_max=100, y_step=25)
    assert chart is not None
    assert chart.grouping == "month"
    assert len(chart.points) == 25
    assert all(p.value == 50 for p in chart.points)


def test_sixty_points_are_drawn_one_by_one() -> None:
    readings = [Reading(at=START + timedelta(days=n), value=5) for n in range(60)]
    chart = line_chart(readings, y_max=10, y_step=2)
    assert chart is not None
    assert chart.grouping == "none"
    assert len(chart.points) == 60


def test_referral_baseline_is_kept_apart_from_averages() -> None:
    readings = [Reading(at=START + timedelta(days=n), value=5) for n in range(1, 100)]
    readings.append(Reading(at=START, value=9, kind="referral"))
    chart = line_chart(readings, y_max=10, y_step=2)
    assert chart is not None
    assert chart.points[0].kind == "referral"
    assert chart.points[0].value == 9


def test_milestones_widen_the_time_range() -> None:
    chart = line_chart(
        [Reading(at=START, value=5), Reading(at=START + timedelta(days=10), value=4)],
        y_max=10,
        y_step=2,
        milestones=[Milestone(at=START + timedelta(days=20), kind="discharged")],
    )
    assert chart is not None
    assert chart.milestones[0].x == chart.right
    assert chart.points[-1].x == chart.left + (chart.right - chart.left) / 2


def test_bars_scale_to_ten() -> None:
    chart = bar_chart([("Walk", 5), ("Swim", None), ("Garden", 10)], maximum=10)
    assert chart is not None
    assert [bar.length for bar in chart.bars] == [chart.bar_width / 2, 0, chart.bar_width]
