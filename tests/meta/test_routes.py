"""The route matrix: every route declares who may reach it, and nobody else can.

Each route is called as anonymous, patient A, patient B and each staff role.
Allowed: anything but 403 or a bounce to a sign-in page. Refused: 403, or a
redirect to the right sign-in page. Routes about patient A's things answer
patient B with 404, so ids in URLs cannot be used to peek (IDOR).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for
from sqlmodel import Session

from patient_app.access import Role, rule_for_endpoint
from tests.conftest import sign_in_patient, sign_in_staff
from tests.meta.routes import Route, all_routes, build_world
from tests.support.factories import make_patient, make_staff
from tests.support.pages import PageClient

IDENTITIES = ["anonymous", "patient_a", "patient_b", "navigator", "clinician", "admin"]


def test_every_route_declares_who_may_reach_it(app: Flask) -> None:
    undeclared = [rule.endpoint for rule in app.url_map.iter_rules() if rule_for_endpoint(app, rule.endpoint) is None]
    assert undeclared == []


def test_every_route_is_in_the_matrix_with_the_same_access(app: Flask) -> None:
    listed = {route.endpoint: route for route in all_routes()}
    for rule in app.url_map.iter_rules():
        assert rule.endpoint in listed, f"{rule.endpoint} ({rule.rule}) is not in tests/meta/routes.py"
        declared = rule_for_endpoint(app, rule.endpoint)
        assert declared is not None
        assert declared.describe() == listed[rule.endpoint].access, rule.endpoint
    assert set(listed) <= set(app.view_functions), "the matrix lists routes that no longer exist"


def _world(db: Session) -> dict[str, Any]:
    world: dict[str, Any] = {
        "patient_a": make_patient(db, given_name="Alice"),
        "patient_b": make_patient(db, given_name="Bob"),
        "navigator": make_staff(db, Role.NAVIGATOR),
        "clinician": make_staff(db, Role.CLINICIAN),
        "admin": make_staff(db, Role.ADMIN),
        "spare_staff": make_staff(db, Role.NAVIGATOR),
    }
    build_world(db, world)
    return world


def _expected(route: Route, identity: str) -> str:  # noqa: PLR0911 - one return per row of the access table
    if route.access == "public":
        return "allowed"
    if route.access == "patient":
        if identity == "anonymous":
            return "sign-in"
        if identity == "patient_b" and route.owner == "patient_a":
            return "not-found"
        return "allowed" if identity.startswith("patient") else "forbidden"
    roles = set(route.access.partition(":")[2].split(",")) - {""}
    if identity == "anonymous":
        return "staff-sign-in"
    if identity.startswith("patient"):
        return "forbidden"
    return "allowed" if not roles or identity in roles else "forbidden"


def _outcome(response: Any) -> str:
    location = response.headers.get("Location", "")
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "not-found"
    # Access refusals carry ?next= so the person returns after signing in; a
    # journey sending someone back to its first step does not.
    if response.status_code in (302, 303) and location.startswith("/staff/sign-in?next="):
        return "staff-sign-in"
    if response.status_code in (302, 303) and location.startswith("/sign-in?next="):
        return "sign-in"
    return "allowed"


@pytest.mark.parametrize("identity", IDENTITIES)
def test_route_matrix(app: Flask, db: Session, client: PageClient, identity: str) -> None:
    world = _world(db)
    if identity.startswith("patient"):
        sign_in_patient(client, world[identity])
    elif identity != "anonymous":
        sign_in_staff(client, world[identity])
    with app.test_request_context():
        calls = [
            (route, method, url_for(route.endpoint, **route.args(world)))
            for route in all_routes()
            for method in route.methods
        ]
    for route, method, url in calls:
        if route.endpoint.endswith("sign_out"):
            continue  # would end this identity's session; sign-out is tested on its own
        if method == "GET":
            response = client.raw.get(url)
        else:
            token_page = "/staff/account" if identity in ("navigator", "clinician", "admin") else "/sign-in"
            response = client.post(url, {}, csrf_from=token_page)
        expected = _expected(route, identity)
        if expected == "allowed" and route.owner == "patient_a" and identity == "patient_b":
            expected = "not-found"
        outcome = _outcome(response)
        if expected == "allowed":
            assert outcome not in ("forbidden", "sign-in", "staff-sign-in"), f"{identity} refused {method} {url}"
        else:
            assert outcome == expected, f"{identity} {method} {url}: {response.status_code}, expected {expected}"
