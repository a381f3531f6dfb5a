"""The exported record-file schemas, checked with an independent validator
(`jsonschema`): the example content passes, and records the loader rejects
fail there too."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from careerkit.commands.cli import main
from careerkit.commands.editor import record_file_schema, vscode_settings
from careerkit.records.kinds import BUILTIN_KINDS
from careerkit.records.yamlio import parse_text, plain, read_yaml

ROOT = Path(__file__).resolve().parent.parent
KINDS = {kind.name: kind for kind in BUILTIN_KINDS}


def validator(kind_name: str) -> jsonschema.Draft202012Validator:
    schema = record_file_schema(KINDS[kind_name])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def example_files() -> list[Path]:
    return sorted(p for p in (ROOT / "content").rglob("*") if p.suffix in (".yaml", ".yml"))


def test_there_are_example_files_of_every_kind():
    assert {p.relative_to(ROOT / "content").parts[0] for p in example_files()} == set(KINDS)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_example_content_is_valid_against_the_exported_schema(path):
    rel = path.relative_to(ROOT).as_posix()
    data, problems = read_yaml(path, rel)  # YAML 1.2 core: dates stay strings
    assert problems == []
    errors = list(validator(rel.split("/")[1]).iter_errors(plain(data)))
    assert errors == [], [e.message for e in errors]


def test_a_file_may_hold_one_record_or_a_list():
    contacts = validator("contacts")
    assert contacts.is_valid({"name": "A"})
    assert contacts.is_valid([{"name": "A"}, {"name": "B", "roles": ["peer"]}])
    assert contacts.is_valid([])
    assert not contacts.is_valid("just text")
    assert not contacts.is_valid([{"name": "A"}, {"nme": "B"}])


BAD = [
    ("contacts", "name: A\ncompnay: Acme\n", "unknown key 'compnay'", "compnay"),
    ("contacts", "name: A\nroles: [wizard]\n", "'wizard' is not one of the allowed values", "wizard"),
    ("contacts", "company: Acme\n", "missing required key 'name'", "'name' is a required property"),
    ("contacts", "name: A\nkeep_in_touch_days: '30'\n", "expected a whole number", "'30' is not of type 'integer'"),
    ("contacts", "name: A\ninteractions:\n  - kind: call\n", "missing required key 'date'", "'date' is a required property"),
    ("contacts", "name: A\nmet: 2024/01/01\n", "is not a valid date", "does not match"),
    ("opportunities", "company: X\nrole: Y\nsource: friend\nstages: [{stage: lead, date: 2024-01-01}]\n",
     "'friend' is not one of the allowed values", "friend"),
    ("opportunities", "company: X\nrole: Y\n", "missing required key 'stages'", "'stages' is a required property"),
    ("compensation", "date: 2024-01-01\nemployer: X\nbase: -5\n", "must be greater than 0",
     "less than or equal to the minimum"),
    ("benchmarks", "date: 2024-01-01\nsource: X\np50: lots\n", "expected a number", "'lots' is not of type 'number'"),
]


@pytest.mark.parametrize("kind,text,careerkit_says,jsonschema_says", BAD, ids=[b[2] for b in BAD])
def test_invalid_records_fail_in_both_validators(tmp_path, capsys, kind, text, careerkit_says, jsonschema_says):
    data, problems = parse_text(text, "x.yaml")
    assert problems == []
    errors = list(validator(kind).iter_errors(plain(data)))
    assert errors, f"jsonschema accepted {text!r}"
    # oneOf reports its branches' errors as the context of one error
    messages = [e.message for error in errors for e in [error, *error.context]]
    assert any(jsonschema_says in m for m in messages), messages
    # ... and careerkit's own loader says the same record is invalid
    (tmp_path / "content" / kind).mkdir(parents=True)
    (tmp_path / "content" / kind / "bad.yaml").write_text(text, encoding="utf-8")
    assert main(["check", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"content/{kind}/bad.yaml:" in out and careerkit_says in out


def test_the_schema_is_built_from_the_declaration_not_copied():
    schema = record_file_schema(KINDS["contacts"])
    record = schema["$defs"]["record"]
    assert set(record["properties"]) == {f.name for f in KINDS["contacts"].shape.fields}
    assert record["additionalProperties"] is False
    assert schema["oneOf"][1] == {"type": "array", "items": {"$ref": "#/$defs/record"}}


def test_vscode_settings_map_each_schema_to_its_folder():
    settings = vscode_settings(BUILTIN_KINDS)
    assert settings["yaml.schemas"]["schemas/contacts.schema.json"] == [
        "content/contacts/**/*.yaml", "content/contacts/**/*.yml"
    ]
    assert settings["yaml.schemas"]["schemas/careerkit.schema.json"] == "careerkit.yaml"
    assert len(settings["yaml.schemas"]) == len(BUILTIN_KINDS) + 1
    assert vscode_settings(["contacts"]) == vscode_settings([KINDS["contacts"]])
