"""Every rule of reading and validating records (issue 2, parts 3–4): each
case feeds one bad input to `careerkit check` and checks the exit code, the
exact `path:line:col: error: message (hint)` line(s) and the count line."""

from __future__ import annotations

import json

import pytest
from conftest import CONFIG as GOOD_CONFIG
from conftest import make_repo

from careerkit.models import PERIODS, STAGES
from careerkit.records.config import CONFIG
from careerkit.records.kinds import BUILTIN_KINDS, ROLES, SOURCES
from careerkit.schema import json_schema

C = "content/contacts/x.yaml"
O = "content/opportunities/o.yaml"  # noqa: E741 (C, O, P, B: the four record folders)
P = "content/compensation/c.yaml"
B = "content/benchmarks/b.yaml"
OPP = "company: Acme\nrole: Engineer\nstages:\n  - stage: lead\n    date: 2024-01-01\n"
PAY = "date: 2024-01-01\nemployer: Acme\n"

# (case id, files, the exact problem lines `check` prints, in order)
CASES = [
    (
        "yaml-syntax-error",
        {C: "name: [Jane\n"},
        [f"{C}:2:1: error: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'"],
    ),
    (
        "tab-indentation",
        {C: "name: Jane\ninteractions:\n\t- date: 2024-01-01\n"},
        [f"{C}:3:1: error: YAML syntax error: a tab character cannot be used for indentation (use spaces)"],
    ),
    (
        "duplicate-key-top-level",
        {C: "name: Jane\ncompany: A\nname: Bob\n"},
        [f"{C}:3:1: error: duplicate key 'name' (first on line 1) (keep one of them)"],
    ),
    (
        "duplicate-key-in-list-item",
        {O: OPP + "    stage: applied\n"},
        [f"{O}:6:5: error: duplicate key 'stage' (first on line 4) (keep one of them)"],
    ),
    (
        "unknown-key-with-hint",
        {C: "name: Jane\ncompnay: Acme\n"},
        [f"{C}:2:1: error: unknown key 'compnay' (did you mean 'company'?)"],
    ),
    (
        "unknown-key-nested",
        {O: OPP + "    nte: hi\n"},
        [f"{O}:6:5: error: unknown key 'nte' in stages[0] (did you mean 'note'?)"],
    ),
    (
        "wrong-type-name-number",
        {C: "name: 123\n"},
        [f"{C}:1:7: error: name: expected text, got 123 (a number) (put it in quotes)"],
    ),
    (
        "wrong-type-days-text",
        {C: 'name: Jane\nkeep_in_touch_days: "ten"\n'},
        [f"{C}:2:21: error: keep_in_touch_days: expected a whole number, got 'ten' (write the number in digits)"],
    ),
    (
        "wrong-type-roles-not-list",
        {C: "name: Jane\nroles: recruiter\n"},
        [f"{C}:2:8: error: roles: expected a list, got 'recruiter'"],
    ),
    ("missing-name", {C: "company: Acme\n"}, [f"{C}:1:1: error: missing required key 'name'"]),
    ("missing-stages", {O: "company: Acme\nrole: Engineer\n"}, [f"{O}:1:1: error: missing required key 'stages'"]),
    (
        "missing-opportunity-role",
        {O: "company: Acme\nstages:\n  - stage: lead\n    date: 2024-01-01\n"},
        [f"{O}:1:1: error: missing required key 'role'"],
    ),
    ("empty-name", {C: "name:\n"}, [f"{C}:1:6: error: name: is empty; a value is required"]),
    (
        "empty-stages-list",
        {O: "company: Acme\nrole: Engineer\nstages: []\n"},
        [f"{O}:3:9: error: stages: must list at least one stage"],
    ),
    (
        "bad-stage-vocabulary",
        {O: OPP.replace("stage: lead", "stage: interveiw")},
        [f"{O}:4:12: error: stages[0].stage: 'interveiw' is not one of the allowed values (did you mean 'interview'?)"],
    ),
    (
        "bad-role-vocabulary",
        {C: "name: Jane\nroles: [recruiter, advocat]\n"},
        [f"{C}:2:20: error: roles[1]: 'advocat' is not one of the allowed values (did you mean 'advocate'?)"],
    ),
    (
        "invalid-date-feb-30",
        {C: "name: Jane\nmet: 2024-02-30\n"},
        [f"{C}:2:6: error: met: '2024-02-30' is not a valid date (there is no 30 February: February 2024 has 29 days)"],
    ),
    (
        "invalid-date-month-13-in-list",
        {C: "name: Jane\ninteractions:\n  - date: 2026-01-01\n  - date: 2026-13-01\n"},
        [f"{C}:4:11: error: interactions[1].date: '2026-13-01' is not a valid date"
         " (there is no month 13: months run from 01 to 12)"],
    ),
    (
        "custom-tag",
        {C: "name: !foo bar\n"},
        [f"{C}:1:7: error: tags are not allowed (found !foo) (remove the tag; records are plain data)"],
    ),
    (
        "merge-key",
        {C: "name: Jane\n<<: {company: Acme}\n"},
        [f"{C}:2:1: error: merge keys ('<<') are not supported (write the keys out)"],
    ),
    (
        "recursive-alias",
        {C: "name: Jane\ntags: &t [a, *t]\n"},
        [f"{C}:2:14: error: recursive alias (a value that contains itself) (write the values out)"],
    ),
    (
        "second-document",
        {C: "name: Jane\n---\nname: Bob\n"},
        [f"{C}:2:1: error: YAML syntax error: expected a single document in the stream but found another document"],
    ),
    (
        "non-utf8-byte",
        {C: b"name: Jane\ncompany: Caf\xe9 Ltd\n"},
        [f"{C}:2:13: error: byte 0xe9 is not valid UTF-8 (save the file as UTF-8)"],
    ),
    (
        "non-utf8-after-multibyte",
        {C: "name: Zoë\nnotes: é".encode() + b"\xff\n"},
        [f"{C}:2:9: error: byte 0xff is not valid UTF-8 (save the file as UTF-8)"],
    ),
    (
        "utf16-file",
        {C: "name: Jane\n".encode("utf-16")},
        [f"{C}:1:1: error: the file is UTF-16 or UTF-32, not UTF-8 (save the file as UTF-8)"],
    ),
    ("nul-byte", {C: b"name: Jane\nco\x00\n"}, [f"{C}:2:3: error: NUL byte in the file (is it a binary file?)"]),
    (
        "control-character",
        {C: "name: Jane\nnotes: a\x07b\n"},
        [f"{C}:2:9: error: character U+0007 is not allowed in YAML (remove it, or write it as an escape in double quotes)"],
    ),
    (
        "git-conflict-markers",
        {C: "name: Jane\n<<<<<<< HEAD\ncompany: A\n=======\ncompany: B\n>>>>>>> theirs\n"},
        [
            f"{C}:2:1: error: unresolved git merge conflict marker "
            "(resolve the conflict and remove the <<<<<<< ======= >>>>>>> lines)"
        ],
    ),
    (
        "dangling-contact",
        {"content/contacts/jane-doe.yaml": "name: Jane Doe\n",
         O: "company: Acme\nrole: Engineer\ncontact: jane-do\nstages:\n  - stage: lead\n    date: 2024-01-01\n"},
        [f"{O}:3:10: error: contact: no contact has the id 'jane-do' (did you mean 'jane-doe'?)"],
    ),
    (
        "duplicate-id-two-files",
        {"content/contacts/a.yaml": "id: jane\nname: Jane\n", "content/contacts/b.yaml": "\nid: jane\nname: Jane B\n"},
        [
            "content/contacts/b.yaml:2:1: error: duplicate contacts id 'jane' (also at content/contacts/a.yaml:1:1) "
            "(give one of them its own `id:`)"
        ],
    ),
    (
        "duplicate-derived-id-in-list",
        {"content/contacts/list.yaml": "- name: Jane Doe\n- name: jane  doe\n"},
        [
            "content/contacts/list.yaml:2:3: error: duplicate contacts id 'jane-doe' (also at content/contacts/list.yaml:1:3) "
            "(give one of them its own `id:`)"
        ],
    ),
    (
        "offer-without-offer-stage",
        {O: OPP + "offer:\n  base: 100000\n"},
        [f"{O}:7:3: error: offer: an offer is given but no stage is offer, accepted or declined"],
    ),
    (
        "stages-out-of-order",
        {O: OPP + "  - stage: applied\n    date: 2023-12-01\n"},
        [f"{O}:7:11: error: stages[1].date: 2023-12-01 is before the previous stage's date 2024-01-01"],
    ),
    (
        "posted-range-max-below-min",
        {O: OPP + "posted_range:\n  min: 200000\n  max: 100000\n"},
        [f"{O}:8:8: error: posted_range.max: 100000 is below min 200000"],
    ),
    (
        "benchmark-p75-below-p50",
        {B: "date: 2024-01-01\nsource: Survey\np50: 100\np75: 90\n"},
        [f"{B}:4:6: error: p75: p75 (90) is below p50 (100)"],
    ),
    ("zero-base", {P: PAY + "base: 0\n"}, [f"{P}:3:7: error: base: must be greater than 0, got 0"]),
    ("negative-base", {P: PAY + "base: -5\n"}, [f"{P}:3:7: error: base: must be greater than 0, got -5"]),
    ("negative-bonus", {P: PAY + "base: 10\nbonus: -1\n"}, [f"{P}:4:8: error: bonus: must be at least 0, got -1"]),
    ("nan-money", {P: PAY + "base: .nan\n"}, [f"{P}:3:7: error: base: expected a finite number, got nan"]),
    ("inf-money", {P: PAY + "base: 10\nequity: .inf\n"}, [f"{P}:4:9: error: equity: expected a finite number, got inf"]),
    (
        "money-as-text",
        {P: PAY + 'base: "50k"\n'},
        [f"{P}:3:7: error: base: expected a number, got '50k' (write 50000)"],
    ),
    (
        "currency-without-fx-rate",
        {P: PAY + "base: 10\ncurrency: GBP\n"},
        [f"{P}:4:11: error: currency: no exchange rate for 'GBP'"
         " (add it to careerkit.yaml: fx: {GBP: <value of 1 GBP in the base currency>})"],
    ),
    (
        "currency-lowercase",
        {P: PAY + "base: 10\ncurrency: usd\n"},
        [f"{P}:4:11: error: currency: 'usd' is not an ISO 4217 currency code"
         " (did you mean 'USD'? currency codes are upper case)"],
    ),
    (
        "period-hourly",
        {P: PAY + "base: 10\nperiod: hourly\n"},
        [f"{P}:4:9: error: period: 'hourly' is not one of the allowed values (did you mean 'hour'?)"],
    ),
    ("empty-file", {C: ""}, [f"{C}:1:1: error: the file is empty; write a contact as a mapping"]),
    ("comments-only-file", {C: "# nothing yet\n"}, [f"{C}:1:1: error: the file is empty; write a contact as a mapping"]),
    (
        "top-level-scalar",
        {C: "Jane Doe\n"},
        [f"{C}:1:1: error: expected a contact (a mapping) or a list of them, got a single value"],
    ),
    (
        "top-level-list-of-scalars",
        {C: "- Jane\n- Bob\n"},
        [f"{C}:1:3: error: [0]: expected a mapping, got 'Jane'", f"{C}:2:3: error: [1]: expected a mapping, got 'Bob'"],
    ),
    (
        "phone-unquoted-leading-zero",
        {C: "name: Jane\nphone: 01234\n"},
        [f"{C}:2:8: error: phone: expected text, got 1234 (a number) (put it in quotes)"],
    ),
    (
        "bad-slug-id",
        {C: "id: Jane Doe\nname: Jane\n"},
        [f"{C}:1:5: error: id: 'Jane Doe' is not a valid id (use lowercase letters, digits and '-')"],
    ),
    (
        "yaml-file-directly-in-content",
        {"content/x.yaml": "name: Jane\n"},
        [
            "content/x.yaml:1:1: error: a record file must be in a record folder, not directly in content/ "
            "(move it into one of: content/benchmarks/, content/compensation/, content/contacts/, content/opportunities/)"
        ],
    ),
    (
        "unknown-folder",
        {"content/contcts/x.yaml": "name: Jane\n"},
        ["content/contcts/x.yaml:1:1: error: content/contcts/ is not a record folder (did you mean content/contacts/?)"],
    ),
    # careerkit.yaml
    (
        "config-unknown-key",
        {"careerkit.yaml": "titel: My career\n"},
        ["careerkit.yaml:1:1: error: unknown key 'titel' (did you mean 'title'?)"],
    ),
    (
        "config-bad-currency",
        {"careerkit.yaml": "currency: usd\n"},
        ["careerkit.yaml:1:11: error: currency: 'usd' is not an ISO 4217 currency code"
         " (did you mean 'USD'? currency codes are upper case)"],
    ),
    (
        "config-fx-not-a-number",
        {"careerkit.yaml": "fx:\n  EUR: lots\n"},
        ["careerkit.yaml:2:8: error: fx.EUR: expected a number between 0.000001 and 1,000,000"
         " (1 EUR in the base currency), got 'lots'"],
    ),
    (
        "config-fx-infinite",
        {"careerkit.yaml": "fx:\n  EUR: .inf\n"},
        ["careerkit.yaml:2:8: error: fx.EUR: expected a number between 0.000001 and 1,000,000"
         " (1 EUR in the base currency), got inf (a number)"],
    ),
    (
        "config-inflation-key-not-a-year",
        {"careerkit.yaml": "inflation:\n  2024: 0.03\n  last year: 0.02\n"},
        ["careerkit.yaml:3:3: error: inflation: key 'last year' should be a year from 1900 to 2200"],
    ),
    (
        "config-plugin-unknown-setting",
        {"careerkit.yaml": "network_health:\n  activ_days: 1\n"},
        ["careerkit.yaml:2:3: error: network_health: unknown setting 'activ_days' (did you mean 'active_days'?)"],
    ),
    (
        "config-plugin-setting-wrong-type",
        {"careerkit.yaml": "market_cadence:\n  target_days: two years\n"},
        ["careerkit.yaml:2:16: error: market_cadence.target_days:"
         " expected a whole number between -1,000,000 and 1,000,000, got 'two years'"],
    ),
    (
        "config-unknown-section",
        {"careerkit.yaml": "netwrok_health:\n  active_days: 1\n"},
        ["careerkit.yaml:1:1: error: unknown key 'netwrok_health' (did you mean 'network_health'?)"],
    ),
    (
        "config-bad-as-of",
        {"careerkit.yaml": "as_of: 2026-02-30\n"},
        ["careerkit.yaml:1:8: error: as_of: '2026-02-30' is not a valid date"
         " (there is no 30 February: February 2026 has 28 days)"],
    ),
]


def check(run_cli, tmp_path, files):
    root = make_repo(tmp_path, files)
    code, out, err = run_cli(["check", "--root", root])
    assert err == "", err
    lines = out.splitlines()
    return code, lines[:-1], lines[-1] if lines else ""


@pytest.mark.parametrize("files, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_its_location(run_cli, tmp_path, files, expected):
    code, problems, count = check(run_cli, tmp_path, files)
    assert problems == expected
    assert code == 1
    n = len(expected)
    assert count.startswith(f"{n} error{'s' if n > 1 else ''} in 1 file")


def test_at_least_35_distinct_bad_inputs():
    assert len({c[0] for c in CASES}) == len(CASES) >= 35


# --- values that must be accepted ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "name: no\n",  # YAML 1.2: `no` is a string
        "name: yes\ntags: [on, off, y, n]\n",
        "name: '1:20'\n",
        "name: 1:20\n",  # no sexagesimal numbers
        "name: Jane\nphone: '01234'\n",
        "name: Jane\nnotes: |\n  # a heading\n  =======\n",
        "name: Jane\nmet: 2024-02-29\n",
    ],
    ids=["no", "yes-on-off", "quoted-time", "plain-time", "quoted-phone", "setext-in-notes", "leap-day"],
)
def test_values_yaml_11_would_mangle_are_accepted(run_cli, tmp_path, text):
    root = make_repo(tmp_path, {C: text})
    code, out, _ = run_cli(["check", "--root", root])
    assert (code, out) == (0, "ok: 1 records, no errors\n")


def test_yes_no_and_times_stay_strings_in_the_records(tmp_path):
    from careerkit.pipeline.build import load

    root = make_repo(tmp_path, {C: "name: no\ntitle: 1:20\ntags: [yes, on, off]\n"})
    loaded = load(root)
    assert loaded.problems == []
    (contact,) = loaded.records.contacts
    assert (contact.name, contact.title, contact.tags) == ("no", "1:20", ("yes", "on", "off"))


def test_bom_and_crlf_are_accepted_with_right_positions(run_cli, tmp_path):
    valid = "\ufeffname: Jane\r\ncompany: Acme\r\nmet: 2024-01-02\r\n".encode()
    root = make_repo(tmp_path, {"content/contacts/ok.yaml": valid, C: "\ufeffname: Bob\r\nmet: 2024-02-30\r\n".encode()})
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines()[0] == (
        f"{C}:2:6: error: met: '2024-02-30' is not a valid date (there is no 30 February: February 2024 has 29 days)"
    )
    assert code == 1
    (root / C).unlink()
    code, out, _ = run_cli(["check", "--root", root])
    assert (code, out) == (0, "ok: 1 records, no errors\n")
    from careerkit.pipeline.build import load

    (contact,) = load(root).records.contacts
    assert (contact.name, contact.company, contact.met.isoformat()) == ("Jane", "Acme", "2024-01-02")


def test_python_tag_is_refused_and_nothing_runs(run_cli, tmp_path):
    marker = tmp_path / "pwned"
    payload = f"name: !!python/object/apply:os.system ['touch {marker}']\n"
    root = make_repo(tmp_path, {C: payload, "careerkit.yaml": f"title: !!python/object/apply:os.system ['touch {marker}']\n"})
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines()[:2] == [
        "careerkit.yaml:1:8: error: tags are not allowed (found !!python/object/apply:os.system)"
        " (remove the tag; records are plain data)",
        f"{C}:1:7: error: tags are not allowed (found !!python/object/apply:os.system)"
        " (remove the tag; records are plain data)",
    ]
    assert code == 1
    assert not marker.exists()


def test_tagged_plugin_setting_and_fx_are_reported_once(run_cli, tmp_path):
    root = make_repo(tmp_path, {"careerkit.yaml": "fx:\n  EUR: !!binary AAAA\nnetwork_health:\n  active_days: !x 3\n"})
    code, out, _ = run_cli(["check", "--root", root])
    assert out.splitlines() == [
        "careerkit.yaml:2:8: error: tags are not allowed (found !!binary) (remove the tag; records are plain data)",
        "careerkit.yaml:4:16: error: tags are not allowed (found !x) (remove the tag; records are plain data)",
        "2 errors in 1 file",
    ]
    assert code == 1


def test_every_problem_in_one_file_is_reported(run_cli, tmp_path):
    text = "name: 5\ncompnay: A\nmet: 2024-13-01\nroles: [boss]\nkeep_in_touch_days: 0\n"
    code, problems, count = check(run_cli, tmp_path, {C: text})
    assert [p.split(": error: ")[0] for p in problems] == [f"{C}:1:7", f"{C}:2:1", f"{C}:3:6", f"{C}:4:9", f"{C}:5:21"]
    assert (code, count) == (1, "5 errors in 1 file")


def test_a_valid_currency_with_fx_rate_is_accepted(run_cli, tmp_path):
    root = make_repo(tmp_path, {"careerkit.yaml": GOOD_CONFIG, P: PAY + "base: 10\ncurrency: EUR\nperiod: hour\n"})
    code, out, _ = run_cli(["check", "--root", root])
    assert (code, out) == (0, "ok: 1 records, no errors\n")


# --- JSON Schema export ------------------------------------------------------------


def _walk(schema):
    yield schema
    for sub in schema.get("properties", {}).values():
        yield from _walk(sub)
    if "items" in schema:
        yield from _walk(schema["items"])


@pytest.mark.parametrize("kind", BUILTIN_KINDS, ids=lambda k: k.name)
def test_json_schema_of_each_kind_has_the_declared_structure(kind):
    doc = json.loads(json.dumps(json_schema(kind.shape, kind.title, kind.shape.doc)))
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["type"] == "object" and doc["additionalProperties"] is False
    assert set(doc["properties"]) == {f.name for f in kind.shape.fields}
    assert doc["required"] == [f.name for f in kind.shape.fields if f.required]
    known_types = {"object", "array", "string", "integer", "number", "boolean"}
    for node in _walk(doc):
        assert node.get("type", "string") in known_types
        if node.get("type") == "object":
            assert isinstance(node["properties"], dict) and node["additionalProperties"] in (True, False)
        if "enum" in node:
            assert node["enum"] and len(set(node["enum"])) == len(node["enum"])


def test_json_schema_vocabularies_and_bounds():
    by_name = {k.name: json_schema(k.shape) for k in BUILTIN_KINDS}
    contact, opp = by_name["contacts"], by_name["opportunities"]
    assert contact["required"] == ["name"]
    assert contact["properties"]["roles"]["items"]["enum"] == list(ROLES)
    assert contact["properties"]["keep_in_touch_days"] == {"type": "integer", "exclusiveMinimum": 0, "maximum": 36500,
                                                            "description": "Follow-up cadence in days."}
    assert contact["properties"]["met"]["format"] == "date"
    assert opp["required"] == ["company", "role", "stages"]
    assert opp["properties"]["source"]["enum"] == list(SOURCES)
    assert opp["properties"]["stages"]["items"]["properties"]["stage"]["enum"] == list(STAGES)
    assert opp["properties"]["stages"]["items"]["required"] == ["stage", "date"]
    assert opp["properties"]["offer"]["properties"]["period"]["enum"] == list(PERIODS)
    assert opp["properties"]["offer"]["properties"]["bonus"]["minimum"] == 0
    assert by_name["compensation"]["properties"]["base"]["exclusiveMinimum"] == 0
    config = json_schema(CONFIG)
    assert config["additionalProperties"] is True  # plugin sections
    assert "fx" in config["properties"]
