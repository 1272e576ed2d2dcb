"""What the two SVF pages share: filters from the view, comparison frames with Riket, trends, the
table columns. Keeps pages thin (read filters -> call metrics -> call ui charts -> render)."""

from __future__ import annotations

import pandas as pd

import metrics
from ui import state as S
from ui import tables
from ui.charts import TargetLine, period_label, target_lines
from ui.shell import Context
from ui.tables import Col

# table -> (numerator column, denominator column)
COUNTS = {"inclusion": ("n_svf", "n_cases"), "lead-time": ("n_within", "n")}
TARGET_METRIC = {"inclusion": "inclusion", "lead-time": "lead_time"}


def has_geo(view: S.ViewState) -> bool:
    return bool(view.regions or view.healthcare_regions or (view.level == "unit" and view.unit_region))


def selection_filters(ctx: Context, table: str) -> metrics.Filters:
    scope = S.selection_scope(ctx.view)
    if table == "inclusion":
        scope["units"] = ()  # the cancer register has no care unit
    return metrics.Filters(**scope, inclusion_denominator=ctx.view.denominator)


def national_filters(ctx: Context) -> metrics.Filters:
    v = ctx.view
    return metrics.Filters(svfs=v.svfs, period_from=v.period_from, period_to=v.period_to,
                           inclusion_denominator=v.denominator)


def comparison_dim(ctx: Context, table: str) -> str:
    """The dimension compared (inclusion cannot be compared per care unit: it falls back to regions)."""
    level = ctx.view.level
    if level == "unit" and table == "inclusion":
        return "region"
    return level


def comparison_filters(ctx: Context, table: str) -> metrics.Filters:
    v = ctx.view
    if v.level == "unit" and table == "inclusion":
        return national_filters(ctx)  # every region, so the unit region is seen among the others
    return selection_filters(ctx, table)


def targets(ctx: Context, table: str, svf: str | None = None) -> list[TargetLine]:
    v = ctx.view
    tg = ctx.data.targets(TARGET_METRIC[table], svf=svf)
    return target_lines(tg, ctx.lang, v.period_from, v.period_to)


def primary_target(ctx: Context, table: str) -> float | None:
    lines = targets(ctx, table)
    prim = [tl for tl in lines if tl.primary] or lines
    return prim[0].level if prim else None


def total(ctx: Context, table: str, filters: metrics.Filters | None = None,
          label: str | None = None) -> pd.DataFrame:
    num, den = COUNTS[table]
    df = ctx.data.compute(table, filters or national_filters(ctx), ())
    return tables.share_frame(df, key=None, num=num, den=den,
                              total_label=label or ctx.tr("common.total"), lang=ctx.lang)


def by_frame(ctx: Context, table: str, dim: str, filters: metrics.Filters | None = None,
             labels: dict | None = None) -> pd.DataFrame:
    num, den = COUNTS[table]
    df = ctx.data.compute(table, filters or selection_filters(ctx, table), (dim,))
    return tables.share_frame(df, key=dim, num=num, den=den,
                              labels=labels if labels is not None else ctx.names.dim(dim), lang=ctx.lang)


def comparison_frame(ctx: Context, table: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(units compared, Riket row). Small units are pooled into 'Övriga' when the view asks."""
    dim = comparison_dim(ctx, table)
    units = by_frame(ctx, table, dim, comparison_filters(ctx, table))
    if ctx.view.pool:
        units = tables.pool_small(units, ctx.tr("common.others"), ctx.lang)
    return units, total(ctx, table)


def with_total(units: pd.DataFrame, riket: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in (riket, units) if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else units


def trend_frame(ctx: Context, table: str) -> pd.DataFrame:
    """The selection (and Riket beside it when the selection is narrower) per period."""
    gran = ctx.view.granularity
    num, den = COUNTS[table]
    parts = []
    if has_geo(ctx.view):
        sel = ctx.data.compute(table, selection_filters(ctx, table), (gran,))
        f = tables.share_frame(sel, key=gran, num=num, den=den, lang=ctx.lang)
        f["series"] = ctx.tr("common.selection")
        parts.append(f)
    nat = ctx.data.compute(table, national_filters(ctx), (gran,))
    f = tables.share_frame(nat, key=gran, num=num, den=den, lang=ctx.lang)
    f["series"] = ctx.tr("common.total")
    f["is_total"] = True
    parts.append(f)
    out = pd.concat(parts, ignore_index=True)
    out["period"] = out["key"]
    out["label"] = [period_label(p, ctx.lang) for p in out["period"]]
    return out


def level_word(ctx: Context, dim: str) -> str:
    return ctx.tr(f"table.{dim}")


def share_cols(ctx: Context, label_header: str, n_label: str, d_label: str,
               extra: tuple[Col, ...] = ()) -> list[Col]:
    tr = ctx.tr
    return [Col("label", label_header), Col("k", n_label, "k"), Col("n", d_label, "n"),
            Col("share", tr("table.share"), "share"), Col("ci", tr("table.ci"), "ci"),
            Col("target", tr("table.target"), "level"), Col("verdict", tr("table.verdict"), "verdict"),
            Col("gap", tr("table.gap"), "gap"), *extra]


def trend_cols(ctx: Context, n_label: str, d_label: str) -> list[Col]:
    tr = ctx.tr
    return [Col("series", tr("table.series")), Col("label", tr("table.period")),
            *share_cols(ctx, "", n_label, d_label)[1:]]


def excluded_names(frame: pd.DataFrame) -> list[str]:
    return [str(x) for x in frame.loc[frame["suppressed"].astype(bool), "label"]]
