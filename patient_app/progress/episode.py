"""The current episode of care: the referral whose answers are the baseline, and its discharge.

The self-referral records pain (NRS now, NRS worst, VAS) and the PSFS
activities in `Referral.scores`; the hub's `referral.discharged` event marks
the end of treatment ("after treatment").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from patient_app.models import Referral, ReferralEvent

DISCHARGED = "referral.discharged"


@dataclass(frozen=True)
class Baseline:
    referral_id: uuid.UUID
    submitted_at: datetime
    pain_nrs: int | None
    pain_vas: int | None
    psfs: tuple[tuple[str, int], ...]

    def pain(self, scale: str) -> int | None:
        return self.pain_vas if scale == "vas" else self.pain_nrs


@dataclass(frozen=True)
class Episode:
    baseline: Baseline | None
    discharged_at: datetime | None
    discharged_referral_id: uuid.UUID | None


def _whole(value: Any, maximum: int) -> int | None:
    # The referral journey validates these; a missing or odd value is simply no baseline.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        return None
    return value


def _psfs(raw: Any) -> tuple[tuple[str, int], ...]:
    items = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        activity, score = str(item.get("activity", "")).strip(), _whole(item.get("score"), 10)
        if activity and score is not None:
            items.append((activity[:200], score))
    return tuple(items)


def baseline_from(referral: Referral) -> Baseline:
    scores = referral.scores or {}
    return Baseline(
        referral_id=referral.id,
        submitted_at=referral.submitted_at,
        pain_nrs=_whole(scores.get("pain_nrs"), 10),
        pain_vas=_whole(scores.get("pain_vas"), 100),
        psfs=_psfs(scores.get("psfs")),
    )


def current_episode(db: Session, *, patient_id: uuid.UUID) -> Episode:
    """The latest referral with scores is the baseline; a discharge after it ends treatment."""
    referrals = db.exec(
        select(Referral).where(Referral.patient_id == patient_id).order_by(col(Referral.submitted_at).desc())
    ).all()
    baseline = next((baseline_from(r) for r in referrals if r.scores), None)
    discharge = None
    if referrals:
        since = baseline.submitted_at if baseline else None
        statement = (
            select(ReferralEvent)
            .where(
                col(ReferralEvent.referral_id).in_([r.id for r in referrals]),
                ReferralEvent.event_type == DISCHARGED,
            )
            .order_by(col(ReferralEvent.occurred_at).desc())
        )
        discharge = db.exec(statement).first()
        if discharge is not None and since is not None and discharge.occurred_at < since:
            discharge = None  # an earlier episode's discharge: this one is still going on
    return Episode(
        baseline=baseline,
        discharged_at=discharge.occurred_at if discharge else None,
        discharged_referral_id=discharge.referral_id if discharge else None,
    )
