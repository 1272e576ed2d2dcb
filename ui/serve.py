"""python -m ui.serve [streamlit run options]: the dashboard's server (start.sh), Streamlit's own
`streamlit run app.py`, plus a warm start.

Why: after the server starts, the first browser spends seconds loading Streamlit's scripts before the
first script run begins, and the server sits idle meanwhile. So a background thread uses that time:
it imports the pages' modules (pandas, Plotly, the metric layer: ~1 s) and opens the snapshot in
force with its base tables filled (metrics.prepare: read from the kept files, or computed), and hands
the connection to ui.data. The first page then starts on a warm process. Best effort: anything the
thread cannot do, the page does itself as without it (and says what went wrong).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("svf.serve")


def warm() -> None:
    """Import what the first page imports and open the snapshot in force, its bases filled."""
    try:
        from store import Store
        from ui import charts, data, overview, shell, tables  # noqa: F401  (imported for their import cost)

        store = Store()
        if not store.exists() or store.version() is None:
            return  # the first session builds the demo data, with its progress bar
        data.preopen(str(store.root), store.version())
    except Exception:  # a damaged store, a read error: the first page reports it
        log.warning("warm start skipped", exc_info=True)


def main(argv: list[str]) -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from streamlit.web import cli  # first, in this thread: the warm thread then shares its modules

    threading.Thread(target=warm, name="svf-warm", daemon=True).start()
    return cli.main(["run", str(ROOT / "app.py"), *argv], prog_name="streamlit", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
