"""`careerkit import linkedin|vcard|csv`: realistic export files in their
published formats, merge rules, idempotence, --dry-run, malformed files."""

from __future__ import annotations

import difflib
import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import make_repo

from careerkit.editing.merge import name_slug, norm_url
from careerkit.importers.csvimport import parse_date, parse_number, read_rows

FIXTURES = Path(__file__).parent / "fixtures" / "import"
EXPORT = FIXTURES / "linkedin-export"
TODAY = date.today().isoformat()

# A hand-written contact with comments, a flow list and a block scalar.
BEN = """\
# Ben — my first tech lead. Keep this file tidy!
name: Ben Adeyemi
company: Brightwater Bank   # since 2021
title: Principal Engineer
roles: [mentor, advocate]
url: https://linkedin.com/in/benadeyemi/
# cadence
keep_in_touch_days: 60
interactions:
  - date: 2023-03-09
    kind: call
  - date: 2025-03-14
    kind: call  # counter-offer advice
    note: Advice on the counter-offer — "ask yourself why it took an offer".
notes: |
  Monthly-ish mentoring calls.
"""
# CRLF line endings and an email in another case than LinkedIn's.
DANA = (
    "name: Dana Okafor\r\ncompany: Northwind Logistics\r\ntitle: Engineering Manager\r\n"
    "email: dana.okafor@example.com\r\nmet: 2021-06-01\r\n"
)
# A list file whose top-level items sit at column 0 while nested lists are indented.
GROUP = """\
# People from the 2023 summit.

- id: ines-carvalho
  name: Inês Carvalho
  email: ines@civic.example
  interactions:
    - date: 2023-10-12
      kind: event

- name: Hugo Lambert
  company: Lakeshore Cloud
"""


@pytest.fixture
def repo(tmp_path):
    return make_repo(
        tmp_path,
        {
            "content/contacts/ben-adeyemi.yaml": BEN,
            "content/contacts/dana.yaml": DANA,
            "content/contacts/summit.yaml": GROUP,
        },
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def only_insertions(before: str, after: str) -> list[str]:
    """The inserted lines, asserting nothing else changed."""
    a, b = before.splitlines(True), after.splitlines(True)
    inserted = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert op in ("equal", "insert"), f"{op}: {a[i1:i2]!r} -> {b[j1:j2]!r}"
        if op == "insert":
            inserted += b[j1:j2]
    return inserted


def contact(root: Path, slug: str) -> str:
    return (root / "content" / "contacts" / f"{slug}.yaml").read_text(encoding="utf-8")


# --- LinkedIn ------------------------------------------------------------------------------


def test_linkedin_export_folder(repo, run_cli):
    code, out, err = run_cli(["import", "linkedin", str(EXPORT), "--root", str(repo)])
    assert (code, err) == (0, "")
    assert "6 added, 2 merged, 0 unchanged, 2 skipped" in out
    assert "added     José Ñúñez (content/contacts/jose-nunez.yaml)" in out
    assert "merged    Ben Adeyemi (content/contacts/ben-adeyemi.yaml): met, 1 interaction" in out
    assert "merged    Dana Okafor (content/contacts/dana.yaml): url" in out
    assert "skipped   https://www.linkedin.com/in/ACoAAB3xYz: blank name" in out
    assert "skipped   line 13: blank name" in out
    # preamble, BOM and CRLF skipped; quoted commas kept; dates to ISO; messages as interactions
    assert contact(repo, "jane-doe") == (
        f"# imported from LinkedIn on {TODAY}\n"
        "name: Jane Doe\n"
        "company: Acme, Inc.\n"
        "title: Director, Platform Engineering\n"
        "email: jane.doe@acme.example\n"
        "url: https://www.linkedin.com/in/jane-doe-4b2a1\n"
        "met: 2024-03-12\n"
        "interactions:\n"
        "  - date: 2024-04-02\n"
        "    kind: message\n"
    )
    # same name, another person: a unique slug; no email column value: no email key
    second = contact(repo, "jane-doe-2")
    assert "company: Globex\n" in second and "email" not in second
    # unicode names: readable ASCII slugs; a name with no Latin letters is transliterated (anyascii)
    assert "name: Zoë Ørsted-Łukasik\n" in contact(repo, "zoe-orsted-lukasik")
    assert "name: 小龙 李\n" in contact(repo, "xiao-long-li")
    # a message matched by name (no profile URL in messages.csv)
    assert "  - date: 2025-01-15\n    kind: message\n" in contact(repo, "jose-nunez")
    # values YAML 1.1 would read as booleans or numbers are quoted
    assert 'company: "True"\ntitle: "1.0"\n' in contact(repo, "yes-no")
    code, out, _ = run_cli(["check", "--root", str(repo)])
    assert code == 0, out


def test_linkedin_merge_only_adds_and_keeps_comments(repo, run_cli):
    assert run_cli(["import", "linkedin", str(EXPORT), "--root", str(repo)])[0] == 0
    added = only_insertions(BEN, contact(repo, "ben-adeyemi"))
    assert added == ["met: 2019-01-03\n", "  - date: 2026-09-30\n", "    kind: message\n"]
    # the CRLF file keeps CRLF; the user's title is not overwritten by LinkedIn's
    raw = (repo / "content/contacts/dana.yaml").read_bytes().decode()
    assert only_insertions(DANA, raw) == ["url: https://www.linkedin.com/in/dana-okafor\r\n"]
    assert "title: Engineering Manager\r\n" in raw


def test_linkedin_twice_changes_nothing(repo, run_cli):
    assert run_cli(["import", "linkedin", str(EXPORT), "--root", str(repo)])[0] == 0
    before = snapshot(repo)
    code, out, _ = run_cli(["import", "linkedin", str(EXPORT), "--root", str(repo)])
    assert code == 0
    assert "0 added, 0 merged, 8 unchanged, 2 skipped" in out
    assert "wrote 0 files" in out
    assert snapshot(repo) == before


def test_linkedin_zip_equals_folder(repo, tmp_path, run_cli):
    archive = tmp_path / "Basic_LinkedInDataExport_11-27-2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("Connections.csv", "messages.csv"):
            z.write(EXPORT / name, name)
        z.writestr("Profile.csv", "First Name,Last Name\nSam,Rivera\n")
    other = make_repo(tmp_path / "other", {"content/contacts/ben-adeyemi.yaml": BEN, "content/contacts/dana.yaml": DANA,
                                           "content/contacts/summit.yaml": GROUP})
    assert run_cli(["import", "linkedin", str(archive), "--root", str(other)])[0] == 0
    assert run_cli(["import", "linkedin", str(EXPORT), "--root", str(repo)])[0] == 0
    assert snapshot(other) == snapshot(repo)


def test_linkedin_connections_csv_alone_reads_no_messages(repo, run_cli):
    code, out, _ = run_cli(["import", "linkedin", str(EXPORT / "Connections.csv"), "--root", str(repo)])
    assert code == 0
    assert "interactions" not in contact(repo, "jane-doe")
    assert "merged    Ben Adeyemi (content/contacts/ben-adeyemi.yaml): met\n" in out


def test_columns_found_by_name_not_position(tmp_path, run_cli):
    root = make_repo(tmp_path, {})
    shuffled = tmp_path / "Connections.csv"
    shuffled.write_text("Connected On,Position,Company,Email Address,URL,Last Name,First Name\n"
                        "07 Feb 2020,CTO,\"Initech, LLC\",,,Lumbergh,Bill\n", encoding="utf-8")
    assert run_cli(["import", "linkedin", str(shuffled), "--root", str(root)])[0] == 0
    text = contact(root, "bill-lumbergh")
    assert "company: Initech, LLC\ntitle: CTO\nmet: 2020-02-07\n" in text


def test_dry_run_writes_nothing_and_prints_the_plan(repo, run_cli):
    before = snapshot(repo)
    code, out, _ = run_cli(["import", "linkedin", str(EXPORT), "--root", str(repo), "--dry-run"])
    assert code == 0
    assert out.startswith("dry run: import from")
    assert "6 added, 2 merged, 0 unchanged, 2 skipped" in out
    assert "merged    Ben Adeyemi (content/contacts/ben-adeyemi.yaml): met, 1 interaction" in out
    assert "dry run: nothing was written (8 files would be)" in out
    assert snapshot(repo) == before


def test_merge_into_a_list_file_keeps_its_layout(tmp_path, run_cli):
    root = make_repo(tmp_path, {"content/contacts/summit.yaml": GROUP})
    connections = tmp_path / "Connections.csv"
    connections.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Inês,Carvalho,https://www.linkedin.com/in/ines,INES@civic.example,Civic Transit Lab,Recruiter,12 Oct 2023\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(["import", "linkedin", str(connections), "--root", str(root)])
    assert code == 0, out
    added = only_insertions(GROUP, contact(root, "summit"))
    assert added == [
        "  company: Civic Transit Lab\n", "  title: Recruiter\n",
        "  url: https://www.linkedin.com/in/ines\n", "  met: 2023-10-12\n",
    ]
    assert run_cli(["check", "--root", str(root)])[0] == 0


def test_a_file_that_cannot_be_kept_is_left_alone(tmp_path, run_cli):
    odd = "name:   Ben Adeyemi\nurl: https://linkedin.com/in/benadeyemi\ninteractions:\n- {date: 2023-03-09, kind: call}\n"
    root = make_repo(tmp_path, {"content/contacts/ben.yaml": odd})
    code, out, _ = run_cli(["import", "linkedin", str(EXPORT / "Connections.csv"), "--root", str(root)])
    assert code == 0
    # was "it its layout", with no fields
    assert ("skipped   Ben Adeyemi: matches content/contacts/ben.yaml, which was left alone: "
            "its layout (an inline comment, spacing or quoting, say) cannot be kept by a YAML editor; add by hand: ") in out
    assert contact(root, "ben") == odd


def test_slug_clash_with_an_existing_file_and_a_derived_id(tmp_path, run_cli):
    root = make_repo(tmp_path, {
        "content/contacts/jane-doe.yaml": "name: Jane Q. Doe\nemail: other@example.com\n",
        "content/contacts/people.yaml": "- name: Jose Nunez\n  email: jose@other.example\n- name: Someone Else\n",
    })
    assert run_cli(["import", "linkedin", str(EXPORT / "Connections.csv"), "--root", str(root)])[0] == 0
    assert "Acme, Inc." in contact(root, "jane-doe-2") and "Globex" in contact(root, "jane-doe-3")
    assert "Smith, Jones & Co." in contact(root, "jose-nunez-2")  # jose-nunez is the derived id of a listed contact
    assert run_cli(["check", "--root", str(root)])[0] == 0


# --- vCard ---------------------------------------------------------------------------------


def test_vcard_3_folded_lines_and_several_cards(repo, run_cli):
    code, out, _ = run_cli(["import", "vcard", str(FIXTURES / "contacts-v3.vcf"), "--root", str(repo)])
    assert code == 0
    assert "2 added, 0 merged, 0 unchanged, 1 skipped" in out and "skipped   card 3: blank name" in out
    assert contact(repo, "jane-doe") == (
        f"# imported from vCard contacts-v3.vcf on {TODAY}\n"
        "name: Jane Doe\n"
        "company: Acme, Inc.\n"
        "title: Director, Platform Engineering\n"
        "tags: [conference, platform]\n"
        "email: jane.doe@acme.example\n"
        'phone: "+1 (614) 555-0100"\n'
        "url: https://www.linkedin.com/in/jane-doe-4b2a1\n"
        "notes: |\n"
        "  Met at the Midwest Backend Summit, talked about idempotent queues.\n"
        "  Follow up about the platform team in the spring.\n"
    )
    # no FN: the name comes from N; a phone number is always quoted
    assert contact(repo, "omar-haddad").endswith(
        'name: Omar Haddad\ncompany: Lakeshore Cloud\ntags: [meetup]\nphone: "0614 555 0199"\n'
    )
    assert run_cli(["check", "--root", str(repo)])[0] == 0


def test_vcard_4_merges_by_email_and_adds_tags(repo, run_cli):
    code, out, _ = run_cli(["import", "vcard", str(FIXTURES / "contacts-v4.vcf"), "--root", str(repo)])
    assert code == 0
    assert "merged    Dana Okafor (content/contacts/dana.yaml): phone, notes, 2 tags" in out
    soren = contact(repo, "soren-kierkegard")
    assert "email: soren@fjord.example\n" in soren  # PREF=1 wins
    assert 'phone: "+45-20-12-34-56"\n' in soren  # tel: URI stripped
    assert "url: https://www.linkedin.com/in/soren-kierkegard\n" in soren  # LinkedIn URL preferred
    raw = (repo / "content/contacts/dana.yaml").read_bytes().decode()
    assert only_insertions(DANA, raw) == [
        "tags: [northwind, manager]\r\n", 'phone: "+1-614-555-0142"\r\n', "notes: Personal cell; use sparingly.\r\n"
    ]
    before = snapshot(repo)
    _, out, _ = run_cli(["import", "vcard", str(FIXTURES / "contacts-v4.vcf"), "--root", str(repo)])
    assert "0 added, 0 merged, 2 unchanged" in out
    assert snapshot(repo) == before
    assert run_cli(["check", "--root", str(repo)])[0] == 0


def test_vcard_keeps_the_users_tags_and_adds_the_rest(tmp_path, run_cli):
    mine = "name: Dana Okafor\nemail: dana.okafor@example.com\ntags: [Northwind, friend]  # mine\n"
    root = make_repo(tmp_path, {"content/contacts/dana.yaml": mine})
    code, out, _ = run_cli(["import", "vcard", str(FIXTURES / "contacts-v4.vcf"), "--root", str(root)])
    assert code == 0 and "merged    Dana Okafor (content/contacts/dana.yaml): phone, notes\n" in out
    assert only_insertions(mine, contact(root, "dana")) == [
        'phone: "+1-614-555-0142"\n', "notes: Personal cell; use sparingly.\n"
    ]


# --- CSV -------------------------------------------------------------------------------------

OPP_MAP = (
    "Company=company,Job Title=role,Status=stage,Date Applied=date,Job URL=url,"
    "Salary Min=posted_range.min,Salary Max=posted_range.max,Location=location,Notes=notes"
)


def test_csv_opportunities(repo, run_cli):
    argv = ["import", "csv", str(FIXTURES / "tracker-opportunities.csv"), "--kind", "opportunities", "--map", OPP_MAP,
            "--root", str(repo)]
    code, out, _ = run_cli(argv)
    assert code == 0, out
    text = (repo / "content/opportunities/harborline-cold-chain-staff-backend-engineer.yaml").read_text()
    assert text.endswith(
        "location: Columbus, OH\nurl: https://jobs.example.com/harborline/481\nposted_range:\n  min: 150000\n  max: 175000\n"
        "stages:\n  - stage: interview\n    date: 2026-09-02\nnotes: Referred by Ben; \"platform\" team\n"
    )
    quayside = (repo / "content/opportunities/quayside-data-platform-engineer.yaml").read_text()
    assert "  - stage: applied\n    date: 2026-10-14\n" in quayside
    assert run_cli(["check", "--root", str(repo)])[0] == 0
    before = snapshot(repo)
    run_cli(argv)
    assert snapshot(repo) == before


def test_csv_contacts_with_first_last_and_an_interaction(repo, run_cli):
    mapping = ("First=first_name,Last=last_name,Email=email,Org=company,Role=title,Tags=tags,"
               "Last Contacted=interaction.date,How=interaction.kind")
    code, out, _ = run_cli(["import", "csv", str(FIXTURES / "tracker-contacts.csv"), "--kind", "contacts",
                            "--map", mapping, "--root", str(repo)])
    assert code == 0
    assert "2 added, 0 merged, 0 unchanged, 1 skipped" in out and "skipped   line 4: blank name" in out
    assert ("tags: [advocate, healthcare]\nemail: priya.nair@example.com\ninteractions:\n"
            "  - date: 2026-10-01\n    kind: coffee\n") in contact(repo, "priya-nair")
    assert run_cli(["check", "--root", str(repo)])[0] == 0


def test_csv_invalid_rows_are_located_and_nothing_is_written(repo, run_cli):
    before = snapshot(repo)
    bad = FIXTURES / "tracker-bad.csv"
    mapping = "Company=company,Job Title=role,Status=stage,Date Applied=date"
    code, out, err = run_cli(["import", "csv", str(bad), "--kind", "opportunities", "--map", mapping, "--root", str(repo)])
    assert code == 1
    assert err.splitlines() == [
        f"{bad}:2:46: error: stages[0].stage: 'phone screen' is not one of the allowed values (did you mean 'screen'?)",
        f"{bad}:3:24: error: stages[0].date: '10/14/2026' is not a valid date (write dates as YYYY-MM-DD)",
        f"{bad}:3:1: error: missing required key 'role' (map a column to it)",
        f"careerkit: error: {bad}: 3 problems in the mapped rows; nothing was written",
    ]
    assert snapshot(repo) == before


def test_csv_dangling_contact_reference(tmp_path, run_cli):
    root = make_repo(tmp_path, {"content/contacts/ben-adeyemi.yaml": BEN})
    export = tmp_path / "jobs.csv"
    export.write_text("Company,Role,Applied,Via\nAcme,Engineer,2026-01-05,ben-adeyemi\nGlobex,Engineer,2026-01-06,nobody\n",
                      encoding="utf-8")
    mapping = "Company=company,Role=role,Applied=date,Via=contact"
    code, _, err = run_cli(["import", "csv", str(export), "--kind", "opportunities", "--map", mapping, "--root", str(root)])
    assert code == 1
    assert f"{export}:3:28: error: contact: 'nobody' is not a contact id in content/contacts/" in err


@pytest.mark.parametrize(
    "mapping, message",
    [
        ("Company=company,Job Title=rol", "--map: 'rol' is not a field of opportunities (did you mean 'role'?)"),
        ("Company", "--map: 'Company' is not COLUMN=field"),
        (",", "--map is empty"),
    ],
)
def test_csv_bad_map_is_a_usage_error(repo, run_cli, mapping, message):
    code, _, err = run_cli(["import", "csv", str(FIXTURES / "tracker-opportunities.csv"), "--kind", "opportunities",
                            "--map", mapping, "--root", str(repo)])
    assert code == 2
    assert message in err


def test_csv_unknown_column(repo, run_cli):
    path = FIXTURES / "tracker-opportunities.csv"
    code, _, err = run_cli(["import", "csv", str(path), "--kind", "opportunities", "--map", "Employer=company",
                            "--root", str(repo)])
    assert code == 1
    assert err.startswith(f"careerkit: error: {path}:1: no column 'Employer' in the header (columns: Company, Job Title,")


# --- malformed files ------------------------------------------------------------------------


def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.csv", "{p}: no such file or folder"),
        (lambda d: (d / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") and d / "photo.csv",
         "{p}: not a CSV file (it contains binary data)"),
        (lambda d: (d / "latin1.csv").write_bytes("First Name,Last Name\nJos\xe9,N\n".encode("latin-1")) and d / "latin1.csv",
         "{p}:2: not UTF-8 text; export or save it as UTF-8 CSV"),
        (lambda d: FIXTURES / "broken" / "no-header-Connections.csv",
         "{p}: no header row with 'First Name' and 'Last Name'; is this LinkedIn's Connections.csv?"),
        (lambda d: _zip(d / "export.zip", {"messages.csv": "FROM,DATE\n"}),
         "{p}: the ZIP has no Connections.csv; is it LinkedIn's data export?"),
        (lambda d: (d / "cut.zip").write_bytes(b"PK\x03\x04 truncated") and d / "cut.zip",
         "{p}: not a ZIP file (it may be damaged or incomplete)"),
        (lambda d: (d / "empty").mkdir() or d / "empty",
         "{p}: no Connections.csv in this folder; is it LinkedIn's data export?"),
        (lambda d: _zip(d / "x.zip", {"Connections.csv": "First Name,Last Name\n", "messages.csv": "a,b\n1,2\n"}),
         "{p}:messages.csv: no header row with 'FROM' and 'DATE'; is this LinkedIn's messages.csv?"),
    ],
)
def test_malformed_linkedin_input(repo, tmp_path, run_cli, make, message):
    before = snapshot(repo)
    path = make(tmp_path)
    code, out, err = run_cli(["import", "linkedin", str(path), "--root", str(repo)])
    assert code == 1
    assert err == f"careerkit: error: {message.format(p=path)}\n"
    assert out == ""
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    "name, message",
    [
        ("unclosed.vcf", "{p}:8: not a valid vCard file: Component VCARD was never closed"),
        ("bad-line.vcf", "{p}:3: not a valid vCard file: Failed to parse line: FN Jane Doe"),
    ],
)
def test_broken_vcard(repo, run_cli, name, message):
    path = FIXTURES / "broken" / name
    before = snapshot(repo)
    code, _, err = run_cli(["import", "vcard", str(path), "--root", str(repo)])
    assert code == 1
    assert err == f"careerkit: error: {message.format(p=path)}\n"
    assert snapshot(repo) == before


def test_a_csv_given_as_vcard(repo, run_cli):
    path = EXPORT / "Connections.csv"
    code, _, err = run_cli(["import", "vcard", str(path), "--root", str(repo)])
    assert code == 1
    assert err.startswith(f"careerkit: error: {path}:2: not a valid vCard file: Failed to parse line: \"When exporting")
    assert err.endswith("…\n")


def test_empty_vcard_file(repo, tmp_path, run_cli):
    path = tmp_path / "empty.vcf"
    path.write_text("", encoding="utf-8")
    code, _, err = run_cli(["import", "vcard", str(path), "--root", str(repo)])
    assert (code, err) == (1, f"careerkit: error: {path}: no vCard in the file (expected BEGIN:VCARD … END:VCARD)\n")


def test_a_broken_existing_contact_stops_the_import(tmp_path, run_cli):
    root = make_repo(tmp_path, {"content/contacts/x.yaml": "name: [unclosed\n"})
    before = snapshot(root)
    code, _, err = run_cli(["import", "linkedin", str(EXPORT), "--root", str(root)])
    assert code == 1
    assert err.startswith("careerkit: error: content/contacts/x.yaml:2:1: error: ")
    assert err.rstrip().endswith("fix it first (careerkit check), then import again")
    assert snapshot(root) == before


def test_usage_errors(repo, run_cli):
    assert run_cli(["import", "--root", str(repo)])[0] == 2
    code, _, err = run_cli(["import", "linkedin", str(EXPORT), "--root", str(repo / "nope")])
    assert code == 2 and "is not a folder" in err


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [("12 Mar 2024", date(2024, 3, 12)), ("5 Sept 2025", date(2025, 9, 5)), ("Mar 12, 2024", date(2024, 3, 12)),
     ("2024-04-02 09:15:00 UTC", date(2024, 4, 2)), ("12 March 2024", date(2024, 3, 12)),
     ("31 Feb 2024", None), ("03/15/2024", None), ("12 Foo 2024", None), ("", None)],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected", [("$150,000", 150000), ("140k", 140000), ("52.5", 52.5), ("€ 80 000", 80000), ("n/a", None)]
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_cell_positions_cover_quotes_and_multiline_cells():
    rows = read_rows('a,"b, c",d\r\n"multi\nline",x\n', "t.csv")
    assert [(r.line, r.cells, r.starts) for r in rows] == [
        (1, ["a", "b, c", "d"], [(1, 1), (1, 3), (1, 10)]),
        (2, ["multi\nline", "x"], [(2, 1), (3, 7)]),
    ]


def test_url_and_slug_normalisation():
    assert norm_url("https://www.LinkedIn.com/in/Jane-Doe/?trk=x") == "linkedin.com/in/jane-doe"
    assert norm_url("linkedin.com/in/jane-doe") == "linkedin.com/in/jane-doe"
    assert name_slug("Zoë Ørsted-Łukasik") == "zoe-orsted-lukasik"


def test_csv_contacts_without_email_or_url_match_by_name_the_second_time(repo, run_cli):
    argv = ["import", "csv", str(FIXTURES / "tracker-contacts.csv"), "--kind", "contacts",
            "--map", "First=first_name,Last=last_name,Org=company", "--root", str(repo)]
    assert "2 added" in run_cli(argv)[1]
    before = snapshot(repo)
    assert "0 added, 0 merged, 2 unchanged, 1 skipped" in run_cli(argv)[1]
    assert snapshot(repo) == before


def test_csv_interaction_kind_needs_a_date(repo, run_cli):
    code, _, err = run_cli(["import", "csv", str(FIXTURES / "tracker-contacts.csv"), "--kind", "contacts",
                            "--map", "First=first_name,How=interaction.kind", "--root", str(repo)])
    assert code == 2 and "--map: 'interaction.kind' needs a column mapped to 'interaction.date'" in err


def test_a_write_failure_is_a_clean_error(repo, run_cli, monkeypatch):
    from careerkit.editing import merge

    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(merge, "write_file", refuse)
    code, _, err = run_cli(["import", "vcard", str(FIXTURES / "contacts-v4.vcf"), "--root", str(repo)])
    assert code == 1
    assert err == "careerkit: error: cannot write content/contacts/dana.yaml: Permission denied\n"


def test_atomic_write_leaves_no_temp_file(tmp_path):
    from careerkit.editing.contentio import Staged, write_file

    target = tmp_path / "a.yaml"
    write_file(target, b"name: A\n")
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)  # a new file: 0644 (not mkstemp's 0600)
    target.chmod(0o640)
    write_file(target, b"name: B\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
    assert target.read_bytes() == b"name: B\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)  # the replaced file's mode kept
    with Staged(target, b"name: C\n") as staged:
        assert staged.path.name.startswith(".a.yaml.") and staged.path.read_bytes() == b"name: C\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # not committed: removed, nothing changed
    assert target.read_bytes() == b"name: B\n"


def test_a_contact_without_url_or_email_matches_by_name(tmp_path, run_cli):
    mine = "name: Ben  Adeyemi\nroles: [mentor]\n"
    other = "name: Jane Doe\nemail: jane@elsewhere.example\n"
    root = make_repo(tmp_path, {"content/contacts/ben.yaml": mine, "content/contacts/jane.yaml": other})
    code, out, _ = run_cli(["import", "linkedin", str(EXPORT / "Connections.csv"), "--root", str(root)])
    assert code == 0
    assert "merged    Ben  Adeyemi (content/contacts/ben.yaml): company, title, url, met" in out
    assert not (root / "content/contacts/ben-adeyemi.yaml").exists()
    # a Jane Doe with another email is another person
    assert contact(root, "jane") == other and (root / "content/contacts/jane-doe.yaml").exists()
