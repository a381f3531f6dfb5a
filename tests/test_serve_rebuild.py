"""`careerkit serve`'s rebuilds keep work between builds; none of it may
ever show a stale page or make serve rebuild for nothing."""

from __future__ import annotations

import shutil
from argparse import Namespace
from pathlib import Path

from careerkit import serve
from conftest import EXAMPLE


def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE / "content", root / "content")
    shutil.copy(EXAMPLE / "careerkit.yaml", root / "careerkit.yaml")
    return root


def test_the_fingerprint_from_the_scan_is_the_one_the_watcher_makes(tmp_path):
    root = example(tmp_path)
    (root / "content/contacts/README.txt").write_text("not a record\n")
    (root / "content/contacts/.#draft.yaml").write_text("name: Draft\n")
    (root / "local-plugins").mkdir()
    (root / "local-plugins/extra.py").write_text("# a local plugin\n")
    args = Namespace(root=root, as_of=None, public=False, plugins_dir=root / "local-plugins", no_cache=False)
    state = serve.State(tmp_path / "served")
    serve.rebuild(args, state)
    assert state.errors == []
    assert state.fingerprint == serve.fingerprint(args)
    assert str(root / "local-plugins/extra.py") in {path for path, _, _ in state.fingerprint}
    (root / "local-plugins/extra.py").write_text("# a local plugin, edited\n")
    assert state.fingerprint != serve.fingerprint(args)
