"""Hugo alone on a generated career (benchmarks/README.md): one peer run's
figures as JSON; with ``--careerkit``, careerkit's cold builds interleaved and
the ratios.  `make bench` runs the same peer from run.py; this is the command
line for one career.  (Its own file so that hugo.py and run.py do not import
each other.)"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import hugo
import run


def main(argv: list[str] | None = None) -> int:
    """One peer run on an existing generated career: its figures, as JSON;
    with ``--careerkit``, careerkit's cold builds interleaved and the ratios."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Time Hugo on a generated career's contacts.")
    parser.add_argument("root", help="a repository written by benchmarks/generate.py")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--careerkit", action="store_true", help="interleave careerkit's cold builds; both and the ratios")
    args = parser.parse_args(argv)
    hugo_binary = hugo.command()
    if hugo_binary is None:
        print(hugo.MISSING, file=sys.stderr)
        return 0
    with open(os.path.join(args.root, "bench.json"), encoding="utf-8") as handle:
        manifest = json.load(handle)
    try:
        peer = hugo.Peer(hugo_binary, args.root, manifest, run.run, run.checked)
        if args.careerkit:
            build = run.careerkit_command() + ["build", "--root", args.root, "--out", os.path.join(args.root, "site")]
            print(json.dumps(hugo.side_by_side(peer, build, args.reps, lambda: run.clean(args.root))))
            return 0
        for _ in range(args.reps):
            peer.cold()
        print(json.dumps(peer.finish(args.reps)))
    except (run.BenchError, ValueError, OSError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
