"""From composed YAML nodes to located values (YMap, YList, scalars): the
fast path lets libyaml compose an ordinary file in C and walks it once
(:func:`_fast_build`), handing anything unusual (:class:`_Slow`) to the
careful :class:`_Builder`, which collects located problems (duplicate keys,
tags, merge keys) instead of stopping."""

from __future__ import annotations

from typing import Any

import yaml

from ..models import Location, Problem
from .yamlnodes import (
    _BOOL,
    _DECIMAL,
    _FLOAT,
    _INT,
    _NULL,
    _PLAIN_FLOAT,
    _TAG,
    BOOL,
    FLOAT,
    INT,
    MAP,
    MAX_DEPTH,
    NULL,
    REJECTED,
    SEQ,
    STR,
    WITH_LIBYAML,
    Core12Resolver,
    YList,
    YMap,
    _mark,
)


class _Slow(Exception):
    """The fast path met something unusual: read the file the careful way."""


if WITH_LIBYAML:

    class _FastLoader(yaml.cyaml.CParser, Core12Resolver):  # type: ignore[misc]
        """libyaml composes the whole node tree in C."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            Core12Resolver.__init__(self)


def _fast_build(node, depth: int, seen: set):
    """The fast path for ordinary files: the same data and positions as
    :class:`_Builder`, but it gives up (raises :class:`_Slow`) at the first
    alias, tag, merge key, duplicate key, odd scalar or deep nesting, so
    that every problem is found and reported by the careful path."""
    if id(node) in seen:  # an alias (or a recursive one)
        raise _Slow
    seen.add(id(node))
    cls, tag = node.__class__, node.tag
    if cls is yaml.ScalarNode:
        value = node.value
        if tag == STR:
            return value
        if tag == INT and _DECIMAL.match(value):
            return int(value)
        if tag == FLOAT and _PLAIN_FLOAT.match(value):
            return float(value)
        if tag == NULL and _NULL.match(value):
            return None
        if tag == BOOL and _BOOL.match(value):
            return value.lower() == "true"
        raise _Slow
    if depth >= MAX_DEPTH:
        raise _Slow
    mark = node.start_mark
    if cls is yaml.SequenceNode:
        if tag != SEQ:
            raise _Slow
        items = node.value
        out = YList([_fast_build(item, depth + 1, seen) for item in items])
        out.line, out.col = mark.line + 1, mark.column + 1
        out.item_at = [(i.start_mark.line + 1, i.start_mark.column + 1) for i in items]
        return out
    if tag != MAP:
        raise _Slow
    out = YMap()
    out.line, out.col = mark.line + 1, mark.column + 1
    key_at, value_at = {}, {}
    for key_node, value_node in node.value:
        if key_node.__class__ is not yaml.ScalarNode or key_node.value == "<<":
            raise _Slow
        key = _fast_build(key_node, depth + 1, seen)
        if key in out:
            raise _Slow
        out[key] = _fast_build(value_node, depth + 1, seen)
        k, v = key_node.start_mark, value_node.start_mark
        key_at[key] = (k.line + 1, k.column + 1)
        value_at[key] = (v.line + 1, v.column + 1)
    out.key_at, out.value_at = key_at, value_at
    return out


def _fast_parse(text: str):
    """(data, []) for an ordinary file, or raises _Slow."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError, UnicodeError):
        raise _Slow from None
    finally:
        loader.dispose()
    return (None if node is None else _fast_build(node, 0, set())), []


def _pos(node) -> tuple[int, int]:
    return _mark(node.start_mark)


class _Builder:
    """Turns a composed node tree into YMap / YList / scalars, collecting
    problems (duplicate keys, tags, merge keys) instead of stopping.  A
    refused value becomes :data:`REJECTED`."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def problem(self, node, message: str, hint: str | None = None) -> None:
        problem = Problem(Location(self.rel, *_pos(node)), message, hint)
        if problem not in self.problems:  # an aliased node is built once per use
            self.problems.append(problem)

    def build(self, node):
        # the composer has refused recursive aliases, deep nesting and big
        # expansions, so this walk is bounded
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if not self.tag_ok(node, SEQ if isinstance(node, yaml.SequenceNode) else MAP):
            return REJECTED
        if isinstance(node, yaml.SequenceNode):
            out = YList(self.build(item) for item in node.value)
            out.line, out.col = _pos(node)
            out.item_at = [_pos(item) for item in node.value]
            return out
        out = YMap()
        out.line, out.col = _pos(node)
        out.key_at, out.value_at = {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge" or (
                isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and key_node.style in (None, "")
            ):
                self.problem(key_node, "merge keys ('<<') are not supported", "write the keys out")
                continue
            k = self.build(key_node)
            if k is REJECTED:
                continue
            if isinstance(k, (YMap, YList)):
                self.problem(key_node, "a mapping key must be a plain value")
                continue
            if k in out:
                first = out.key_at[k][0]
                self.problem(key_node, f"duplicate key {k!r} (first on line {first})", "keep one of them")
                continue
            out[k] = self.build(value_node)
            out.key_at[k] = _pos(key_node)
            out.value_at[k] = _pos(value_node)
        return out

    def tag_ok(self, node, default: str) -> bool:
        if node.tag == default:
            return True
        self.problem(node, f"tags are not allowed (found {_short(node.tag)})", "remove the tag; records are plain data")
        return False

    def scalar(self, node) -> Any:
        tag, value = node.tag, node.value
        try:
            if tag == STR:
                return value
            if tag == NULL and _NULL.match(value):
                return None
            if tag == BOOL and _BOOL.match(value):
                return value.lower() == "true"
            if tag == INT and _INT.match(value):
                if value.startswith(("0o", "0x")):
                    return int(value[2:], 8 if value[1] == "o" else 16)
                return int(value)
            if tag == FLOAT and _FLOAT.match(value):
                lowered = value.lower()
                if lowered.lstrip("+-") in (".inf", ".nan"):
                    lowered = lowered.replace(".", "", 1)
                return float(lowered)
        except ValueError:  # an int of more than 4300 digits
            pass
        if tag in (INT, FLOAT, BOOL, NULL):
            self.problem(node, f"{value!r} is not a valid {tag[len(_TAG):]}")
        else:
            self.problem(node, f"tags are not allowed (found {_short(tag)})", "remove the tag; records are plain data")
        return REJECTED


def _short(tag: str) -> str:
    text = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    return repr(text) if not text.isprintable() else text
