"""`careerkit log` and `careerkit stage`: one entry appended, every other
byte of the file kept, the result validated before anything is written."""

from __future__ import annotations

import difflib
import os
from datetime import date
from pathlib import Path

import pytest

from careerkit.commands.cli import main
from careerkit.records.yamlio import plain, read_yaml

CONFIG = "title: test\nas_of: 2026-11-01\n"

# A hand-written contact: comments everywhere, flow and block styles, quoted
# and block scalars, a two-space-offset list next to an indentless one.
JANE = """\
# Jane — met at a meetup.   (a comment before everything)
name:   "Jane Doe"        # extra spaces and quotes are kept
company: Acme
roles: [advocate,   mentor]   # flow, odd spacing
tags:
- one          # an indentless block list
-   two
met: 2023-03-01
interactions:
    # a comment above the first entry
    -   date: 2024-01-05     # wide offsets
        kind: call
        note: >
          folded text that
          spans lines
    - {date: 2024-06-01, kind: email}   # a flow entry in a block list

    # a trailing comment after the list
notes: |
  Keep **this** as is.
# the end
"""

OPPORTUNITY = """\
company: Globex  # the company
role: Backend Engineer
source: referral
contact: jane
stages:
  - stage: applied
    date: 2025-05-01
  - stage: screen   # went well
    date: 2025-05-08
    note: |
      Phone screen.

# notes below
notes: Keep.
"""

LIST = """\
# several people
- id: ann
  name: Ann
  interactions:
    - date: 2024-01-01
      kind: call

- name: Bob Stone
  company: Initech

- id: cy
  name: Cy
"""


def make_repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    (root / "careerkit.yaml").write_text(CONFIG, encoding="utf-8")
    for rel, text in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path, {"contacts/jane.yaml": JANE, "contacts/people.yaml": LIST,
                                "opportunities/globex.yaml": OPPORTUNITY})


def only_inserted(old: str, new: str) -> list[str]:
    """The lines inserted into ``old`` to make ``new``; fails when anything
    else changed."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    inserted = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), f"{op}: {a[i1:i2]!r} -> {b[j1:j2]!r}"
        if op == "insert":
            inserted += b[j1:j2]
    return inserted


def data(path: Path):
    value, problems = read_yaml(path, "x")
    assert problems == []
    return plain(value)


def test_log_keeps_every_byte_of_a_hand_written_file(repo, capsys):
    path = repo / "content/contacts/jane.yaml"
    before = data(path)
    assert main(["log", "jane", "coffee", "Talked: about *staff* roles", "--date", "2026-10-30", "--root", str(repo)]) == 0
    new = path.read_text(encoding="utf-8")
    assert only_inserted(JANE, new) == [
        "    -   date: 2026-10-30\n",
        "        kind: coffee\n",
        "        note: 'Talked: about *staff* roles'\n",
    ]
    assert new.index("2026-10-30") < new.index("# a trailing comment after the list")
    before["interactions"].append({"date": "2026-10-30", "kind": "coffee", "note": "Talked: about *staff* roles"})
    assert data(path) == before
    assert "content/contacts/jane.yaml:17: added interaction 2026-10-30 coffee to jane" in capsys.readouterr().out
    assert main(["check", "--root", str(repo)]) == 0


def test_stage_appends_after_a_block_scalar_and_keeps_the_rest(repo):
    path = repo / "content/opportunities/globex.yaml"
    assert main(["stage", "globex", "interview", "--date", "2025-05-20", "--note", "Loop with 4", "--root", str(repo)]) == 0
    new = path.read_text(encoding="utf-8")
    assert only_inserted(OPPORTUNITY, new) == ["  - stage: interview\n", "    date: 2025-05-20\n", "    note: Loop with 4\n"]
    stages = data(path)["stages"]
    assert stages[1]["note"] == "Phone screen.\n"
    assert stages[2] == {"stage": "interview", "date": "2025-05-20", "note": "Loop with 4"}


def test_log_in_a_list_file_edits_only_that_record(repo):
    path = repo / "content/contacts/people.yaml"
    assert main(["log", "ann", "email", "--date", "2026-01-02", "--root", str(repo)]) == 0
    assert only_inserted(LIST, path.read_text(encoding="utf-8")) == ["    - date: 2026-01-02\n", "      kind: email\n"]
    # Bob has no id: it is derived from his name; he has no interactions yet
    assert main(["log", "bob-stone", "call", "--date", "2026-01-03", "--root", str(repo)]) == 0
    new = path.read_text(encoding="utf-8")
    assert only_inserted(LIST, new)[-3:] == ["  interactions:\n", "    - date: 2026-01-03\n", "      kind: call\n"]
    records = data(path)
    assert records[1]["interactions"] == [{"date": "2026-01-03", "kind": "call"}]
    assert "interactions" not in records[2] and len(records[0]["interactions"]) == 2


def test_log_into_an_empty_key_and_a_file_without_final_newline(tmp_path):
    text = "name: Kim\ninteractions:   # none yet\nnotes: x"
    repo = make_repo(tmp_path, {"contacts/kim.yaml": text})
    assert main(["log", "kim", "meeting", "line one\nline two", "--date", "2026-02-02", "--root", str(repo)]) == 0
    new = (repo / "content/contacts/kim.yaml").read_text(encoding="utf-8")
    assert new.startswith("name: Kim\ninteractions:   # none yet\n  - date: 2026-02-02\n")
    assert new.endswith("notes: x")
    assert data(repo / "content/contacts/kim.yaml")["interactions"] == [
        {"date": "2026-02-02", "kind": "meeting", "note": "line one\nline two"}
    ]


def test_log_into_a_flow_list_changes_only_that_list(tmp_path):
    text = "name: Lee\ninteractions: [{date: 2024-01-01, kind: call}]  # flow\nnotes: x\n"
    repo = make_repo(tmp_path, {"contacts/lee.yaml": text, "contacts/mo.yaml": "name: Mo\ninteractions: []\n"})
    assert main(["log", "lee", "event", "yes", "--date", "2026-03-03", "--root", str(repo)]) == 0
    assert (repo / "content/contacts/lee.yaml").read_text(encoding="utf-8") == (
        "name: Lee\n"
        "interactions: [{date: 2024-01-01, kind: call}, {date: 2026-03-03, kind: event, note: yes}]  # flow\n"
        "notes: x\n"
    )
    assert main(["log", "mo", "call", "--date", "2026-03-03", "--root", str(repo)]) == 0
    assert (repo / "content/contacts/mo.yaml").read_text(encoding="utf-8") == (
        "name: Mo\ninteractions: [{date: 2026-03-03, kind: call}]\n"
    )


def test_crlf_bom_and_file_mode_are_kept(tmp_path):
    raw = "\ufeffname: Pat\r\n# comment\r\ninteractions:\r\n  - date: 2024-01-01\r\n".encode("utf-8")
    repo = make_repo(tmp_path, {"contacts/pat.yaml": raw})
    path = repo / "content/contacts/pat.yaml"
    os.chmod(path, 0o640)
    assert main(["log", "pat", "call", "--date", "2026-01-01", "--root", str(repo)]) == 0
    assert path.read_bytes() == raw + b"  - date: 2026-01-01\r\n    kind: call\r\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["pat.yaml"]  # no temporary file left


def test_notes_that_look_like_other_types_stay_text(repo):
    for index, note in enumerate(["true", "123", "2024-01-01", "- x", "# not a comment", "ünïcode: ok"]):
        assert main(["log", "cy", "other", note, "--date", f"2026-01-0{index + 1}", "--root", str(repo)]) == 0
    notes = [i["note"] for i in data(repo / "content/contacts/people.yaml")[2]["interactions"]]
    assert notes == ["true", "123", "2024-01-01", "- x", "# not a comment", "ünïcode: ok"]


def test_default_date_is_today(repo):
    assert main(["log", "cy", "call", "--root", str(repo)]) == 0
    today = date.today().isoformat()
    assert data(repo / "content/contacts/people.yaml")[2]["interactions"] == [{"date": today, "kind": "call"}]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_unknown_kind_is_located_and_nothing_is_written(repo, capsys):
    before = snapshot(repo)
    assert main(["log", "jane", "cofee", "--date", "2026-10-30", "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    # it used to say 18:15: where the entry would have been, a line that holds something else in the file as it is
    assert ("content/contacts/jane.yaml:2:1: error: in the new entry of `interactions`: "  # the record's own line
            "interactions[2].kind: 'cofee' is not one of the allowed values (did you mean 'coffee'?)") in err
    assert "jane.yaml was not changed" in err
    assert snapshot(repo) == before


def test_stage_dated_before_the_previous_one_is_refused(repo, capsys):
    before = snapshot(repo)
    assert main(["stage", "globex", "offer", "--date", "2025-05-02", "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    assert ("content/opportunities/globex.yaml:1:1: error: in the new entry of `stages`: "
            "stages[2].date: 2025-05-02 is before the previous stage's date 2025-05-08") in err
    assert snapshot(repo) == before


def test_unknown_stage_is_refused_with_a_hint(repo, capsys):
    assert main(["stage", "globex", "intervew", "--date", "2025-06-01", "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    assert ("content/opportunities/globex.yaml:1:1: error: in the new entry of `stages`: "
            "stages[2].stage: 'intervew' is not one of the allowed values (did you mean 'interview'?)") in err


def test_unknown_id_gets_a_did_you_mean(repo, capsys):
    before = snapshot(repo)
    assert main(["log", "jnae", "call", "--root", str(repo)]) == 1
    assert "careerkit: error: no contact has the id 'jnae' (did you mean 'jane'?)" in capsys.readouterr().err
    assert main(["stage", "nothing-like-it", "applied", "--root", str(repo)]) == 1
    assert "no opportunity has the id 'nothing-like-it' (the id is the file name" in capsys.readouterr().err
    assert snapshot(repo) == before


def test_a_record_with_errors_cannot_be_found_and_says_why(tmp_path, capsys):
    repo = make_repo(tmp_path, {"contacts/bad.yaml": "name: Bad\nmet: 2023-13-01\n"})
    assert main(["log", "bad", "call", "--root", str(repo)]) == 1
    assert "1 file in content/contacts/ have errors (run `careerkit check`)" in capsys.readouterr().err


def test_problems_already_in_a_list_file_do_not_block_another_record(tmp_path, capsys):
    text = "- id: ok\n  name: Ok\n- id: broken\n  name: Broken\n  roles: [wizard]\n"
    repo = make_repo(tmp_path, {"contacts/mixed.yaml": text})
    assert main(["log", "ok", "call", "--date", "2026-01-01", "--root", str(repo)]) == 0
    assert only_inserted(text, (repo / "content/contacts/mixed.yaml").read_text(encoding="utf-8")) == [
        "  interactions:\n", "    - date: 2026-01-01\n", "      kind: call\n"
    ]


def test_a_key_that_is_not_a_list_is_refused(tmp_path, capsys):
    repo = make_repo(tmp_path, {"contacts/nul.yaml": "name: Nul\ninteractions: ~\n"})
    before = snapshot(repo)
    assert main(["log", "nul", "call", "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    assert "careerkit: error: content/contacts/nul.yaml:2:1: `interactions` is not a list I can append to" in err
    assert snapshot(repo) == before


def test_usage_errors_exit_2(repo, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["log", "jane", "call", "--date", "2026-02-30", "--root", str(repo)])
    assert exc.value.code == 2
    assert "'2026-02-30' is not a date (there is no 30 February: February 2026 has 28 days)" in capsys.readouterr().err
    assert main(["log", "jane", "call", "--root", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err
