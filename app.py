"""SVF dashboard: entry point (page config, navigation, shared filters bound to the URL, banner).

Run: streamlit run app.py  (the store is $SVF_DB or data/store; on first start without a store the
synthetic demo data are built, with a progress bar).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store import DamagedStoreError, Store, StoreError  # noqa: E402
from ui import shell  # noqa: E402
from ui import state as S  # noqa: E402
from ui.data import NoSnapshotError, open_data  # noqa: E402
from ui.i18n import t  # noqa: E402

log = logging.getLogger("svf.app")

# a local image: a :material/...: page icon makes the browser fetch the favicon from fonts.gstatic.com
st.set_page_config(page_title="SVF", page_icon=str(ROOT / "ui" / "assets" / "favicon.png"), layout="wide",
                   initial_sidebar_state="expanded")


@st.cache_resource
def _build_lock() -> threading.Lock:
    return threading.Lock()


def _lang_hint() -> str:
    view = st.session_state.get(shell.VIEW)
    if view is not None:
        return view.lang
    lang = st.query_params.get("lang", "sv")
    return lang if lang in S.LANGS else "sv"


def ensure_demo_data(store: Store) -> None:
    """First start: build the synthetic demo data, showing the build's progress."""
    if store.exists():
        return
    lang = _lang_hint()
    with _build_lock():
        if store.exists():  # another session built it while this one waited
            return
        from ingest.synth import build

        bar = st.progress(0.0, text=t("app.building", lang))

        def progress(message: str, fraction: float) -> None:  # ingest.synth.Progress
            bar.progress(min(1.0, max(0.0, fraction)), text=t("app.building_step", lang, step=message))

        try:
            build(store, scale=float(os.environ.get("SVF_DEMO_SCALE", "1")), progress=progress)
        except Exception as e:  # a person sees a sentence, never a traceback
            bar.empty()
            st.error(t("app.build_failed", lang, error=e))
            st.stop()
        bar.empty()
        st.toast(t("app.built", lang))


def main() -> None:
    store = Store()
    ensure_demo_data(store)
    try:
        data = open_data(store, shell.requested_snapshot(store))
        cat = shell.build_catalog(data)
    except NoSnapshotError:
        st.error(t("app.no_store", _lang_hint()))
        st.stop()
    except DamagedStoreError as e:  # in the user's language, with the repair command (the store speaks Swedish)
        log.exception("store %s is damaged", store.root)
        st.error(t("app.store_damaged", _lang_hint(), path=str(store.root), error=e))
        st.stop()
    except (StoreError, duckdb.Error, OSError) as e:  # a damaged or unreadable store: said in a sentence
        log.exception("store %s could not be opened", store.root)
        st.error(t("app.store_error", _lang_hint(), error=e))
        st.stop()

    view = shell.load_view(cat)
    names = shell.build_names(data, view.lang)
    view = shell.sidebar(cat, names)
    if view.lang != names.lang:
        names = shell.build_names(data, view.lang)
    lang = view.lang
    status = data.status()
    shell.write_url(view)
    st.session_state[shell.CTX] = shell.Context(data=data, view=view, names=names, cat=cat, status=status)

    pages = {
        t("app.section_overview", lang): [
            # the start page is served at "/"; Datastatus has its own address (/datastatus)
            st.Page(str(ROOT / "views" / "maloversikt.py"), title=t("overview.title", lang),
                    url_path="maloversikt", icon=":material/flag:", default=True),
            st.Page(str(ROOT / "views" / "datastatus.py"), title=t("app.page_status", lang),
                    url_path="datastatus", icon=":material/database:"),
        ],
        t("app.section_svf", lang): [
            st.Page(str(ROOT / "views" / "svf_inklusion.py"), title=t("app.page_inclusion", lang),
                    url_path="svf-inklusion", icon=":material/groups:"),
            st.Page(str(ROOT / "views" / "svf_ledtider.py"), title=t("app.page_leadtime", lang),
                    url_path="svf-ledtider", icon=":material/timer:"),
            st.Page(str(ROOT / "views" / "svf_faser.py"), title=t("ph.page", lang),
                    url_path="svf-faser", icon=":material/hourglass_bottom:"),
        ],
        # registers / Palliativregistret (issue 8)
        t("nav.section_registers", lang): [
            st.Page(str(ROOT / "views" / "kvalitetsregister.py"), title=t("nav.page_registers", lang),
                    url_path="kvalitetsregister", icon=":material/fact_check:"),
            st.Page(str(ROOT / "views" / "palliativ.py"), title=t("nav.page_palliative", lang),
                    url_path="palliativregistret", icon=":material/volunteer_activism:"),
        ],
    }
    page = st.navigation(pages)
    shell.banner(status.get("is_demo", False), lang)
    shell.frozen_banner(data, status, lang)
    shell.show_url_warnings(lang)
    run_page(page, lang)


def run_page(page, lang: str) -> None:
    """Run the chosen page; an unexpected error becomes one sentence for the person (the traceback
    goes to the server log). Streamlit's own control flow (st.stop, st.rerun, st.switch_page) passes:
    it raises ScriptControlException, a BaseException, re-raised here explicitly all the same."""
    try:
        page.run()
    except (ScriptControlException, FragmentHandledException):
        raise
    except Exception:
        log.exception("page %s failed", getattr(page, "url_path", page))
        st.error(t("app.page_error", lang), icon=":material/error:")


main()
