"""The app's frame on the Streamlit side: sidebar filters bound to the URL, the demo banner, the
per-run context the pages read, and the chart + table + downloads block every page uses.

The view state (ui.state.ViewState) is the single source of truth, kept in session state. Every
widget mirrors it: its value is set from the view before it is drawn, and its on_change callback
writes the new value back into the view. That keeps page-specific controls (which are not drawn on
every page) in the URL too, and makes the URL <-> view mapping the pure, tested ui.state module.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TypeVar

import pandas as pd
import streamlit as st

from metrics import rules
from store import Store
from ui import charts, fmt, tables
from ui import state as S
from ui.data import Data
from ui.i18n import t

_LOG = logging.getLogger(__name__)

VIEW = "_view"
CTX = "_ctx"
URL_WARNINGS = "_url_warnings"

# widget key -> ViewState field (the keys are stable: browser tests use them)
WIDGETS = {
    "f_lang": "lang", "f_hsr": "healthcare_regions", "f_region": "regions", "f_svf": "svfs",
    "f_from": "period_from", "f_to": "period_to", "f_gran": "granularity", "f_level": "level",
    "f_unit_region": "unit_region", "f_unit": "units", "f_denom": "denominator", "f_pool": "pool",
    "f_quad": "quad",
    "f_owner": "owners", "f_area": "areas",  # Målöversikt
    "f_snap": "snap",  # a frozen snapshot
    # phases page
    "f_phase": "phase", "f_cut_days": "cut_days", "f_cut_bench": "cut_bench",
}
_TUPLES = {"healthcare_regions", "regions", "svfs", "units", "owners", "areas"}
# registers / Palliativregistret (issue 8)
WIDGETS.update({"f_dxyear": "diag_years", "f_register": "registers", "f_months": "months",
                "f_indicator": "indicator", "f_asof": "as_of"})
_TUPLES |= {"diag_years", "registers"}


# -- names for codes ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Names:
    lang: str
    region: dict
    region_short: dict
    region_hsr: dict
    hsr: dict
    svf: dict
    end_type: dict
    unit: dict

    def dim(self, dim: str) -> dict:
        return {"region": self.region_short, "healthcare_region": self.hsr, "svf": self.svf,
                "end_type": self.end_type, "unit": self.unit}.get(dim, {})


def short_region(name: str, lang: str) -> str:
    """'Region Stockholm' -> 'Stockholm'; 'Stockholm Region' -> 'Stockholm' (charts need room)."""
    if lang == "sv" and name.startswith("Region "):
        return name[len("Region "):]
    if lang == "en" and name.endswith(" Region"):
        return name[: -len(" Region")]
    return name


def short_unit(name: str) -> str:
    """'Region Gotland – Kirurgklinik A' -> 'Kirurgklinik A' (units are compared within one region)."""
    return name.split(" – ", 1)[1] if " – " in name else name


def build_names(data: Data, lang: str) -> Names:
    return _names(data.root, data.version, lang, _data=data)


def build_catalog(data: Data) -> S.Catalog:
    frozen = tuple(f["name"] for f in Store(data.root).frozen())  # a directory listing: not cached (no new snapshot)
    return replace(_catalog(data.root, data.version, _data=data), frozen=frozen)


def requested_snapshot(store: Store) -> str | None:
    """The frozen snapshot this run shows: the session's view, else the link's 'snap' (when the store
    has one of that name; the link's other problems are reported by load_view)."""
    view = st.session_state.get(VIEW)
    if view is not None:
        return view.snap
    name = st.query_params.get(S.P_SNAP)
    return name if name and name in {f["name"] for f in store.frozen()} else None


@st.cache_data(max_entries=8, show_spinner=False)
def _names(root: str, version: str, lang: str, _data: Data) -> Names:
    data = _data
    col = "name_en" if lang == "en" else "name_sv"
    reg = data.reference("region")
    hsr = data.reference("healthcare_region")
    svf = data.reference("svf")
    et = data.reference("end_type").sort_values("sort_order")
    region = dict(zip(reg["region_code"], reg[col], strict=True))
    return Names(
        lang=lang, region=region,
        region_short={k: short_region(v, lang) for k, v in region.items()},
        region_hsr=dict(zip(reg["region_code"], reg["healthcare_region"], strict=True)),
        hsr=dict(zip(hsr["healthcare_region"], hsr[col], strict=True)),
        svf=dict(zip(svf["svf"], svf[col], strict=True)),
        end_type=dict(zip(et["end_type"], et[col], strict=True)),
        unit={u: short_unit(u) for u in data.units()["unit"].astype(str)},
    )


@st.cache_data(max_entries=4, show_spinner=False)
def _catalog(root: str, version: str, _data: Data) -> S.Catalog:
    data = _data
    reg = data.reference("region").sort_values("region_code")
    hsr = data.reference("healthcare_region")
    svf = data.reference("svf")
    units = data.units()
    by_region: dict[str, tuple[str, ...]] = {}
    for code, g in units.groupby("region_code"):
        by_region[str(code)] = tuple(sorted(g["unit"].astype(str).unique()))
    status = data.status()
    first, last = status["first_dates"].get("svf_pathway"), status["last_dates"].get("svf_pathway")
    reg_extra = _register_catalog(data, status)
    return S.Catalog(**reg_extra,
        regions=tuple(reg["region_code"]), healthcare_regions=tuple(hsr["healthcare_region"]),
        svfs=tuple(svf["svf"]), units_by_region=by_region,
        first_month=first.strftime("%Y-%m") if first else None,
        last_month=last.strftime("%Y-%m") if last else None,
    )


def _register_catalog(data: Data, status: dict) -> dict:
    """Catalog fields of the register / palliative pages (issue 8)."""
    qr = data.reference("register_icd10")
    ind = data.reference("palliative_indicator").sort_values("sort_order")
    c0, c1 = status["first_dates"].get("cancer_case"), status["last_dates"].get("cancer_case")
    dates = [d for d in (status["last_dates"].get("register_case"), c1) if d]
    return {"registers": tuple(sorted(qr["register"].unique())), "indicators": tuple(ind["indicator"]),
            "diag_years": tuple(str(y) for y in range(c0.year, c1.year + 1)) if c0 and c1 else (),
            "last_data_date": max(dates).isoformat() if dates else None}


# -- the page context ---------------------------------------------------------------------------------
@dataclass
class Context:
    data: Data
    view: S.ViewState
    names: Names
    cat: S.Catalog
    status: dict

    @property
    def lang(self) -> str:
        return self.view.lang

    def tr(self, key: str, **kw) -> str:
        return t(key, self.view.lang, **kw)


def context() -> Context | None:
    return st.session_state.get(CTX)


# -- view <-> widgets <-> URL -----------------------------------------------------------------------------
def load_view(cat: S.Catalog) -> S.ViewState:
    """The view for this run: from the URL on a session's first run, afterwards from session state."""
    view = st.session_state.get(VIEW)
    if view is None:
        view, warns = S.parse(current_params(), cat)
        st.session_state[VIEW] = view
        st.session_state[URL_WARNINGS] = warns
    return view


def show_url_warnings(lang: str) -> None:
    """The link's problems stay in view until the person changes a filter. A value from the link is
    shown as plain, shortened text (a code span): never as a link, an image or other markup."""
    for w in st.session_state.get(URL_WARNINGS, []) or []:
        args = {k: fmt.md_literal(v) for k, v in dict(w.args).items()}
        st.warning(t(w.key, lang, **args), icon="⚠️")


def current_params() -> dict[str, str | list[str]]:
    """The URL's parameters; repeated ones (care units) as lists."""
    out: dict[str, str | list[str]] = {}
    for k in st.query_params:
        vals = st.query_params.get_all(k)
        out[k] = vals if k == S.P_UNIT else (vals[-1] if vals else "")
    return out


def write_url(view: S.ViewState) -> None:
    want = S.to_params(view)
    if current_params() != want:
        st.query_params.from_dict(want)


def _view() -> S.ViewState:
    return st.session_state[VIEW]


def _set_view(**changes) -> None:
    st.session_state[VIEW] = replace(_view(), **changes)
    st.session_state[URL_WARNINGS] = []


def _on_change(key: str) -> None:
    field = WIDGETS[key]
    value = st.session_state.get(key)
    if field in _TUPLES:
        value = tuple(value or ())
    changes = {field: value}
    v = _view()
    if field == "period_from" and value and v.period_to and value > v.period_to:
        changes["period_to"] = value
    if field == "period_to" and value and v.period_from and value < v.period_from:
        changes["period_from"] = value
    if field == "unit_region":
        changes["units"] = ()
    _set_view(**changes)


def _on_level(cat: S.Catalog) -> None:
    level = st.session_state.get("f_level")
    v = _view()
    ur = v.unit_region
    if level == "unit" and not ur:
        ur = v.regions[0] if v.regions else (cat.regions[0] if cat.regions else None)
    _set_view(level=level, unit_region=ur, units=() if level != "unit" else v.units)


def _on_pick(cat: S.Catalog) -> None:
    code = st.session_state.get("f_period_pick")
    for c, lo, hi in S.quick_picks(cat):
        if c == code:
            _set_view(period_from=lo, period_to=hi)
            return


def _mirror(key: str, value) -> None:
    """Set a widget's value from the view before it is drawn (list for multiselects)."""
    st.session_state[key] = list(value) if isinstance(value, tuple) else value


def control(widget: Callable, key: str, label: str, options: Sequence | None, fmt: Callable | None = None,
            container=None, on_change: Callable | None = None, **kw):
    """A widget bound to the view field WIDGETS[key] (page-specific controls use this too)."""
    v = _view()
    value = getattr(v, WIDGETS[key])
    _mirror(key, value)
    target = container or st
    if on_change is None:
        args = dict(key=key, on_change=_on_change, args=(key,), **kw)
    else:
        args = dict(key=key, on_change=on_change, **kw)
    if options is not None:
        args["options"] = list(options)
        if fmt is not None:
            args["format_func"] = fmt
    return getattr(target, widget)(label, **args)


def sidebar(cat: S.Catalog, names: Names) -> S.ViewState:
    """The shared filters. Returns the view after this run's changes."""
    v = _view()
    lang = v.lang
    sb = st.sidebar
    control("segmented_control", "f_lang", t("filters.language", lang), S.LANGS,
            lambda c: {"sv": "Svenska", "en": "English"}[c], container=sb, selection_mode="single",
            required=True)
    lang = _view().lang
    sb.header(t("filters.header", lang))

    # period: quick pick + from/to
    months = cat.months()
    picks = S.quick_picks(cat)
    pick_codes = [c for c, _, _ in picks] + ["custom"]

    def pick_label(c: str) -> str:
        if c in ("last6", "last12", "custom"):
            return t(f"filters.pick_{c}", lang)
        if "-H" in c:
            y, h = c.split("-")
            return t("filters.pick_half", lang, year=y, half=h)
        return t("filters.pick_year", lang, year=c)

    st.session_state["f_period_pick"] = S.matching_pick(_view(), cat)
    sb.selectbox(t("filters.period_pick", lang), pick_codes, format_func=pick_label, key="f_period_pick",
                 on_change=_on_pick, args=(cat,))
    v = _view()
    month_opts = sorted(set(months) | {m for m in (v.period_from, v.period_to) if m})
    c1, c2 = sb.columns(2)
    control("selectbox", "f_from", t("filters.period_from", lang), month_opts, container=c1)
    control("selectbox", "f_to", t("filters.period_to", lang), month_opts, container=c2)
    control("segmented_control", "f_gran", t("filters.granularity", lang), S.GRANULARITIES,
            lambda c: t(f"filters.gran_{c}", lang), container=sb, selection_mode="single", required=True)

    control("multiselect", "f_svf", t("filters.svf", lang), cat.svfs, lambda c: names.svf.get(c, c),
            container=sb, help=t("filters.svf_help", lang), placeholder=t("filters.all", lang))

    # the level has its own callback: it also settles the unit region
    control("radio", "f_level", t("filters.level", lang), S.LEVELS,
            lambda c: t(f"filters.level_{c}", lang), container=sb, on_change=_on_level, args=(cat,))
    if _view().level == "unit":
        control("selectbox", "f_unit_region", t("filters.unit_region", lang), cat.regions,
                lambda c: names.region.get(c, c), container=sb)
        ur = _view().unit_region
        control("multiselect", "f_unit", t("filters.units", lang), cat.units_by_region.get(ur, ()),
                lambda c: names.unit.get(c, c), container=sb, help=t("filters.units_help", lang),
                placeholder=t("filters.all", lang))
    else:
        control("multiselect", "f_hsr", t("filters.healthcare_region", lang), cat.healthcare_regions,
                lambda c: names.hsr.get(c, c), container=sb, placeholder=t("filters.all", lang),
                help=t("filters.halland_rule", lang))
        control("multiselect", "f_region", t("filters.region", lang), cat.regions,
                lambda c: names.region.get(c, c), container=sb, help=t("filters.region_help", lang),
                placeholder=t("filters.all", lang))
    if cat.frozen or _view().snap:
        control("selectbox", "f_snap", t("frozen.pick", lang), (None, *cat.frozen),
                lambda c: c or t("frozen.live", lang), container=sb, help=t("frozen.pick_help", lang))
    sb.caption(t("filters.copy_link", lang))
    return _view()


def banner(is_demo: bool, lang: str) -> None:
    if is_demo:
        st.warning(t("app.demo_banner", lang), icon=":material/science:")


def frozen_banner(data: Data, status: dict, lang: str) -> None:
    """'Fryst underlag 2026H1-lpo …' on every page while a frozen snapshot is shown, with the way back."""
    if not data.frozen:
        return
    info = next((f for f in Store(data.root).frozen() if f["name"] == data.frozen), {})
    last = status.get("last_dates", {}).get("svf_pathway")
    c1, c2 = st.columns([5, 1], vertical_alignment="center")
    c1.info(t("frozen.banner", lang, name=data.frozen, snapshot=info.get("snapshot", "?"),
              frozen_at=str(info.get("frozen_at", ""))[:16], last=str(last or "–")), icon=":material/lock:")
    c2.button(t("frozen.back_to_live", lang), key="f_unfreeze", on_click=_set_view, kwargs={"snap": None})


# -- descriptions ---------------------------------------------------------------------------------------
def all_regions_present(ctx: Context) -> bool:
    """Does the store hold SVF pathways (or cancer cases) from every region of the catalogue? Only
    then is its total the country's ("Riket"). Once per snapshot: every chart title asks (a page asked
    ~40 times a rerun, 0,15 s of a warm rerun, before this was cached; then ~1 ms a question through
    st.cache_data's argument hashing)."""
    regions = tuple(ctx.cat.regions)

    def ask() -> bool:
        from metrics import core

        return bool(regions) and core.all_regions_present(ctx.data.con)

    return _memo(ctx.data.root, ctx.data.version).get(("all_regions_present", regions), ask)


def total_label(ctx: Context, in_sentence: bool = False) -> str:
    """'Riket' when the store holds every region, else 'Alla regioner i underlaget' (a region's own
    data are not the country; in_sentence: 'alla regioner …'). Every page and chart names the total
    with this."""
    if all_regions_present(ctx):
        return t("common.total", ctx.lang)
    return t("common.all_regions_partial" if in_sentence else "common.total_partial", ctx.lang)


def last_month(ctx: Context) -> str | None:
    """The data's last month (SVF pathways): periods from PRELIMINARY_MONTHS before it are preliminary."""
    return ctx.cat.last_month


def period_note(ctx: Context) -> str:
    """'' or a sentence: the period runs past the data's end, or into months still being reported."""
    v, last = ctx.view, last_month(ctx)
    if rules.beyond_data(v.period_to, last):
        return t("common.period_beyond", ctx.lang, last=last, first=rules.first_preliminary_month(last))
    if rules.range_is_preliminary(v.period_from, v.period_to, last):
        return t("common.period_preliminary", ctx.lang, first=rules.first_preliminary_month(last), last=last)
    return ""


def selection_text(ctx: Context, include_units: bool = True) -> str:
    v, n, lang = ctx.view, ctx.names, ctx.lang
    if v.level == "unit" and v.unit_region:
        where = n.region.get(v.unit_region, v.unit_region)
        if include_units and v.units:
            where += " (" + ", ".join(n.unit.get(u, u) for u in v.units) + ")"
    else:
        parts = [n.hsr.get(c, c) for c in v.healthcare_regions] + [n.region.get(c, c) for c in v.regions]
        where = ", ".join(parts) if parts else t(
            "common.all_regions" if all_regions_present(ctx) else "common.all_regions_partial", lang)
    svf = ", ".join(n.svf.get(c, c) for c in v.svfs) if v.svfs else t("common.all_svf", lang)
    period = t("common.period_text", lang, **{"from": v.period_from or "…", "to": v.period_to or "…"})
    text = t("common.selection_caption", lang, where=where, svf=svf, period=period)
    note = period_note(ctx)
    return f"{text}. {note}" if note else text


def data_date_text(ctx: Context) -> str:
    """'Data t.o.m. 2026-09-30 (ögonblicksbild …)' for exported charts and files."""
    last = ctx.status.get("last_dates", {}).get("svf_pathway")
    return t("common.data_date", ctx.lang, last=str(last or "–"), version=ctx.data.version)


def unverified_note(ctx: Context) -> str:
    """The † footnote; "(ett antagande för demodata)" only on demo data."""
    note = t("common.unverified_mark", ctx.lang)
    return note + (" " + t("common.unverified_demo", ctx.lang) if ctx.status.get("is_demo") else "")


def export_notes(ctx: Context, title: str, extra: Sequence[str] = ()) -> list[str]:
    lang = ctx.lang
    notes = [title, selection_text(ctx), *extra, t("common.suppression_note", lang), data_date_text(ctx),
             t("common.exported_at", lang, at=f"{dt.datetime.now():%Y-%m-%d %H:%M}")]
    if ctx.status.get("is_demo"):
        notes.insert(1, t("common.demo_note", lang))
    return notes


def file_region(ctx: Context) -> str:
    """The where-part of a download's file name: the unit region, the chosen regions (up to three,
    then 'm-fl'), or the whole store."""
    v, n = ctx.view, ctx.names
    if v.level == "unit" and v.unit_region:
        return n.region_short.get(v.unit_region, v.unit_region)
    names = [n.hsr.get(c, c) for c in v.healthcare_regions] + [n.region_short.get(c, c) for c in v.regions]
    if not names:
        return t("common.file_all_regions" if all_regions_present(ctx) else "common.file_all_partial", ctx.lang)
    return "-".join(names[:3]) + ("-" + t("common.file_more", ctx.lang) if len(names) > 3 else "")


# -- remembering what a rerun would only build again ------------------------------------------------------
# A rerun of the same view rebuilt every frame, figure and table from cached metric results (0,5-1 s of a
# page). What a page shows is a function of the snapshot and the view (language included), so a value
# remembered per snapshot under (name, its other inputs, the view) is always the one the rerun would
# build. Values are shared between reruns and sessions: read-only (copy before changing).
T_ = TypeVar("T_")
MEMO_ENTRIES = 800  # ~15 values a page view; the frames and figures of ~50 recent views


class _Memo:
    """A bounded, thread-safe LRU; a value can be started on another thread (start) and is then
    waited for by get."""

    def __init__(self, size: int) -> None:
        self.size, self.lock, self.items = size, threading.Lock(), OrderedDict()
        self.pending: dict[Hashable, Future] = {}

    def get(self, key: Hashable, build: Callable[[], T_]) -> T_:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            started = self.pending.get(key)
        # under way: wait for it (a failed one is built here); still queued behind other sessions' work:
        # withdrawn and built here, no later than without it
        if started is not None and not started.cancel() and started.exception() is None:
            return started.result()
        value = build()  # outside the lock: sessions do not wait on each other's builds
        self._put(key, value)
        return value

    def _put(self, key: Hashable, value) -> None:
        with self.lock:
            self._keep(key, value)

    def _keep(self, key: Hashable, value) -> None:  # under the lock
        self.items[key] = value
        while len(self.items) > self.size:
            self.items.popitem(last=False)

    def make(self, key: Hashable, new: Callable[[], T_]) -> T_:
        """The value under key, or new() kept there: new() is cheap and made under the lock, so two
        threads never keep two (get() builds outside it)."""
        with self.lock:
            if key not in self.items:
                self._keep(key, new())
            self.items.move_to_end(key)
            return self.items[key]

    def start(self, key: Hashable, build: Callable[[], T_]) -> Future | None:
        """build() on a worker thread unless the value is here; get() then waits for it. The value's
        future (the one already under way, if any); None when the value is here."""
        with self.lock:
            if key in self.items:
                return None
            if key in self.pending:
                return self.pending[key]
            fut = _POOL.submit(build)
            self.pending[key] = fut

        def settle(f: Future) -> None:
            failed = not f.cancelled() and f.exception() is not None
            with self.lock:  # the value kept and the start forgotten together: get() sees one or the other
                if not f.cancelled() and not failed:
                    self._keep(key, f.result())
                self.pending.pop(key, None)
            if failed:  # get() builds it again on the page's thread, where the error is shown
                _LOG.warning("early start of %s failed: %r", key[0] if isinstance(key, tuple) else key, f.exception())

        fut.add_done_callback(settle)
        return fut


# Worker threads for queries a page starts early (remember_soon): DuckDB runs a query without Python's
# lock, so a page's later queries run while it builds its first sections. One core is left to the pages'
# own threads: on 2 cores one worker made a ledtider change 2-20 ms faster than three (4 pairs, RESULTS.md).
_POOL = ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 2) - 1), thread_name_prefix="memo")


_MEMOS = _Memo(4)  # (root, version) -> that snapshot's _Memo: a plain look-up (st.cache_resource hashed
# its arguments on each of a rerun's ~30 calls)


def _memo(root: str, version: str) -> _Memo:
    return _MEMOS.make((root, version), lambda: _Memo(MEMO_ENTRIES))  # one per snapshot: a new one starts empty


def remember(ctx: Context, name: str, build: Callable[[], T_], *parts: Hashable) -> T_:
    """build() once per snapshot and (name, parts, view): parts are the inputs build() uses besides the
    snapshot and the view (a table, a dimension, filters)."""
    return _memo(ctx.data.root, ctx.data.version).get((name, parts, ctx.view), build)


def remember_on(ctx: Context, name: str, build: Callable[[], T_], *parts: Hashable) -> T_:
    """build() once per snapshot and (name, parts), whatever else the view holds: parts must name every
    input build() reads (filters, language, period …). A filter change then rebuilds only what depends
    on it (Riket's frames, the targets and the national trend stay)."""
    return _memo(ctx.data.root, ctx.data.version).get((name, parts), build)


def remember_soon(ctx: Context, starts: Sequence[tuple[str, Callable[[], T_], tuple]]) -> None:
    """Start each remember_on(ctx, name, build, *parts) of starts ((name, build, parts)) on a worker thread:
    a later remember_on with the same name and parts waits for it (or finds it done). build() must not
    call Streamlit. What this session started on its previous run and is still queued is withdrawn: that
    run was cut short by a new filter change (or has ended), and its queries would only hold up the worker."""
    memo = _memo(ctx.data.root, ctx.data.version)
    new = [memo.start((name, parts), build) for name, build, parts in starts]
    for f in st.session_state.get(_STARTED, ()):
        if f not in new:
            f.cancel()  # only if still queued; one under way finishes and is kept
    st.session_state[_STARTED] = [f for f in new if f is not None]


_STARTED = "_shell_started"  # session state: this session's early starts of its last run


class _ByIdentity:
    """What was derived from an object, kept while that very object lives in a cache (a remembered
    frame or figure): the entry holds the object, so its id cannot be reused while the entry exists."""

    def __init__(self, size: int) -> None:
        self.memo = _Memo(size)

    def get(self, obj, key: Hashable, build: Callable[[], T_]) -> T_:
        held, value = self.memo.get((id(obj), key), lambda: (obj, build()))
        return value if held is obj else build()


@st.cache_resource(show_spinner=False)
def _derived() -> _ByIdentity:
    return _ByIdentity(400)


# -- chart + table + downloads ------------------------------------------------------------------------
def chart_block(ctx: Context, key: str, fig, frame: pd.DataFrame, cols: Sequence[tables.Col], *,
                title: str, notes: Sequence[str] = ()) -> None:
    """The chart, then its downloads (CSV, Excel) and its table, all with the same suppression and
    in the same row order as the chart (tables.order_rows).

    fig: a figure, or functools.partial(a ui.charts function, its arguments): then built once per view
    and chart function (remember(); its arguments come from the view). The figure is
    not changed (the title goes on a copy); the table is formatted once per frame object (a frame
    remembered by the page is formatted once).

    The figure carries its title and a subtitle (selection, data date, demo marking), so the PNG from
    its camera button says what it shows; the files carry the same as notes (CSV: lines above the
    table; Excel: an Info sheet). File names hold the chart, the region and the period.
    Keys: <key>_chart, <key>_csv, <key>_xlsx, <key>_table.
    """
    lang = ctx.lang
    if callable(fig):  # a builder, functools.partial(chart function, ...): built once per view (remember())
        fig = remember(ctx, "chart_block", fig, key, getattr(fig, "func", fig))
    sub = " · ".join(x for x in (selection_text(ctx), data_date_text(ctx),
                                 t("common.demo_note", lang) if ctx.status.get("is_demo") else "") if x)
    # a titled copy: the figure may be remembered (by the page or here) and must stay as built
    shown = _derived().get(fig, ("titled", title, sub), lambda: charts.with_title(fig, title, sub))
    st.plotly_chart(shown, key=f"{key}_chart", config=charts.image_config(shown, _stem(ctx, key)),
                    width="content" if charts.plotly_json(shown)[1].get("width") else "stretch")
    cols = tuple(cols)
    order, table = _derived().get(frame, ("table", cols, lang), lambda: _table(frame, cols, lang))
    downloads(ctx, key, frame, cols, title=title, notes=notes, order=order)
    with st.expander(t("common.table", lang) + ": " + title, expanded=False):
        # wide enough for the longest texts (an interval, "Kan inte bedömas (…)", notes): never cut
        wide = {c.header: st.column_config.TextColumn(width="large" if c.kind in ("verdict", "note") else "medium")
                for c in cols if c.kind in ("ci", "verdict", "note")}
        st.dataframe(table, hide_index=True, key=f"{key}_table", width="stretch", column_config=wide)


def _table(frame: pd.DataFrame, cols: tuple[tables.Col, ...], lang: str) -> tuple[list[int] | None, pd.DataFrame]:
    """(the rows' order, tables.row_order; the table shown in it)."""
    order = tables.row_order(frame)
    return order, tables.display_table(frame, cols, lang, order=order)


def _stem(ctx: Context, key: str) -> str:
    return tables.file_stem(key, file_region(ctx), ctx.view.period_from or "", ctx.view.period_to or "")


def downloads(ctx: Context, key: str, frame: pd.DataFrame, cols: Sequence[tables.Col], *, title: str,
              notes: Sequence[str] = (), order: Sequence[int] | None = None) -> None:
    """CSV and Excel buttons for a table, built only when asked for, with the selection and demo
    marking as notes; order: the rows' positions (tables.row_order), taken only then. Keys: <key>_csv,
    <key>_xlsx."""
    lang = ctx.lang
    stem = _stem(ctx, key)
    all_notes = export_notes(ctx, title, notes)
    cols = list(cols)

    def export() -> pd.DataFrame:
        return tables.export_table(frame if order is None else frame.take(order), cols, lang)

    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(t("common.download_csv", lang), data=lambda: tables.csv_bytes(export(), lang, all_notes),
                       file_name=stem + ".csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
                       icon=":material/download:")
    c2.download_button(t("common.download_xlsx", lang),
                       data=lambda: tables.xlsx_bytes(export(), title, all_notes),
                       file_name=stem + ".xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")


def open_page(page: str, **changes) -> None:
    """Go to another page (its views/ file) with the view changed, e.g. one pathway selected: the view
    is the session's state, so it is set before switching and the URL follows it."""
    _set_view(**changes)
    st.switch_page(page)
