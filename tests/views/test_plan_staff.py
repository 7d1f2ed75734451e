"""Clinicians assign and change plans in the console; the plan shows on the patient's record."""

from __future__ import annotations

from sqlmodel import Session, select

from patient_app.content.library import Dosage, library
from patient_app.models import AuditEvent, Patient, PatientPlan
from patient_app.plans import assignment
from patient_app.plans.exercises import planned_exercises
from tests.conftest import sign_in_staff
from tests.support.factories import StaffLogin
from tests.support.pages import PageClient
from tests.support.plans import make_plan


def audits(db: Session, action: str, patient: Patient) -> list[AuditEvent]:
    return list(db.exec(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.patient_id == patient.id)))


def current(db: Session, patient: Patient) -> PatientPlan:
    db.expire_all()
    plan = assignment.active_plan(db, patient_id=patient.id)
    assert plan is not None
    return plan


def test_opening_the_plan_page_is_audited(
    client: PageClient, db: Session, clinician: StaffLogin, patient: Patient
) -> None:
    make_plan(db, patient, template_id="sciatica")
    sign_in_staff(client, clinician)
    page = client.get(f"/staff/patients/{patient.id}/plan")
    assert page.h1 == f"Exercise plan for {patient.full_name}"
    assert page.one("#plan option[selected]")["value"] == "sciatica/weeks-1-2"
    assert len(page.select("input[type=checkbox][name=exercises]")) == len(library().exercises)
    [viewed] = audits(db, "staff.viewed_plan", patient)
    assert viewed.actor_id == str(clinician.record.id)


def test_assign_a_template_stage_with_a_note(
    client: PageClient, db: Session, clinician: StaffLogin, patient: Patient
) -> None:
    sign_in_staff(client, clinician)
    url = f"/staff/patients/{patient.id}/plan"
    response = client.post(url, {"plan": "knee-pain/weeks-3-6", "note": "Little and often."})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/patients/{patient.id}"
    plan = current(db, patient)
    assert (plan.template_id, plan.stage_id, plan.exercises, plan.note) == (
        "knee-pain",
        "weeks-3-6",
        None,
        "Little and often.",
    )
    assert (plan.assigned_by, plan.assigned_by_staff_id) == ("clinician", clinician.record.id)
    [changed] = audits(db, "staff.assigned_plan", patient)
    assert changed.detail["after"] == "knee-pain/weeks-3-6"
    record = client.get(f"/staff/patients/{patient.id}")
    section = record.text("section")
    assert "Exercises for knee pain: Weeks 3 to 6" in section
    assert "Little and often." in section
    assert clinician.record.name in section
    assert record.select(f'a[href="/staff/patients/{patient.id}/plan"]')


def test_choose_exercises_then_set_their_dosage(
    client: PageClient, db: Session, clinician: StaffLogin, patient: Patient
) -> None:
    sign_in_staff(client, clinician)
    url = f"/staff/patients/{patient.id}/plan"
    response = client.post(url, {"plan": "low-back-pain/weeks-1-2", "exercises": ["bridging", "calf-stretch"]})
    assert response.headers["Location"] == f"/staff/patients/{patient.id}/plan/dosage"
    page = client.get(response.headers["Location"])
    assert page.h1 == f"Dosage for {patient.full_name}"
    # Starting values: the exercise's own dosage (neither is in weeks 1 and 2 of the template).
    assert page.value("bridging-amount") == str(library().exercises["bridging"].dosage.reps)
    assert page.value("calf-stretch-amount") == "30"
    response = client.post(
        response.headers["Location"],
        {
            "bridging-sets": "3",
            "bridging-amount": "12",
            "bridging-times": "4",
            "bridging-period": "week",
            "calf-stretch-sets": "2",
            "calf-stretch-amount": "45",
            "calf-stretch-times": "2",
            "calf-stretch-period": "day",
        },
    )
    assert response.status_code == 302
    plan = current(db, patient)
    assert [(p.exercise.id, p.dosage) for p in planned_exercises(plan, library())] == [
        ("bridging", Dosage(3, 12, None, None, 4)),
        ("calf-stretch", Dosage(2, None, 45, 2, None)),
    ]
    record = client.get(f"/staff/patients/{patient.id}")
    assert "Repeat 12 times. Do 3 sets, with a short rest between them. Do this on 4 days a week." in record.text()


def test_dosage_out_of_range_is_refused(
    client: PageClient, db: Session, clinician: StaffLogin, patient: Patient
) -> None:
    sign_in_staff(client, clinician)
    client.post(f"/staff/patients/{patient.id}/plan", {"plan": "low-back-pain/weeks-1-2", "exercises": ["bridging"]})
    url = f"/staff/patients/{patient.id}/plan/dosage"
    page = client.submit(
        url, {"bridging-sets": "0", "bridging-amount": "12", "bridging-times": "9", "bridging-period": "week"}
    )
    assert page.errors() == ["Sets for Bridging must be from 1 to 10"]
    page = client.submit(
        url, {"bridging-sets": "2", "bridging-amount": "12", "bridging-times": "9", "bridging-period": "week"}
    )
    assert page.errors() == ["Days a week for Bridging must be from 1 to 7"]
    assert page.field_error("bridging-times") == "Days a week for Bridging must be from 1 to 7"
    assert planned_exercises(current(db, patient), library())[0].dosage == library().exercises["bridging"].dosage


def test_a_plan_must_be_chosen(client: PageClient, db: Session, clinician: StaffLogin, patient: Patient) -> None:
    sign_in_staff(client, clinician)
    page = client.submit(f"/staff/patients/{patient.id}/plan", {"plan": "", "note": "x"})
    assert page.errors() == ["Select a plan and stage"]
    page = client.submit(f"/staff/patients/{patient.id}/plan", {"plan": "yoga/weeks-1-2"})
    assert page.errors() == ["Select a plan and stage"]
    assert assignment.active_plan(db, patient_id=patient.id) is None


def test_record_without_a_plan_and_for_a_navigator(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient
) -> None:
    sign_in_staff(client, navigator)
    page = client.get(f"/staff/patients/{patient.id}")
    assert "No exercise plan." in page.text("section")
    make_plan(db, patient)
    page = client.get(f"/staff/patients/{patient.id}")
    assert "Exercises for low back pain: Weeks 1 and 2" in page.text("section")
    # Navigators are not clinicians: they see the plan but get no link to change it.
    assert page.select(f'a[href="/staff/patients/{patient.id}/plan"]') == []
    client.get(f"/staff/patients/{patient.id}/plan", status=403)


def test_unknown_patient_is_404(client: PageClient, clinician: StaffLogin) -> None:
    sign_in_staff(client, clinician)
    client.get("/staff/patients/00000000-0000-4000-8000-000000000000/plan", status=404)
