"""The service's area: which GP practices it serves (content/service-area.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from patient_app import yaml_data
from patient_app.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Practice:
    code: str
    name: str
    town: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.town}"


@lru_cache(maxsize=1)
def practices() -> tuple[Practice, ...]:
    data = yaml_data.load((PROJECT_ROOT / "content" / "service-area.yaml").read_text(encoding="utf-8"))
    return tuple(Practice(**entry) for entry in data["practices"])


def practice(code: str) -> Practice | None:
    return next((p for p in practices() if p.code == code), None)


def in_area(code: str) -> bool:
    return practice(code) is not None
