"""Run every benchmark module (or those named) and print their reports."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import tests.bench as package


def main(selected: list[str]) -> int:
    names = [info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")]
    if selected:
        names = [name for name in names if name in selected]
    for name in names:
        module = importlib.import_module(f"tests.bench.{name}")
        started = time.perf_counter()
        print(f"== {name}")
        for line in module.run():
            print(f"   {line}")
        print(f"   (took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
