import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def empty_store(tmp_path):
    """A fresh store holding only the reference catalogue."""
    from ingest.reference import ensure_store
    from store import Store

    s = Store(tmp_path / "store")
    ensure_store(s)
    return s


def demo_store(tmp_path_factory, name: str, scale: float, seed: int, **build_options):
    """A new store holding synthetic demo data (ingest.synth.build), for a module- or session-scoped fixture."""
    from ingest.synth import build
    from store import Store

    s = Store(tmp_path_factory.mktemp(name) / "store")
    build(s, scale=scale, seed=seed, **build_options)
    return s
