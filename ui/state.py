"""The view state and its URL form: pure functions, no Streamlit (unit-tested on their own).

Every shared filter lives in the URL with codes as values, so a copied link reproduces the exact
view. The URL always carries the scalar settings (period, granularity, ...) explicitly, defaults
included: a link made today opens the same months next year even though the default period moves.
Multi-valued filters are comma-joined codes; an absent one means "all".

Invalid input never raises: `parse` drops what it cannot use and returns warnings (i18n keys with
arguments) that the app shows politely.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from metrics import periods
from ui.i18n import LANGS

GRANULARITIES = periods.PERIOD_DIMS
LEVELS = ("region", "healthcare_region", "unit")
DENOMINATORS = ("same_period", "previous_year")
QUAD_GROUPS = ("region", "svf")

# URL parameter names (stable: browser tests and shared links depend on them)
P_LANG, P_HSR, P_REGION, P_SVF = "lang", "sjukvardsregion", "region", "svf"
P_FROM, P_TO, P_GRAN, P_LEVEL = "from", "to", "gran", "level"
P_UNIT_REGION, P_UNIT, P_DENOM, P_POOL, P_QUAD = "unit_region", "unit", "denom", "pool", "quad"
PARAM_NAMES = (P_LANG, P_HSR, P_REGION, P_SVF, P_FROM, P_TO, P_GRAN, P_LEVEL, P_UNIT_REGION, P_UNIT,
               P_DENOM, P_POOL, P_QUAD)
# Målöversikt: which target owners and areas the scorecard lists (empty = all)
P_OWNER, P_AREA = "owner", "area"
OWNERS = ("nationell", "rcc", "socialstyrelsen", "lpo", "region", "register")
AREAS = ("svf_inclusion", "svf_lead_time", "register_coverage", "register_timeliness", "palliative_coverage",
         "palliative_indicator")
PARAM_NAMES += (P_OWNER, P_AREA)
P_SNAP = "snap"  # a frozen snapshot's name (ingest freeze); absent = the data in force
PARAM_NAMES += (P_SNAP,)

# -- registers / Palliativregistret (issue 8): their own params, parsed and written in one block -------
P_ASOF, P_DXYEAR, P_REGISTER, P_MONTHS, P_INDICATOR = "asof", "dxyear", "register", "months", "indicator"
REGISTER_PARAMS = (P_ASOF, P_DXYEAR, P_REGISTER, P_MONTHS, P_INDICATOR)
MONTH_CHOICES = (1, 2, 3, 4, 6, 9, 12, 18, 24)  # N for "registered within N months" (3: the target's)
PARAM_NAMES = PARAM_NAMES + REGISTER_PARAMS

# -- phases page ("SVF – var förloras dagarna"): the what-if's phase and reduction ------------------------
P_PHASE, P_CUT = "fas", "minska"    # fas=ph1..ph5 (empty: the phase carrying most excess days);
PHASE_CODES = ("ph1", "ph2", "ph3", "ph4", "ph5")  # minska=<days> or minska=riktvarde (to the benchmark)
CUT_BENCH = "riktvarde"
CUT_MAX_DAYS = 90
PARAM_NAMES = (*PARAM_NAMES, P_PHASE, P_CUT)


@dataclass(frozen=True)
class Catalog:
    """The codes the URL may use, from the reference tables and the data at hand."""

    regions: tuple[str, ...] = ()
    healthcare_regions: tuple[str, ...] = ()
    svfs: tuple[str, ...] = ()
    units_by_region: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    first_month: str | None = None      # first month with data ('YYYY-MM')
    last_month: str | None = None       # last month with data
    frozen: tuple[str, ...] = ()        # the store's frozen snapshots (names)
    # registers / Palliativregistret (issue 8)
    registers: tuple[str, ...] = ()     # quality registers with diagnoses (coverage computable)
    indicators: tuple[str, ...] = ()    # palliative indicators, catalogue order
    diag_years: tuple[str, ...] = ()    # diagnosis years in the cancer register, oldest first
    last_data_date: str | None = None   # newest registration / diagnosis date ('YYYY-MM-DD'): default as-of

    def months(self) -> list[str]:
        if not self.first_month or not self.last_month:
            return []
        return month_range(self.first_month, self.last_month)


@dataclass(frozen=True)
class ViewState:
    lang: str = "sv"
    healthcare_regions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    svfs: tuple[str, ...] = ()
    period_from: str | None = None
    period_to: str | None = None
    granularity: str = "quarter"
    level: str = "region"
    unit_region: str | None = None
    units: tuple[str, ...] = ()
    denominator: str = "same_period"
    pool: bool = False
    quad: str = "region"
    owners: tuple[str, ...] = ()   # Målöversikt
    areas: tuple[str, ...] = ()    # Målöversikt
    snap: str | None = None        # a frozen snapshot shown instead of the data in force
    # registers / Palliativregistret (issue 8)
    as_of: str | None = None            # 'YYYY-MM-DD'; None = the newest data (Catalog.last_data_date)
    diag_years: tuple[str, ...] = ()    # empty = the newest diagnosis year
    registers: tuple[str, ...] = ()     # empty = all
    months: int = 3
    indicator: str | None = None        # empty = the first indicator with a target
    # phases page
    phase: str = ""
    cut_days: int = 5
    cut_bench: bool = False


@dataclass(frozen=True)
class Warning_:
    """A message for people: an i18n key and its arguments (rendered in the chosen language)."""

    key: str
    args: Mapping[str, str] = field(default_factory=dict)


# -- months (parsed and stepped by metrics.periods, the one definition of a 'YYYY-MM' month) ----------
def valid_month(s: str | None) -> bool:
    try:
        d = periods.parse_month(s or "")
    except ValueError:
        return False
    return d.year <= 2200  # far-future months from a hand-edited link would overflow date arithmetic


def add_months(month: str, k: int) -> str:
    d = periods.parse_month(month)
    y, m = divmod(d.year * 12 + d.month - 1 + k, 12)
    return f"{y:04d}-{m + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    d, end = periods.parse_month(first), periods.parse_month(last)
    out = []
    while d <= end:
        out.append(f"{d:%Y-%m}")
        d = periods.next_month(d)
    return out


def quick_picks(cat: Catalog) -> list[tuple[str, str, str]]:
    """Period shortcuts as (code, from, to): last 6 / 12 months, each calendar year, each half-year.

    "Last" counts back from the last month with data, not from today (the latest data lag).
    """
    if not cat.last_month:
        return []
    last, first = cat.last_month, cat.first_month or cat.last_month
    picks = [("last6", add_months(last, -5), last), ("last12", add_months(last, -11), last)]
    years = range(int(last[:4]), int(first[:4]) - 1, -1)
    for y in years:
        for h, (a, b) in (("H2", ("07", "12")), ("H1", ("01", "06"))):
            lo, hi = f"{y}-{a}", f"{y}-{b}"
            if lo <= last and hi >= first:
                picks.append((f"{y}-{h}", lo, hi))
    for y in years:
        picks.append((str(y), f"{y}-01", f"{y}-12"))
    return picks


def matching_pick(state: ViewState, cat: Catalog) -> str:
    """The quick pick that gives exactly the state's period, or 'custom'."""
    for code, lo, hi in quick_picks(cat):
        if (lo, hi) == (state.period_from, state.period_to):
            return code
    return "custom"


def default_state(cat: Catalog, lang: str = "sv") -> ViewState:
    lo = hi = None
    if cat.last_month:
        lo, hi = add_months(cat.last_month, -11), cat.last_month
        if cat.first_month and lo < cat.first_month:
            lo = cat.first_month
    return ViewState(lang=lang, period_from=lo, period_to=hi)


# -- URL -> state -------------------------------------------------------------------------------------
def _one(params: Mapping, name: str) -> str | None:
    v = params.get(name)
    if isinstance(v, list | tuple):
        v = v[-1] if v else None
    if v is None:
        return None
    return str(v).strip()


def _codes(params: Mapping, name: str) -> list[str]:
    """Comma-joined codes; care units (free text that may hold commas) are repeated parameters."""
    v = params.get(name)
    if v is None:
        return []
    parts = v if isinstance(v, list | tuple) else [v]
    out: list[str] = []
    for p in parts:
        for c in ([str(p)] if name == P_UNIT else str(p).split(",")):
            c = c.strip()
            if c and c not in out:
                out.append(c)
    return out


def parse(params: Mapping, cat: Catalog) -> tuple[ViewState, list[Warning_]]:
    """URL query parameters -> a valid ViewState and the warnings for what was not usable."""
    warns: list[Warning_] = []

    def bad(name: str, value: str) -> None:
        warns.append(Warning_("url.invalid", {"param": name, "value": value}))

    lang = _one(params, P_LANG) or "sv"
    if lang not in LANGS:
        bad(P_LANG, lang)
        lang = "sv"
    st = default_state(cat, lang)

    def codes(name: str, allowed) -> tuple[str, ...]:
        got = _codes(params, name)
        unknown = [c for c in got if c not in allowed]
        if unknown:
            bad(name, ",".join(unknown))
        return tuple(c for c in got if c in allowed)

    st = replace(st, healthcare_regions=codes(P_HSR, cat.healthcare_regions),
                 regions=codes(P_REGION, cat.regions), svfs=codes(P_SVF, cat.svfs))

    lo, hi = _one(params, P_FROM), _one(params, P_TO)
    if lo is not None and not valid_month(lo):
        bad(P_FROM, lo)
        lo = None
    if hi is not None and not valid_month(hi):
        bad(P_TO, hi)
        hi = None
    lo = lo or st.period_from
    hi = hi or st.period_to
    if lo and hi and lo > hi:
        warns.append(Warning_("url.period_order", {"from": lo, "to": hi}))
        lo, hi = st.period_from, st.period_to
    st = replace(st, period_from=lo, period_to=hi)

    def choice(name: str, allowed, default: str) -> str:
        v = _one(params, name)
        if v is None or v == "":
            return default
        if v not in allowed:
            bad(name, v)
            return default
        return v

    st = replace(st, granularity=choice(P_GRAN, GRANULARITIES, st.granularity),
                 level=choice(P_LEVEL, LEVELS, st.level),
                 denominator=choice(P_DENOM, DENOMINATORS, st.denominator),
                 quad=choice(P_QUAD, QUAD_GROUPS, st.quad),
                 pool=choice(P_POOL, ("0", "1"), "0") == "1")

    st = replace(st, owners=codes(P_OWNER, OWNERS), areas=codes(P_AREA, AREAS))
    snap = _one(params, P_SNAP) or None
    if snap is not None and snap not in cat.frozen:
        bad(P_SNAP, snap)
        snap = None
    st = replace(st, snap=snap)
    st = _parse_phases(params, st, bad)

    ur = _one(params, P_UNIT_REGION) or None
    if ur is not None and ur not in cat.regions:
        bad(P_UNIT_REGION, ur)
        ur = None
    if st.level == "unit":
        if ur is None:
            ur = st.regions[0] if st.regions else (cat.regions[0] if cat.regions else None)
        st = replace(st, unit_region=ur, units=codes(P_UNIT, cat.units_by_region.get(ur, ())))
    else:
        st = replace(st, unit_region=ur)  # units only mean something when comparing units
    st = _parse_registers(params, cat, st, bad, codes)
    return st, warns


def _parse_registers(params: Mapping, cat: Catalog, st: ViewState, bad, codes) -> ViewState:
    """The register / palliative params (issue 8); unusable values dropped with a warning."""
    as_of = _one(params, P_ASOF) or None
    if as_of is not None and not valid_date(as_of):
        bad(P_ASOF, as_of)
        as_of = None
    months = _one(params, P_MONTHS)
    m = 3
    if months:
        if months.isdigit() and int(months) in MONTH_CHOICES:
            m = int(months)
        else:
            bad(P_MONTHS, months)
    ind = _one(params, P_INDICATOR) or None
    if ind is not None and ind not in cat.indicators:
        bad(P_INDICATOR, ind)
        ind = None
    return replace(st, as_of=as_of, diag_years=codes(P_DXYEAR, cat.diag_years),
                   registers=codes(P_REGISTER, cat.registers), months=m, indicator=ind)


def valid_date(s: str) -> bool:
    import datetime as dt

    try:
        d = dt.date.fromisoformat(s)
    except ValueError:
        return False
    return 1900 <= d.year <= 2200 and len(s) == 10
def _parse_phases(params: Mapping, st: ViewState, bad) -> ViewState:
    """The phases page's parameters: fas (a phase code or empty) and minska (days 0..90 or riktvarde)."""
    phase = _one(params, P_PHASE) or ""
    if phase and phase not in PHASE_CODES:
        bad(P_PHASE, phase)
        phase = ""
    cut = _one(params, P_CUT)
    days, bench = st.cut_days, False
    if cut == CUT_BENCH:
        bench = True
    elif cut:
        if cut.isdigit() and int(cut) <= CUT_MAX_DAYS:
            days = int(cut)
        else:
            bad(P_CUT, cut)
    return replace(st, phase=phase, cut_days=days, cut_bench=bench)


# -- state -> URL -------------------------------------------------------------------------------------
def to_params(st: ViewState) -> dict[str, str | list[str]]:
    """The URL form of a state: every scalar explicitly, multi-valued codes comma-joined, care units
    as a repeated parameter (a list)."""
    out: dict[str, str | list[str]] = {P_LANG: st.lang}
    for name, vals in ((P_HSR, st.healthcare_regions), (P_REGION, st.regions), (P_SVF, st.svfs)):
        if vals:
            out[name] = ",".join(vals)
    if st.period_from:
        out[P_FROM] = st.period_from
    if st.period_to:
        out[P_TO] = st.period_to
    out[P_GRAN] = st.granularity
    out[P_LEVEL] = st.level
    if st.level == "unit" and st.unit_region:
        out[P_UNIT_REGION] = st.unit_region
        if st.units:
            out[P_UNIT] = list(st.units)
    out[P_DENOM] = st.denominator
    out[P_POOL] = "1" if st.pool else "0"
    out[P_QUAD] = st.quad
    for name, vals in ((P_OWNER, st.owners), (P_AREA, st.areas)):
        if vals:
            out[name] = ",".join(vals)
    if st.snap:
        out[P_SNAP] = st.snap
    # registers / Palliativregistret (issue 8): only what differs from the default, so the SVF pages'
    # links stay as they were
    if st.as_of:
        out[P_ASOF] = st.as_of
    if st.diag_years:
        out[P_DXYEAR] = ",".join(st.diag_years)
    if st.registers:
        out[P_REGISTER] = ",".join(st.registers)
    if st.months != 3:
        out[P_MONTHS] = str(st.months)
    if st.indicator:
        out[P_INDICATOR] = st.indicator
    if st.phase:
        out[P_PHASE] = st.phase
    if st.cut_bench or st.cut_days != ViewState.cut_days:  # a fixed default: only written when changed
        out[P_CUT] = CUT_BENCH if st.cut_bench else str(st.cut_days)
    return out


def selection_scope(st: ViewState) -> dict:
    """The keyword arguments of metrics.Filters for the selection the user made.

    When comparing care units, the selection is the one region whose units are compared.
    """
    if st.level == "unit" and st.unit_region:
        regions, hsr, units = (st.unit_region,), (), st.units
    else:
        regions, hsr, units = st.regions, st.healthcare_regions, ()
    return {"regions": regions, "healthcare_regions": hsr, "svfs": st.svfs, "units": units,
            "period_from": st.period_from, "period_to": st.period_to}
