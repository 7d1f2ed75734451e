"""Charts as the patient gets them: SVG with a title, description and table, for 0, 1, 2 and 200 scores.

And the plain-English summaries at the meaningful-change boundaries.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import Tag
from flask import Flask
from sqlmodel import Session

from patient_app import clock
from patient_app.models import Patient
from tests.support.pages import Page, PageClient
from tests.support.progress import add_pain, make_referral
from tests.support.soup import attr

NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(app: Flask) -> None:
    clock.freeze(NOW)


def _inner_text(tag: Tag, name: str) -> str:
    """The text of the first <name> inside `tag` (a chart's <title> or <desc>)."""
    inner = tag.find(name)
    assert inner is not None, f"no <{name}> in {str(tag)[:80]}"
    return inner.get_text()


def _svg_checks(page: Page) -> None:
    for svg in page.select("svg.app-chart__svg"):
        assert svg["role"] == "img"
        labelled = [svg.find(id=i) for i in attr(svg, "aria-labelledby").split()]
        assert [label.name if label is not None else None for label in labelled] == ["title", "desc"]
        assert all(not tag.has_attr("style") for tag in svg.find_all(True)), "the CSP refuses inline styles"


def test_no_scores_no_chart(patient_client: PageClient) -> None:
    page = patient_client.get("/my-progress")
    assert not page.select("#pain ~ figure svg")
    assert "You have not recorded a pain score yet." in page.text()


def test_one_score(patient_client: PageClient, db: Session, patient: Patient) -> None:
    add_pain(db, patient, 40, at=NOW - timedelta(days=1))
    page = patient_client.get("/my-progress")
    _svg_checks(page)
    svg = page.one("figure svg")
    assert len(svg.select("circle")) == 1
    assert not svg.select("path")
    assert _inner_text(svg, "desc").startswith("Chart of your pain scores with one point, on 31 August 2026: 40.")
    assert len(page.select("table.app-chart__table tbody tr")) == 1
    assert "Record another to see how your pain changes." in page.text()


def test_two_scores(patient_client: PageClient, db: Session, patient: Patient) -> None:
    add_pain(db, patient, 40, at=NOW - timedelta(days=8))
    add_pain(db, patient, 20, at=NOW - timedelta(days=1))
    page = patient_client.get("/my-progress")
    _svg_checks(page)
    svg = page.one("figure svg")
    assert len(svg.select("circle")) == 2
    line = svg.select_one("path")
    assert line is not None
    assert attr(line, "d").count("L") == 1
    assert "from 24 August 2026 to 31 August 2026" in _inner_text(svg, "desc")
    summary = page.one("[data-summary=since-start]").get_text(" ", strip=True)
    assert summary.startswith("Your pain is 50% lower than your first score — that is a meaningful improvement.")


def test_two_hundred_scores_are_weekly_averages(patient_client: PageClient, db: Session, patient: Patient) -> None:
    for n in range(200):
        add_pain(db, patient, 30 + n % 20, at=NOW - timedelta(days=200 - n))
    page = patient_client.get("/my-progress")
    _svg_checks(page)
    svg = page.one("figure svg")
    assert "Each point is the average for a week." in _inner_text(svg, "desc")
    rows = page.select("table.app-chart__table tbody tr")
    assert 28 <= len(rows) <= 30
    assert len(svg.select("circle")) == len(rows)  # one marker per week, not per score
    assert sum(int(row.select("td")[2].get_text()) for row in rows) == 200
    assert rows[0].select("td")[0].get_text(strip=True).startswith("Week starting")


def test_referral_milestone_and_baseline_point(patient_client: PageClient, db: Session, patient: Patient) -> None:
    make_referral(db, patient, pain_vas=70, submitted_at=NOW - timedelta(days=20))
    add_pain(db, patient, 50, at=NOW - timedelta(days=2))
    page = patient_client.get("/my-progress")
    svg = page.one("figure svg")
    assert "Referred" in [t.get_text() for t in svg.select("text")]
    assert len(svg.select("rect[transform]")) == 1  # the referral's answer, drawn as a diamond
    assert "Referred on 12 August 2026." in _inner_text(svg, "desc")


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((70, 49), "Your pain is 30% lower than when you referred yourself — that is a meaningful improvement."),
        (
            (70, 50),
            "Your pain is 28% lower than when you referred yourself — a small change. "
            "A change of 30% is usually one you notice.",
        ),
        (
            (50, 65),
            "Your pain is 30% higher than when you referred yourself — that is a meaningful increase. "
            "If you are worried about your pain, contact the team.",
        ),
        ((50, 64), "Your pain is 28% higher than when you referred yourself — a small change."),
        ((50, 50), "Your pain score is the same as when you referred yourself. 50 out of 100 then, 50 out of 100 now."),
    ],
)
def test_vas_summaries_at_the_boundary(
    patient_client: PageClient, db: Session, patient: Patient, scores: tuple[int, int], expected: str
) -> None:
    baseline, latest = scores
    make_referral(db, patient, pain_vas=baseline, submitted_at=NOW - timedelta(days=20))
    add_pain(db, patient, latest, at=NOW - timedelta(days=1))
    summary = patient_client.get("/my-progress").one("[data-summary=since-start]").get_text(" ", strip=True)
    assert summary.startswith(expected)


@pytest.mark.parametrize(
    ("scores", "verdict"),
    [
        ((8, 6), "that is a meaningful improvement."),
        ((8, 7), "a small change. A change of 2 points or 30% is usually one you notice."),
        ((3, 2), "that is a meaningful improvement."),
    ],
)
def test_nrs_summaries_at_the_boundary(
    patient_client: PageClient, db: Session, patient: Patient, scores: tuple[int, int], verdict: str
) -> None:
    baseline, latest = scores
    make_referral(db, patient, pain_nrs=baseline, submitted_at=NOW - timedelta(days=20))
    add_pain(db, patient, latest, scale="nrs", at=NOW - timedelta(days=1))
    page = patient_client.get("/my-progress")
    summary = page.one("[data-summary=since-start]").get_text(" ", strip=True)
    assert verdict in summary
    assert f"{baseline} out of 10 then, {latest} out of 10 now." in summary
    assert _inner_text(page.one("figure svg"), "title") == "Your pain scores from 0 to 10"
