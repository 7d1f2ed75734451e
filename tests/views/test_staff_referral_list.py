"""The navigators' referral list: who, what, how long against the promise; filters; CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlmodel import Session, select

from patient_app import clock
from patient_app.models import AuditEvent, Patient, Referral
from tests.conftest import sign_in_staff
from tests.support.factories import StaffLogin
from tests.support.pages import Page, PageClient
from tests.support.plans import make_referral


def _referral(db: Session, patient: Patient | None, *, days_ago: int, **fields: str) -> Referral:
    referral = make_referral(db, patient, disposition=fields.pop("disposition", "routine-msk"))
    referral.submitted_at = clock.now() - timedelta(days=days_ago)
    for name, value in fields.items():
        setattr(referral, name, value)
    db.commit()
    return referral


def _rows(page: Page) -> dict[str, list[str]]:
    """Each row's cells as text, by the referral's patient name (column 2).

    The headings repeated in each cell for phones (hidden from screen readers,
    and on wider screens) are left out: the values are what is compared.
    """
    for heading in page.select("#referrals tbody .nhsuk-table__heading"):
        heading.decompose()
    found = {}
    for row in page.select("#referrals tbody tr"):
        cells = [" ".join(cell.get_text(" ").split()) for cell in row.select("td")]
        found[cells[1]] = cells
    return found


def test_each_row_says_who_what_and_how_long_against_the_promise(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient
) -> None:
    _referral(db, patient, days_ago=20, disposition="urgent-msk", priority="urgent", body_area="knee")
    _referral(db, None, days_ago=3, given_name="Ada", family_name="Okafor")
    _referral(db, None, days_ago=200, given_name="Seen", family_name="Already", status="booked")
    sign_in_staff(client, navigator)
    rows = _rows(client.get("/staff/referrals"))

    urgent = rows[patient.full_name]
    assert urgent[3:5] == ["Urgent MSK (within 2 weeks)", "Urgent"]
    assert urgent[5] == "20 days (promise 14 days) Over the promise"
    guest = rows["Ada Okafor"]
    assert guest[3:5] == ["Routine MSK", "Routine"]
    assert guest[5] == "3 days (promise 126 days)"
    assert rows["Seen Already"][5:] == ["Not waiting", "Appointment booked"]
    assert list(rows) == ["Ada Okafor", patient.full_name, "Seen Already"]  # newest first


def test_filters_by_triage_outcome_and_status_and_keep_them_across_pages(
    client: PageClient, db: Session, navigator: StaffLogin
) -> None:
    _referral(db, None, days_ago=1, given_name="Una", family_name="Urgent", disposition="urgent-msk")
    _referral(db, None, days_ago=2, given_name="Rhys", family_name="Routine")
    _referral(db, None, days_ago=3, given_name="Bea", family_name="Booked", disposition="urgent-msk", status="booked")
    sign_in_staff(client, navigator)
    page = client.get("/staff/referrals?disposition=urgent-msk")
    assert list(_rows(page)) == ["Una Urgent", "Bea Booked"]
    assert page.one("#disposition option[selected]").get_text() == "Urgent MSK (within 2 weeks)"
    assert list(_rows(client.get("/staff/referrals?disposition=urgent-msk&status=booked"))) == ["Bea Booked"]
    assert list(_rows(client.get("/staff/referrals?status=nonsense"))) == ["Una Urgent", "Rhys Routine", "Bea Booked"]
    download = page.one('a[href^="/staff/referrals.csv"]')
    assert download["href"] == "/staff/referrals.csv?disposition=urgent-msk"


def test_the_csv_has_the_filtered_list_is_formula_safe_and_is_audited(
    client: PageClient, db: Session, navigator: StaffLogin
) -> None:
    referral = _referral(
        db, None, days_ago=5, given_name="=HYPERLINK(1)", family_name="Smith", disposition="urgent-msk"
    )
    _referral(db, None, days_ago=6, given_name="Rhys", family_name="Routine")
    sign_in_staff(client, navigator)
    response = client.raw.get("/staff/referrals.csv?disposition=urgent-msk")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="referrals.csv"'
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(table) == 1
    assert table[0]["reference"] == referral.reference
    assert table[0]["name"] == "'=HYPERLINK(1) Smith"
    assert (table[0]["disposition"], table[0]["days_waiting"], table[0]["promise_days"]) == ("urgent-msk", "5", "14")
    exports = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.exported_referrals")).all()
    assert [(row.actor_id, row.subject) for row in exports] == [(str(navigator.record.id), "referrals: 1")]
    assert "urgent-msk" in str(exports[0].detail)


def test_on_a_phone_each_value_carries_its_heading(client: PageClient, db: Session, navigator: StaffLogin) -> None:
    _referral(db, None, days_ago=3, given_name="Ada", family_name="Okafor")
    sign_in_staff(client, navigator)
    page = client.get("/staff/referrals")
    headings = [th.get_text(strip=True) for th in page.select("#referrals thead th")]
    repeated = [
        span.get_text(strip=True) for span in page.select("#referrals tbody tr:first-child .nhsuk-table__heading")
    ]
    assert repeated == headings == ["Reference", "Patient", "Problem", "Triage", "Priority", "Waiting", "Status"]
    assert all(span["aria-hidden"] == "true" for span in page.select("#referrals .nhsuk-table__heading"))
