"""The YAML reader on its own: YAML 1.2 core semantics, positions, the
safety caps, and the same results from libyaml and from the pure-Python
parser."""

from __future__ import annotations

import math
import time
import tracemalloc

import pytest

from careerkit.records import yamlio
from careerkit.records.yamlio import REJECTED, YamlError, parse_text, plain, read_yaml


def value(text: str, pure: bool = False):
    data, problems = parse_text(f"v: {text}\n", "t.yaml", pure=pure)
    assert problems == []
    return data["v"]


def error(text: str, pure: bool = False) -> tuple[str, int, int]:
    """(message, line, col) of the problem that stops or spoils a parse."""
    try:
        _, problems = parse_text(text, "t.yaml", pure=pure)
    except YamlError as exc:
        return exc.message, exc.line, exc.col
    assert len(problems) == 1, problems
    (p,) = problems
    return p.message, p.location.line, p.location.col


PARSERS = [pytest.param(False, id="libyaml"), pytest.param(True, id="pure")]

CORE_SCHEMA = [
    ("true", True), ("false", False), ("True", True), ("FALSE", False),
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("n", "n"), ("Yes", "Yes"),
    ("0o17", 15), ("0x1F", 31), ("017", 17), ("-12", -12), ("+3", 3), ("1_000", "1_000"),
    ("1e3", 1000.0), ("1.5", 1.5), ("-.5", -0.5), (".inf", math.inf), ("-.Inf", -math.inf),
    ("1:20", "1:20"), ("190:20:30", "190:20:30"),
    ("null", None), ("~", None), ("Null", None), ("NULL", None), ("", None), ("nul", "nul"),
    ("2024-01-02", "2024-01-02"), ("'true'", "true"), ('"12"', "12"), ("!!str 12", "12"), ("!!int '12'", 12),
]


@pytest.mark.parametrize("pure", PARSERS)
@pytest.mark.parametrize("text, expected", CORE_SCHEMA, ids=[t or "empty" for t, _ in CORE_SCHEMA])
def test_yaml_12_core_schema(text, expected, pure):
    got = value(text, pure)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("pure", PARSERS)
def test_nan(pure):
    assert math.isnan(value(".nan", pure)) and math.isnan(value(".NaN", pure))


@pytest.mark.parametrize("pure", PARSERS)
def test_every_node_has_a_position(pure):
    text = "name: Jane\nroles:\n  - recruiter\n  - peer\ninteractions:\n  - {date: 2024-01-01, kind: call}\n"
    data, problems = parse_text(text, "t.yaml", pure=pure)
    assert problems == []
    assert (data.line, data.col) == (1, 1)
    assert data.key_loc("roles") == (2, 1) and data.value_loc("roles") == (3, 3)
    assert data["roles"].item_loc(1) == (4, 5)
    item = data["interactions"][0]
    assert item.value_loc("kind") == (6, 30) and item.key_loc("date") == (6, 6)
    assert plain(data) == {
        "name": "Jane", "roles": ["recruiter", "peer"], "interactions": [{"date": "2024-01-01", "kind": "call"}]
    }
    assert type(plain(data)) is dict


def test_line_col_counts_yaml_line_breaks():
    text = "a\r\nbc\rd\ne"
    assert yamlio.line_col(text, text.index("c")) == (2, 2)
    assert yamlio.line_col(text, text.index("d")) == (3, 1)
    assert yamlio.line_col(text, text.index("e")) == (4, 1)


# --- the safety caps ---------------------------------------------------------------


def _billion_laughs() -> str:
    lines = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, 10):
        name, prev = chr(97 + i), chr(96 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def _doubling_bomb(levels: int = 16) -> str:
    """At most 32 alias uses, but 2**levels copies when expanded."""
    lines = ["l0: &l0 [" + ", ".join(["x"] * 50) + "]"]
    lines += [f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("pure", PARSERS)
@pytest.mark.parametrize(
    "text, expected",
    [
        (_billion_laughs(), ("aliases expand to more than 10000 values", 4, 36)),
        (_doubling_bomb(), ("aliases expand to more than 10000 values", 8, 15)),
        ("a: &a x\nb: [" + ", ".join(["*a"] * 40) + "]\n", ("more than 32 aliases", 2, 133)),
    ],
    ids=["billion-laughs", "doubling", "many-aliases"],
)
def test_alias_bombs_are_refused_fast_with_little_memory(text, expected, pure):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        got = error(text, pure)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == expected
    assert elapsed < 1.0
    assert peak < 20 * 1024 * 1024


def test_a_few_aliases_are_fine():
    data, problems = parse_text("base: &b {city: Oslo}\na: *b\nb: *b\n", "t.yaml")
    assert problems == [] and plain(data) == {"base": {"city": "Oslo"}, "a": {"city": "Oslo"}, "b": {"city": "Oslo"}}


@pytest.mark.parametrize("pure", PARSERS)
@pytest.mark.parametrize(
    "text, expected",
    [
        ("v: " + "[" * 10_000 + "]" * 10_000 + "\n",
         ("YAML syntax error: while increasing flow level exceeded maximum nesting depth", 1, 1003)),
        ("v: " + "[" * 10_000 + "\n",
         ("YAML syntax error: while increasing flow level exceeded maximum nesting depth", 1, 1003)),
        ("v: " + "{a: " * 10_000 + "\n", ("nesting deeper than 64 levels", 1, 256)),
        ("- " * 10_000 + "x\n", ("nesting deeper than 64 levels", 1, 129)),
        ("v:\n" + "".join(" " * (i + 1) + "k:\n" for i in range(3_000)), ("nesting deeper than 64 levels", 65, 65)),
    ],
    ids=["flow-10000", "flow-unclosed", "flow-mappings", "block-sequences-10000", "block-mappings"],
)
def test_deep_nesting_is_a_located_error(text, expected, pure):
    start = time.perf_counter()
    assert error(text, pure) == expected
    assert time.perf_counter() - start < 2.0


def test_nesting_up_to_the_cap_is_fine():
    text = "v: " + "[" * 63 + "1" + "]" * 63 + "\n"
    data, problems = parse_text(text, "t.yaml")
    assert problems == [] and data["v"]


def test_big_file_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"v: [" + b"[" * (6 * 1024 * 1024) + b"\n")  # would be slow to parse
    monkeypatch.setattr(yamlio, "parse_text", lambda *a, **k: pytest.fail("parsed a file over the limit"))
    start = time.perf_counter()
    data, problems = read_yaml(path, "big.yaml")
    assert time.perf_counter() - start < 0.5
    assert data is None
    assert [str(p) for p in problems] == [
        "big.yaml:1:1: error: the file is 6.0 MiB; the limit is 5 MiB (split it into several files)"
    ]


def test_rejected_values_are_marked_not_guessed():
    data, problems = parse_text("a: !!binary AAAA\nb: !!int nope\nc: !!set {x}\n", "t.yaml")
    assert data["a"] is REJECTED and data["b"] is REJECTED and data["c"] is REJECTED
    assert [(p.location.line, p.location.col, p.message) for p in problems] == [
        (1, 4, "tags are not allowed (found !!binary)"),
        (2, 4, "'nope' is not a valid int"),
        (3, 4, "tags are not allowed (found !!set)"),
    ]
    assert plain(data) == {"a": None, "b": None, "c": None}


def test_huge_integer_is_not_a_crash():
    data, problems = parse_text("v: " + "9" * 5000 + "\n", "t.yaml")
    assert data["v"] is REJECTED and problems[0].message.endswith("is not a valid int")


def test_tag_with_escaped_newline_stays_on_one_line():
    _, problems = parse_text("v: !a%0Ab x\n", "t.yaml")
    assert "\n" not in str(problems[0]) and problems[0].message == "tags are not allowed (found '!a\\nb')"


# --- libyaml and the pure-Python parser agree -------------------------------------

SAME_RESULTS = [
    # valid
    "name: Jane\nroles: [recruiter, peer]\nmet: 2024-01-01\n",
    "- {a: 1, b: [x, y]}\n- c: d\n  e: |\n    line\n    line 2\n",
    "v: 0x1F\nw: 0o17\nx: 1e3\ny: ~\nz: no\n",
    "k:\tv\nl: [a,\tb]\n",  # a tab as a separator is fine
    "\ufeffname: Jane\r\nnotes: >\r\n  folded\r\n  text\r\n",
    "a: &x {p: 1}\nb: *x\n",
    "# only a comment\n",
    "",
    "'quoted key': \"esc\\u00e9\\n\"\n",
    # invalid: the same problems at the same places
    "name: [Jane\n",
    "a: b: c\n",
    "a:\n  - b\n c: d\n",
    "key: 'unterminated\n",
    "- a\nb: c\n",
    "a: *nope\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\nb:\n\t- 2\n",
    "a: @b\n",
    "{a: 1\n",
    "a: 1\na: 2\n",
    "- x: 1\n  y: 2\n  x: 3\n",
    "a: !foo 1\nb: !!python/name:os.system x\n",
    "<<: {a: 1}\n",
    "a: &r [1, *r]\n",
    "a: \x07\n",
    "a: 2024-02-30\n",
    _billion_laughs(),
    "- " * 200 + "x\n",
]


@pytest.mark.parametrize("text", SAME_RESULTS, ids=range(len(SAME_RESULTS)))
def test_pure_python_parser_gives_the_same_results(text):
    def run(pure):
        try:
            data, problems = parse_text(text, "t.yaml", pure=pure)
        except YamlError as exc:
            return ("stopped", exc.line, exc.col, exc.message.startswith("YAML syntax error"))
        return plain(data), [(p.location.line, p.location.col, p.message) for p in problems], _positions(data)

    assert run(True) == run(False)


def _positions(data):
    if isinstance(data, dict):
        return [(k, data.key_loc(k), data.value_loc(k), _positions(v)) for k, v in data.items()]
    if isinstance(data, list):
        return [(data.item_loc(i), _positions(v)) for i, v in enumerate(data)]
    return None


@pytest.mark.skipif(not yamlio.WITH_LIBYAML, reason="PyYAML was built without libyaml")
def test_libyaml_is_used_when_present():
    assert yamlio._Loader is not None and "CParser" in [c.__name__ for c in yamlio._Loader.__mro__]


def test_a_problem_inside_an_aliased_value_is_reported_once():
    data, problems = parse_text("a: &x [!foo 1]\nb: *x\nc: *x\n", "t.yaml")
    assert [(p.location.line, p.location.col) for p in problems] == [(1, 8)]
    assert data["b"] == [REJECTED] and data["c"] == [REJECTED]
