"""Everything the progress pages, the PDF and the staff section show, gathered in one place."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from fractions import Fraction

from sqlmodel import Session

from patient_app.models import Goal, GoalCheckIn, PainEntry
from patient_app.progress import goals as goal_store
from patient_app.progress import pain as pain_store
from patient_app.progress import psfs as psfs_store
from patient_app.progress.charts import BarChart, LineChart, Milestone, Reading, bar_chart, line_chart
from patient_app.progress.episode import Episode, current_episode
from patient_app.progress.pain import Comparison

Y_STEPS = {"vas": 25, "nrs": 2}


@dataclass(frozen=True)
class PainChart:
    scale: str
    chart: LineChart


@dataclass
class Report:
    episode: Episode
    pains: list[PainEntry]
    pain_charts: list[PainChart]
    since_start: Comparison | None
    treatment: Comparison | None
    psfs_occasions: list[psfs_store.Occasion]
    psfs_chart: LineChart | None
    psfs_result: psfs_store.PsfsResult | None
    activities: list[str]
    goals: list[Goal]
    latest_check_ins: dict[uuid.UUID, GoalCheckIn] = field(default_factory=dict)
    goal_chart: BarChart | None = None

    @property
    def active_goals(self) -> list[Goal]:
        return [goal for goal in self.goals if goal.status == "active"]

    @property
    def latest_pain(self) -> PainEntry | None:
        return self.pains[-1] if self.pains else None


def pain_milestones(pains: list[PainEntry], episode: Episode) -> list[Milestone]:
    milestones = []
    if episode.baseline is not None:
        milestones.append(Milestone(at=episode.baseline.submitted_at, kind="referral"))
    for pain in pains:
        if pain.treatment_point:
            milestones.append(Milestone(at=pain.recorded_at, kind=pain.treatment_point))
    if episode.discharged_at is not None:
        milestones.append(Milestone(at=episode.discharged_at, kind="discharged"))
    return milestones


def pain_charts(pains: list[PainEntry], episode: Episode) -> list[PainChart]:
    """One chart per scale the patient has used (a VAS and an NRS score are not the same number)."""
    charts = []
    milestones = pain_milestones(pains, episode)
    for scale in ("vas", "nrs"):
        readings = [Reading(at=p.recorded_at, value=p.score) for p in pains if p.scale == scale]
        if not readings:
            continue
        start = episode.baseline.pain(scale) if episode.baseline else None
        if episode.baseline is not None and start is not None:
            readings.append(Reading(at=episode.baseline.submitted_at, value=start, kind="referral"))
        chart = line_chart(readings, y_max=pain_store.SCALES[scale], y_step=Y_STEPS[scale], milestones=milestones)
        if chart is not None:
            charts.append(PainChart(scale=scale, chart=chart))
    return charts


def psfs_chart(occasions: list[psfs_store.Occasion]) -> LineChart | None:
    """The mean of the activities each time they were rated (higher is better)."""
    readings = [
        Reading(
            at=o.at,
            value=Fraction(sum(score for _a, score in o.scores), len(o.scores)),
            kind="referral" if o.source == "referral" else "entry",
        )
        for o in occasions
    ]
    return line_chart(readings, y_max=10, y_step=2)


def goal_chart(goals: list[Goal], latest: dict[uuid.UUID, GoalCheckIn]) -> BarChart | None:
    shown = [goal for goal in goals if goal.status in ("active", "achieved")]
    return bar_chart([(goal.text, latest[goal.id].score if goal.id in latest else None) for goal in shown], maximum=10)


def build(db: Session, *, patient_id: uuid.UUID) -> Report:
    episode = current_episode(db, patient_id=patient_id)
    pains = pain_store.entries(db, patient_id=patient_id)
    rated = psfs_store.occasions(db, patient_id=patient_id)
    occasions = psfs_store.with_baseline(episode, rated)
    all_goals = goal_store.goals(db, patient_id=patient_id)
    latest = goal_store.latest_check_ins(db, patient_id=patient_id)
    return Report(
        episode=episode,
        pains=pains,
        pain_charts=pain_charts(pains, episode),
        since_start=pain_store.since_start(pains, episode),
        treatment=pain_store.treatment_result(pains, episode),
        psfs_occasions=occasions,
        psfs_chart=psfs_chart(occasions) if rated else None,
        psfs_result=psfs_store.compare(occasions),
        activities=psfs_store.activities(episode, rated),
        goals=all_goals,
        latest_check_ins=latest,
        goal_chart=goal_chart(all_goals, latest),
    )
