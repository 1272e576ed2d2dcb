"""python -m ingest load: validated imports of svf, cancer, register and death files.

One file = one store transaction: its accepted rows, its refused rows (rejected_row) and its load_log
record land together or not at all. Per file rather than one for all files, because a file is the
unit people correct and resend: a refused file (personnummer, wrong kind) must not hold back the
others, the content hash that makes a reload a no-op belongs to one file, and a later file in the same
command can correct a row of an earlier one.

Rules worth knowing:
- A later row with the same key (pathway_id, case_id, register + case_id, death_id) replaces the
  stored one; the load counts inserted and replaced rows.
- The same key twice in one file: the last row wins (a file may correct itself), and the earlier rows
  are refused with a pointer to it, so nothing disappears without a trace.
- Content already loaded (same SHA-256) changes nothing: no new snapshot. force=True (--force)
  applies it again, e.g. after a catalogue change, so rows refused the first time are retried.
- A column that looks like personnummer refuses the whole file; a single value of personnummer
  shape in a column whose text is stored (ids, patient_id, unit, unit_type) refuses its row; such
  values are masked wherever a row is echoed (messages, rejected_row.raw).
- A store holding synthetic demo data is refused (StoreError, exit 2): mixing would mislead.

The work is set-based: DuckDB reads the file (readers.py), the checks are SQL producing a list of
reasons per row (queries/load/validate_<kind>.sql), and the merge replaces rows by key
(queries/load/merge_<table>.sql). Python only loops over refused rows to print them.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
from duckdb import CaseExpression, ColumnExpression, ConstantExpression, FunctionExpression

from ingest.columns import COMPANIONS, PNR_HEADERS, SPECS, Spec, first_alias, guess_kind, header_key, map_headers
from ingest.readers import (
    FileRefused,
    RawRead,
    SourceInfo,
    csv_head,
    csv_rejects,
    csv_relation,
    number_rows,
    read_into,
    sniff,
)
from ingest.reference import sync_reference
from store import Store, StoreError, Transaction, first_line, sql

PNR_SHARE = 0.5   # a column is personnummer-like when at least half its values are shaped like one...
LUHN_SHARE = 0.5  # ...and at least half of those have a valid check digit
# Kinds whose validation is one scan with projections (validate_<kind>.sql: no join, no aggregate), so
# that a CSV file is read, scanned and validated in one pass (_fused_read), each with the columns whose
# text is stored as it is (the ones validate_<kind>.sql tests with ld_pnr_err). Every other column of
# such a kind is typed or looked up, and a value shaped like a personnummer never passes its check.
FUSED_KINDS = {"svf": ("pathway_id", "patient_id", "unit")}


@dataclass
class Reject:
    line: int
    column: str | None
    reason: str


@dataclass
class LoadResult:
    """What one file's load did. status: loaded | unchanged | refused."""

    file: str
    kind: str
    status: str
    message: str
    load_id: int | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rows_inserted: int = 0
    rows_replaced: int = 0
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.status == "refused" or self.rows_rejected:
            return 1
        return 0

    def reject_lines(self) -> list[str]:
        """One line per refused row: 'fil.csv:17: kolumn vm_date: ...; kolumn age: ...'."""
        by_line: dict[int, list[Reject]] = {}
        for r in self.rejects:
            by_line.setdefault(r.line, []).append(r)
        out = []
        for line in sorted(by_line):
            parts = [(f"kolumn {r.column}: " if r.column else "") + r.reason for r in by_line[line]]
            out.append(f"{self.file}:{line}: " + "; ".join(parts))
        return out


class _Unchanged(Exception):
    def __init__(self, earlier: tuple) -> None:
        super().__init__("unchanged")
        self.earlier = earlier


# -- public API ----------------------------------------------------------------------------------
def load_file(store: Store, kind: str, path: Path | str, display_name: str | None = None,
              force: bool = False) -> LoadResult:
    """Load one file into the store (creating the store with the reference catalogue if needed).

    force=True loads content that was loaded before instead of answering 'unchanged'.
    Raises StoreError (a usage or environment problem: unknown kind, missing file, demo store, a
    store that cannot be written); every problem with the file's content comes back as a
    LoadResult with status 'refused' and a Swedish message.
    """
    if kind not in SPECS:
        raise StoreError(f"okänd typ '{kind}'; välj en av: {', '.join(SPECS)}")
    spec = SPECS[kind]
    path = Path(path)
    name = display_name or str(path)
    if not path.is_file():
        raise StoreError(f"filen {name} finns inte")

    try:
        info = sniff(path)  # before taking the lock: hashing a large file takes a while
    except FileRefused as e:
        return _refused(name, kind, str(e))
    except OSError as e:
        return _refused(name, kind, f"filen kunde inte läsas ({first_line(e)})")

    try:
        # The demo and content checks run once, under the writer's lock, on the snapshot the load
        # builds on: nothing can slip in between the check and the write.
        # scratch files live in the transaction's work directory inside the store: a killed load's
        # leftovers are found and removed by the next writer (Store.remove_leftovers)
        with store.transaction() as tx:
            # a new store starts with the catalogue, an older one gets an edited catalogue, in this
            # same snapshot
            sync_reference(tx)
            if tx.base is not None:
                if tx.con.execute(sql("load/demo_count")).fetchall()[0][0]:
                    raise StoreError(_demo_message(store))
                earlier = tx.con.execute(sql("load/find_hash"), {"sha256": info.sha256}).fetchall()
                if earlier and not force:
                    raise _Unchanged(earlier[0])
            return _load(tx, spec, info, name, path.name, tx.work)
    except FileRefused as e:
        return _refused(name, kind, str(e))
    except _Unchanged as u:
        return _unchanged(name, kind, u.earlier)
    except duckdb.Error as e:
        # Unexpected, but still a message instead of a traceback; the store is untouched. (Writing
        # the store raises StoreError instead, see Transaction.replace: that is not the file's fault.)
        return _refused(name, kind, f"filen kunde inte läsas in ({first_line(e)})")


def load_cli(store: Store, kind: str, files: list[Path], force: bool = False) -> int:
    """The command line: load each file in order; 0 all accepted, 1 something refused, 2 usage
    or environment (a StoreError from load_file stops the run; ingest/__main__ prints it)."""
    missing = [str(f) for f in files if not Path(f).is_file()]
    if missing:
        print("fel: filen finns inte (eller är ingen fil): " + ", ".join(missing) + "; inget lästes in",
              file=sys.stderr)
        return 2
    code = 0
    for f in files:
        result = load_file(store, kind, f, force=force)
        for line in result.reject_lines():
            print(line, file=sys.stderr)
        for note in result.notes:
            print(f"{result.file}: obs: {note}", file=sys.stderr)
        print(result.message, file=sys.stderr if result.status == "refused" else sys.stdout)
        code = max(code, result.exit_code)
    return code


# -- helpers -------------------------------------------------------------------------------------
_PNR_LIKE = re.compile(r"(19|20)?\d{6}[-+ ]?\d{4}")


def _mask(text: str) -> str:
    """What is stored about a file (its name, header names in notes) never holds an identity number."""
    return _PNR_LIKE.sub("[maskerat]", text)


def _demo_message(store: Store) -> str:
    return (f"lagret {store.root} innehåller syntetiska demodata; egna filer läses inte in där eftersom "
            "en blandning skulle se ut som riktiga siffror. Ange ett annat lager, t.ex. "
            "--db data/egen (eller miljövariabeln SVF_DB)")


def _refused(name: str, kind: str, reason: str) -> LoadResult:
    return LoadResult(file=name, kind=kind, status="refused",
                      message=f"{name}: filen avvisades: {reason}. Inget från filen lästes in.")


def _unchanged(name: str, kind: str, earlier: tuple) -> LoadResult:
    load_id, e_kind, e_file, e_at = earlier
    return LoadResult(file=name, kind=kind, status="unchanged", load_id=int(load_id),
                      message=(f"{name}: samma innehåll lästes redan in {e_at} (laddning {load_id}, "
                               f"{e_file}, typ {e_kind}); inget ändrades"))


def _load(tx: Transaction, spec: Spec, info: SourceInfo, name: str, file_name: str,
          workdir: Path) -> LoadResult:
    con = tx.con
    file_name = _mask(file_name)
    # connection settings, not queries (so not in queries/): our own one-line summary is the CLI's
    # output; IN lists stay expressions (the optimiser turns a long one into a join, and validation
    # must stay one scan with projections to keep the file's row order, see _fused_read)
    con.execute("SET enable_progress_bar = false")
    con.execute("SET disabled_optimizers = 'in_clause'")
    con.execute(sql("load/macros"))
    con.execute(sql("load/aliases"))
    fused = _fused_read(con, spec, info, workdir) if info.fmt == "csv" and spec.kind in FUSED_KINDS else None
    if fused is not None:
        raw, found = fused
    else:
        raw = read_into(con, info, workdir)
        scan = _scan_columns(con)
        _refuse_personnummer(raw, scan)
        found = _map_columns(spec, raw)
        _set_headers(con, spec, raw.headers, found)
        # _in: one VARCHAR column per canonical column. Built with expression objects, not SQL text: the
        # output names are the spec's canonical names, the inputs positional columns c0, c1, ...
        columns = [ColumnExpression("_line")]
        for col in spec.names:
            if col not in found:
                columns.append(_null_text(col))
            elif scan[found[col]][3]:  # some values are empty or have spaces around them
                trimmed = FunctionExpression("trim", ColumnExpression(f"c{found[col]}"))
                columns.append(FunctionExpression("nullif", trimmed, ConstantExpression("")).alias(col))
            else:
                columns.append(ColumnExpression(f"c{found[col]}").alias(col))
        columns.append(ConstantExpression(False).alias("_cand"))
        con.table("_src").project(*columns).create_view("_in")
        # Each step below is one query file whose result becomes a table (or view) of the load's own
        # connection under a fixed name the next file reads.
        if spec.kind == "cancer":  # ICD-10 -> svf with the same query as the demo data (map_icd10.sql)
            con.sql(sql("load/icd_codes")).to_table("_icd_codes")
            con.sql(sql("map_icd10")).to_table("_icd_svf")
        # the row-by-row personnummer test only where the scan found a value of either shape at all
        pnr_columns = [c for c in spec.names if c in found and (scan[found[c]][1] or scan[found[c]][4])]
        con.sql(sql(f"load/validate_{spec.kind}"), params={"pnr_columns": pnr_columns}).to_table("_validated")
    notes = list(info.notes) + list(raw.notes)
    _, unknown, _ = map_headers(spec, raw.headers)
    if unknown:
        shown = ", ".join(f"'{h}'" for h in unknown[:8]) + (" …" if len(unknown) > 8 else "")
        notes.append(f"kolumner som inte känns igen för --kind {spec.kind} lästes inte in: {shown}")
    con.sql(sql("load/superseded")).to_table("_superseded")
    con.sql(sql("load/accepted")).create_view("_accepted")
    key_label = "+".join(raw.headers[found[c]] for c in spec.key)
    con.sql(sql("load/rejects"), params={"key_label": key_label}).to_table("_rejects")

    n_accepted = con.execute(sql("load/accepted_count")).fetchall()[0][0]
    rejects = [Reject(int(line), col, reason)
               for line, col, reason in con.execute(sql("load/rejects_list")).fetchall()]
    if rejects:  # the refused rows as text, only when there are any
        if fused is not None:  # the fused read kept no text: read the file as text now (_src)
            read_into(con, info, workdir)
        con.sql(sql("load/raw_text"), params={"delim": raw.delimiter or ";"}).to_table("_raw_text")
    n_rejected = len({r.line for r in rejects})
    n_read = raw.n_rows + raw.n_structural

    load_id = tx.next_load_id()
    n_before = con.table(spec.table).count("*").fetchall()[0][0]  # spec.table: one of SPECS' tables
    n_after = tx.replace(spec.table, con.sql(sql(f"load/merge_{spec.table}"), params={"load_id": load_id}))
    replaced = n_before + n_accepted - n_after
    inserted = n_accepted - replaced
    if rejects:
        tx.replace("rejected_row", con.sql(sql("load/rejected_append"),
                                           params={"load_id": load_id, "file_name": file_name}))
    note = _mask("; ".join(notes)) or None
    tx.replace("load_log", con.sql(sql("load/log_append"), params={
        "load_id": load_id, "kind": spec.kind, "file_name": file_name, "sha256": info.sha256,
        "loaded_at": dt.datetime.now().replace(microsecond=0), "rows_read": n_read,
        "rows_accepted": n_accepted, "rows_rejected": n_rejected, "rows_inserted": inserted,
        "rows_replaced": replaced, "note": note,
    }))
    message = (f"{name}: {n_read} rader lästa, {n_accepted} godkända ({inserted} nya, {replaced} ersatta), "
               f"{n_rejected} avvisade (laddning {load_id})")
    return LoadResult(file=name, kind=spec.kind, status="loaded", message=message, load_id=load_id,
                      rows_read=n_read, rows_accepted=n_accepted, rows_rejected=n_rejected,
                      rows_inserted=inserted, rows_replaced=replaced, rejects=rejects, notes=notes)


def _map_columns(spec: Spec, raw: RawRead) -> dict[str, int]:
    found, _, clashes = map_headers(spec, raw.headers)
    if clashes:
        a, b = clashes[0]
        col = SPECS[spec.kind].alias_map()[header_key(a)]
        raise FileRefused(f"kolumnerna '{a}' och '{b}' betyder båda {col}; ta bort den ena")
    missing = [c for c in spec.required if c not in found]
    if missing:
        msg = "obligatoriska kolumner saknas för --kind " + spec.kind + ": " + ", ".join(
            f"{c} (eller {first_alias(spec, c)})" if first_alias(spec, c) != c else c for c in missing)
        other = guess_kind(raw.headers)
        if other and other != spec.kind:
            msg += f" (filen ser ut att vara av typen --kind {other})"
        else:
            shown = ", ".join(f"'{h}'" for h in raw.headers[:10]) + (" …" if len(raw.headers) > 10 else "")
            msg += f" (filens kolumner: {shown})"
        raise FileRefused(msg)
    for kind, present, needed, hint in COMPANIONS:
        have = [raw.headers[found[c]] for c in present if c in found]
        if kind == spec.kind and have and needed not in found:
            shown = ", ".join(f"'{h}'" for h in have[:4]) + (" …" if len(have) > 4 else "")
            raise FileRefused(f"kolumnen {shown} känns igen men går inte att använda utan en kolumn för "
                              f"{first_alias(spec, needed)} ({needed}): " + hint.format(have=shown))
    return found


def _scan_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[int, ...]]:
    """Per file column: (filled, shaped like a personnummer, with a valid check digit, padded,
    holding ten digits in a row somewhere).

    The quick scan counts candidates with a cheap necessary condition (ld_pnr_cand); the exact
    scan, which tests the shapes on every value, runs only when some column has one (a typical
    file has none)."""
    row = [int(x) for x in con.execute(sql("load/column_scan")).fetchall()[0]]
    n = len(row) // 3
    if not any(row[2 * n:]):
        return [(row[i], 0, 0, row[n + i], 0) for i in range(n)]
    row = [int(x) for x in con.execute(sql("load/column_scan_pnr")).fetchall()[0]]
    return [tuple(row[k * n + i] for k in range(5)) for i in range(n)]


def _refuse_personnummer(raw: RawRead, scan: list[tuple[int, ...]]) -> None:
    """Refuse the whole file if any column looks like identity numbers. The values are never shown."""
    for i, header in enumerate(raw.headers):
        filled, shaped, luhn = scan[i][:3]
        named = header_key(header) in PNR_HEADERS and filled > 0
        looks = filled > 0 and shaped >= PNR_SHARE * filled and luhn >= LUHN_SHARE * shaped
        if named or looks:
            raise FileRefused(
                f"kolumnen '{header}' (kolumn {i + 1}) ser ut att innehålla personnummer, som aldrig får "
                "lagras; ta bort kolumnen eller ersätt värdena med pseudonymer")


def _null_text(col: str):
    return ConstantExpression(None).cast(duckdb.sqltype("VARCHAR")).alias(col)


def _set_headers(con: duckdb.DuckDBPyConnection, spec: Spec, headers: list[str], found: dict[str, int]) -> None:
    """Messages name the file's own headers ('mdk'), not the canonical columns ('mdk_date')."""
    con.register("_hdr_df", pa.table({"col": pa.array(list(spec.names)),
                                      "header": pa.array([headers[found[c]] if c in found else c
                                                          for c in spec.names])}))
    con.execute(sql("load/headers"))
    con.unregister("_hdr_df")


_ORDER_BREAKING = re.compile(r"JOIN|CROSS.PRODUCT|WINDOW|AGGREGATE|ORDER.BY|\bSORT|UNION", re.IGNORECASE)


def _fused_read(con: duckdb.DuckDBPyConnection, spec: Spec, info: SourceInfo,
                workdir: Path) -> tuple[RawRead, dict[str, int]] | None:
    """Read, column-scan and validate a CSV file in one pass: the validation query reads the CSV reader
    directly, and its result (_fused, typed values and errors, no text) keeps the file's row order, so
    that the rows are numbered afterwards by rowid as the general path numbers its text table. The
    view _validated then looks like the general path's. Nothing is weaker than there:
    - the personnummer scan: each row says whether a value in a column whose text is stored, or that is
      not read, passes ld_pnr_cand, the cheap necessary condition of either shape; only then, or when
      some row is refused (a value of personnummer shape in a typed column is refused), is the file
      scanned exactly (a second read) and, where a column holds such values, validated again with the
      row-by-row test;
    - values are trimmed where they are empty or padded (the general path trims whole columns then);
    - the text of refused rows is read afterwards, only when there are any (_load).
    None: take the general path (read_into, _scan_columns, ...), which also says every refusal in its
    own order: files whose header names personnummer or does not map, or a query plan that could
    reorder rows.
    """
    head = csv_head(info, workdir)
    headers = head.headers
    if any(header_key(h) in PNR_HEADERS for h in headers):
        return None
    try:
        found = _map_columns(spec, RawRead(headers=headers, n_rows=0, n_structural=0))
    except FileRefused:
        return None
    _set_headers(con, spec, headers, found)
    raw_cols = [ColumnExpression(f"c{i}") for i in range(len(headers))]
    columns = [ConstantExpression(None).cast(duckdb.sqltype("INTEGER")).alias("_line")]
    for col in spec.names:
        if col not in found:
            columns.append(_null_text(col))
            continue
        c = ColumnExpression(f"c{found[col]}")
        padded = ((c == ConstantExpression("")) | FunctionExpression("prefix", c, ConstantExpression(" "))
                  | FunctionExpression("suffix", c, ConstantExpression(" ")))
        trimmed = FunctionExpression("nullif", FunctionExpression("trim", c), ConstantExpression(""))
        columns.append(CaseExpression(padded, trimmed).otherwise(c).alias(col))
    # The quick column scan, per row: does a value pass ld_pnr_cand, in a column whose text is stored or
    # that is not read at all? (A typed or looked-up column holding such a value fails its own check: a
    # file with refused rows is scanned exactly whatever this says.) A CASE, not OR: a condition of CASE
    # stops at the first false part of ld_pnr_cand's AND (most values at their length) and at the first
    # true column, where a projected OR/AND computes every part of every value, regex included.
    text_cols = {found[c] for c in FUSED_KINDS[spec.kind] if c in found}
    scanned = [c for i, c in enumerate(raw_cols) if i in text_cols or i not in found.values()]
    cand = CaseExpression(ConstantExpression(False), ConstantExpression(True))
    for c in scanned:
        cand = cand.when(FunctionExpression("ld_pnr_cand", c), ConstantExpression(True))
    columns.append(cand.otherwise(ConstantExpression(False)).alias("_cand"))
    csv_relation(con, head, "_frej").project(*columns).create_view("_in", replace=True)
    validate = sql(f"load/validate_{spec.kind}")
    if _ORDER_BREAKING.search(con.sql(validate, params={"pnr_columns": []}).explain()):
        return None
    try:
        con.sql(validate, params={"pnr_columns": []}).to_table("_fused")
        rejects = csv_rejects(con, "_frej")
        n_rows, any_cand, n_refused = con.execute(sql("load/fused_count")).fetchall()[0]
    except duckdb.Error:
        return None  # the general path reads the file again and says what is wrong with it
    raw = number_rows(con, info, head, n_rows, rejects, "load/fused_lines", "load/fused_lines_breaks")
    if raw.n_rows + raw.n_structural == 0:
        raise FileRefused("filen innehåller inga datarader (bara en rubrikrad)")
    if any_cand or n_refused:
        # the exact scan, on the file's values as read (as the general path scans its text table)
        csv_relation(con, head, "_scan_rej").project(columns[0], *raw_cols).create_view("_src", replace=True)
        row = [int(x) for x in con.execute(sql("load/column_scan_pnr")).fetchall()[0]]
        n = len(headers)
        scan = [tuple(row[k * n + i] for k in range(5)) for i in range(n)]
        _refuse_personnummer(raw, scan)
        pnr_columns = [c for c in spec.names if c in found and (scan[found[c]][1] or scan[found[c]][4])]
        if pnr_columns:
            con.sql(validate, params={"pnr_columns": pnr_columns}).to_table("_fused_pnr")
            con.execute(sql("load/fused_pnr_swap"))
    return raw, found
