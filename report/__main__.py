"""python -m report review — the semiannual LPO review as PDF and/or Excel, for scheduled runs.

Exit codes (as the other commands): 0 done, 1 input rejected (unknown region code, no store),
2 usage or environment (bad period or format, output folder not writable, chromium missing for
PDF, unreadable store), 130 interrupted. Progress and messages go to stderr, in the report's language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from store import Store, StoreError, default_path, first_line

USAGE_ERROR, REJECTED = 2, 1
FORMATS = ("pdf", "xlsx")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(f"fel: {message}", file=sys.stderr)
        sys.exit(USAGE_ERROR)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m report", description="Rapporter ur SVF-lagret.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    r = sub.add_parser("review", help="LPO:s halvårsuppföljning som PDF och/eller Excel")
    r.add_argument("--db", type=Path, default=None, help=f"lagrets katalog (standard: {default_path()})")
    r.add_argument("--region", metavar="CODE", help="regionkod, t.ex. 21 (Gävleborg)")
    r.add_argument("--healthcare-region", metavar="CODE", help="sjukvårdsregion, t.ex. mellansverige")
    r.add_argument("--period", required=True, metavar="PERIOD", help="halvår 2026H1/2026H2 eller år 2026")
    r.add_argument("--format", default="pdf,xlsx", metavar="pdf,xlsx", help="pdf, xlsx eller båda")
    r.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="katalog för filerna")
    r.add_argument("--lang", choices=("sv", "en"), default="sv", help="språk (standard: sv)")
    r.add_argument("--snap", metavar="NAME", help="ett fryst underlag (python -m ingest freeze --name) i stället för "
                                                  "aktuella data: samma siffror som när det frystes")
    return p


def file_stem(req) -> str:
    from ui.tables import file_stem as stem

    where = req.region or req.healthcare_region or "riket"
    return stem("lpo-uppfoljning" if req.lang == "sv" else "lpo-review", where, req.period.upper())


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        print(f"fel: okänt format {', '.join(bad) or '(inget)'}: välj pdf, xlsx eller pdf,xlsx.", file=sys.stderr)
        return USAGE_ERROR

    from report import pdf, review, xlsx
    from ui.i18n import t

    req = review.Request(period=args.period, region=args.region, healthcare_region=args.healthcare_region,
                         lang=args.lang)
    try:
        req.months()
    except ValueError as e:
        print(f"fel: {e}", file=sys.stderr)
        return USAGE_ERROR
    if "pdf" in formats and pdf.chromium_path() is None:
        print(f"fel: {t('report.no_chromium', args.lang)}", file=sys.stderr)
        return USAGE_ERROR
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"fel: katalogen {args.out} kan inte skapas ({first_line(e)}).", file=sys.stderr)
        return USAGE_ERROR

    store = Store(args.db) if args.db else Store()
    if not store.exists():
        print(f"fel: {store.no_data_message()}", file=sys.stderr)
        return REJECTED

    def progress(message: str, fraction: float) -> None:
        print(f"[{fraction * 100:3.0f} %] {message}", file=sys.stderr)

    import metrics

    written = []
    try:
        version = f"frozen/{args.snap}" if args.snap else store.version()
        con = store.connect(version=version)
        metrics.prepare(con, lazy=True, keep=store.derived_dir(version))  # the bases the dashboard keeps
        progress(t("report.cli_building", args.lang), 0.0)
        doc = review.build(con, req, version, progress)
        stem = file_stem(req)
        if "xlsx" in formats:
            progress(t("report.step_xlsx", args.lang), 0.75)
            written.append(xlsx.write_xlsx(doc, args.out / (stem + ".xlsx")))
        if "pdf" in formats:
            written.append(pdf.write_pdf(doc, args.out / (stem + ".pdf"), progress))
    except metrics.UnknownCodeError as e:
        print(f"fel: {e}", file=sys.stderr)
        return REJECTED
    except (ValueError, pdf.ReportError, StoreError) as e:  # each carries its own sentence
        print(f"fel: {e}", file=sys.stderr)
        return USAGE_ERROR
    except (duckdb.Error, OSError) as e:
        print(f"fel: rapporten kunde inte skapas ({first_line(e)}).", file=sys.stderr)
        return USAGE_ERROR
    progress(t("report.cli_done", args.lang, files=", ".join(str(p) for p in written)), 1.0)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("avbrutet", file=sys.stderr)
        sys.exit(130)
