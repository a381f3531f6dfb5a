"""Records pages as a CRM shows them: an anchor per contact and opportunity
that findings link names to, a private build's interactions and notes
(rendered safely), open opportunities first with a progress pill and an
outcome chip; a public build hashes the anchors and shows no notes."""

from __future__ import annotations

import re

from conftest import make_repo

from careerkit import plan
from careerkit.pipeline.build import build, load

RECORDS = {
    "careerkit.yaml": "currency: USD\nas_of: 2026-11-01\n",
    "content/contacts/jane-doe.yaml": (
        "name: Jane Doe\nroles: [recruiter]\nkeep_in_touch_days: 30\nnotes: 'Met at **KubeCon**. <script>alert(1)</script>'\n"
        "interactions:\n  - {date: 2025-01-10, kind: call, note: 'Talked about <b>Acme</b>'}\n"
        "  - {date: 2024-06-01, kind: coffee}\n"
    ),
    "content/contacts/bo-lee.yaml": "name: Bo Lee\nmet: 2026-10-01\n",
    "content/opportunities/acme.yaml": (
        "company: Acme\nrole: Engineer\ncontact: jane-doe\nsource: recruiter\n"
        "stages:\n  - {stage: applied, date: 2026-09-01}\n  - {stage: interview, date: 2026-10-01}\n"
    ),
    "content/opportunities/globex.yaml": (
        "company: Globex\nrole: Engineer\nstages:\n"
        "  - {stage: applied, date: 2026-01-01}\n  - {stage: rejected, date: 2026-02-01}\n"
    ),
    "content/compensation/2024.yaml": "date: 2024-01-01\nemployer: Initech\nbase: 100000\nreason: hire\n",
}


def _site(tmp_path, public=False, records=None):
    root = make_repo(tmp_path, records or RECORDS)
    loaded = load(root, public=public)
    assert [p for p in loaded.problems if p.severity == "error"] == []
    out = tmp_path / ("public" if public else "site")
    build(loaded, out, root)
    return out


def test_private_records_have_anchors_logs_pills_and_chips(tmp_path):
    site = _site(tmp_path)
    contacts = (site / "contacts.html").read_text()
    assert '<tr id="contacts-jane-doe">' in contacts and '<tr id="contacts-bo-lee">' in contacts
    # Jane has a log: her name links to it; interactions latest first, then the notes as Markdown, raw HTML escaped
    assert '<a href="#contacts-jane-doe-log">Jane Doe</a>' in contacts
    log = contacts[contacts.index('id="contacts-jane-doe-log"'):]
    assert log.index("10 Jan 2025 · call") < log.index("1 Jun 2024 · coffee")
    assert "Talked about &lt;b&gt;Acme&lt;/b&gt;" in log and "<strong>KubeCon</strong>" in log
    assert "<script>" not in contacts and "&lt;script&gt;" in log
    assert "1 contact, by name" in contacts  # "Bo Lee" alone under "Peers and others": singular
    pipeline = (site / "opportunities.html").read_text()
    assert pipeline.index(">Open (1)</h2>") < pipeline.index(">Closed (1)</h2>")
    assert '<tr id="opportunities-acme">' in pipeline
    # interview is the 4th of 5 stages: 4 steps filled
    pattern = r'<span class="chip chip-interview"><span class="pill-steps" aria-hidden="true">(.*?)</span>interview</span>'
    pill = re.search(pattern, pipeline)
    assert pill and pill.group(1).count('class="on ') == 4 and pill.group(1).count('class="off"') == 1
    assert '<span class="chip chip-rejected">rejected</span>' in pipeline
    assert '<span class="chip chip-open">open</span>' in pipeline
    assert '<a href="contacts.html#contacts-jane-doe">Jane Doe</a>' in pipeline  # "Through" links to the contact
    # the dashboard's follow-up names Jane and links her to her row
    index = (site / "index.html").read_text()
    assert '<a href="contacts.html#contacts-jane-doe">Jane Doe</a>' in index


def test_public_records_hash_anchors_and_show_no_log(tmp_path):
    site = _site(tmp_path, public=True)
    contacts = (site / "contacts.html").read_text()
    anchor = plan.anchor("contacts/jane-doe", public=True).partition("#")[2]  # the pseudonym's anchor
    assert anchor.startswith("contacts-r-") and "jane" not in anchor
    assert f'<tr id="{anchor}">' in contacts
    assert "jane-doe" not in contacts and "Jane" not in contacts and "KubeCon" not in contacts and "Talked" not in contacts
    index = (site / "index.html").read_text()
    assert f'<a href="contacts.html#{anchor}">J. D.</a>' in index and "jane-doe" not in index
    assert "opportunities-acme" not in (site / "opportunities.html").read_text()


def test_plain_one_line_notes_render_as_markdown_would():
    from datetime import date

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from careerkit.models import Config
    from careerkit.site.render import Renderer, make_markdown

    renderer, md = Renderer(Config(as_of=date(2026, 11, 1))), make_markdown()
    alphabet = st.sampled_from(list("abcXYZ019 ,.;:'?()/%$€£’‘“”–—-_*#>[]!&<\"`~|\\+=\n\tÉßж"))

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet, max_size=40))
    def same(text):
        assert renderer.notes(text) == md.render(text) if text.strip() else True

    same()
    for text in ("Met at KubeCon.", "1. a list", "- a list", "# heading", "Intro (via Ana): 20 % raise — maybe", "_x_",
                 "a  b"):
        assert renderer.notes(text) == md.render(text), text


def test_the_contacts_page_shows_the_most_recently_touched_logs_first_and_at_most_max_logs(tmp_path, monkeypatch):
    from careerkit.site import records_pages

    monkeypatch.setattr(records_pages, "MAX_LOGS", 1)
    bo = "name: Bo Lee\nmet: 2026-10-01\nnotes: Likes chess.\n"
    site = _site(tmp_path, records={**RECORDS, "content/contacts/bo-lee.yaml": bo})
    contacts = (site / "contacts.html").read_text()
    # Bo (met 1 Oct 2026) was touched after Jane (last call 10 Jan 2025): only Bo's log is shown, and only Bo's name links
    assert 'id="contacts-bo-lee-log"' in contacts and 'id="contacts-jane-doe-log"' not in contacts
    assert '<a href="#contacts-bo-lee-log">Bo Lee</a>' in contacts and '<a href="#contacts-jane-doe-log">' not in contacts
    assert "1 older ones are in their records" in contacts and "<p>Likes chess.</p>" in contacts
