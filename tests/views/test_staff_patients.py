"""Staff find a patient and open their record; every opening is audited."""

from __future__ import annotations

from sqlmodel import Session, select

from patient_app.models import AuditEvent, Patient
from tests.conftest import sign_in_staff
from tests.support.factories import StaffLogin, make_patient
from tests.support.pages import PageClient


def test_search_by_name_and_open_the_record(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient, other_patient: Patient
) -> None:
    sign_in_staff(client, navigator)
    page = client.get(f"/staff/patients/?q={patient.family_name}")
    names = [a.get_text(strip=True) for a in page.select("table a")]
    assert names == [patient.full_name]
    record = client.get(f"/staff/patients/{patient.id}")
    assert record.h1 == patient.full_name
    views = db.exec(
        select(AuditEvent).where(AuditEvent.action == "staff.viewed_patient", AuditEvent.patient_id == patient.id)
    ).all()
    assert len(views) == 1
    assert views[0].actor_id == str(navigator.record.id)
    assert views[0].ip_address == "127.0.0.1"


def test_search_by_nhs_number_with_spaces(client: PageClient, db: Session, clinician: StaffLogin) -> None:
    target = make_patient(db, nhs_number="9990000018")
    sign_in_staff(client, clinician)
    page = client.get("/staff/patients/?q=999 000 0018")
    assert [a["href"] for a in page.select("table a")] == [f"/staff/patients/{target.id}"]


def test_unknown_patient_is_404(client: PageClient, navigator: StaffLogin) -> None:
    sign_in_staff(client, navigator)
    client.get("/staff/patients/00000000-0000-4000-8000-000000000000", status=404)
