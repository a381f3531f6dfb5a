"""The machinery under :mod:`careerkit.records.yamlio`: located values, the
YAML 1.2 core schema, the capped composer and both loaders.

- :class:`YMap` / :class:`YList` remember where every node starts;
  :data:`REJECTED` stands for a refused value; :class:`YamlError` stops
  reading a file;
- :class:`_SafeComposer` caps nesting (``MAX_DEPTH``), alias uses
  (``MAX_ALIASES``) and what they expand to (``MAX_EXPANDED``), and refuses
  recursive aliases, on top of libyaml's parser (:class:`_Loader`) or the
  pure-Python one (:class:`_PureLoader`, whose scanner is adjusted to agree
  with libyaml about tabs and nesting).

Turning the composed nodes into values is :mod:`careerkit.records.yamlbuild`'s
work.  The rules themselves are stated in :mod:`careerkit.records.yamlio`,
the public reader.
"""

from __future__ import annotations

import re

import yaml

MAX_ALIASES = 32  # alias uses (``*name``) in one file
MAX_EXPANDED = 10_000  # values the aliases may expand to in all
MAX_DEPTH = 64
_LIBYAML_MAX_NESTING = 1000
WITH_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_DECIMAL = re.compile(r"^[-+]?[0-9]{1,100}$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP = _TAG + "seq", _TAG + "map"


class YMap(dict):
    """A mapping that remembers where it, each key and each value start."""

    __slots__ = ("line", "col", "key_at", "value_at")

    def key_loc(self, key) -> tuple[int, int]:
        return self.key_at.get(key, (self.line, self.col))

    def value_loc(self, key) -> tuple[int, int]:
        at = self.value_at.get(key)  # the key's own position only when needed (schema checks ask for every value's)
        return at if at is not None else self.key_loc(key)


class YList(list):
    """A sequence that remembers where it and each item start."""

    __slots__ = ("line", "col", "item_at")

    def item_loc(self, index: int) -> tuple[int, int]:
        try:
            return self.item_at[index]
        except IndexError:
            return (self.line, self.col)


class Core12Resolver(yaml.resolver.BaseResolver):
    """Implicit tags of the YAML 1.2 core schema.

    ``resolve`` is PyYAML's without the two things careerkit never
    registers — path resolvers (so descending and ascending the tree has
    nothing to track) and wildcard implicit resolvers — and so gives the
    same tags.  The composer calls it back for every node (libyaml's too:
    ~550,000 times for 10k contacts); PyYAML's general version took ~0.2 s
    more of CPU there, ~5 % of a cold build (docs/performance.md)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:  # a plain scalar: the first resolver whose pattern matches
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is yaml.SequenceNode else MAP

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


for _tag, _regexp, _first in (
    (BOOL, _BOOL, "tTfF"),
    (INT, _INT, "-+0123456789"),
    (FLOAT, _FLOAT, "-+0123456789."),
    (NULL, _NULL, ["~", "n", "N", ""]),
):
    Core12Resolver.add_implicit_resolver(_tag, _regexp, list(_first))


class YamlError(Exception):
    """A problem that stops reading a file."""

    def __init__(self, message: str, line: int = 1, col: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message, self.line, self.col, self.hint = message, line, col, hint


class _Rejected:
    """Stands for a value that was refused (a tag, a bad explicit scalar):
    the problem is already reported, so schema checks skip it silently."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<rejected value>"


REJECTED = _Rejected()


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _SafeComposer(yaml.composer.Composer):
    """PyYAML's composer, used on top of both parsers (libyaml's and the
    pure-Python one) so that both give the same nodes and the same errors,
    with nesting and alias uses capped while composing."""

    def __init__(self):
        yaml.composer.Composer.__init__(self)
        self.depth = 0
        self.alias_count = 0
        self.open_anchors: list[str | None] = []  # of the collections being composed
        self.sizes: dict[int, int] = {}  # id(collection node) -> values in it, aliases expanded
        self.expanded = 0  # values added by aliases so far

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise YamlError(f"more than {MAX_ALIASES} aliases", *_mark(event.start_mark), "write the values out")
            if event.anchor in self.open_anchors:
                raise YamlError("recursive alias (a value that contains itself)", *_mark(event.start_mark),
                                "write the values out")
            node = yaml.composer.Composer.compose_node(self, parent, index)
            self.expanded += self.sizes.get(id(node), 1)
            if self.expanded > MAX_EXPANDED:
                raise YamlError(f"aliases expand to more than {MAX_EXPANDED} values", *_mark(event.start_mark),
                                "write the values out")
            return node
        if not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return yaml.composer.Composer.compose_node(self, parent, index)
        if self.depth >= MAX_DEPTH:
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", *_mark(event.start_mark))
        self.depth += 1
        self.open_anchors.append(event.anchor)
        try:
            node = yaml.composer.Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1
            self.open_anchors.pop()
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        self.sizes[id(node)] = 1 + sum(self.sizes.get(id(child), 1) for child in children)
        return node

    def compose_scalar_node(self, anchor):
        """As PyYAML's, but the non-specific tag `!` always means a string
        (the pure parser would resolve an empty `!` scalar to null)."""
        event = self.peek_event()
        node = yaml.composer.Composer.compose_scalar_node(self, anchor)
        if event.tag == "!":
            node.tag = STR
        return node


if WITH_LIBYAML:

    class _Loader(_SafeComposer, yaml.cyaml.CParser, Core12Resolver):  # type: ignore[misc]
        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            _SafeComposer.__init__(self)
            Core12Resolver.__init__(self)

else:  # pragma: no cover - exercised by forcing the pure loader in tests
    _Loader = None


class _PureLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _SafeComposer, Core12Resolver):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _SafeComposer.__init__(self)
        Core12Resolver.__init__(self)

    def fetch_flow_collection_start(self, TokenClass):
        """libyaml refuses more than 1000 open collections (block and flow)
        while it scans ahead; so do we, at the same place."""
        if self.flow_level + len(self.indents) >= _LIBYAML_MAX_NESTING:
            mark = self.get_mark()
            raise yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)
        yaml.scanner.Scanner.fetch_flow_collection_start(self, TokenClass)

    def scan_plain_spaces(self, indent, start_mark):
        """PyYAML's, but tabs between words of a plain scalar are kept as
        libyaml keeps them (`note: paid<TAB>weekly`)."""
        length = 0
        while self.peek(length) in " \t":
            length += 1
        if length and self.peek(length) not in "\r\n\x85\u2028\u2029":
            whitespaces = self.prefix(length)
            self.forward(length)
            return [whitespaces]
        self.forward(length)
        return yaml.scanner.Scanner.scan_plain_spaces(self, indent, start_mark)

    def scan_to_next_token(self):
        """PyYAML's, but a tab separates tokens where libyaml allows it
        (`key:<TAB>value`, inside flow collections), as libyaml does."""
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return
