"""Hugo as a side-by-side peer of `careerkit build`, on the same contacts.

    python benchmarks/hugo.py benchmarks/.data/split-10000     # one peer run, prints its figures
    python benchmarks/hugo.py benchmarks/.data/split-10000 --careerkit --reps 9   # cold builds only, both

For a generated career repository (benchmarks/generate.py) it writes a
small Hugo site next to it (``hugo-<layout>-<contacts>/``: a config and one
template) whose data folder is the career's own ``content/contacts`` (a
module mount: Hugo reads the very same YAML files, nothing is copied), and
whose one page lists every contact — name, company, title, roles, last
touch, number of touches, like careerkit's contacts page — with the
contact's ``notes`` and every interaction's ``note`` rendered through
Markdown (``markdownify``, Hugo's Goldmark).  Both layouts work: a split
file is one contact, a bundled file a list of them.

Hugo's builds are timed as careerkit's cold build is in run.py: a separate
process, wall time with ``os.wait4``, median of the runs, with the output
folder and Hugo's cache folder removed before each.  Hugo keeps nothing
between two ``hugo`` runs (its incremental rebuilds live only in ``hugo
server``), so its "no change" run — the site already written — does all the
work again; it is measured too, to set beside careerkit's no-change build.

Debian's ``hugo`` package (0.111) is what the figures in docs/performance.md
come from; ``make bench-deps`` installs it.  Without ``hugo`` on the PATH the
peer is skipped with one message (:data:`MISSING`).
"""

from __future__ import annotations

import os
import re
import shutil

MISSING = "Hugo peer skipped: no `hugo` on the PATH (make bench-deps installs Debian's hugo package)"

CONFIG = """\
# Written by benchmarks/hugo.py: the Hugo peer of careerkit's benchmark.
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "page", "section"]

[params]
as_of = "{as_of}"

# The career's contacts are the whole data folder: site.Data holds one entry
# per file (a contact, or a list of contacts in the bundled layout).
[[module.mounts]]
source = {contacts}
target = "data"

[[module.mounts]]
source = "layouts"
target = "layouts"
"""

# One page, every contact: the contacts page's columns plus every note
# through Markdown.  The closing line counts what was rendered, so the runner
# can check that Hugo saw every contact (an empty data folder would build in
# a blink and make a meaningless ratio).
TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Contacts</title></head>
<body>
<h1>Contacts</h1>
{{- $asOf := site.Params.as_of }}
{{- $contacts := 0 }}{{ $notes := 0 }}
<table>
<tr><th>Name</th><th>Company</th><th>Title</th><th>Roles</th><th>Last touch</th><th>Touches</th><th>Notes</th></tr>
{{- range $file, $data := site.Data }}
{{- range cond (reflect.IsSlice $data) $data (slice $data) }}
{{- $contacts = add $contacts 1 }}
{{- $last := "" }}{{ $touches := 0 }}
{{- range .interactions }}{{ $day := printf "%v" .date }}
{{- if le $day $asOf }}{{ $touches = add $touches 1 }}{{ if gt $day $last }}{{ $last = $day }}{{ end }}{{ end }}
{{- end }}
<tr><td>{{ .name }}</td><td>{{ .company }}</td><td>{{ .title }}</td><td>{{ delimit (.roles | default slice) ", " }}</td>
<td>{{ $last | default "never" }}</td><td>{{ $touches }}</td>
<td>{{ with .notes }}{{ $notes = add $notes 1 }}{{ . | markdownify }}{{ end }}
{{- range .interactions }}{{ with .note }}{{ $notes = add $notes 1 }}<div>{{ . | markdownify }}</div>{{ end }}{{ end -}}
</td></tr>
{{- end }}
{{- end }}
</table>
<p id="count">{{ $contacts }} contacts, {{ $notes }} notes</p>
</body>
</html>
"""

COUNT = re.compile(rb'<p id="count">(\d+) contacts, (\d+) notes</p>')
OUTPUT, CACHE = "public", ".hugo-cache"


def command() -> str | None:
    """The ``hugo`` executable, or None when it is not installed."""
    return shutil.which("hugo")


def version(hugo: str) -> str:
    """``hugo version``'s first words, e.g. 'hugo v0.111.3+extended'."""
    import subprocess

    out = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False).stdout
    return " ".join(out.split()[:2]) or "hugo (unknown version)"


def site_dir(root: str) -> str:
    """Where the Hugo site of the career at ``root`` is written: beside it."""
    root = os.path.abspath(root)
    return os.path.join(os.path.dirname(root), f"hugo-{os.path.basename(root)}")


def write_site(root: str, as_of: str, dest: str | None = None) -> str:
    """Write (or rewrite) the Hugo site for the career at ``root``; its folder."""
    import json

    dest = dest or site_dir(root)
    contacts = os.path.join(os.path.abspath(root), "content", "contacts")
    os.makedirs(os.path.join(dest, "layouts"), exist_ok=True)
    with open(os.path.join(dest, "hugo.toml"), "w", encoding="utf-8") as handle:
        handle.write(CONFIG.format(as_of=as_of, contacts=json.dumps(contacts)))  # a JSON string is a TOML basic string
    with open(os.path.join(dest, "layouts", "index.html"), "w", encoding="utf-8") as handle:
        handle.write(TEMPLATE)
    return dest


def clean(site: str) -> None:
    for name in (OUTPUT, CACHE, "resources"):
        shutil.rmtree(os.path.join(site, name), ignore_errors=True)


def build_command(hugo: str, site: str) -> list[str]:
    return [hugo, "--quiet", "--source", site, "--destination", os.path.join(site, OUTPUT),
            "--cacheDir", os.path.join(site, CACHE)]


def counts(site: str) -> tuple[int, int]:
    """(contacts, notes) as the built page counts them."""
    with open(os.path.join(site, OUTPUT, "index.html"), "rb") as handle:
        found = COUNT.search(handle.read())
    if not found:
        raise ValueError(f"{site}/{OUTPUT}/index.html has no count line: the template did not run")
    return int(found[1]), int(found[2])


class Peer:
    """Hugo beside one generated career: ``cold()`` is one timed cold build,
    called by run.measure between careerkit's own cold builds (interleaved,
    so both see the same noise on a shared machine); ``finish()`` adds the
    no-change runs and checks what was built."""

    def __init__(self, hugo: str, root: str, manifest: dict, run, checked):
        self.hugo, self.manifest, self.run, self.checked = hugo, manifest, run, checked
        self.site = write_site(root, manifest["as_of"])
        self.command = build_command(hugo, self.site)
        self.cold_runs: list[dict] = []

    def cold(self) -> dict:
        clean(self.site)
        result = self.checked(self.run(self.command), "hugo")
        self.cold_runs.append(result)
        return result

    def finish(self, reps: int) -> dict:
        from statistics import median

        if not self.cold_runs:
            self.cold()
        contacts, notes = counts(self.site)
        expected = self.manifest["records"]["contacts"]
        if contacts != expected:
            raise ValueError(f"Hugo listed {contacts} contacts, the career has {expected}")
        warm = [self.checked(self.run(self.command), "hugo")["wall"] for _ in range(reps)]
        result = {
            "build": median(c["wall"] for c in self.cold_runs),
            "build_runs": [c["wall"] for c in self.cold_runs],
            "build_cpu": median(c["cpu"] for c in self.cold_runs),
            "peak_mb": max(c["rss_mb"] for c in self.cold_runs),
            "warm": median(warm),
            "contacts": contacts,
            "notes": notes,
            "version": version(self.hugo),
        }
        clean(self.site)
        return result


def table(results: list[dict]) -> list[str]:
    """The side-by-side table's lines (Markdown), for the results that have a Hugo peer."""
    rows = [r for r in results if r.get("hugo")]
    if not rows:
        return []
    lines = [
        f"careerkit beside Hugo ({rows[0]['hugo']['version']}) on the same contacts: Hugo reads the career's "
        "`content/contacts` as its data folder and builds one page listing every contact with every note "
        "through Markdown; cold builds interleaved with careerkit's, medians:",
        "",
        "| size | layout | contacts | notes | careerkit cold s | Hugo cold s | careerkit/Hugo | CPU careerkit/Hugo "
        "| Hugo peak MB | careerkit no change s | Hugo no change s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        m, h = r["manifest"], r["hugo"]
        size = f"{m['contacts'] // 1000}k" if m["contacts"] >= 1000 and m["contacts"] % 1000 == 0 else str(m["contacts"])
        lines.append(
            f"| {size} | {m['layout']} | {h['contacts']:,} | {h['notes']:,} | {r['build']:.2f} | {h['build']:.2f} "
            f"| **{r['build'] / h['build']:.2f}** | {r['build_cpu'] / h['build_cpu']:.2f} | {h['peak_mb']:.0f} "
            f"| {r['warm']:.2f} | {h['warm']:.2f} |"
        )
    return lines


def side_by_side(peer: Peer, command: list[str], reps: int, clean_career) -> dict:
    """Only the cold builds, ``command`` (careerkit's, run after
    ``clean_career()``) and Hugo's interleaved, ``reps`` each: wall medians
    and minimums (the least disturbed run on a busy machine), CPU medians,
    and their ratios."""
    from statistics import median

    careerkit: list[dict] = []
    for _ in range(reps):
        clean_career()
        careerkit.append(peer.checked(peer.run(command), "careerkit build"))
        peer.cold()
    clean_career()
    figures = peer.finish(1)
    ck = {"wall": median(r["wall"] for r in careerkit), "min": min(r["wall"] for r in careerkit),
          "cpu": median(r["cpu"] for r in careerkit)}
    hugo = {"wall": figures["build"], "min": min(figures["build_runs"]), "cpu": figures["build_cpu"]}
    return {
        "careerkit": ck,
        "hugo": hugo,
        "ratio": ck["wall"] / hugo["wall"],
        "ratio_min": ck["min"] / hugo["min"],
        "ratio_cpu": ck["cpu"] / hugo["cpu"],
        "contacts": figures["contacts"],
        "notes": figures["notes"],
    }
