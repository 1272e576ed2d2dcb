"""`python -m ingest check [--repair]`: verify every snapshot of a store and repair the pointer.

Verify: the pointer, every snapshot's table files (present, readable to the last value, row counts
and checksums as the manifest recorded them), leftovers of killed writes. Repair (under the writer's
lock): point CURRENT at the newest complete snapshot, move damaged snapshots aside to damaged/ (kept
for inspection, never deleted), remove leftovers, and say which loads are lost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from store import SNAPSHOT_NAME, Store, StoreError, _fsync, first_line, snapshot_problems, sql


@dataclass
class Report:
    code: int = 0
    lines: list[str] = field(default_factory=list)


def _fmt_bytes(n: int) -> str:
    for unit in ("byte", "kB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "byte" else f"{n:.1f} {unit}".replace(".", ",")
        n /= 1024
    return str(n)


def _loads(snap: Path) -> list[tuple] | None:
    """The loads a snapshot's load_log records, None when it cannot be read."""
    path = snap / "load_log.parquet"
    if not path.is_file():
        return None
    con = duckdb.connect()
    try:
        con.read_parquet(str(path)).create_view("load_log")
        return con.execute(sql("store/loads")).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()


def _pointer(store: Store) -> tuple[str | None, str | None]:
    """(name CURRENT holds, problem with it)."""
    try:
        name = (store.root / "CURRENT").read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None, "CURRENT saknas" if store.snapshot_names() else None
    except (OSError, UnicodeDecodeError) as e:
        return None, f"CURRENT kan inte läsas ({first_line(e)})"
    if not name and not store.snapshot_names():
        return None, None
    if not SNAPSHOT_NAME.fullmatch(name):
        return None, f"CURRENT innehåller inget giltigt namn på en ögonblicksbild ({name[:20]!r})"
    if not (store.root / "snapshots" / name).is_dir():
        return name, f"CURRENT pekar på ögonblicksbilden {name}, som saknas"
    return name, None


def check(store: Store, repair: bool = False) -> Report:
    """Exit code 0: the snapshot in force is whole (after a repair: again whole); 2: it is damaged
    (and was not or could not be repaired), or the store cannot be read."""
    rep = Report()
    out = rep.lines.append
    if not store.root.is_dir():
        out(f"fel: lagret {store.root} finns inte")
        rep.code = 2
        return rep
    if repair:
        with store.locked():
            return _check(store, True, rep)
    return _check(store, False, rep)


def _check(store: Store, repair: bool, rep: Report) -> Report:
    out = rep.lines.append
    current, pointer_problem = _pointer(store)
    names = store.snapshot_names()
    if not names and current is None and pointer_problem is None:
        out(f"Lagret {store.root} är tomt (inga ögonblicksbilder ännu).")
        return rep
    bad: dict[str, list[str]] = {}
    for name in names:
        problems, _ = snapshot_problems(store.root / "snapshots" / name, full=True)
        if problems:
            bad[name] = problems
    good = [n for n in names if n not in bad]
    out(f"Lagret {store.root}: {len(names)} ögonblicksbild(er), {len(good)} hela"
        + (f"; CURRENT pekar på {current}" if current else ""))
    for name in names:
        for p in bad.get(name, []):
            out(f"  skadad: {p}")
    damaged_now = pointer_problem is not None or (current in bad)
    if pointer_problem:
        out(f"  skadad: {pointer_problem}")

    writer = store.writer_running()
    left = store.leftovers()
    if left:
        total = sum(n for _, n in left)
        whose = ("en inläsning pågår just nu och kan äga dem" if writer else
                 "kvar efter avbrutna skrivningar; nästa inläsning (eller --repair) tar bort dem")
        out(f"  rester: {len(left)} st, {_fmt_bytes(total)} ({whose}): "
            + ", ".join(p.name for p, _ in left[:5]) + (" …" if len(left) > 5 else ""))
    if not damaged_now:
        if bad and repair:
            _move_aside(store, [n for n in bad], out)
        if repair and left:
            store.remove_leftovers()
            out(f"  {len(left)} rester togs bort")
        out("Ögonblicksbilden i bruk är hel." + ("" if not bad or repair else
            " Skadade äldre ögonblicksbilder används inte; --repair flyttar undan dem."))
        return rep

    if not repair:
        out("Ögonblicksbilden i bruk är skadad: inläsningar vägras och dashboarden visar inga data. "
            f"Kör 'python -m ingest check --db {store.root} --repair' för att gå tillbaka till den senaste "
            "hela ögonblicksbilden.")
        rep.code = 2
        return rep
    if not good:
        out("Det finns ingen hel ögonblicksbild att gå tillbaka till; lagret kan inte lagas. Bygg om det "
            "(python -m ingest build) eller läs in filerna igen i ett nytt lager (--db).")
        rep.code = 2
        return rep

    target = good[-1]
    kept = {r[0] for r in (_loads(store.root / "snapshots" / target) or [])}
    lost_snaps = [n for n in names if n > target or n == current]
    lost: dict[int, tuple] = {}
    unknown = []
    for n in lost_snaps:
        loads = _loads(store.root / "snapshots" / n)
        if loads is None:
            unknown.append(n)
        for r in loads or []:
            if r[0] not in kept:
                lost[r[0]] = r
    if current and current not in names:
        unknown.append(current)
    _move_aside(store, [n for n in names if n in bad], out)
    store.remove_leftovers()
    tmp = store.root / "CURRENT.tmp"
    tmp.write_text(target + "\n", encoding="ascii")
    _fsync(tmp)
    os.replace(tmp, store.root / "CURRENT")
    _fsync(store.root)
    out(f"Lagat: CURRENT pekar nu på {target}, den senaste hela ögonblicksbilden.")
    if lost:
        out("Förlorat: dessa inläsningar finns inte i " + target + " (läs in filerna igen):")
        for load_id, kind, file_name, at in sorted(lost.values()):
            out(f"  laddning {load_id}: --kind {kind} {file_name} ({at})")
    for n in unknown:
        out(f"Förlorat: innehållet i ögonblicksbilden {n} kan inte fastställas (den saknas eller dess "
            "inläsningslogg kan inte läsas); jämför med era källfiler.")
    if not lost and not unknown:
        out("Inget gick förlorat: alla inläsningar finns i " + target + ".")
    return rep


def _move_aside(store: Store, names: list[str], out) -> None:
    if not names:
        return
    dest = store.root / "damaged"
    dest.mkdir(exist_ok=True)
    for n in names:
        target = dest / n
        if target.exists():
            target = dest / f"{n}-{os.getpid()}"
        os.rename(store.root / "snapshots" / n, target)
    out(f"  skadade ögonblicksbilder flyttades till {dest}: " + ", ".join(names))


def check_cli(store: Store, repair: bool) -> int:
    import sys

    try:
        rep = check(store, repair)
    except (StoreError, OSError) as e:
        print(f"fel: {e if isinstance(e, StoreError) else first_line(e)}", file=sys.stderr)
        return 2
    stream = sys.stdout if rep.code == 0 else sys.stderr
    for line in rep.lines:
        print(line, file=stream)
    return rep.code
