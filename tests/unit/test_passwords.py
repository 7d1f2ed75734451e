"""The password policy (NCSC: length, no common passwords, not your own details) and argon2 hashing."""

from __future__ import annotations

from argon2 import Type

from patient_app.accounts import passwords
from patient_app.accounts.passwords import hash_password, password_problem, verify_password


def test_production_hashing_is_argon2id_with_at_least_owasp_costs() -> None:
    hasher = passwords.PRODUCTION_HASHER
    assert hasher.type is Type.ID
    # OWASP's floor for argon2id is 19 MiB with 2 passes; we use more.
    assert hasher.memory_cost >= 19 * 1024
    assert hasher.time_cost >= 2


def test_hashes_are_salted_and_verify() -> None:
    first, second = hash_password("plum kettle orbit"), hash_password("plum kettle orbit")
    assert first != second
    assert first.startswith("$argon2id$")
    assert verify_password(first, "plum kettle orbit")
    assert not verify_password(first, "plum kettle orbiT")
    assert not verify_password(None, "plum kettle orbit")
    assert not verify_password("!", "anything at all")


def test_length_is_the_only_shape_rule() -> None:
    assert password_problem("nine char") == "Password must be 10 characters or more"
    assert password_problem("x" * 129) == "Password must be 128 characters or fewer"
    # No composition rules: all lower case letters and spaces is fine.
    assert password_problem("plum kettle orbit") is None


def test_common_passwords_are_refused_whatever_their_case() -> None:
    assert len(passwords.common_passwords()) >= 100
    for common in ["password123", "Password123", "qwertyuiop", "1234567890"]:
        assert password_problem(common) == "This password is too common. Choose one that would be hard to guess"


def test_own_email_and_name_are_refused() -> None:
    assert password_problem("sam.tester@example.com", email="sam.tester@example.com") is not None
    assert password_problem("i am sam.tester!", email="sam.tester@example.com") == (
        "Password must not contain your email address"
    )
    assert password_problem("tester tester tester", names=("Sam", "Tester")) == "Password must not contain your name"
    # Very short names are not a useful rule ("Al" is in many words).
    assert password_problem("always a good walk", names=("Al", "Li")) is None
