"""All tables, imported here so Alembic and create_all see every one."""

from patient_app.models.accounts import (
    LoginSession,
    OneTimeToken,
    Patient,
    RecoveryCode,
    StaffMember,
    StaffRole,
)
from patient_app.models.audit import AuditEvent
from patient_app.models.drafts import Draft
from patient_app.models.green_cards import GreenCard
from patient_app.models.messages import CannedReply, Message, MessageNote, MessageThread
from patient_app.models.outbox import InboundHubEvent, OutboxEvent
from patient_app.models.plans import ExerciseLog, PatientPlan
from patient_app.models.progress import (
    FeedbackResponse,
    Goal,
    GoalCheckIn,
    OutcomeSurvey,
    PainEntry,
    ProgressPreferences,
    PsfsRating,
)
from patient_app.models.referrals import RedFlagAlert, Referral, ReferralEvent

__all__ = [
    "AuditEvent",
    "CannedReply",
    "Draft",
    "ExerciseLog",
    "FeedbackResponse",
    "Goal",
    "GoalCheckIn",
    "GreenCard",
    "InboundHubEvent",
    "LoginSession",
    "Message",
    "MessageNote",
    "MessageThread",
    "OneTimeToken",
    "OutboxEvent",
    "OutcomeSurvey",
    "PainEntry",
    "Patient",
    "PatientPlan",
    "ProgressPreferences",
    "PsfsRating",
    "RecoveryCode",
    "RedFlagAlert",
    "Referral",
    "ReferralEvent",
    "StaffMember",
    "StaffRole",
]
