"""Who may reach each route, declared on the view and enforced in one hook.

Every view carries exactly one declaration: `@public`, `@patient_only` or
`@staff_only(*roles)`. A route without one is refused (fail closed), and the
route-matrix meta-test fails, so nothing can be published by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from patient_app.extensions import login_manager
from patient_app.identity import Anonymous, load_user

View = TypeVar("View", bound=Callable[..., Any])


class Role(StrEnum):
    NAVIGATOR = "navigator"
    CLINICIAN = "clinician"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)
# Framework endpoints that serve only public files.
FRAMEWORK_PUBLIC = frozenset({"static"})


@dataclass(frozen=True)
class AccessRule:
    audience: str  # public | patient | staff
    roles: frozenset[str] = frozenset()

    def allows(self, user: Any) -> bool:
        if self.audience == "public":
            return True
        if self.audience == "patient":
            return bool(getattr(user, "is_patient", False))
        if not getattr(user, "is_staff", False):
            return False
        return not self.roles or bool(self.roles & user.roles)

    def describe(self) -> str:
        if self.audience == "staff" and self.roles:
            return "staff:" + ",".join(sorted(self.roles))
        return self.audience


PUBLIC = AccessRule("public")
PATIENT = AccessRule("patient")


def _declare(view: View, rule: AccessRule) -> View:
    if hasattr(view, "access_rule"):
        raise RuntimeError(f"{view.__name__} declares its access twice")
    view.access_rule = rule  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    return _declare(view, PUBLIC)


def patient_only(view: View) -> View:
    return _declare(view, PATIENT)


def staff_only(*roles: Role) -> Callable[[View], View]:
    """Any signed-in staff member with at least one of `roles` (or any role if none)."""
    rule = AccessRule("staff", frozenset(roles))
    return lambda view: _declare(view, rule)


def rule_for_endpoint(app: Flask, endpoint: str) -> AccessRule | None:
    if endpoint in FRAMEWORK_PUBLIC:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def safe_next(target: str) -> str:
    """A same-site path to go back to after signing in, or the home page.

    Browsers read a backslash as a slash, so "/\\evil.example" would leave the site.
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or "\\" in target:
        return "/"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return "/"
    return target


def enforce() -> Response | None:
    if request.endpoint is None:
        return None  # 404/405 handled by the error pages
    rule = rule_for_endpoint(current_app, request.endpoint)
    if rule is None:
        current_app.logger.error("route %s has no access declaration", request.endpoint)
        abort(403)
    if session.pop("staff_timed_out", False):
        flash(_("You were signed out because your session timed out. Sign in again."))
    if rule.allows(current_user):
        return None
    if not current_user.is_authenticated:
        if rule.audience == "staff":
            return redirect(url_for("staff_auth.sign_in", next=safe_next(request.full_path)))
        return redirect(url_for("accounts.sign_in", next=safe_next(request.full_path)))
    abort(403)
    return None


def init_app(app: Flask) -> None:
    login_manager.anonymous_user = Anonymous
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)
    app.before_request(enforce)
