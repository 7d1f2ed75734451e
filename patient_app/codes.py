"""Codes people read aloud and type: referral references and green card codes.

An alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B) and a final
check character (Luhn mod N), so a mistyped or misheard character is caught
before we look anything up.
"""

from __future__ import annotations

import secrets

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
N = len(ALPHABET)


def check_character(body: str) -> str:
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // N + addend % N
        factor = 1 if factor == 2 else 2
    return ALPHABET[(N - total % N) % N]


def new_code(length: int = 10) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return body + check_character(body)


def normalise(raw: str) -> str:
    """What a person typed, without spaces or dashes, in capitals."""
    return "".join(char for char in raw.upper() if char.isalnum())


def is_valid(raw: str, length: int = 10) -> bool:
    code = normalise(raw)
    if len(code) != length + 1 or any(char not in ALPHABET for char in code):
        return False
    return check_character(code[:-1]) == code[-1]


def grouped(code: str) -> str:
    """ABCD EFGH JKL: groups of 4 are easier to read aloud."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
