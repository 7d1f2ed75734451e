"""The shape of a route-matrix entry, and every journey's table collected.

Adding a route without adding it here fails `test_every_route_is_in_the_matrix`.
`args` builds the URL arguments from the test world (objects owned by patient A);
`owner="patient_a"` marks routes about patient A's own things: patient B must
get 404 there (no leaking that the thing exists).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

World = dict[str, Any]


@dataclass(frozen=True)
class Route:
    endpoint: str
    access: str  # public | patient | staff | staff:<role,...>
    methods: tuple[str, ...] = ("GET",)
    args: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    owner: str | None = None


def all_tables() -> list[Any]:
    # Imported here: the tables import Route from this module.
    from tests.meta import route_tables  # noqa: PLC0415

    return [
        importlib.import_module(f"tests.meta.route_tables.{info.name}")
        for info in pkgutil.iter_modules(route_tables.__path__)
    ]


def all_routes() -> list[Route]:
    return [route for table in all_tables() for route in table.ROUTES]


def build_world(db: Any, world: World) -> None:
    for table in all_tables():
        builder = getattr(table, "build_world", None)
        if builder is not None:
            builder(db, world)
