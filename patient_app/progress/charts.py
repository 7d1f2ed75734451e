"""Chart geometry for server-drawn SVG: positions, paths and ticks, no drawing or wording.

Templates (templates/progress/charts/) turn these into SVG with a title, a
description and a data table, using presentation attributes only (the CSP
refuses inline styles), so the same markup works without JavaScript and in PDFs.

Long series stay readable: up to RAW_LIMIT readings are drawn one by one;
beyond that each point is a week's average, or a month's when there would
still be too many weeks. The table shows exactly what the chart draws.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from patient_app.clock import LONDON

# Close to a phone's width, so text in the SVG stays near its stated size there.
WIDTH, HEIGHT = 360, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 44, 36
RAW_LIMIT = 60


@dataclass(frozen=True)
class Reading:
    at: datetime
    value: int | Fraction
    kind: str = "entry"  # entry | referral (the baseline from the self-referral)


@dataclass(frozen=True)
class Milestone:
    at: datetime
    kind: str  # referral | before | after | discharged


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    start: date  # the day, or the first day of the week or month it stands for
    value: float
    count: int  # how many readings it stands for
    kind: str


@dataclass(frozen=True)
class PlacedMilestone:
    x: float
    label_y: float
    on: date
    kind: str


@dataclass(frozen=True)
class Tick:
    at: float  # x or y position
    label: float | date


@dataclass(frozen=True)
class LineChart:
    points: tuple[Point, ...]
    path: str  # the SVG path joining the points ("" for one point)
    milestones: tuple[PlacedMilestone, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    grouping: str  # none | week | month
    y_max: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def draw_markers(self) -> bool:
        return len(self.points) <= RAW_LIMIT


def _day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def _group_key(day: date, grouping: str) -> date:
    if grouping == "week":
        return date.fromordinal(day.toordinal() - day.weekday())
    return day.replace(day=1)


def _grouping(entries: Sequence[Reading]) -> str:
    if len(entries) <= RAW_LIMIT:
        return "none"
    weeks = {_group_key(_day(r.at), "week") for r in entries}
    return "week" if len(weeks) <= RAW_LIMIT else "month"


def _summarise(readings: Sequence[Reading]) -> tuple[list[tuple[datetime, Fraction, int, date, str]], str]:
    """(time, value, count, first day, kind) in time order, grouped when there are many."""
    entries = [r for r in readings if r.kind == "entry"]
    others = [(r.at, Fraction(r.value), 1, _day(r.at), r.kind) for r in readings if r.kind != "entry"]
    grouping = _grouping(entries)
    if grouping == "none":
        rows = [(r.at, Fraction(r.value), 1, _day(r.at), r.kind) for r in entries]
    else:
        groups: OrderedDict[date, list[Reading]] = OrderedDict()
        for reading in sorted(entries, key=lambda r: r.at):
            groups.setdefault(_group_key(_day(reading.at), grouping), []).append(reading)
        rows = [
            (
                members[0].at,
                sum((Fraction(m.value) for m in members), Fraction(0)) / len(members),
                len(members),
                start,
                "entry",
            )
            for start, members in groups.items()
        ]
    return sorted(rows + others, key=lambda row: row[0]), grouping


def line_chart(
    readings: Iterable[Reading],
    *,
    y_max: int,
    y_step: int,
    milestones: Iterable[Milestone] = (),
) -> LineChart | None:
    """None when there is nothing to draw: the page says so in words instead."""
    readings = list(readings)
    if not readings:
        return None
    rows, grouping = _summarise(readings)
    milestones = sorted(milestones, key=lambda m: m.at)
    times = [row[0] for row in rows] + [m.at for m in milestones]
    first, last = min(times), max(times)
    span = (last - first).total_seconds()
    plot_width, plot_height = WIDTH - RIGHT - LEFT, HEIGHT - BOTTOM - TOP

    def x_of(moment: datetime) -> float:
        if span == 0:
            return LEFT + plot_width / 2
        return round(LEFT + (moment - first).total_seconds() / span * plot_width, 1)

    def y_of(value: Fraction | int) -> float:
        return round(TOP + float(1 - Fraction(value) / y_max) * plot_height, 1)

    points = tuple(
        Point(x=x_of(at), y=y_of(value), start=day, value=round(float(value), 1), count=count, kind=kind)
        for at, value, count, day, kind in rows
    )
    path = ""
    if len(points) > 1:
        path = "M" + " L".join(f"{p.x},{p.y}" for p in points)
    placed = tuple(
        # Labels take turns on two rows above the plot so neighbours do not overlap.
        PlacedMilestone(x=x_of(m.at), label_y=TOP - 24 + 14 * (index % 2), on=_day(m.at), kind=m.kind)
        for index, m in enumerate(milestones)
    )
    y_ticks = tuple(Tick(at=y_of(value), label=value) for value in range(0, y_max + 1, y_step))
    x_ticks = [Tick(at=x_of(first), label=_day(first))]
    if _day(last) != _day(first):
        x_ticks.append(Tick(at=x_of(last), label=_day(last)))
    return LineChart(
        points=points,
        path=path,
        milestones=placed,
        y_ticks=y_ticks,
        x_ticks=tuple(x_ticks),
        grouping=grouping,
        y_max=y_max,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    y: float
    length: float


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    maximum: int
    width: int
    height: int
    left: int = 8
    bar_width: int = WIDTH - 16 - 90

    @property
    def ticks(self) -> tuple[Tick, ...]:
        step = self.bar_width / 2
        return tuple(Tick(at=self.left + i * step, label=i * self.maximum / 2) for i in range(3))


BAR_ROW = 52


def bar_chart(items: Sequence[tuple[str, int | None]], *, maximum: int) -> BarChart | None:
    """One horizontal bar per item (a goal and its latest check-in); the label sits above its bar."""
    if not items:
        return None
    chart_width = WIDTH - 16 - 90
    bars = tuple(
        Bar(
            label=label,
            value=value,
            y=12 + index * BAR_ROW + 20,
            length=round(chart_width * (value or 0) / maximum, 1),
        )
        for index, (label, value) in enumerate(items)
    )
    return BarChart(bars=bars, maximum=maximum, width=WIDTH, height=12 + len(items) * BAR_ROW + 24)
