"""python -m ingest build|load|check — getting data into the store, and checking it.

Exit codes:
  0  done (everything accepted, or the file was already loaded)
  1  input refused: a whole file or some of its rows (the reasons on stderr)
  2  usage or environment: bad arguments, a missing file, a demo store, or a store that cannot be
     read or written (permissions, disk full, a damaged snapshot). Nothing about the input is
     wrong then, so it must not look like a refusal.
  130 interrupted (Ctrl-C); a file whose load had not finished is not in the store.
`check` exits 0 when the snapshot in force is whole (or was repaired), 2 when it is damaged.
Every failure is one Swedish line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from ingest.columns import KINDS
from store import Store, StoreError, default_path, first_line


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ingest", description="Läs in data i SVF-lagret.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="bygg syntetiska nationella demodata")
    b.add_argument("--db", type=Path, default=None, help=f"lagrets katalog (standard: {default_path()})")
    b.add_argument("--scale", type=float, default=1.0, help="volym relativt riket (1 = riket)")
    b.add_argument("--seed", type=int, default=20261122, help="slumpfrö (samma frö ger samma data)")

    ld = sub.add_parser("load", help="läs in filer (CSV, Excel .xlsx, Parquet)")
    ld.add_argument("--db", type=Path, default=None, help=f"lagrets katalog (standard: {default_path()})")
    ld.add_argument("--kind", required=True, choices=KINDS, help="vilken tabell filerna innehåller")
    ld.add_argument("--force", action="store_true",
                    help="läs in filen igen även om samma innehåll redan lästs in (t.ex. efter en "
                         "ändring i referenskatalogen, så att tidigare avvisade rader prövas på nytt)")
    ld.add_argument("files", nargs="+", type=Path, metavar="FILE")

    ck = sub.add_parser("check", help="kontrollera lagrets ögonblicksbilder (och laga med --repair)")
    ck.add_argument("--db", type=Path, default=None, help=f"lagrets katalog (standard: {default_path()})")
    ck.add_argument("--repair", action="store_true",
                    help="peka om lagret till den senaste hela ögonblicksbilden, flytta undan skadade och "
                         "ta bort rester efter avbrutna inläsningar; skriver ut vad som går förlorat")

    fr = sub.add_parser("freeze", help="frys den aktuella ögonblicksbilden under ett namn (t.ex. inför LPO)")
    fr.add_argument("--db", type=Path, default=None, help=f"lagrets katalog (standard: {default_path()})")
    fr.add_argument("--name", help="namnet, t.ex. 2026H1-lpo (bokstäver, siffror, '.', '_', '-')")
    fr.add_argument("--list", action="store_true", help="lista de frysta underlagen")
    return p


def _freeze_cli(store: Store, name: str | None, listing: bool) -> int:
    if listing or not name:
        frozen = store.frozen()
        if not name and not listing:
            print("fel: ange --name NAMN (eller --list för att se de frysta underlagen).", file=sys.stderr)
            return 2
        for f in frozen:
            print(f"{f['name']}\tögonblicksbild {f['snapshot']}\tfryst {f['frozen_at']}")
        if not frozen:
            print(f"Inga frysta underlag i {store.root}.", file=sys.stderr)
        return 0
    info = store.freeze(name)
    print(f"Fryst: {info['name']} (ögonblicksbild {info['snapshot']}) i {store.root}. Öppna det i dashboarden med "
          f"?snap={info['name']} eller i rapporten med --snap {info['name']}; det städas aldrig bort.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    store = Store(args.db) if args.db else Store()
    what, untouched = (("bygget av demodata", "lagret är oförändrat") if args.command == "build" else
                       ("inläsningen", "filen som pågick kom inte in i lagret"))
    if args.command == "check":
        from store.check import check_cli

        return check_cli(store, args.repair)
    if args.command == "freeze":
        try:
            return _freeze_cli(store, args.name, args.list)
        except StoreError as e:
            print(f"fel: {e}", file=sys.stderr)
            return 2
    try:
        if args.command == "build":
            from ingest.synth import build_cli

            return build_cli(store, scale=args.scale, seed=args.seed)
        from ingest.load import load_cli

        return load_cli(store, args.kind, args.files, force=args.force)
    except StoreError as e:
        print(f"fel: {e}", file=sys.stderr)
        return 2
    except (duckdb.Error, OSError) as e:  # the machine, not the input (input problems are refusals)
        print(f"fel: {what} avbröts ({first_line(e)}); {untouched}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"avbrutet: {what} avbröts; {untouched}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
