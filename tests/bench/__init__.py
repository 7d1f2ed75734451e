"""Benchmarks, run by `make bench` (never part of `make test`).

Each module here defines `run() -> list[str]`, returning report lines with the
figures it measured and how. `python -m tests.bench [name ...]` runs them.
"""
