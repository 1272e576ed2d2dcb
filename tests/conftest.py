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
