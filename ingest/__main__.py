"""python -m ingest build|load — getting data into the store.

Exit codes: 0 done (everything accepted), 1 input rejected (reasons on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store import Store, StoreError, default_path

KINDS = ("svf", "cancer", "register", "death")


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
    ld.add_argument("files", nargs="+", type=Path, metavar="FILE")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    store = Store(args.db) if args.db else Store()
    try:
        if args.command == "build":
            from ingest.synth import build_cli

            return build_cli(store, scale=args.scale, seed=args.seed)
        from ingest.load import load_cli

        return load_cli(store, args.kind, args.files)
    except StoreError as e:
        print(f"fel: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("avbrutet: inget ändrades i lagret", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
