"""Plugins: the manager factory, entry points faked without installing,
the opt-in local plugins folder, attributed analyzer failures, read-only
records, and what plugins add to the site (kinds, pages, outputs, templates).

Each test builds a fresh manager (``make_plugin_manager(entry_points=...)``)
with small class plugins, the way pluggy's own tests do.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from dataclasses import FrozenInstanceError
from pathlib import Path
from types import MappingProxyType

import careerkit_plugins.market_cadence
import careerkit_plugins.network_health
import careerkit_plugins.pay_gaps
import pytest
from conftest import write_file as write
from conftest import write_repo

from careerkit import Analysis, Metric, Page, Record, Section, Text, hookimpl
from careerkit.commands.cli import main
from careerkit.errors import PluginError
from careerkit.pipeline.build import AnalyzerFailures, build, load
from careerkit.pipeline.plugins import describe_plugins, make_plugin_manager
from careerkit.schema import Field, RecordKind, Shape

# --- helpers ------------------------------------------------------------------

CONFIG = """\
title: Test career
owner: {name: Pat Example}
as_of: 2026-11-01
"""

RECORDS = {
    "content/contacts/jane-doe.yaml": """\
        name: Jane Doe
        company: Acme
        roles: [recruiter]
        met: 2025-01-01
        interactions:
          - {date: 2026-09-01, kind: call}
        """,
    "content/opportunities/globex.yaml": """\
        company: Globex
        role: Engineer
        source: referral
        contact: jane-doe
        stages:
          - {stage: applied, date: 2026-03-01}
          - {stage: offer, date: 2026-04-01}
        offer: {base: 120000}
        """,
    "content/compensation/history.yaml": """\
        - {date: 2020-01-06, employer: Acme, base: 90000, reason: hire}
        - {date: 2024-01-08, employer: Acme, base: 100000, reason: merit}
        """,
    "content/benchmarks/survey.yaml": """\
        date: 2026-01-15
        source: Survey
        p50: 115000
        """,
}


def make_repo(root: Path, config_extra: str = "") -> Path:
    """A small valid career repository."""
    return write_repo(root, CONFIG + textwrap.dedent(config_extra), RECORDS)


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (the marker included) by its sha256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Dist:
    def __init__(self, name: str, version: str):
        self.name, self.version = name, version


class FakeEntryPoint:
    """What importlib.metadata gives: .name, .value, .dist and .load()."""

    def __init__(self, name: str, plugin, dist: str = "acme-careerkit", version: str = "1.2.3"):
        self.name, self.value, self.dist, self._plugin = name, f"{dist}:{name}", Dist(dist, version), plugin

    def load(self):
        if isinstance(self._plugin, BaseException):
            raise self._plugin
        return self._plugin


def builtins() -> list[FakeEntryPoint]:
    return [
        FakeEntryPoint("market_cadence", careerkit_plugins.market_cadence, "careerkit", "0.1.0"),
        FakeEntryPoint("network_health", careerkit_plugins.network_health, "careerkit", "0.1.0"),
        FakeEntryPoint("pay_gaps", careerkit_plugins.pay_gaps, "careerkit", "0.1.0"),
    ]


def simple_analysis(name: str, value=1) -> Analysis:
    return Analysis(name=name, title=name.title(), status="ok", metrics={"n": Metric(value, "count", "N")})


def build_with(root: Path, *plugins: FakeEntryPoint, with_builtins: bool = True):
    loaded = load(root, entry_points=[*(builtins() if with_builtins else []), *plugins])
    assert loaded.problems == []
    return build(loaded, root / "site", root)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err or "--debug" in argv
    return code, out, err


# --- the manager ---------------------------------------------------------------


def test_fresh_manager_has_core_and_the_entry_points_given():
    pm = make_plugin_manager(entry_points=builtins())
    rows = {row["name"]: row for row in describe_plugins(pm)}
    assert set(rows) == {"core", "market_cadence", "network_health", "pay_gaps"}
    assert rows["core"]["hooks"] == ["careerkit_record_kinds"]
    assert rows["pay_gaps"]["kind"] == "entry point"
    assert (rows["pay_gaps"]["source"], rows["pay_gaps"]["version"]) == ("careerkit", "0.1.0")
    assert "careerkit_analyze" in rows["pay_gaps"]["hooks"]
    assert make_plugin_manager(entry_points=[]).get_plugin("pay_gaps") is None


def test_misspelt_hook_fails_at_manager_creation():
    class Typo:
        @hookimpl
        def careerkit_analyse(self, records):
            return None

    with pytest.raises(PluginError) as info:
        make_plugin_manager(entry_points=[FakeEntryPoint("typo", Typo())])
    message = str(info.value)
    assert "'typo'" in message and "acme-careerkit 1.2.3" in message
    assert "careerkit_analyse" in message and "did you mean careerkit_analyze?" in message


def test_misspelt_hook_in_local_file_exits_3(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path, "mine/typo.py", """\
        from careerkit import hookimpl

        @hookimpl
        def careerkit_analyse(records):
            return None
        """)
    code, _, err = run(capsys, "build", "--root", tmp_path, "--plugins-dir", tmp_path / "mine")
    assert code == 3
    assert "plugin 'typo' (local file" in err and "careerkit_analyse" in err
    assert not (tmp_path / "site").exists()


def test_entry_point_that_fails_to_load_is_named():
    ep = FakeEntryPoint("broken", ImportError("No module named 'numpyy'"), "broken-dist", "0.4")
    with pytest.raises(PluginError, match=r"plugin 'broken' \(entry point broken-dist 0.4\) failed to load: "
                                          r"ImportError: No module named 'numpyy'"):
        make_plugin_manager(entry_points=[ep])


def test_two_plugins_with_one_name_are_refused(tmp_path):
    write(tmp_path, "mine/pay_gaps.py", "")
    with pytest.raises(PluginError, match="two plugins are named 'pay_gaps'"):
        make_plugin_manager(tmp_path / "mine", entry_points=builtins())


def test_fake_entry_point_plugin_runs_and_is_reported(tmp_path):
    class Hello:
        @hookimpl
        def careerkit_analyze(self, records, as_of):
            return simple_analysis("hello", len(records.contacts))

    analyses = build_with(tmp_path := make_repo(tmp_path), FakeEntryPoint("hello", Hello()))
    assert [a.name for a in analyses] == ["hello", "market_cadence", "network_health", "pay_gaps"]
    report = json.loads((tmp_path / "site/report.json").read_text())
    assert report["analyzers"]["hello"]["metrics"]["n"]["value"] == 1
    assert (tmp_path / "site/hello.html").is_file()


# --- failing analyzers --------------------------------------------------------


def test_failing_analyzers_are_all_attributed_the_others_run_and_the_site_is_untouched(tmp_path):
    make_repo(tmp_path)
    build_with(tmp_path)
    before = tree_hash(tmp_path / "site")
    ran = []

    class Good:
        @hookimpl
        def careerkit_analyze(self):
            ran.append("good")
            return simple_analysis("good")

    class Boom:
        def __init__(self, message):
            self.message = message

        @hookimpl
        def careerkit_analyze(self, records):
            raise ValueError(self.message)

    with pytest.raises(AnalyzerFailures) as info:
        build_with(
            tmp_path,
            FakeEntryPoint("boom_one", Boom("first"), "boom-one", "1.0"),
            FakeEntryPoint("good", Good()),
            FakeEntryPoint("boom_two", Boom("second"), "boom-two", "2.0"),
        )
    failures = {f.plugin: f for f in info.value.failures}
    assert set(failures) == {"boom_one", "boom_two"}
    assert str(failures["boom_one"]) == "plugin 'boom_one' (entry point boom-one 1.0) failed: ValueError: first"
    assert str(failures["boom_two"]) == "plugin 'boom_two' (entry point boom-two 2.0) failed: ValueError: second"
    assert "raise ValueError(self.message)" in failures["boom_one"].traceback
    assert info.value.exit_code == 3
    assert ran == ["good"]
    assert tree_hash(tmp_path / "site") == before


FAILING = """\
    from careerkit import hookimpl

    @hookimpl
    def careerkit_analyze(records):
        return helper(records)

    def helper(records):
        raise RuntimeError("{message}")
    """


def test_failing_local_analyzers_exit_3_both_reported_site_untouched(tmp_path, capsys):
    make_repo(tmp_path)
    assert run(capsys, "build", "--root", tmp_path)[0] == 0
    before = tree_hash(tmp_path / "site")
    write(tmp_path, "mine/alpha.py", FAILING.format(message="alpha broke"))
    write(tmp_path, "mine/beta.py", FAILING.format(message="beta broke"))
    code, out, err = run(capsys, "build", "--root", tmp_path, "--plugins-dir", tmp_path / "mine")
    assert code == 3
    assert f"plugin 'alpha' (local file {tmp_path / 'mine/alpha.py'}) failed: RuntimeError: alpha broke" in err
    assert f"plugin 'beta' (local file {tmp_path / 'mine/beta.py'}) failed: RuntimeError: beta broke" in err
    assert "Traceback" not in err and out == ""
    assert tree_hash(tmp_path / "site") == before


def test_debug_shows_the_plugin_traceback(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path, "mine/alpha.py", FAILING.format(message="alpha broke"))
    code, _, err = run(capsys, "build", "--root", tmp_path, "--plugins-dir", tmp_path / "mine", "--debug")
    assert code == 3
    assert "Traceback (most recent call last)" in err
    assert f'File "{tmp_path / "mine/alpha.py"}", line 8, in helper' in err
    assert "RuntimeError: alpha broke" in err


@pytest.mark.parametrize(
    "returned, message",
    [
        ("{'status': 'ok'}", "returned dict, expected careerkit.Analysis"),
        ("Analysis('x', 'X', 'great', {})", "status 'great' is not one of none, ok, warn, alert"),
        ("Analysis('x', 'X', 'ok', [1])", "Analysis.metrics is list, expected a mapping of careerkit.Metric"),
        ("Analysis('x', 'X', 'ok', {'m': 3})", "metric 'm' is int, expected careerkit.Metric"),
        ("Analysis('x', 'X', 'ok', {'m': Metric({1, 2}, 'count', 'M')})", "metric 'm' has a value of type set"),
        ("Analysis('x', 'X', 'ok', {}, findings=('oops',))", "a finding is str, expected careerkit.Finding"),
    ],
)
def test_analyzer_returning_a_wrong_value_exits_3(tmp_path, capsys, returned, message):
    make_repo(tmp_path)
    write(tmp_path, "mine/wrong.py", f"""\
        from careerkit import Analysis, Metric, hookimpl

        @hookimpl
        def careerkit_analyze():
            return {returned}
        """)
    code, _, err = run(capsys, "build", "--root", tmp_path, "--plugins-dir", tmp_path / "mine")
    assert code == 3
    assert f"plugin 'wrong' (local file {tmp_path / 'mine/wrong.py'}) failed: {message}" in err
    assert not (tmp_path / "site").exists()


def test_analyzer_calling_sys_exit_is_a_failure_not_an_exit(tmp_path):
    class Quitter:
        @hookimpl
        def careerkit_analyze(self):
            raise SystemExit(0)

    with pytest.raises(AnalyzerFailures, match=r"plugin 'quitter' \(entry point acme-careerkit 1.2.3\) failed: SystemExit"):
        build_with(make_repo(tmp_path), FakeEntryPoint("quitter", Quitter()))


# --- configuration: disable, plugins_dir ---------------------------------------


def test_disabled_plugin_is_not_run_nor_listed(tmp_path, capsys):
    make_repo(tmp_path, "plugins: {disable: [pay_gaps]}\n")
    code, _, _ = run(capsys, "build", "--root", tmp_path)
    assert code == 0
    report = json.loads((tmp_path / "site/report.json").read_text())
    assert {"market_cadence", "network_health"} <= set(report["analyzers"])
    assert "pay_gaps" not in report["analyzers"]
    assert not (tmp_path / "site/pay_gaps.html").exists()
    code, out, _ = run(capsys, "plugins", "--root", tmp_path)
    assert code == 0 and "network_health" in out and "pay_gaps" not in out


def test_disabled_plugin_settings_section_is_still_an_unknown_key(tmp_path, capsys):
    """Disabling a plugin also drops the section it declared: say so clearly."""
    make_repo(tmp_path, "plugins: {disable: [pay_gaps]}\npay_gaps: {lookback_days: 365}\n")
    code, out, _ = run(capsys, "check", "--root", tmp_path)
    assert code == 1
    assert "careerkit.yaml:5:1: error: unknown key 'pay_gaps'" in out


LOCAL_ANALYZER = """\
    \"\"\"Counts contacts.\"\"\"
    from careerkit import Analysis, Metric, hookimpl

    @hookimpl
    def careerkit_settings():
        return {"counter": {"factor": 2}}

    @hookimpl
    def careerkit_analyze(records, settings):
        n = len(records.contacts) * settings["factor"]
        return Analysis("counter", "Counter", "ok", {"doubled": Metric(n, "count", "Contacts twice")})
    """


def test_local_plugins_folder_from_config(tmp_path, capsys):
    make_repo(tmp_path, "plugins_dir: my-plugins\ncounter: {factor: 3}\n")
    write(tmp_path, "my-plugins/counter.py", LOCAL_ANALYZER)
    write(tmp_path, "my-plugins/_helper.py", "raise RuntimeError('private modules are not plugins')\n")
    code, out, _ = run(capsys, "build", "--root", tmp_path)
    assert code == 0 and "counter ok" in out
    report = json.loads((tmp_path / "site/report.json").read_text())
    assert report["analyzers"]["counter"]["metrics"]["doubled"]["value"] == 3
    code, out, _ = run(capsys, "plugins", "--root", tmp_path)
    assert code == 0
    assert f"counter  (local file: {tmp_path / 'my-plugins/counter.py'})" in out
    assert "hooks: careerkit_analyze, careerkit_settings" in out


def test_local_plugins_folder_from_the_command_line(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path / "elsewhere", "counter.py", LOCAL_ANALYZER)
    code, _, _ = run(capsys, "build", "--root", tmp_path, "--plugins-dir", tmp_path / "elsewhere")
    assert code == 0
    report = json.loads((tmp_path / "site/report.json").read_text())
    assert report["analyzers"]["counter"]["metrics"]["doubled"]["value"] == 2
    code, out, _ = run(capsys, "plugins", "--root", tmp_path, "--plugins-dir", tmp_path / "elsewhere")
    assert "counter  (local file:" in out


def test_local_plugin_raising_at_import_exits_3(tmp_path, capsys):
    make_repo(tmp_path, "plugins_dir: plugins\n")
    write(tmp_path, "plugins/bad.py", "import nonexistent_module_xyz\n")
    code, _, err = run(capsys, "build", "--root", tmp_path)
    assert code == 3
    assert (
        f"plugin file {tmp_path / 'plugins/bad.py'} failed to load:"
        " ModuleNotFoundError: No module named 'nonexistent_module_xyz'"
    ) in err
    assert not (tmp_path / "site").exists()


def test_local_plugin_with_a_syntax_error_exits_3(tmp_path, capsys):
    make_repo(tmp_path, "plugins_dir: plugins\n")
    write(tmp_path, "plugins/bad.py", "def (:\n")
    code, _, err = run(capsys, "check", "--root", tmp_path)
    assert code == 3
    assert f"plugin file {tmp_path / 'plugins/bad.py'} failed to load: SyntaxError" in err


def test_missing_plugins_folder_exits_3(tmp_path, capsys):
    make_repo(tmp_path, "plugins_dir: nowhere\n")
    code, _, err = run(capsys, "build", "--root", tmp_path)
    assert code == 3 and f"plugins folder {tmp_path / 'nowhere'} does not exist" in err


def test_plugins_folder_is_not_picked_up_implicitly(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path, "plugins/counter.py", LOCAL_ANALYZER)
    write(tmp_path, "plugins/explode.py", "raise RuntimeError('must not be imported')\n")
    code, _, _ = run(capsys, "build", "--root", tmp_path)
    assert code == 0
    report = json.loads((tmp_path / "site/report.json").read_text())
    assert "counter" not in report["analyzers"]
    code, out, _ = run(capsys, "plugins", "--root", tmp_path)
    assert "local file" not in out


def test_plugins_command_lists_core_and_the_builtins(tmp_path, capsys):
    code, out, err = run(capsys, "plugins", "--root", tmp_path)
    assert code == 0 and err == ""
    assert "core  (core: careerkit.records.kinds)\n    hooks: careerkit_record_kinds\n" in out
    for name in ("market_cadence", "network_health", "pay_gaps"):
        assert f"{name}  (entry point: careerkit 0.1.0)\n    hooks: careerkit_analyze, careerkit_settings\n" in out


# --- record kinds and read-only records ---------------------------------------

PROJECTS = RecordKind(
    "projects",
    Shape((Field("id", "slug"), Field("name", "str", required=True), Field("stars", "int", minimum=0))),
    title="project",
)


class ProjectKind:
    @hookimpl
    def careerkit_record_kinds(self):
        return [PROJECTS]


def test_plugin_record_kind_is_read_validated_and_read_only(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "content/projects/side.yaml", "name: Side project\nstars: 12\n")
    write(tmp_path, "content/projects/more.yaml", "- {id: one, name: One}\n- {id: two, name: Two, stars: 3}\n")
    seen = {}

    class Reader:
        @hookimpl
        def careerkit_analyze(self, records):
            seen["projects"] = records.get("projects")
            return simple_analysis("reader", len(records.get("projects")))

    build_with(tmp_path, FakeEntryPoint("projects", ProjectKind()), FakeEntryPoint("reader", Reader()))
    projects = seen["projects"]
    assert [p.id for p in projects] == ["one", "side", "two"]
    assert all(isinstance(p, Record) and isinstance(p.data, MappingProxyType) for p in projects)
    assert projects[1].data["stars"] == 12 and projects[1].ref == "projects/side"
    assert str(projects[1].location) == "content/projects/side.yaml:1:1"
    report = json.loads((tmp_path / "site/report.json").read_text())
    assert report["records"]["projects"] == 3


def test_plugin_record_kind_problems_are_located(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path, "mine/projects.py", """\
        from careerkit import hookimpl
        from careerkit.schema import Field, RecordKind, Shape

        @hookimpl
        def careerkit_record_kinds():
            return [RecordKind("projects", Shape((Field("id", "slug"), Field("name", "str", required=True))))]
        """)
    write(tmp_path, "content/projects/side.yaml", "name: Side\nnmae: typo\n")
    write(tmp_path, "content/projects/empty.yaml", "stars: 3\n")
    code, out, _ = run(capsys, "check", "--root", tmp_path, "--plugins-dir", tmp_path / "mine")
    assert code == 1
    assert "content/projects/side.yaml:2:1: error: unknown key 'nmae' (did you mean 'name'?)" in out
    assert "content/projects/empty.yaml:1:1: error: unknown key 'stars'" in out
    assert "content/projects/empty.yaml:1:1: error: missing required key 'name'" in out
    # without the plugin the folder is not a record folder
    code, out, _ = run(capsys, "check", "--root", tmp_path)
    assert code == 1
    assert re.search(r"^content/projects/empty\.yaml:1:1: error: .*projects.* is not a record folder", out, re.M)


def test_an_analyzer_cannot_change_what_another_sees(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "content/projects/side.yaml", "name: Side project\n")
    seen = []

    class Mutator:
        def __init__(self, how):
            self.how = how

        @hookimpl
        def careerkit_analyze(self, records):
            self.how(records)

    def rename_contact(records):
        records.contacts[0].name = "x"

    def set_data(records):
        records.get("projects")[0].data["name"] = "x"

    def replace_kind(records):
        records.by_kind["contacts"] = ()

    def append_interaction(records):
        records.contacts[0].interactions.append(None)

    class Observer:
        @hookimpl
        def careerkit_analyze(self, records):
            seen.append((records.contacts[0].name, records.get("projects")[0].data["name"], len(records.contacts),
                         len(records.contacts[0].interactions)))
            return simple_analysis("observer")

    mutators = {"a_rename": rename_contact, "b_set": set_data, "c_replace": replace_kind, "d_append": append_interaction}
    eps = [FakeEntryPoint(name, Mutator(how)) for name, how in mutators.items()]
    with pytest.raises(AnalyzerFailures) as info:
        build_with(tmp_path, FakeEntryPoint("projects", ProjectKind()), *eps, FakeEntryPoint("z_observer", Observer()))
    failures = {f.plugin: f.message for f in info.value.failures}
    assert set(failures) == set(mutators)
    assert failures["a_rename"].startswith(FrozenInstanceError.__name__)
    assert failures["b_set"].startswith("TypeError") and failures["c_replace"].startswith("TypeError")
    assert failures["d_append"].startswith("AttributeError")
    assert seen == [("Jane Doe", "Side project", 1, 1)]


# --- pages, outputs, templates ------------------------------------------------


def test_plugin_pages_outputs_and_templates_show_up_in_the_site(tmp_path):
    make_repo(tmp_path)
    write(tmp_path, "tpl/page.html", """\
        {% extends "base.html" %}
        {% block main %}<p class="custom">custom page: {{ page.title }}</p>{% endblock %}
        """)

    class Extras:
        @hookimpl
        def careerkit_pages(self, analyses):
            return [Page("extra.html", "Extra <page>", sections=(Section("S", (Text("**hi**"),)),))]

        @hookimpl
        def careerkit_outputs(self, report):
            return {"data/summary.csv": "analyzer\n" + "\n".join(report["analyzers"]) + "\n", "raw.bin": b"\x00\x01"}

        @hookimpl
        def careerkit_template_dirs(self):
            return [str(tmp_path / "tpl")]

    build_with(tmp_path, FakeEntryPoint("extras", Extras()))
    site = tmp_path / "site"
    assert '<p class="custom">custom page: Extra &lt;page&gt;</p>' in (site / "extra.html").read_text()
    assert "extra.html" in (site / "index.html").read_text()
    assert (site / "data/summary.csv").read_text() == "analyzer\nmarket_cadence\nnetwork_health\npay_gaps\n"
    assert (site / "raw.bin").read_bytes() == b"\x00\x01"


@pytest.mark.parametrize("path", ["../x", "/etc/x", "a/../../x", "", ".careerkit-site"])
def test_output_path_escaping_the_site_is_refused(tmp_path, path):
    make_repo(tmp_path)
    build_with(tmp_path)
    before = tree_hash(tmp_path / "site")

    class Escape:
        @hookimpl
        def careerkit_outputs(self):
            return {path: "evil"}

    with pytest.raises(PluginError, match="refusing to write"):
        build_with(tmp_path, FakeEntryPoint("escape", Escape()))
    assert tree_hash(tmp_path / "site") == before
    assert not (tmp_path / "x").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["careerkit.yaml", "content", "site"]


def test_output_of_a_wrong_type_is_refused(tmp_path):
    class Numbers:
        @hookimpl
        def careerkit_outputs(self):
            return {"n.txt": 42}

    with pytest.raises(PluginError, match="output 'n.txt' must be text or bytes, got int"):
        build_with(make_repo(tmp_path), FakeEntryPoint("numbers", Numbers()))


def test_page_hook_raising_is_attributed_exit_3(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path, "mine/pager.py", """\
        from careerkit import hookimpl

        @hookimpl
        def careerkit_pages(analyses):
            return [analyses[99]]
        """)
    code, _, err = run(capsys, "build", "--root", tmp_path, "--plugins-dir", tmp_path / "mine")
    assert code == 3
    assert f"plugin 'pager' (local file {tmp_path / 'mine/pager.py'}) failed adding pages (careerkit_pages): IndexError" in err


def test_settings_hook_raising_is_attributed_exit_3(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path, "mine/settler.py", """\
        from careerkit import hookimpl

        @hookimpl
        def careerkit_settings():
            return {"settler": {"x": 1 / 0}}
        """)
    code, _, err = run(capsys, "check", "--root", tmp_path, "--plugins-dir", tmp_path / "mine")
    assert code == 3
    assert "plugin 'settler' (local file" in err and "ZeroDivisionError: division by zero" in err


def test_broken_plugin_template_exits_3(tmp_path, capsys):
    make_repo(tmp_path)
    write(tmp_path, "tpl/index.html", "{% if %}\n")
    write(tmp_path, "mine/tpl.py", f"""\
        from careerkit import hookimpl

        @hookimpl
        def careerkit_template_dirs():
            return [{str(tmp_path / "tpl")!r}]
        """)
    code, _, err = run(capsys, "build", "--root", tmp_path, "--plugins-dir", tmp_path / "mine")
    assert code == 3
    assert "a template failed:" in err and "index.html:1" in err
    assert not (tmp_path / "site").exists()


def test_a_page_plugin_cannot_change_the_analyses_others_see(tmp_path):
    make_repo(tmp_path)
    build_with(tmp_path)
    before = tree_hash(tmp_path / "site")

    class Meddler:
        @hookimpl
        def careerkit_pages(self, analyses):
            analyses[0].metrics["n"] = Metric(999, "count", "forged")

    class Clearer:
        @hookimpl
        def careerkit_pages(self, analyses):
            analyses.clear()

    for name, plugin, error in (("meddler", Meddler(), "TypeError"), ("clearer", Clearer(), "AttributeError")):
        expected = rf"plugin '{name}' \(entry point acme-careerkit 1.2.3\) failed adding pages \(careerkit_pages\): {error}"
        with pytest.raises(PluginError, match=expected):
            build_with(tmp_path, FakeEntryPoint(name, plugin))
    assert tree_hash(tmp_path / "site") == before


def test_worst_status_ranks_none_below_ok_and_info_as_ok():
    from careerkit.models import worst

    assert worst([]) == "ok"  # nothing to judge: the analyzer decides none itself
    assert worst(["none", None, "none"]) == "none"  # only missing data
    assert worst(["none", "ok"]) == "ok"  # one judged metric is enough
    assert worst(["none", "info"]) == "ok"  # a note is not a warning
    assert worst(["ok", "warn", "none"]) == "warn"
    assert worst(["warn", "alert", "ok"]) == "alert"
