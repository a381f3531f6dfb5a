"""The fast path of the YAML reader (libyaml composes in C, one plain walk)
must give exactly what the careful path gives — data, positions, problems —
or hand the file over to it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerkit.records import yamlio
from careerkit.records.yamlio import YamlError, parse_text

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not yamlio.WITH_LIBYAML, reason="the fast path needs libyaml")


def outcome(text: str, fast: bool):
    try:
        data, problems = parse_text(text, "x.yaml", fast=fast)
    except YamlError as exc:
        return ("error", exc.message, exc.line, exc.col)
    return (repr(data), positions(data), [str(p) for p in problems])


def positions(data):
    if isinstance(data, dict):
        return [(data.line, data.col, sorted(data.key_at.items(), key=repr), sorted(data.value_at.items(), key=repr))] + [
            positions(v) for v in data.values()
        ]
    if isinstance(data, list):
        return [(data.line, data.col, data.item_at)] + [positions(v) for v in data]
    return None


def same(text: str) -> None:
    assert outcome(text, fast=True) == outcome(text, fast=False)


@pytest.mark.parametrize("path", sorted((ROOT / "content").rglob("*.yaml")), ids=lambda p: p.name)
def test_example_content_reads_the_same_both_ways(path):
    same(path.read_text(encoding="utf-8-sig"))


TRICKY = [
    "a: &x 1\nb: *x\n",  # alias
    "a: &x [1, 2]\nb: *x\n",
    "a: !foo 1\n",  # tag
    "a: !!int '12'\n",
    "a: !!float x\n",
    "a: !!null x\n",
    "a: 1\na: 2\n",  # duplicate key
    "<<: {a: 1}\n",  # merge key
    "? [a]\n: 1\n",  # collection key
    "a: 0x1F\nb: 0o17\nc: .NaN\nd: -.inf\ne: 1_000\n",
    "a: " + "9" * 5000 + "\n",
    "a: " + "[" * 80 + "]" * 80 + "\n",  # deep nesting
    "a: &a [*a]\n",  # recursive alias
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "- 1\n- - 2\n  - {x: y, z: [true, FALSE, Null, ~, '']}\n",
    "",
    "# only a comment\n",
    "key: |\n  text\n  more\nother: >\n  folded\n",
    "a: +12\nb: -0\nc: 00012\nd: 1.\ne: .5e-3\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_inputs_read_the_same_both_ways(text):
    same(text)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["no", "yes", "on", "1:20", "01234", "1e3", ".inf", "~", "null", "2024-02-30", "<<", "&a", "*a", "!x"]),
)
trees = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20
)


@settings(derandomize=True, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees, st.booleans())
def test_any_dumped_data_reads_the_same_both_ways(tree, flow):
    same(yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True))


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n[]{},&*!'\"#|>?<1.\t~")), max_size=60))
def test_any_yamlish_text_reads_the_same_both_ways(text):
    same(text)


# Core12Resolver.resolve is PyYAML's BaseResolver.resolve without path and
# wildcard resolvers (careerkit registers neither): the same tag for any node.
SCALARS = ["", "~", "null", "Null", "nul", "true", "TRUE", "tRue", "false", "no", "yes", "0", "-12", "+3", "0o17", "0x1F",
           "0x", "1.5", ".5", "-.inf", ".NaN", "1e3", "1_000", "2026-11-01", "Maya Chen", "n", "t", ".", "-", "é"]


@pytest.mark.parametrize("value", SCALARS)
@pytest.mark.parametrize("implicit", [(True, False), (False, True), (False, False)])
def test_resolver_gives_pyyamls_tags(value, implicit):
    from careerkit.records.yamlnodes import Core12Resolver

    mine = Core12Resolver()
    theirs = Core12Resolver()
    general = yaml.resolver.BaseResolver.resolve
    assert mine.resolve(yaml.ScalarNode, value, implicit) == general(theirs, yaml.ScalarNode, value, implicit)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert mine.resolve(kind, None, (False, False)) == general(theirs, kind, None, (False, False))


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text(max_size=12), st.booleans())
def test_resolver_gives_pyyamls_tags_for_any_text(value, plain):
    from careerkit.records.yamlnodes import Core12Resolver

    resolver = Core12Resolver()
    implicit = (plain, not plain)
    assert resolver.resolve(yaml.ScalarNode, value, implicit) == yaml.resolver.BaseResolver.resolve(
        resolver, yaml.ScalarNode, value, implicit
    )


def test_resolver_has_no_path_or_wildcard_resolvers():
    """What the short resolve relies on: add one and it must change."""
    from careerkit.records.yamlnodes import Core12Resolver

    assert Core12Resolver.yaml_path_resolvers == {} and None not in Core12Resolver.yaml_implicit_resolvers
    assert sorted(Core12Resolver.yaml_implicit_resolvers) == sorted([*"tTfF-+0123456789.~nN", ""])  # bool, int, float, null
