"""Tables behind the charts and their downloads: pure functions (no Streamlit).

One place decides suppression for the screen, the CSV and the Excel file alike (metrics.rules, as
RCC: by the cell's own n): a count of 1–4 reads "<5", and a row whose denominator is under 5 shows
no share, interval, verdict or gap. The same rules mark shares above 100 % (no proportion: "kan
inte bedömas") and preliminary periods. Every text cell of a file is neutralised so that a
spreadsheet never evaluates it as a formula.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import metrics
from metrics import rules, stats
from metrics.core import str_dtype
from ui import fmt
from ui.i18n import t

MIN_N = metrics.SUPPRESS_BELOW  # the metric layer's threshold: a denominator under it shows no share
SUPPRESSED = rules.SUPPRESSED


def _isnan(v) -> bool:
    if isinstance(v, str | bool):  # the usual cells: pd.isna would say False, ~50 times slower
        return False
    try:
        return v is None or (isinstance(v, float) and math.isnan(v)) or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records") (the same values: Python numbers, NaN), ~3x faster: pandas 3 builds
    those rows column by column through iloc, and pages call this for every table and chart."""
    cols = list(frame.columns)
    if len(set(cols)) != len(cols):
        return frame.to_dict("records")
    data = [_column_values(frame[c]) for c in cols]
    if not cols:
        return [{} for _ in range(len(frame))]
    return [dict(zip(cols, row, strict=True)) for row in zip(*data, strict=True)]


def _column_values(col: pd.Series) -> list:
    if isinstance(col.dtype, pd.api.extensions.ExtensionDtype) and not isinstance(col.dtype, pd.StringDtype):
        return [r[col.name] for r in col.to_frame().to_dict("records")]  # nullable ints: None, as to_dict gives
    return col.tolist()


# -- from metric results to share frames ----------------------------------------------------------------
def share_frame(df: pd.DataFrame, *, key: str | None, num: str, den: str,
                labels: Mapping[str, str] | None = None, total_label: str | None = None,
                lang: str = "sv", preliminary: bool | Callable[[pd.DataFrame], list] | None = None) -> pd.DataFrame:
    """A metric result -> the frame the charts and tables use.

    key: the dimension column naming each row (None for a single total row, labelled total_label);
    num/den: the numerator/denominator columns; labels: code -> display name; preliminary: the
    rows' flags (a bool for every row, or a function of the frame giving one per row), as
    mark_preliminary would set them afterwards, but with the verdict texts written once.
    Result columns: key, label, k, n, share, ci_low, ci_high, target, verdict, certainty, gap,
    suppressed, is_total, verdict_text (+ every other column of df).
    """
    # the new columns are made first and the frame once: a column added to a frame cost ~0,25 ms (pandas
    # inserts into its index of names), nine of them per frame and 8-10 frames per filter change
    new: dict = {}
    if key is None:
        new["key"] = "__total__"
        new["label"] = total_label or t("common.total", lang)
        new["is_total"] = True
    else:
        new["key"] = keys = df[key].astype(str)
        lab = labels or {}
        new["label"] = [lab.get(c, c) if c not in ("", "None", "nan") else t("common.unknown", lang) for c in keys]
        new["is_total"] = False
    new["k"] = df[num]
    new["n"] = df[den]
    sup = df["suppressed"] if "suppressed" in df else df[den].fillna(0) < MIN_N
    new["suppressed"] = sup.fillna(True).astype(bool)
    # any share above 100 %: no interval, "kan inte bedömas" (rules.judge_non_proportions, flagged here)
    new["not_proportion"] = rules.not_a_proportion(df["share"]) if len(df) else np.zeros(0, dtype=bool)
    if preliminary is not None or "preliminary" not in df:
        new["preliminary"] = False  # its place; set below
    new["verdict_text"] = ""  # its place; set below
    if df.columns.has_duplicates:  # a dict would keep one of them
        d = df.copy()
        for c, v in new.items():
            d[c] = v
    else:
        d = pd.DataFrame({**dict(df.items()), **new}, index=df.index)
    d = rules.judge_non_proportions(d, flag=False, copy=False)
    if callable(preliminary):
        d["preliminary"] = preliminary(d) if len(d) else False
    elif preliminary is not None:
        d["preliminary"] = bool(preliminary)
    d["verdict_text"] = verdict_texts(d, lang)
    return d


_VERDICT_FIELDS = ("suppressed", "verdict", "share", "certainty", "preliminary")  # what verdict_text reads


def verdict_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    """verdict_text for every row, reading only the columns it uses (rows of every column cost
    several ms on a wide frame)."""
    fields = [c for c in _VERDICT_FIELDS if c in frame.columns]  # columns, not frame[fields]: that copies
    if frame.columns.has_duplicates:
        return [verdict_text(r, lang) for r in records(frame[fields])]
    values = [_column_values(frame[c]) for c in fields]
    return [verdict_text(dict(zip(fields, row, strict=True)), lang) for row in zip(*values, strict=True)] \
        if fields else [verdict_text({}, lang) for _ in range(len(frame))]


def mark_preliminary(frame: pd.DataFrame, kind: str | None, last_month: str | None, lang: str = "sv", *,
                     period_col: str = "period", whole: bool = False) -> pd.DataFrame:
    """Flag the preliminary rows of a share frame (metrics.rules: periods holding a month still being
    reported or after the data's end) and say so in their verdicts. kind: the period kind of
    `period_col`; whole=True marks every row (a frame over one period that reaches into those months)."""
    d = frame.copy()
    if whole:
        d["preliminary"] = True
    elif kind and len(d):
        d["preliminary"] = rules.preliminary_column(d[period_col], kind, last_month)
    else:
        d["preliminary"] = False
    d["verdict_text"] = verdict_texts(d, lang)
    return d


def order_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The order the charts draw (so a table reads like its chart): the total first; trends by series
    then period; a ranked table (a `rank` column, e.g. the phases carrying most excess days) by rank;
    shares from the highest (suppressed rows last); else by name, Swedish order. Ties keep their order.
    A frame already in that order is returned as it is (read-only, like the frames it is given)."""
    if not len(frame):
        return frame.copy()
    order = row_order(frame)
    return frame if order is None else frame.take(order)


def row_order(frame: pd.DataFrame) -> list[int] | None:
    """order_rows' order as row positions; None when the frame is in that order already (or empty)."""
    if not len(frame):
        return None
    # a stable sort of plain (total, key) tuples: pandas' sort of a few rows costs more than the rows,
    # and taking the rows of a wide frame costs more still, so a frame in order is not taken at all
    d = frame
    first = (~d["is_total"].fillna(False).astype(bool)).tolist() if "is_total" in d else [True] * len(d)
    if "period" in d:
        key = [(rules.missing(p), "" if rules.missing(p) else p) for p in d["period"].tolist()]
    elif "rank" in d:
        key = pd.to_numeric(d["rank"], errors="coerce").fillna(float("inf")).tolist()
    elif "share" in d:
        sup = d["suppressed"].astype(bool) if "suppressed" in d else pd.Series(False, index=d.index)
        key = [-x for x in pd.to_numeric(d["share"], errors="coerce").where(~sup, -1.0).fillna(-1.0).tolist()]
    else:
        key = [sv_sort_key(str(x)) for x in d["label"]]
    order = sorted(range(len(d)), key=lambda i: (first[i], key[i]))
    return None if order == list(range(len(d))) else order


def sv_sort_key(text: str) -> str:
    """Swedish alphabetical order: å, ä, ö after z (plain code-point order puts ä before å)."""
    table = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})
    return text.lower().translate(table)


def verdict_text(r: Mapping, lang: str) -> str:
    """'Målet nått – säkert' etc.; '–' when no verdict was made (e.g. pooled units with differing
    targets)."""
    if r.get("suppressed"):
        return t("verdict.suppressed", lang)
    v = r.get("verdict")
    if v in ("met", "not_met") and not _isnan(r.get("share")) and rules.not_a_proportion(r.get("share"))[0]:
        v = "cannot_judge"  # e.g. a pooled row above 100 %
    if not v or _isnan(v):
        return fmt.DASH
    text = t(f"verdict.{v}", lang)
    c = r.get("certainty") or ""
    if v in ("met", "not_met") and c and not _isnan(c):
        text += " – " + t(f"certainty.{c}", lang)
    if r.get("preliminary") is True or r.get("preliminary") == 1:
        text += " " + t("verdict.preliminary_suffix", lang)
    return text


def row_note(r: Mapping, lang: str) -> str:
    """Why a row reads as it does: too few cases, not a proportion, preliminary (joined)."""
    notes = []
    if r.get("suppressed"):
        notes.append(t("chart.suppressed_short", lang))
    elif not _isnan(r.get("share")) and rules.not_a_proportion(r.get("share"))[0]:
        notes.append(t("common.not_proportion_note", lang))
    if r.get("preliminary") is True:
        notes.append(t("common.preliminary", lang))
    return "; ".join(notes)


def ci_text(r: Mapping, lang: str) -> str:
    """The 95 % interval as text; a share above 100 % has none (no binomial proportion), said so."""
    low, high = r.get("ci_low"), r.get("ci_high")
    if (_isnan(low) or _isnan(high)) and not _isnan(r.get("share")) and float(r["share"]) > 1:
        return t("common.ci_none", lang)  # short: it must fit the table's column
    return fmt.interval(low, high, lang)


def _pooled_verdict(rows: pd.DataFrame, k: int, n: int, low: float, high: float,
                    comparisons: Mapping[str, str]) -> dict:
    """The pooled row judged against the target its units share (the same rule as the metric
    layer's); no verdict when they have different targets or the comparison is unknown."""
    tid = rows["target_id"].dropna().astype(str).unique() if "target_id" in rows else np.array([])
    tid = [x for x in tid if x not in ("", "None", "nan")]
    level = rows["target"].dropna().unique() if "target" in rows else np.array([])
    if not len(tid) and not len(level):
        return {"verdict": "no_target", "certainty": "", "gap": 0}
    if n == 0:
        return {"verdict": "no_data", "certainty": "", "gap": 0}
    if len(set(tid)) != 1 or len(level) != 1 or tid[0] not in comparisons or rows["target_id"].isna().any():
        return {"verdict": None, "certainty": "", "gap": None}
    pct, comp = float(level[0]) * 100, comparisons[tid[0]]
    met = bool(stats.meets(k, n, pct, comp))
    certainty = ""
    if not (_isnan(low) or _isnan(high)):
        if bool(stats.meets_fraction(low, pct, comp)):
            certainty = "certainly_met"
        elif not bool(stats.meets_fraction(high, pct, comp)):
            certainty = "certainly_not_met"
        else:
            certainty = "cannot_tell"
    return {"verdict": "met" if met else "not_met", "certainty": certainty,
            "gap": int(stats.gap(k, n, pct, comp)), "target": float(level[0]), "target_id": tid[0]}


def pool_small(frame: pd.DataFrame, label: str, lang: str = "sv",
               comparisons: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Pool the suppressed (non-total) rows into one row labelled e.g. 'Övriga', with its own share,
    Wilson interval and verdict against the target the pooled units share (comparisons: target_id
    -> '>=' etc., from metrics.targets()); the pooled row is itself suppressed when it is still
    under 5."""
    small = frame["suppressed"].astype(bool) & ~frame["is_total"].astype(bool)
    if small.sum() < 2:
        return frame
    k, n = int(frame.loc[small, "k"].fillna(0).sum()), int(frame.loc[small, "n"].fillna(0).sum())
    low, high = stats.wilson(k, n) if n else (float("nan"), float("nan"))
    row = {c: None for c in frame.columns}
    row.update(key="__pooled__", label=f"{label} ({t('common.n_units', lang, n=int(small.sum()))})",
               k=k, n=n, share=(k / n if n else float("nan")), ci_low=low, ci_high=high,
               suppressed=n < MIN_N, is_total=False)
    row.update(_pooled_verdict(frame[small], k, n, low, high, comparisons or {}))
    row["preliminary"] = bool(frame.loc[small, "preliminary"].fillna(False).astype(bool).any()) \
        if "preliminary" in frame else False
    row["not_proportion"] = bool(rules.not_a_proportion(row["share"])[0])
    row["verdict_text"] = verdict_text(row, lang)
    pooled = pd.DataFrame([row])
    keep = frame[~small]
    return pd.concat([keep, pooled.astype({c: keep[c].dtype for c in ("k", "n") if c in keep})],
                     ignore_index=True) if len(keep) else pooled


def _small(n, suppressed: bool) -> bool:
    """A denominator shown as '<5': under 5, or unknown in a suppressed row."""
    if _isnan(n):
        return suppressed
    return float(n) < MIN_N


# -- presentation ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    """A table column: source field, header (already translated), kind of value.

    kinds: text, n (denominator: '<5' when suppressed), k (numerator: hidden when suppressed, '<5'
    when 1–4), share, ci (from ci_low/ci_high), level (target in fraction), int, days, gap, verdict,
    flag (yes / –), note (row_note: too few, not a proportion, preliminary),
    pp (a change in percentage points, from a difference of fractions; hidden when suppressed),
    share_plain (a share from another frame, e.g. Riket beside a region: already blank where its own
    row was suppressed, so this row's suppression does not hide it).
    """

    field: str
    header: str
    kind: str = "text"


_HIDDEN_WHEN_SUPPRESSED = {"k", "share", "ci", "gap", "days", "int_s", "pp"}


def display_table(frame: pd.DataFrame, cols: Sequence[Col], lang: str,
                  order: Sequence[int] | None = None) -> pd.DataFrame:
    """Strings formatted for people (Swedish number style), suppression applied. order: the rows'
    positions to show them in (row_order: the same table as of order_rows(frame), without taking every
    column's rows of a wide frame)."""
    out: dict[str, list] = {c.header: [] for c in cols}
    recs = records(frame)
    for r in recs if order is None else (recs[i] for i in order):
        sup = bool(r.get("suppressed"))
        for c in cols:
            v = r.get(c.field)
            if sup and c.kind in _HIDDEN_WHEN_SUPPRESSED:
                s = fmt.DASH
            elif c.kind == "n":
                s = SUPPRESSED if _small(v, sup) else fmt.num(v, lang)
            elif c.kind == "k":
                s = SUPPRESSED if rules.small_count(v) else fmt.num(v, lang)
            elif c.kind in ("int", "int_s", "gap"):
                s = fmt.num(v, lang)
            elif c.kind == "flag":
                s = t("common.yes", lang) if v is True or v == 1 else fmt.DASH
            elif c.kind == "note":
                s = row_note(r, lang)
            elif c.kind in ("share", "share_plain"):
                s = fmt.pct(v, lang)
            elif c.kind == "pp":
                s = fmt.DASH if _isnan(v) else ("+" if float(v) > 0 else "") + fmt.num(float(v) * 100, lang, 1) + (
                    " p.e." if lang == "sv" else " pp")
            elif c.kind == "ci":
                s = ci_text(r, lang)
            elif c.kind == "level":
                s = fmt.pct_level(None if _isnan(v) else float(v) * 100, lang)
            elif c.kind == "days":
                s = fmt.num(v, lang, 1 if not _isnan(v) and float(v) != int(float(v)) else 0)
            elif c.kind == "verdict":
                s = r.get("verdict_text") or verdict_text(r, lang)
            else:
                s = "" if _isnan(v) else str(v)
            out[c.header].append(s)
    if not len(frame):
        return pd.DataFrame(out)
    # a column of texts gets the dtype pandas would infer for it, without the inferring (~30 % of this)
    text = str_dtype()
    return pd.DataFrame({h: pd.array(v, dtype=text) if all(isinstance(x, str) for x in v) else v
                         for h, v in out.items()})


def export_table(frame: pd.DataFrame, cols: Sequence[Col], lang: str) -> pd.DataFrame:
    """The same table for files: numbers stay numbers (shares in percent, one decimal), suppressed
    cells are '<5' or empty, exactly as on the screen."""
    out: dict[str, list] = {}
    for c in cols:
        if c.kind == "ci":
            out[t("table.ci_low", lang)] = []
            out[t("table.ci_high", lang)] = []
        elif c.kind in ("share", "level", "share_plain"):
            out[c.header + " (%)"] = []
        elif c.kind == "pp":
            out[c.header + (" (p.e.)" if lang == "sv" else " (pp)")] = []
        else:
            out[c.header] = []
    for r in records(frame):
        sup = bool(r.get("suppressed"))
        for c in cols:
            v = r.get(c.field)
            if c.kind == "ci":
                for fld, h in (("ci_low", "table.ci_low"), ("ci_high", "table.ci_high")):
                    x = r.get(fld)
                    out[t(h, lang)].append(None if sup or _isnan(x) else round(float(x) * 100, 1))
                continue
            if c.kind in ("share", "level", "share_plain"):
                hidden = sup and c.kind == "share"
                out[c.header + " (%)"].append(None if hidden or _isnan(v) else round(float(v) * 100, 1))
                continue
            if c.kind == "pp":
                out[c.header + (" (p.e.)" if lang == "sv" else " (pp)")].append(
                    None if sup or _isnan(v) else round(float(v) * 100, 1))
                continue
            if sup and c.kind in _HIDDEN_WHEN_SUPPRESSED:
                val = None
            elif c.kind == "n":
                val = SUPPRESSED if _small(v, sup) else (None if _isnan(v) else int(v))
            elif c.kind == "k":
                val = SUPPRESSED if rules.small_count(v) else (None if _isnan(v) else int(v))
            elif c.kind in ("int", "int_s", "gap"):
                val = None if _isnan(v) else int(v)
            elif c.kind == "flag":
                val = t("common.yes", lang) if v is True or v == 1 else t("common.no", lang)
            elif c.kind == "note":
                val = row_note(r, lang) or None
            elif c.kind == "days":
                val = None if _isnan(v) else round(float(v), 1)
            elif c.kind == "verdict":
                val = r.get("verdict_text") or verdict_text(r, lang)
            else:
                val = None if _isnan(v) else str(v)
            out[c.header].append(val)
    # whole numbers stay whole in the file ("7", not "7,0"): a column of ints and blanks is Int64
    return pd.DataFrame({h: _as_ints(v) for h, v in out.items()})


def _as_ints(values: list) -> pd.Series | list:
    nums = [v for v in values if v is not None]
    if nums and all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in nums):
        return pd.Series(values, dtype="Int64")
    return values


# -- files: no formulas ---------------------------------------------------------------------------------
safe_cell = rules.safe_cell  # the one rule, shared with the command line


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and header neutralised (numbers untouched)."""
    out = table.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c].dtype):  # object or pandas' string dtype
            out[c] = out[c].astype(object).map(safe_cell)
    return out


def csv_bytes(table: pd.DataFrame, lang: str, notes: Sequence[str] = ()) -> bytes:
    """CSV that opens right in Excel: Swedish ';' and decimal comma with a UTF-8 BOM; English ','.

    The notes (title, selection, demo marking, suppression rule, data date) come first, one per line
    in the first column, then an empty line and the table: Excel shows them above the table (a
    program reading the file skips the lines up to the empty one)."""
    import csv

    sep, dec = (";", ",") if lang == "sv" else (",", ".")
    buf = io.StringIO()
    if notes:
        w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
        for line in notes:
            w.writerow([safe_cell(str(line))])
        buf.write("\r\n")
    safe_table(table).to_csv(buf, index=False, sep=sep, decimal=dec, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: pd.DataFrame, sheet: str, notes: Sequence[str] = ()) -> bytes:
    """An .xlsx with the table (header bold, columns sized) and the notes (selection, source,
    suppression rule, demo flag) on a second sheet."""
    from openpyxl.styles import Font

    buf = io.BytesIO()
    sheet = _sheet_name(sheet)
    table = safe_table(table)
    notes = [safe_cell(str(x)) for x in notes]
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        table.to_excel(xw, sheet_name=sheet, index=False)
        ws = xw.sheets[sheet]
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i, col in enumerate(table.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in table.iloc[:, i - 1].tolist()[:200]])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, width + 2)
        ws.freeze_panes = "A2"
        for row in ws.iter_rows():  # openpyxl stores a string starting with '=' as a formula
            for cell in row:
                if cell.data_type == "f":
                    cell.value, cell.data_type = "'" + str(cell.value), "s"
        if notes:
            pd.DataFrame({"": list(notes)}).to_excel(xw, sheet_name="Info", index=False, header=False)
            xw.sheets["Info"].column_dimensions["A"].width = 120
    return buf.getvalue()


def _sheet_name(s: str) -> str:
    for ch in '[]:*?/\\':
        s = s.replace(ch, " ")
    return s[:31] or "Tabell"


def file_stem(*parts: str) -> str:
    """A safe file name stem from parts ('svf-inklusion', '2025-01_2025-06')."""
    keep = []
    for p in parts:
        if not p:
            continue
        s = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(p))
        keep.append(s.strip("-"))
    return "_".join(keep) or "tabell"


def scorecard_frame(card: pd.DataFrame, names: Mapping[str, Mapping[str, str]], owners: Mapping[str, str],
                    lang: str) -> pd.DataFrame:
    """metrics.scorecard rows -> the frame Målöversikt and the report show: area and item named (names:
    item_dim -> code -> name; a register row says its diagnosis year and as-of date), the owner named
    (owners: target_id -> name), verdict texts. One function, so the page and the report read alike."""
    f = card.copy()
    f["key"] = f["area"] + ":" + f["item"].astype(str)
    f["area_label"] = [t(f"overview.area_{a}", lang) for a in f["area"]]
    f["label"] = [names.get(d, {}).get(i, i) if d and i else t("overview.whole_selection", lang)
                  for d, i in zip(f["item_dim"], f["item"], strict=True)]
    reg = f["area"] == "register_coverage"
    f.loc[reg, "label"] = [f"{lab} ({t('overview.diagnosis_year', lang, year=lo[:4], as_of=a)})"
                           for lab, lo, a in zip(f.loc[reg, "label"], f.loc[reg, "from_month"], f.loc[reg, "as_of"],
                                                 strict=True)]
    f["owner_name"] = f["target_id"].astype(str).map(owners).fillna("")
    f["is_total"] = False
    f["verdict_text"] = [verdict_text(r, lang) for r in records(f)]
    f["spc_text"] = [t(f"overview.spc_{a}", lang) if isinstance(a, str) and a else ""
                     for a in (f["spc_assurance"] if "spc_assurance" in f else [None] * len(f))]
    return f.reset_index(drop=True)


def ramp_verdict_text(rp: pd.DataFrame, year: int, as_of, lang: str) -> str:
    """The sentence under a reporting ramp (metrics.register_ramp rows) for one diagnosis year:
    preliminary or not, where it stands on as_of and where earlier years stood at the same lag (whole
    months after the end of the year). The register page and the report say it alike."""
    pre, lag = metrics.reporting_status(as_of, year)
    if lag < 0:
        return t("reg.verdict_year_open", lang, year=year)
    g = rp[rp["diagnosis_year"] == year]
    now = g[g["lag_months"] == g["lag_months"].max()] if len(g) else g
    if now.empty or bool(now["suppressed"].iloc[0]):
        return t("reg.verdict_too_few", lang, year=year)
    r = now.iloc[0]
    at_lag = int(r["lag_months"])
    same = rp[(rp["diagnosis_year"] < year) & (rp["lag_months"] == at_lag) & ~rp["suppressed"]]
    earlier = ", ".join(f"{int(x.diagnosis_year)}: {fmt.pct(x.share, lang)}" for x in same.itertuples())
    head = t("reg.verdict_prelim" if pre else "reg.verdict_final", lang, year=year, share=fmt.pct(r["share"], lang),
             lag=at_lag, k=fmt.num(r["n_registered"], lang), n=fmt.num(r["n_cases"], lang))
    if earlier:
        return head + " " + t("reg.verdict_earlier", lang, lag=at_lag, earlier=earlier)
    return head + " " + t("reg.verdict_no_earlier", lang)
