"""Screenshots of a built site with Debian's Chromium, for the README and
for looking at the design.

    .venv/bin/careerkit build --out /tmp/site
    .venv/bin/python tests/browser/screenshots.py /tmp/site docs/

writes docs/screenshot-dashboard.png (1280 px wide, light scheme, the top of
the dashboard).  With --all it also writes every page at 390 and 1280 px in
light and dark (PAGE-WIDTH-SCHEME.png) into the output folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--all", action="store_true", help="every page at 390/1280 px, light and dark")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, color_scheme="light")
        page = context.new_page()
        page.goto((args.site / "index.html").as_uri())
        height = min(page.evaluate("document.documentElement.scrollHeight"), 1400)
        page.screenshot(path=str(args.out / "screenshot-dashboard.png"),
                        clip={"x": 0, "y": 0, "width": 1280, "height": height}, full_page=True)
        context.close()
        if args.all:
            for width in (390, 1280):
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    page = context.new_page()
                    for path in sorted(args.site.glob("*.html")):
                        page.goto(path.as_uri())
                        page.screenshot(path=str(args.out / f"{path.stem}-{width}-{scheme}.png"), full_page=True)
                    context.close()
        browser.close()
    print(f"wrote {args.out / 'screenshot-dashboard.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
