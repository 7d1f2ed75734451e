"""Reading the YAML content files, with libyaml's C parser when PyYAML has it.

Every app start reads the questionnaires, rules and library (the test suite
starts an app per test); the pure-Python parser made that the slowest part.
Same safe loader rules either way: no Python objects from content files.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """The data in a YAML document; the caller may change what it gets back.

    Parsed once per distinct text: the same files are read at every app start,
    and a copy is a tenth of the cost of a parse. Keyed on the text itself, so
    an edited file is always parsed afresh.
    """
    return copy.deepcopy(_parsed(text))


@lru_cache(maxsize=1024)
def _parsed(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader (C or Python)
