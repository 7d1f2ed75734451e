"""Password hashing and the password policy (NCSC guidance: length, no composition rules)."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import lazy_gettext as _l

from patient_app.settings import PROJECT_ROOT

MIN_LENGTH = 10
MAX_LENGTH = 128
# argon2id with the library's defaults (RFC 9106 "low memory": 64 MiB, 3 passes).
PRODUCTION_HASHER = PasswordHasher()
_hasher = PRODUCTION_HASHER
# Verified against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("an unused password to spend the same time on")


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hashing cost (the test suite uses a cheap one; hashes stay argon2id)."""
    global _hasher, _DUMMY_HASH  # noqa: PLW0603 - one module-wide setting, changed only by tests
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("an unused password to spend the same time on")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = PROJECT_ROOT / "content" / "security" / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def spend_verification_time(password: str) -> None:
    verify_password(None, password)


def password_problem(password: str, *, email: str = "", names: tuple[str, ...] = ()) -> str | None:
    """Why a new password is not allowed, in words for the error message, or None."""
    if len(password) < MIN_LENGTH:
        return str(_l("Password must be %(count)d characters or more", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Password must be %(count)d characters or fewer", count=MAX_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords():
        return str(_l("This password is too common. Choose one that would be hard to guess"))
    local_part = email.split("@", 1)[0].lower()
    if email and (lowered == email.lower() or (len(local_part) >= 4 and local_part in lowered)):
        return str(_l("Password must not contain your email address"))
    if any(len(name) >= 3 and name.lower() in lowered for name in names):
        return str(_l("Password must not contain your name"))
    return None
