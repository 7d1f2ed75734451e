"""Typed reads of Beautiful Soup tags, for the attributes tests follow and compare."""

from __future__ import annotations

from bs4 import Tag


def attr(tag: Tag, name: str) -> str:
    """A single-valued attribute (href, src, id, d...) as text.

    Beautiful Soup types every attribute as text or a list, the list being for the
    multi-valued ones such as class; this fails the test if `name` is one of those.
    """
    value = tag[name]
    assert isinstance(value, str), f"{name} on <{tag.name}> is multi-valued: {value!r}"
    return value
