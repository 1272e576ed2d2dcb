"""Reading an input file into DuckDB as text columns, with each row's line number.

Whatever the format, the result is the same: a temporary table ``_src`` with ``_line`` (the line or
row number as a person finds it in the file: the header is line 1) and one VARCHAR column per header,
named ``c0``, ``c1``, ... by position (a file's own header names never reach SQL text), plus a table
``_structural`` of rows that could not even be split into fields (line, reason, raw text).

Formats are told apart by content, not by the file name: Excel .xlsx (a zip), Parquet ('PAR1'),
otherwise text. Text is UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252; the last two are
re-encoded to a temporary UTF-8 file in a streaming pass because DuckDB's CSV reader has no
Windows-1252 decoder without a downloadable extension.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from store import first_line, sql

CHUNK = 1 << 24
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
DELIMITERS = (";", ",", "\t", "|")


class FileRefused(Exception):
    """The whole file is refused. The message (Swedish) says why, without the file name."""


@dataclass
class SourceInfo:
    path: Path
    fmt: str                     # csv | xlsx | parquet
    sha256: str
    size: int
    encoding: str | None = None  # text: utf-8 | utf-8-sig | utf-16 | cp1252
    notes: list[str] = field(default_factory=list)
    # counted in the same pass (bytes, so they hold for UTF-8 and Windows-1252 alike): line feeds,
    # whether a carriage return ends a line on its own, whether the last line ends with a line feed
    newlines: int = 0
    lone_cr: bool = True
    ends_with_newline: bool = True


@dataclass
class RawRead:
    headers: list[str]           # the file's own header names, position i = column c{i}
    n_rows: int                  # data rows read into _src
    n_structural: int            # rows refused by the splitter (in _structural)
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


# -- sniffing ------------------------------------------------------------------------------------
def sniff(path: Path) -> SourceInfo:
    """Hash the file and decide its format and encoding in one streaming pass."""
    h = hashlib.sha256()
    size = 0
    head = b""
    is_utf8 = True
    carry = b""  # the start of a UTF-8 sequence cut by the end of the previous chunk
    has_nul = False
    cp1252_bad = False
    newlines = 0
    cr = crlf = 0  # a carriage return not followed by a line feed also ends a record for DuckDB
    last = b""
    # hashing releases the GIL: a helper thread hashes a chunk while this one checks it
    with open(path, "rb") as f, ThreadPoolExecutor(max_workers=1) as hasher:
        hashed = None
        while chunk := f.read(CHUNK):
            if not head:
                head = chunk[:65536]
            if hashed is not None:
                hashed.result()  # in order
            hashed = hasher.submit(h.update, chunk)
            size += len(chunk)
            newlines += chunk.count(b"\n")
            if last == b"\r" and chunk.startswith(b"\n"):
                crlf += 1
            if b"\r" in chunk:
                cr += chunk.count(b"\r")
                crlf += chunk.count(b"\r\n")
            last = chunk[-1:]
            if not has_nul and b"\x00" in chunk:
                has_nul = True
            if is_utf8:
                data = carry + chunk if carry else chunk
                cut = _utf8_cut(data)
                is_utf8 = _utf8_valid(memoryview(data)[:cut])
                carry = data[cut:]
            if not is_utf8 and not cp1252_bad:
                cp1252_bad = any(b in chunk for b in (bytes([c]) for c in CP1252_UNDEFINED))
        if hashed is not None:
            hashed.result()
    if carry:
        is_utf8 = False  # the file ends inside a UTF-8 sequence
    info = SourceInfo(path=path, fmt="csv", sha256=h.hexdigest(), size=size, newlines=newlines,
                      lone_cr=cr != crlf, ends_with_newline=last == b"\n")
    if size == 0:
        raise FileRefused("filen är tom")
    if head.startswith(b"PK\x03\x04"):
        info.fmt = "xlsx"
        return info
    if head.startswith(b"PAR1"):
        info.fmt = "parquet"
        return info
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("filen är i det gamla Excel-formatet (.xls) som inte stöds; "
                          "spara den som .xlsx eller CSV")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        info.encoding = "utf-16"
        return info
    if has_nul or _control_share(head) > 0.01:
        raise FileRefused("filen är inte en textfil (CSV), Excel-fil (.xlsx) eller Parquet-fil "
                          "utan ser ut att vara binär")
    if is_utf8:
        info.encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    elif cp1252_bad:
        raise FileRefused("filens teckenkodning känns inte igen (varken UTF-8 eller Windows-1252)")
    else:
        info.encoding = "cp1252"
    return info


def _utf8_cut(data: bytes) -> int:
    """Where an incomplete UTF-8 sequence at the end of `data` starts (len(data) when there is none)."""
    n = len(data)
    for k in range(1, min(4, n) + 1):
        c = data[n - k]
        if c < 0x80:
            return n
        if c >= 0xC0:  # the lead byte of the last sequence: 2, 3 or 4 bytes long
            need = 2 if c < 0xE0 else 3 if c < 0xF0 else 4
            return n - k if need > k else n
    return n


def _utf8_valid(data: memoryview) -> bool:
    """Whether the bytes are valid UTF-8 (as Python's strict decoder says: no surrogates, no overlong
    forms, nothing above U+10FFFF). Arrow checks a string array's bytes without building a str, about
    ten times faster than decoding."""
    offsets = pa.array([0, len(data)], pa.int32()).buffers()[1]
    try:
        pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _control_share(head: bytes) -> float:
    if not head:
        return 0.0
    n = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return n / len(head)


# -- reading -------------------------------------------------------------------------------------
def read_into(con: duckdb.DuckDBPyConnection, info: SourceInfo, workdir: Path) -> RawRead:
    """Create _src and _structural on `con` from the file. Raises FileRefused."""
    try:
        if info.fmt == "xlsx":
            raw = _read_xlsx(con, info.path)
        elif info.fmt == "parquet":
            raw = _read_parquet(con, info.path)
        else:
            raw = _read_csv(con, info, workdir)
    except (ValueError, IndexError, KeyError, TypeError, csv.Error) as e:
        # a shape of file no rule above foresaw: still one line for a person, never a traceback
        raise FileRefused(f"filen kunde inte tolkas ({type(e).__name__}: {first_line(e)})") from None
    if raw.n_rows + raw.n_structural == 0:
        raise FileRefused("filen innehåller inga datarader (bara en rubrikrad)")
    return raw


def _empty_structural(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("load/structural_empty"))


def _check_headers(headers: list[str]) -> None:
    if not any(h.strip() for h in headers):
        raise FileRefused("rubrikraden (rad 1) är tom; första raden ska innehålla kolumnnamnen")


def _to_utf8(info: SourceInfo, workdir: Path) -> Path:
    """Path of a UTF-8 version of a text file (the file itself when it already is UTF-8)."""
    if info.encoding in ("utf-8", "utf-8-sig"):
        return info.path
    out = workdir / "transcoded.csv"
    with open(info.path, encoding=info.encoding, newline="") as src, \
            open(out, "w", encoding="utf-8", newline="") as dst:
        while text := src.read(CHUNK // 4):
            dst.write(text)
    return out


def _header_line(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        line = f.readline(1 << 20)
    return line.lstrip("\ufeff").rstrip("\r\n")


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the first, ';' (Swedish Excel's default)
    return best if counts[best] else ","


@dataclass
class CsvHead:
    """A text file's header line, as every CSV read starts: the UTF-8 file to read, its delimiter and
    its header names (position i = column c{i})."""

    path: Path
    delimiter: str
    headers: list[str]

    @property
    def columns(self) -> dict[str, str]:
        return {f"c{i}": "VARCHAR" for i in range(len(self.headers))}


def csv_head(info: SourceInfo, workdir: Path) -> CsvHead:
    """The header line of a text file (transcoded to UTF-8 first when needed). Raises FileRefused."""
    path = _to_utf8(info, workdir)
    header = _header_line(path)
    if header.count('"') % 2:
        raise FileRefused('rubrikraden (rad 1) har ett citattecken (") som inte avslutas; ta bort det, '
                          'eller skriv hela kolumnnamnet inom citattecken')
    delim = _delimiter(header)
    headers = next(csv.reader([header], delimiter=delim, quotechar='"'), [])
    _check_headers(headers)
    return CsvHead(path=path, delimiter=delim, headers=headers)


def csv_relation(con: duckdb.DuckDBPyConnection, head: CsvHead, rejects: str) -> duckdb.DuckDBPyRelation:
    """The file as a lazy relation of VARCHAR columns c0, c1, ... (queries/load/csv_scan.sql). rejects:
    the name of the rejects table to fill (the rejects scan table is that name + '_scans'), read back
    with csv_rejects(con, rejects)."""
    return con.sql(sql("load/csv_scan"), params={"path": str(head.path), "delim": head.delimiter,
                                                 "columns": head.columns, "rejects": rejects,
                                                 "rejects_scan": rejects + "_scans"})


def csv_rejects(con: duckdb.DuckDBPyConnection, rejects: str) -> list:
    """The records a read through csv_relation refused, one row per record (csv_rejects.sql)."""
    return con.execute(sql("load/csv_rejects"), {"rejects": rejects}).fetchall()


def _read_csv(con: duckdb.DuckDBPyConnection, info: SourceInfo, workdir: Path) -> RawRead:
    head = csv_head(info, workdir)
    try:
        csv_relation(con, head, "_rej_errors").to_table("_csv")
        rejects = csv_rejects(con, "_rej_errors")
        (n_rows,) = con.execute(sql("load/csv_count")).fetchall()[0]
    except duckdb.Error as e:
        raise FileRefused("filen kunde inte tolkas som CSV: " + first_line(e)) from None
    return number_rows(con, info, head, n_rows, rejects, "load/csv_src", "load/csv_src_breaks")


def number_rows(con: duckdb.DuckDBPyConnection, info: SourceInfo, head: CsvHead, n_rows: int, rejects: list,
                plain: str, with_breaks: str) -> RawRead:
    """Give the rows a CSV read kept (in file order, numbered by rowid) their line numbers, with query
    `plain` (line = row + 2) or `with_breaks` (plus the offset from table _breaks), and fill _structural
    from the reader's rejects (csv_rejects.sql rows)."""
    headers, delim = head.headers, head.delimiter
    notes: list[str] = []
    if _one_record_per_line(info, n_rows, rejects):
        # nothing shifts a row off line row + 2: no pass over the file to number its records
        con.execute(sql(plain))
        return _csv_result(con, headers, n_rows, rejects, delim, notes, lambda rec: rec)
    record_lines, blank = _record_lines(head.path)
    if not len(record_lines):
        raise FileRefused("filen kunde inte delas upp i rader (ett citattecken som aldrig avslutas?)")
    rejected_records = np.array([r[0] - 1 for r in rejects], dtype=np.int64)
    keep = ~blank
    keep[0] = False  # the header
    keep[rejected_records[(rejected_records >= 0) & (rejected_records < len(keep))]] = False
    row_lines = record_lines[keep]
    if len(row_lines) != n_rows:
        # The splitter and our own line count disagree (e.g. old Mac line endings): number the rows
        # in order instead and say the numbers may be off.
        row_lines = np.arange(2, n_rows + 2, dtype=np.int64)
        notes.append("radnumren kan vara ungefärliga (ovanliga radslut i filen)")

        def phys(rec: int) -> int:
            return rec
    else:
        def phys(rec: int) -> int:
            return int(record_lines[rec - 1]) if 0 < rec <= len(record_lines) else rec

    # _line = row + 2 + offset, where the offset (blank lines, refused rows and line breaks inside
    # quotes so far) changes only at a few rows: an ASOF join on those break points is far cheaper
    # than joining a line number to every row.
    offset = row_lines - np.arange(2, n_rows + 2, dtype=np.int64)
    starts = np.concatenate([[0], np.flatnonzero(np.diff(offset)) + 1]) if n_rows else np.zeros(1, np.int64)
    if n_rows == 0 or (len(starts) == 1 and offset[0] == 0):
        con.execute(sql(plain))
    else:
        con.register("_breaks_df", pa.table({"start_row": pa.array(starts.astype(np.int64)),
                                             "off": pa.array(offset[starts].astype(np.int64))}))
        con.execute(sql("load/csv_breaks"))
        con.unregister("_breaks_df")
        con.execute(sql(with_breaks))
    return _csv_result(con, headers, n_rows, rejects, delim, notes, phys)


def _one_record_per_line(info: SourceInfo, n_rows: int, rejects: list) -> bool:
    """Whether data row r sits on line r + 2. When records end only at line feeds (no lone carriage
    return), lines = 1 + rows + blank lines + refused rows + line breaks inside quoted values; with
    no refused rows, rows = lines - 1 leaves no room for the others. The counts are sniff's, on the
    bytes (the same in UTF-8 and Windows-1252, not in UTF-16)."""
    if rejects or info.lone_cr or info.encoding not in ("utf-8", "utf-8-sig", "cp1252"):
        return False
    lines = info.newlines + (0 if info.ends_with_newline else 1)
    return n_rows == lines - 1


def _csv_result(con: duckdb.DuckDBPyConnection, headers: list[str], n_rows: int, rejects: list, delim: str,
                notes: list[str], phys) -> RawRead:
    _empty_structural(con)
    if rejects:
        n_cols = len(headers)
        lines = [phys(r[0]) for r in rejects]
        raws = [(r[3] or "").strip("\r\n") for r in rejects]
        reasons = [_structural_reason(r[1], r[2], n_cols) for r in rejects]
        swallowed = 0
        for i, (r, raw) in enumerate(zip(rejects, raws, strict=True)):
            extra = raw.count("\n")  # lines after the first that the reader took into this record
            if extra:
                swallowed += extra
                reasons[i] += f" – posten sträcker sig över raderna {lines[i]}–{lines[i] + extra}, som alla avvisades"
                if r[1] == "UNQUOTED VALUE":
                    reasons[i] += " (ett citattecken som inte stängs gör att följande rader läses som samma fält)"
        if swallowed:  # said in the summary too: these lines are not counted as rows anywhere else
            notes.append(f"{swallowed} rader till ingår i avvisade poster som sträcker sig över flera rader; "
                         "rätta citattecknen och läs in filen igen")
        structural = pa.table({
            "_line": pa.array(lines, pa.int32()),
            "reason": pa.array(reasons),
            "raw": pa.array(raws),
        })
        con.register("_structural_df", structural)
        con.execute(sql("load/structural_append"))
        con.unregister("_structural_df")
    return RawRead(headers=headers, n_rows=int(n_rows), n_structural=len(rejects), delimiter=delim,
                   notes=notes)


def _record_lines(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """For every CSV record (header and blank lines included, as DuckDB counts them): the physical
    line it starts on, and whether it is blank.

    A newline ends a record unless it sits inside quotes; with '"' as both quote and escape, that is
    when an odd number of quote characters precedes it. Vectorised over 16 MB chunks.
    """
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    size = len(mm)
    ends: list[np.ndarray] = []
    ends_nl_index: list[np.ndarray] = []
    carry = 0
    nl_seen = 0
    for off in range(0, size, CHUNK):
        chunk = mm[off:off + CHUNK]
        nl = np.flatnonzero(chunk == 10)
        idx = np.arange(nl_seen, nl_seen + len(nl), dtype=np.int64)
        nl_seen += len(nl)
        q = np.flatnonzero(chunk == 34)
        if len(q):
            outside = (np.searchsorted(q, nl) + carry) % 2 == 0
            nl, idx = nl[outside], idx[outside]
            carry = (carry + len(q)) % 2
        ends.append(nl.astype(np.int64) + off)
        ends_nl_index.append(idx)
    end = np.concatenate(ends) if ends else np.zeros(0, np.int64)
    end_idx = np.concatenate(ends_nl_index) if ends_nl_index else np.zeros(0, np.int64)
    if size and mm[size - 1] != 10:
        end = np.append(end, size)
        end_idx = np.append(end_idx, -1)
    start = np.concatenate([[0], end[:-1] + 1]).astype(np.int64)
    lines = np.concatenate([[1], end_idx[:-1] + 2]).astype(np.int64)
    length = end - start
    first = np.zeros(len(start), dtype=np.uint8)
    inside = start < size
    first[inside] = mm[start[inside]]
    blank = (length == 0) | ((length == 1) & (first == 13))
    return lines, blank


_ERROR_TYPES = {
    "MISSING COLUMNS": "raden har för få fält ({found} av {expected})",
    "TOO MANY COLUMNS": "raden har för många fält ({found}, rubriken har {expected})",
    "UNQUOTED VALUE": "ett citattecken (\") står fel på raden",
    "LINE SIZE OVER MAXIMUM": "raden är för lång",
    "INVALID UNICODE": "raden innehåller ogiltiga tecken",
    "INVALID ENCODING": "raden innehåller ogiltiga tecken",
}


def _structural_reason(error_type: str, message: str, n_cols: int) -> str:
    template = _ERROR_TYPES.get(error_type, "raden kunde inte delas upp i fält")
    m = re.search(r"Found:\s*(\d+)", message or "")
    return template.format(found=m.group(1) if m else "?", expected=n_cols)


# -- Excel ---------------------------------------------------------------------------------------
def _cell_text(v: object) -> str | None:
    """An Excel cell as the text a CSV export would hold (dates ISO, whole numbers without '.0')."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.time):
        return v.isoformat()
    text = str(v)
    return text if text.strip() else None


def _read_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> RawRead:
    import openpyxl  # only needed for Excel files

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise FileRefused("filen är en zip-fil men ingen läsbar Excel-arbetsbok (.xlsx): "
                          + first_line(e)) from None
    except Exception as e:  # openpyxl raises many kinds for broken workbooks
        raise FileRefused("Excel-filen kunde inte läsas: " + first_line(e)) from None
    notes: list[str] = []
    try:
        ws = wb.worksheets[0]
        if len(wb.worksheets) > 1:
            notes.append(f"arbetsboken har {len(wb.worksheets)} blad; bara det första ('{ws.title}') lästes")
        rows = ws.iter_rows(values_only=True)
        first = next(rows, None)
        headers = [_cell_text(v) or "" for v in (first or ())]
        while headers and not headers[-1]:
            headers.pop()
        _check_headers(headers)
        width = len(headers)
        cols: list[list[str | None]] = [[] for _ in range(width)]
        lines: list[int] = []
        extra: list[tuple[int, str]] = []
        for number, row in enumerate(rows, start=2):
            values = [_cell_text(v) for v in row]
            if not any(v is not None for v in values):
                continue  # empty rows (often formatting left behind) are not data
            if any(v is not None for v in values[width:]):
                extra.append((number, ";".join(v or "" for v in values)))
                continue
            values += [None] * (width - len(values))
            lines.append(number)
            for i in range(width):
                cols[i].append(values[i])
    except FileRefused:
        raise
    except Exception as e:
        raise FileRefused("Excel-filen kunde inte läsas: " + first_line(e)) from None
    finally:
        wb.close()
    table = pa.table({"_line": pa.array(lines, pa.int32()),
                      **{f"c{i}": pa.array(cols[i], pa.string()) for i in range(width)}})
    con.register("_src_df", table)
    con.execute(sql("load/src_frame"))
    con.unregister("_src_df")
    _empty_structural(con)
    if extra:
        con.register("_structural_df", pa.table({
            "_line": pa.array([n for n, _ in extra], pa.int32()),
            "reason": pa.array([f"raden har värden till höger om sista rubriken (kolumn {width})"] * len(extra)),
            "raw": pa.array([r for _, r in extra]),
        }))
        con.execute(sql("load/structural_append"))
        con.unregister("_structural_df")
    return RawRead(headers=headers, n_rows=len(lines), n_structural=len(extra), notes=notes)


# -- Parquet -------------------------------------------------------------------------------------
def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> RawRead:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as e:
        raise FileRefused("Parquet-filen kunde inte läsas: " + first_line(e)) from None
    headers = [str(n) for n in table.column_names]
    _check_headers(headers)
    arrays = {"_line": pa.array(np.arange(2, table.num_rows + 2, dtype=np.int32))}
    for i, name in enumerate(headers):
        col = table.column(i)
        try:
            arrays[f"c{i}"] = pc.cast(col, pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise FileRefused(f"kolumnen '{name}' har en typ ({col.type}) som inte kan läsas som text") from None
    con.register("_src_df", pa.table(arrays))
    con.execute(sql("load/src_frame"))
    con.unregister("_src_df")
    _empty_structural(con)
    return RawRead(headers=headers, n_rows=table.num_rows, n_structural=0)
