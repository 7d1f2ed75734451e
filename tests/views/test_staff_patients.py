"""Staff find a patient and open their record; every opening is audited."""

from __future__ import annotations

from sqlmodel import Session, select

from patient_app import codes
from patient_app.models import AuditEvent, Patient, Referral
from tests.conftest import sign_in_staff
from tests.support.factories import StaffLogin, make_patient
from tests.support.pages import PageClient
from tests.support.plans import make_referral


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


def _guest_referral(
    db: Session, *, family_name: str = "Okafor", nhs_number: str | None = "9990000026", patient: Patient | None = None
) -> Referral:
    referral = make_referral(db, patient)
    referral.reference = codes.new_code()
    if patient is None:
        referral.given_name, referral.family_name = "Ada", family_name
        referral.nhs_number = nhs_number
    db.commit()
    return referral


def test_a_guest_referral_is_found_by_its_reference_as_read_out(
    client: PageClient, db: Session, navigator: StaffLogin
) -> None:
    referral = _guest_referral(db)
    sign_in_staff(client, navigator)
    # Read out over the phone and typed in lower case, in groups, with a dash.
    typed = codes.grouped(referral.reference).lower().replace(" ", "-", 1)
    page = client.get(f"/staff/patients/?q={typed}")
    assert page.select("#guest-referrals") != []
    row = page.one("#guest-referrals tbody tr")
    link = row.select_one("a")
    assert link is not None
    assert link["href"] == f"/staff/referrals/{referral.id}"
    assert link.get_text(strip=True) == codes.grouped(referral.reference)
    assert "Ada Okafor" in row.get_text(" ")
    assert "15 January 1980" in row.get_text(" ")  # a date in words, not 1980-01-15
    assert page.one("#guest-referrals caption").get_text(strip=True) == "1 referral made without an account"
    assert client.get(f"/staff/referrals/{referral.id}").status == 200


def test_guest_referrals_are_found_by_name_and_nhs_number_too(
    client: PageClient, db: Session, navigator: StaffLogin
) -> None:
    referral = _guest_referral(db)
    _guest_referral(db, family_name="Someone-Else", nhs_number=None)
    sign_in_staff(client, navigator)
    for query in ("okafor", "Ada Okafor", "999 000 0026"):
        links = [a["href"] for a in client.get(f"/staff/patients/?q={query}").select("#guest-referrals a")]
        assert links == [f"/staff/referrals/{referral.id}"], query


def test_a_referral_with_an_account_leads_to_the_patient_not_the_guest_list(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient
) -> None:
    referral = _guest_referral(db, patient=patient)
    sign_in_staff(client, navigator)
    page = client.get(f"/staff/patients/?q={referral.reference}")
    assert [a["href"] for a in page.select("table a")] == [f"/staff/patients/{patient.id}"]
    assert page.select("#guest-referrals") == []


def test_nothing_found_says_so(client: PageClient, navigator: StaffLogin) -> None:
    sign_in_staff(client, navigator)
    page = client.get("/staff/patients/?q=Nobody")
    assert page.select("table") == []
    assert "No patients or referrals match Nobody." in page.text()
