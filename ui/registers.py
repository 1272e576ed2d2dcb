"""What the register-coverage and Palliativregistret pages share: their controls (bound to the URL
through ui.shell), filters from the view, cached metric calls beyond Data.compute (the ramp, every
target with its owner, place of care), frames with each row's own target, and the verdict texts.
Keeps views/kvalitetsregister.py and views/palliativ.py thin."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

import metrics
from metrics import stats
from ui import fmt, shell, tables
from ui.charts import TargetLine, target_lines
from ui.shell import Context
from ui.tables import Col

COUNTS = metrics.COUNT_COLUMNS


# -- cached metric calls (keyed by store + snapshot, as ui.data) -------------------------------------------
@st.cache_data(max_entries=300, show_spinner=False)
def _ramp(root, version, filters, by_register, max_lag, _con):
    return metrics.register_ramp(_con, filters, by_register=by_register, max_lag=max_lag)


@st.cache_data(max_entries=300, show_spinner=False)
def _long(root, version, table, filters, by, _con):
    return metrics.targets_long(_con, table, filters, by)


@st.cache_data(max_entries=100, show_spinner=False)
def _unit_types(root, version, filters, _con):
    return metrics.palliative_unit_types(_con, filters)


def ramp(ctx: Context, filters: metrics.Filters, by_register: bool = False, max_lag: int = 36) -> pd.DataFrame:
    return _ramp(ctx.data.root, ctx.data.version, filters, by_register, max_lag, _con=ctx.data.con)


def long_targets(ctx: Context, table: str, filters: metrics.Filters, by: tuple[str, ...] = ()) -> pd.DataFrame:
    f = metrics.applicable_filters(table, filters)
    return _long(ctx.data.root, ctx.data.version, table, f, tuple(by), _con=ctx.data.con)


def unit_types(ctx: Context, filters: metrics.Filters) -> pd.DataFrame:
    return _unit_types(ctx.data.root, ctx.data.version, filters, _con=ctx.data.con)


# -- figures -----------------------------------------------------------------------------------------------
_FIGS: dict = {}
_FIGS_MAX = 256


def _remember(key, make):
    hit = _FIGS.get(key)
    if hit is None:
        if len(_FIGS) >= _FIGS_MAX:
            _FIGS.pop(next(iter(_FIGS)))
        hit = _FIGS[key] = make()
    return hit


def fig(ctx: Context, name: str, builder, frame: pd.DataFrame, *args, **kw):
    """builder(frame, *args, **kw), remembered per snapshot, view and chart name: every frame of these
    pages is a function of (snapshot, view), so a rerun with the same view reuses the figure — building
    a plotly figure costs far more than the (cached) numbers behind it."""
    return _remember(("fig", ctx.data.root, ctx.data.version, ctx.view, name),
                     lambda: builder(frame, *args, **kw))



# -- names ------------------------------------------------------------------------------------------------
def _col(ctx: Context) -> str:
    return "name_en" if ctx.lang == "en" else "name_sv"


def register_names(ctx: Context, short: bool = True) -> dict[str, str]:
    qr = ctx.data.reference("quality_register")
    names = dict(zip(qr["register"], qr[_col(ctx)], strict=True))
    if short:  # 'Nationellt kvalitetsregister för bröstcancer (NKBC)' -> 'NKBC'
        return {k: fmt.short_register_name(v) for k, v in names.items()}
    return names


def indicator_names(ctx: Context, short: bool = False) -> dict[str, str]:
    """Indicator names; short: without the parenthesised explanation (charts need room)."""
    pi = ctx.data.reference("palliative_indicator")
    names = dict(zip(pi["indicator"], pi[_col(ctx)], strict=True))
    if short:
        names = {k: fmt.short_indicator_name(v) for k, v in names.items()}
    return names


def unit_type_label(ctx: Context, value: str) -> str:
    """A place of care as stored (Swedish, e.g. 'sjukhus') in the page's language when known."""
    if not value:
        return ctx.tr("pall.unit_type_unknown")
    key = "pall_unit." + value
    text = ctx.tr(key)
    return value if text == key else text


def owner_texts(ctx: Context) -> dict[str, str]:
    """target_id -> the owner as people read it (per snapshot and language)."""
    def make():
        tg = ctx.data.reference("target")
        col = "owner_en" if ctx.lang == "en" else "owner_sv"
        return dict(zip(tg["target_id"].astype(str), tg[col], strict=True))

    return _remember(("owners", ctx.data.root, ctx.data.version, ctx.lang), make)


# -- the view's register / palliative settings -----------------------------------------------------------
def as_of(ctx: Context) -> dt.date:
    """The as-of date: the URL's, else the newest data (registration or diagnosis), else today."""
    v = ctx.view.as_of or ctx.cat.last_data_date
    return dt.date.fromisoformat(v) if v else dt.date.today()


def diag_years(ctx: Context) -> list[int]:
    """The chosen diagnosis years; default: the newest year that has ended by the as-of date, or the
    newest year."""
    if ctx.view.diag_years:
        return sorted(int(y) for y in ctx.view.diag_years)
    years = [int(y) for y in ctx.cat.diag_years if int(y) <= as_of(ctx).year]
    if not years:
        return []
    ended = [y for y in years if dt.date(y, 12, 31) <= as_of(ctx)]
    return [ended[-1] if ended else years[-1]]


def coverage_filters(ctx: Context, years: list[int] | None = None, registers: tuple[str, ...] | None = None,
                     national: bool = False, **kw) -> metrics.Filters:
    v = ctx.view
    ys = years if years is not None else diag_years(ctx)
    return metrics.Filters(
        regions=() if national else v.regions, healthcare_regions=() if national else v.healthcare_regions,
        svfs=v.svfs, registers=v.registers if registers is None else registers,
        period_from=f"{min(ys)}-01" if ys else None, period_to=f"{max(ys)}-12" if ys else None,
        as_of=as_of(ctx), months=v.months, **kw)


def palliative_filters(ctx: Context, national: bool = False, **kw) -> metrics.Filters:
    v = ctx.view
    return metrics.Filters(regions=() if national else v.regions,
                           healthcare_regions=() if national else v.healthcare_regions,
                           period_from=v.period_from, period_to=v.period_to, **kw)


def years_text(ctx: Context, ys: list[int]) -> str:
    if not ys:
        return fmt.DASH
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}"


def is_preliminary(ctx: Context, year: int) -> bool:
    return metrics.reporting_status(as_of(ctx), int(year))[0]


# -- controls ---------------------------------------------------------------------------------------------
def _on_as_of() -> None:
    d = st.session_state.get("f_asof")
    shell._set_view(as_of=d.isoformat() if d else None)


def register_controls(ctx: Context, with_registers: bool = True) -> None:
    """As-of date, diagnosis year(s) and registers, above the page (they are the page's own)."""
    tr = ctx.tr
    c1, c2, c3 = st.columns([1, 1.3, 2])
    st.session_state["f_asof"] = as_of(ctx)
    c1.date_input(tr("reg.as_of"), key="f_asof", on_change=_on_as_of, help=tr("reg.as_of_help"),
                  format="YYYY-MM-DD", min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
    shell.control("multiselect", "f_dxyear", tr("reg.diag_years"), ctx.cat.diag_years, container=c2,
                  help=tr("reg.diag_years_help"), placeholder=tr("reg.diag_years_default",
                                                                  year=years_text(ctx, diag_years(ctx))))
    if with_registers:
        names = register_names(ctx, short=False)
        shell.control("multiselect", "f_register", tr("reg.registers"), ctx.cat.registers,
                      lambda c: names.get(c, c), container=c3, placeholder=tr("filters.all"))


def months_control(ctx: Context) -> None:
    from ui import state as S

    shell.control("select_slider", "f_months", ctx.tr("reg.months"), S.MONTH_CHOICES,
                  help=ctx.tr("reg.months_help"))


def indicator_control(ctx: Context, default: str) -> str:
    names = indicator_names(ctx)
    if not ctx.view.indicator:
        shell._set_view(indicator=default)  # the page's default, shown selected (and then in the URL)
    shell.control("selectbox", "f_indicator", ctx.tr("pall.indicator"), ctx.cat.indicators,
                  lambda c: names.get(c, c))
    return shell._view().indicator or default


# -- frames -------------------------------------------------------------------------------------------------
def with_owner(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """Adds target_owner_text (the primary target's owner as people read it)."""
    owners = owner_texts(ctx)
    f = frame.copy()
    f["target_owner_text"] = [owners.get(str(x), "") if str(x) not in ("None", "nan", "") else ""
                              for x in f.get("target_id", pd.Series([None] * len(f)))]
    return f


def pool_registers(df: pd.DataFrame, table: str, dim: str | None) -> pd.DataFrame:
    """Register tables always carry the register: several registers in one row per `dim` (or one
    total) are summed, with a new Wilson interval and no target (targets belong to one register)."""
    num, den = COUNTS[table]
    if df["register"].nunique() <= 1:
        return df
    keys = [dim] if dim else []
    g = (df.groupby(keys, dropna=False, sort=True)[[num, den]].sum().reset_index() if keys
         else pd.DataFrame({num: [df[num].sum()], den: [df[den].sum()]}))
    x, n = g[num].to_numpy(dtype=float), g[den].to_numpy(dtype=float)
    g["share"] = [a / b if b else float("nan") for a, b in zip(x, n, strict=True)]
    g["ci_low"], g["ci_high"] = stats.wilson(x, n)
    g["target"] = float("nan")
    g["target_id"], g["verdict"], g["certainty"], g["gap"] = None, "no_target", "", 0
    g["suppressed"] = g[den] < metrics.SUPPRESS_BELOW
    return g


def share_frame(ctx: Context, table: str, filters: metrics.Filters, dim: str | None,
                labels: dict | None = None, total_label: str | None = None) -> pd.DataFrame:
    """A share frame with each row's target owner; remembered per snapshot and arguments (a copy is
    returned: pages add columns to it)."""
    key = ("share", ctx.data.root, ctx.data.version, ctx.lang, table, metrics.applicable_filters(table, filters),
           dim, total_label, tuple(sorted(labels.items())) if labels else None)
    return _remember(key, lambda: _share_frame(ctx, table, filters, dim, labels, total_label)).copy()


def _share_frame(ctx: Context, table: str, filters: metrics.Filters, dim: str | None,
                 labels: dict | None, total_label: str | None) -> pd.DataFrame:
    num, den = COUNTS[table]
    df = ctx.data.compute(table, filters, (dim,) if dim else ())
    if table.startswith("register-") and dim != "register":
        df = pool_registers(df, table, dim)
    f = tables.share_frame(df, key=dim, num=num, den=den, labels=labels if labels is not None else
                           (ctx.names.dim(dim) if dim else None), total_label=total_label, lang=ctx.lang)
    return with_owner(ctx, f)


def register_lines(ctx: Context, table: str, register: str | None, period_from: str | None,
                   period_to: str | None, region: str | None = None) -> list[TargetLine]:
    """The targets to draw for one register (or Palliativregistret), every owner; a local owner's
    target (scope_region) only when exactly that region is shown."""
    def make():
        tg = metrics.targets(ctx.data.con, table, register=register)
        if "scope_region" in tg:
            tg = tg[tg["scope_region"].isna() | (tg["scope_region"] == region)]
        return target_lines(tg, ctx.lang, period_from, period_to)

    return _remember(("lines", ctx.data.root, ctx.data.version, ctx.lang, table, register, period_from, period_to,
                      region), make)


def indicator_lines(ctx: Context, indicator: str) -> list[TargetLine]:
    """The target levels of one palliative indicator valid in the view's period."""
    v = ctx.view
    return _remember(("ind_lines", ctx.data.root, ctx.data.version, ctx.lang, indicator, v.period_from, v.period_to),
                     lambda: target_lines(metrics.targets(ctx.data.con, "palliative-indicators", indicator=indicator),
                                          ctx.lang, v.period_from, v.period_to))


def partial_period_note(ctx: Context, frame: pd.DataFrame) -> str:
    """A sentence when the newest period of a trend goes past the data's last month (incomplete,
    preliminary), else ''."""
    from metrics import periods

    last = ctx.cat.last_month
    if not last or frame.empty:
        return ""
    newest = str(max(frame["period"].astype(str)))
    end = periods.period_end(newest, ctx.view.granularity)
    if end > periods.next_month(periods.parse_month(last)) - dt.timedelta(days=1):
        from ui.charts import period_label

        return ctx.tr("pall.partial_period", period=period_label(newest, ctx.lang), last=last)
    return ""


def where_text(ctx: Context) -> str:
    v, n = ctx.view, ctx.names
    parts = [n.hsr.get(c, c) for c in v.healthcare_regions] + [n.region.get(c, c) for c in v.regions]
    return ", ".join(parts) if parts else ctx.tr("common.all_regions")


def single_region(ctx: Context) -> str | None:
    return ctx.view.regions[0] if len(ctx.view.regions) == 1 and not ctx.view.healthcare_regions else None


# -- the ramp verdict ----------------------------------------------------------------------------------------
def ramp_verdict(ctx: Context, rp: pd.DataFrame, year: int) -> str:
    """The sentence under the ramp for one diagnosis year (tables.ramp_verdict_text, shared with the
    report)."""
    return tables.ramp_verdict_text(rp, year, as_of(ctx), ctx.lang)


def ramp_cols(ctx: Context) -> list[Col]:
    tr = ctx.tr
    return [Col("diagnosis_year", tr("reg.col_diag_year")), Col("lag_months", tr("reg.col_lag"), "int"),
            Col("status", tr("reg.col_status")), Col("k", tr("reg.n_registered"), "k"),
            Col("n", tr("reg.n_cases"), "n"), Col("share", tr("table.share"), "share"),
            Col("ci", tr("table.ci"), "ci")]


def target_cols(ctx: Context, label: str, k_label: str, n_label: str, extra: tuple[Col, ...] = ()) -> list[Col]:
    tr = ctx.tr
    return [Col("label", label), Col("k", k_label, "k"), Col("n", n_label, "n"),
            Col("share", tr("table.share"), "share"), Col("ci", tr("table.ci"), "ci"),
            Col("target", tr("table.target"), "level"), Col("target_level_2", tr("reg.col_level_2"), "level"),
            Col("target_owner_text", tr("reg.col_owner")), Col("verdict", tr("table.verdict"), "verdict"),
            Col("gap", tr("table.gap"), "gap"), *extra]


def nan(v) -> bool:
    try:
        return v is None or math.isnan(float(v))
    except (TypeError, ValueError):
        return False
