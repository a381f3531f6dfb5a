"""Run the trust campaign (issue 10) and print its counts.

    python tests/trust/report.py            # the CI profile (make trust)
    CAREERKIT_FUZZ=1 python tests/trust/report.py   # long property runs (make fuzz)

Runs pytest on the trust test files with CAREERKIT_TRUST_COUNTS pointing at
a temporary JSON-lines file each test appends its counts to, then sums them.
Exits with pytest's status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
FILES = ["test_trust_corpus.py", "test_trust_properties.py", "test_trust_xss.py", "test_trust_privacy.py",
         "test_trust_faults.py", "test_trust_determinism.py",
         # the second campaign (issue 17)
         "test_trust_public.py", "test_trust_concurrency.py", "test_trust_hosts.py", "test_trust_extremes.py",
         "test_trust_walker.py", "test_trust_plugins.py"]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="careerkit-trust-") as tmp:
        counts_file = Path(tmp) / "counts.jsonl"
        env = {**os.environ, "CAREERKIT_TRUST_COUNTS": str(counts_file)}
        started = time.monotonic()
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(str(TESTS / f) for f in FILES)]
        done = subprocess.run(command, env=env, cwd=TESTS.parent)
        elapsed = time.monotonic() - started
        totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        if counts_file.exists():
            for line in counts_file.read_text().splitlines():
                row = json.loads(line)
                part = row.pop("part")
                for key, value in row.items():
                    totals[part][key] += value
    t = totals
    print()
    print(f"careerkit trust campaign ({elapsed:.0f} s, pytest exit {done.returncode})")
    print(f"  bad-input corpus:       {t['corpus']['passed']} / {t['corpus']['tried']} cases passed")
    print(f"  error recall:           {t['recall']['found']} / {t['recall']['seeded']} seeded errors "
          f"found at the right location ({t['recall']['files']} files, {t['recall']['extra']} unexpected)")
    print(f"  properties:             {t['properties']['examples']} generated examples run")
    print(f"  XSS matrix:             {t['xss']['pairs']} payload x field placements ({len(_payloads())} payloads), "
          f"{t['xss']['rejected']} refused by validation, {t['xss']['violations']} violations")
    print(f"  privacy canaries:       {t['privacy']['seeded']} seeded, {t['privacy']['leaked']} leaked")
    print(f"  fault injection:        {t['faults']['injected']} faults injected, "
          f"{t['faults']['violations']} invariant violations")
    print(f"  determinism matrix:     {t['determinism']['variations']} variations, "
          f"{t['determinism']['differences']} differences")
    print("  -- second campaign (issue 17) --")
    print(f"  public-mode names:      {t['public']['seeded']} names, ids and exact pay figures seeded, "
          f"{t['public']['leaked']} leaked")
    print(f"  concurrency rounds:     {t['concurrency']['rounds']} rounds of {t['concurrency']['builds']} "
          f"parallel builds in all, {t['concurrency']['violations']} violations")
    print(f"  host headers:           {t['hosts']['refused']} foreign Host requests refused, "
          f"{t['hosts']['allowed']} local ones answered, {t['hosts']['leaked']} leaked")
    print(f"  extreme values:         {t['extremes']['passed']} / {t['extremes']['tried']} cases passed; property: "
          f"{t['extreme-property']['examples']} generated repositories, {t['extreme-property']['accepted']} accepted "
          "by check and built")
    print(f"  walker cases:           {t['walker']['passed']} / {t['walker']['tried']} cases passed")
    print(f"  plugin hostility:       {t['plugin-hostility']['passed']} / {t['plugin-hostility']['tried']} cases passed")
    return done.returncode


def _payloads() -> list:
    sys.path.insert(0, str(TESTS))
    sys.path.insert(0, str(TESTS / "trust"))
    try:
        from test_trust_xss import PAYLOADS
    except Exception:  # pragma: no cover
        return []
    return PAYLOADS


if __name__ == "__main__":
    sys.exit(main())
