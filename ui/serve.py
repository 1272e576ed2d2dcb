"""python -m ui.serve [streamlit run options]: the dashboard's server (start.sh), Streamlit's own
`streamlit run app.py`, plus a warm start.

Why: after the server starts, the first browser spends seconds loading Streamlit's scripts before the
first script run begins, and the server sits idle meanwhile. So a background thread uses that time:
it imports the pages' modules (pandas, Plotly, the metric layer: ~1 s) and opens the snapshot in
force with its base tables filled (metrics.prepare: read from the kept files, or computed), and hands
the connection to ui.data. The first page then starts on a warm process. Best effort: anything the
thread cannot do, the page does itself as without it (and says what went wrong). The thread then
watches for a new snapshot (a load while the server runs) and opens it the same way (watch).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("svf.serve")


def warm() -> str | None:
    """Import what the first page imports and open the snapshot in force, its bases filled; the
    version opened (None: nothing to open)."""
    try:
        from store import Store
        from ui import charts, data, overview, shell, tables  # noqa: F401  (imported for their import cost)

        store = Store()
        version = store.version() if store.exists() else None
        if version is None:
            return None  # the first session builds the demo data, with its progress bar
        data.preopen(str(store.root), version)
        return version
    except Exception:  # a damaged store, a read error: the first page reports it
        log.warning("warm start skipped", exc_info=True)
        return None


def watch(every: float = 5.0, stop: threading.Event | None = None) -> None:
    """warm(), then the same for every snapshot a load puts in force while the server runs: its bases
    are filled (or read) before a session's next rerun switches to it, instead of by that rerun
    (seconds at scale 10). A version check is one small file read."""
    from store import Store

    stop = stop or threading.Event()
    last = warm()
    while not stop.wait(every):
        try:
            store = Store()
            version = store.version() if store.exists() else None
            if version is not None and version != last:
                from ui import data

                data.preopen(str(store.root), version)
                last = version
        except Exception:  # the next round tries again; a page reports what is wrong
            log.warning("opening the new snapshot in advance failed", exc_info=True)


def main(argv: list[str]) -> int:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from streamlit.web import cli  # first, in this thread: the warm thread then shares its modules

    threading.Thread(target=watch, name="svf-warm", daemon=True).start()
    return cli.main(["run", str(ROOT / "app.py"), *argv], prog_name="streamlit", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
