"""python -m metrics TABLE — metric tables on the command line (scheduled runs, checks).

Output (CSV or JSON) goes to stdout; messages to stderr, in Swedish. Small cells are suppressed as on
the dashboard (metrics.rules: a count of 1–4 reads "<5"; a row whose denominator is under 5 has no
share, interval, verdict or gap); `--raw` prints the raw counts, for internal checks only. Rows by a
period carry `preliminary` (months still being reported, or after the data's end).
Exit codes: 0 done, 1 input rejected (unknown code, no store), 2 usage or environment error (bad
table, dimension, month or option; a damaged store, with the repair command).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path

import duckdb

from metrics import core, periods, rules
from store import DamagedStoreError, Store, StoreError, default_path

USAGE_ERROR = 2
REJECTED = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: usage, exit 2, Swedish prefix
        self.print_usage(sys.stderr)
        print(f"fel: {message}", file=sys.stderr)
        sys.exit(USAGE_ERROR)

    def format_help(self) -> str:  # the texts that name the phases table's dimensions: only for --help
        if self.epilog is None:
            phase_dims = _phases().DIMENSIONS
            dims = sorted({d for ds in core.DIMENSIONS.values() for d in ds} | set(phase_dims))
            self._by.help = "indelning: " + ", ".join(dims)
            self.epilog = "Indelningar per tabell: " + "; ".join(
                f"{t}: {', '.join(ds)}" for t, ds in {**core.DIMENSIONS, PHASES: phase_dims}.items())
        return super().format_help()


def _month(text: str) -> str:
    try:
        periods.parse_month(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"Ogiltigt datum {text!r}: skriv ÅÅÅÅ-MM-DD.") from None


# -- phases (metrics/phases.py): its own table, beside core's; imported only when asked for --------
PHASES = "phases"
_TABLES = (*core.TABLES, PHASES)
_PHASE_FIELDS = frozenset({"regions", "healthcare_regions", "svfs", "units", "period_from", "period_to"})


def _phases():
    from metrics import phases

    return phases


def _phases_table(args, filters: core.Filters):
    """`phases`: the lead-time filters (region, sjukvårdsregion, svf, unit, period) and --by."""
    phases_mod = _phases()
    defaults = core.Filters()
    for field_name, option in _OPTION_OF_FIELD.items():
        if field_name not in _PHASE_FIELDS and getattr(filters, field_name) != getattr(defaults, field_name):
            raise _Usage(f"{option} gäller inte tabellen {PHASES}.")
    try:
        by = phases_mod.check_by(_split([args.by]))
    except ValueError as e:
        raise _Usage(str(e)) from None
    return lambda con: phases_mod.table(con, filters, by)


class _Usage(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m metrics", description="Beräkna ett mått ur SVF-lagret.")  # epilog: format_help
    p.add_argument("table", choices=_TABLES, metavar="TABLE", help="|".join(_TABLES))
    p.add_argument("--db", type=Path, default=None, help=f"lagrets katalog (standard: {default_path()})")
    p.add_argument("--region", nargs="+", action="extend", default=[], metavar="CODE",
                   help="regionkod(er), t.ex. 01 21")
    p.add_argument("--healthcare-region", nargs="+", action="extend", default=[], metavar="CODE",
                   help="sjukvårdsregion(er), t.ex. norra")
    p.add_argument("--svf", nargs="+", action="extend", default=[], metavar="CODE", help="vårdförlopp")
    p.add_argument("--unit", nargs="+", action="extend", default=[], metavar="NAME", help="vårdenhet(er)")
    p.add_argument("--register", nargs="+", action="extend", default=[], metavar="CODE",
                   help="kvalitetsregister (register-coverage)")
    p.add_argument("--indicator", nargs="+", action="extend", default=[], metavar="CODE",
                   help="indikator (palliative-indicators)")
    p.add_argument("--from", dest="period_from", type=_month, metavar="YYYY-MM", help="första månad")
    p.add_argument("--to", dest="period_to", type=_month, metavar="YYYY-MM", help="sista månad")
    p._by = p.add_argument("--by", default="", metavar="DIM,DIM")  # help: format_help
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="register-coverage, register-timeliness: läget detta datum – fall diagnostiserade och "
                        "registreringar gjorda efter det räknas inte (standard: i dag)")
    p.add_argument("--months", type=int, default=core.TIMELINESS_TARGET_MONTHS, metavar="N",
                   help="register-timeliness: andel registrerade inom N månader från diagnos (standard 3; "
                        "lymfomregistrets mål 80 %% gäller N = 3)")
    p.add_argument("--targets", choices=("primary", "all"), default="primary",
                   help="primary: en rad per grupp med det primära målet (standard); all: en rad per grupp "
                        "och tillämpligt mål, alla ägare (t.ex. RCC 70 %% och LPO Gävleborg 65 %%)")
    p.add_argument("--denominator", choices=("same_period", "previous_year"), default="same_period",
                   help="inclusion: nämnarens period")
    p.add_argument("--raw", action="store_true",
                   help="internt bruk: visa även antal under 5 (ingen röjandekontroll) – publicera inte")
    return p




def _publishable(con, table: str, df, by: tuple[str, ...], raw: bool):
    """The preliminary flag on period rows, then the suppression rule unless --raw (a DataFrame:
    --targets all)."""
    kind = next((k for k in periods.PERIOD_DIMS if k in by), None)
    if kind is not None and len(df):
        last = core.last_dates(con).get(core.FACT_OF_TABLE.get(table, "svf_pathway"))
        df = rules.mark_preliminary(df, kind, rules.month_of(last))
    if raw:
        return df
    num, den = core.COUNT_COLUMNS[table]
    extra = tuple(c for c in ("n_unverified_limit",) if c in df)
    return rules.suppress(df, num, den, extra_counts=extra)


def _publishable_columns(con, table: str, cols: dict, by: tuple[str, ...], raw: bool) -> dict:
    """_publishable() on core.compute_columns()'s columns: the tables' normal path, without pandas."""
    kind = next((k for k in periods.PERIOD_DIMS if k in by), None)
    if kind is not None and len(cols[kind]):
        last = core.last_dates(con).get(core.FACT_OF_TABLE.get(table, "svf_pathway"))
        cols = {**cols, "preliminary": rules.preliminary_column(cols[kind], kind, rules.month_of(last))}
    if raw:
        return cols
    num, den = core.COUNT_COLUMNS[table]
    extra = tuple(c for c in ("n_unverified_limit",) if c in cols)
    return rules.suppress_columns(cols, num, den, extra_counts=extra)


# -- output: the same bytes as pandas' to_csv / to_json (tests/test_metrics_cli_columns.py compares) -----
def _csv_column(values: list) -> list[str]:
    """One column's cells. pandas writes a column of whole numbers with empty cells from suppression
    (None; not its NA) as floats ("3.0"): it re-infers the column's type when it neutralises text."""
    kinds = {type(v) for v in values}
    if int in kinds and kinds <= {int, float, type(None)} and kinds - {int}:
        values = [v if v is None else float(v) for v in values]
    return [_csv_cell(v) for v in values]


def _csv_cell(v) -> str:
    if v is None or v is rules.NA or isinstance(v, bool):
        return "" if v is None or v is rules.NA else str(v)
    if isinstance(v, float):
        return "" if v != v else float.__repr__(v)
    return rules.safe_cell(v) if isinstance(v, str) else str(v)  # a text cell is never a formula


def _json_number(v: float) -> str:
    """pandas' to_json(double_precision=10): rounded to 10 decimals, never in exponent form."""
    if v != v:
        return "null"
    if v != 0 and abs(v) < 1e-15 or abs(v) >= 1e16 - 1:  # where pandas turns to exponents (not our values)
        return float.__repr__(v)
    r = round(v, 10)
    text = float.__repr__(r)
    if "e" in text:
        text = f"{r:.10f}".rstrip("0")
        text += "0" if text.endswith(".") else ""
    return text


def _json_value(v) -> str:
    if v is None or v is rules.NA or isinstance(v, bool):
        return "null" if v is None or v is rules.NA else ("true" if v else "false")
    if isinstance(v, float):
        return _json_number(v)
    if isinstance(v, str):
        return _json_text(v)
    return str(v)


def _json_text(v: str) -> str:
    return json.dumps(v, ensure_ascii=False).replace("/", "\\/")  # pandas (ujson) escapes the slash


def _write_columns(cols: dict, fmt: str, out) -> None:
    names = list(cols)
    columns = [c.tolist() if hasattr(c, "tolist") else list(c) for c in cols.values()]
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(names)
        w.writerows(zip(*(_csv_column(c) for c in columns), strict=True))
        return
    keys = [_json_text(c) + ":" for c in names]
    out.write("[" + ",".join("{" + ",".join(k + _json_value(v) for k, v in zip(keys, row, strict=True)) + "}"
                             for row in zip(*columns, strict=True)) + "]\n")


def _write_frame(df, fmt: str, out) -> None:
    if fmt == "csv":  # a CSV may be opened in a spreadsheet: no text cell is a formula
        rules.safe_text_columns(df).to_csv(out, index=False, lineterminator="\n")
    else:
        out.write(df.to_json(orient="records", force_ascii=False, double_precision=10))
        out.write("\n")


def _split(values: list[str]) -> tuple[str, ...]:
    """'--region 01 03' and '--region 01,03' both work."""
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


_OPTION_OF_FIELD = {"regions": "--region", "healthcare_regions": "--healthcare-region", "svfs": "--svf",
                    "units": "--unit", "registers": "--register", "indicators": "--indicator",
                    "as_of": "--as-of", "inclusion_denominator": "--denominator", "months": "--months"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    filters = core.Filters(
        regions=_split(args.region), healthcare_regions=_split(args.healthcare_region),
        svfs=_split(args.svf), units=_split(args.unit), registers=_split(args.register),
        indicators=_split(args.indicator), period_from=args.period_from, period_to=args.period_to,
        inclusion_denominator=args.denominator, as_of=args.as_of, months=args.months,
    )
    run_phases = None
    if args.table == PHASES:
        try:
            run_phases = _phases_table(args, filters)
            periods.bounds(filters.period_from, filters.period_to)
        except (_Usage, ValueError) as e:
            print(f"fel: {e}", file=sys.stderr)
            return USAGE_ERROR
    # options that do not apply to the table are a usage error, not silently ignored
    kept = core.applicable_filters(args.table if run_phases is None else "lead-time", filters)
    for field_name, option in _OPTION_OF_FIELD.items():
        if getattr(kept, field_name) != getattr(filters, field_name):
            print(f"fel: {option} gäller inte tabellen {args.table}.", file=sys.stderr)
            return USAGE_ERROR
    try:
        by = core.check_by(args.table, _split([args.by])) if run_phases is None else ()
        periods.bounds(filters.period_from, filters.period_to)
    except ValueError as e:
        print(f"fel: {e}", file=sys.stderr)
        return USAGE_ERROR

    store = Store(args.db) if args.db else Store()
    if not store.exists():
        print(f"fel: {store.no_data_message()}", file=sys.stderr)
        return REJECTED
    try:
        con = store.connect()
        if core.is_demo(con):
            print("Obs: syntetiska demodata – inte verkliga patientuppgifter.", file=sys.stderr)
        if filters.units:
            known = set(core._run_cols(con, "units", {"regions": list(filters.regions)})["unit"].tolist())
            unknown = [u for u in filters.units if u not in known]
            if unknown:
                where = " i vald region" if filters.regions else ""
                print(f"fel: okänd vårdenhet {', '.join(map(repr, unknown))}{where}. Kända enheter: "
                      f"{', '.join(sorted(known)) or '(inga)'}.", file=sys.stderr)
                return REJECTED
        cols = None
        if run_phases is not None:
            df = run_phases(con)
        elif args.targets == "all":
            df = _publishable(con, args.table, core.targets_long(con, args.table, filters, by), by, args.raw)
        else:
            cols = _publishable_columns(con, args.table, core.compute_columns(con, args.table, filters, by), by,
                                        args.raw)
    except core.UnknownCodeError as e:
        print(f"fel: {e}", file=sys.stderr)
        return REJECTED
    except ValueError as e:
        print(f"fel: {e}", file=sys.stderr)
        return USAGE_ERROR
    except DamagedStoreError as e:  # the environment, not the request (as ingest: exit 2)
        print(f"fel: {e}", file=sys.stderr)
        return USAGE_ERROR
    except StoreError as e:
        print(f"fel: {e}", file=sys.stderr)
        return REJECTED
    except duckdb.Error as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"fel: lagret {store.root} kunde inte läsas ({first}).", file=sys.stderr)
        return REJECTED

    if (df.empty if cols is None else not len(cols[core.COUNT_COLUMNS[args.table][1]])):
        print("Obs: inga rader matchar urvalet.", file=sys.stderr)
    if args.raw:
        print("Obs: --raw visar antal under 5 – endast för internt bruk, publicera inte.", file=sys.stderr)
    if cols is None:
        _write_frame(df, args.format, sys.stdout)
    else:
        _write_columns(cols, args.format, sys.stdout)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # 130 like ingest and report (128 + SIGINT): a script can tell it apart
        print("avbrutet", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # e.g. piped into head
        sys.exit(0)
