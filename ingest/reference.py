"""The reference catalogue: data/reference/*.csv into the store's reference tables.

The CSV files are written for people (ICD-10 ranges such as ``C00-C14``, work-up ``alla``); this
module expands them into the normalised tables of store/schema.sql.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from store import ROOT, Store, Transaction, sql

if TYPE_CHECKING:
    import pandas as pd

REFERENCE_DIR = ROOT / "data" / "reference"
WORKUPS = ("bas", "utokad")


def _read(name: str) -> pd.DataFrame:
    import pandas as pd  # here, not at the top: a load into a store whose catalogue is current needs no pandas

    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


def normalise_icd10(code: str) -> str:
    """'c50.9 ' -> 'C509'. Loaded files get the same in SQL (ld_icd in queries/load/macros.sql)."""
    return re.sub(r"[\s.]", "", str(code)).upper()


def expand_icd10(spec: str) -> list[str]:
    """'C00-C14 C77.0 C48.1-C48.2' -> ['C00', ..., 'C14', 'C770', 'C481', 'C482']."""
    out: list[str] = []
    for part in spec.split():
        if "-" in part:
            lo, hi = (normalise_icd10(p) for p in part.split("-"))
            if lo[0] != hi[0] or len(lo) != len(hi):
                raise ValueError(f"ICD-10 range {part!r} must stay within one letter and length")
            width = len(lo) - 1
            out += [lo[0] + str(n).zfill(width) for n in range(int(lo[1:]), int(hi[1:]) + 1)]
        else:
            out.append(normalise_icd10(part))
    return out


def _bool(s: pd.Series) -> pd.Series:
    return s.str.lower().map({"true": True, "false": False})


def _none_if_empty(df: pd.DataFrame) -> pd.DataFrame:
    return df.replace({"": None})


def reference_frames() -> dict[str, pd.DataFrame]:
    """Every reference table as a DataFrame with the columns of schema.sql."""
    import pandas as pd

    frames: dict[str, pd.DataFrame] = {}
    frames["healthcare_region"] = _read("healthcare_regions.csv")
    reg = _read("regions.csv")
    reg["population"] = pd.to_numeric(reg["population"])
    frames["region"] = reg

    svf = _read("svf.csv")
    icd_rows = [
        {"svf": r.svf, "icd10_prefix": code, "source": r.source, "confidence": r.confidence}
        for r in svf.itertuples() for code in expand_icd10(r.icd10)
    ]
    frames["svf_icd10"] = pd.DataFrame(icd_rows)
    svf["has_diagnosis"] = _bool(svf["has_diagnosis"])
    svf["annual_incidence"] = pd.to_numeric(svf["annual_incidence"].replace("", None))
    frames["svf"] = svf.drop(columns=["icd10", "incidence_confidence"])

    age = _read("svf_age_rules.csv")
    age["min_age"] = pd.to_numeric(age["min_age"])
    frames["svf_min_age"] = age

    et = _read("end_types.csv")
    et["is_treatment_start"] = _bool(et["is_treatment_start"])
    et["sort_order"] = pd.to_numeric(et["sort_order"])
    frames["end_type"] = et

    lim = _read("lead_time_limits.csv")
    lim = lim.assign(workup=lim["workup"].map(lambda w: list(WORKUPS) if w == "alla" else [w]))
    lim = lim.explode("workup", ignore_index=True)
    lim["max_days"] = pd.to_numeric(lim["max_days"].replace("", None))
    frames["lead_time_limit"] = lim

    qr = _read("quality_registers.csv")
    frames["register_icd10"] = pd.DataFrame([
        {"register": r.register, "icd10_prefix": code, "source": r.source, "confidence": r.confidence}
        for r in qr.itertuples() for code in expand_icd10(r.icd10)
    ])
    frames["quality_register"] = qr.drop(columns=["icd10"])

    pi = _read("palliative_indicators.csv")
    pi["sort_order"] = pd.to_numeric(pi["sort_order"])
    frames["palliative_indicator"] = pi

    tg = _read("targets.csv")
    tg["level_1"] = pd.to_numeric(tg["level_1"])
    tg["level_2"] = pd.to_numeric(tg["level_2"].replace("", None))
    tg["primary_target"] = _bool(tg["primary_target"])
    frames["target"] = tg
    return {k: _none_if_empty(v) for k, v in frames.items()}


def catalogue_hash() -> str:
    """sha256 over the catalogue's CSV files (names and bytes), to notice an edited catalogue."""
    h = hashlib.sha256()
    for f in sorted(REFERENCE_DIR.glob("*.csv")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def write_reference(tx: Transaction) -> None:
    import pandas as pd

    for table, df in reference_frames().items():
        tx.con.register("_ref_df", df)
        tx.replace(table, tx.con.table("_ref_df"))
        tx.con.unregister("_ref_df")
    version = pd.DataFrame({"content_sha256": [catalogue_hash()],
                            "written_at": [pd.Timestamp.now().floor("s")]})
    tx.con.register("_ref_df", version)
    tx.replace("catalogue_version", tx.con.table("_ref_df"))
    tx.con.unregister("_ref_df")


def sync_reference(tx: Transaction) -> bool:
    """Write the reference tables if the store has none or they come from another version of
    data/reference (an edited limit or target then reaches existing stores with the next load or
    build, in that same snapshot). True if written."""
    stored = tx.con.execute(sql("catalogue_version")).fetchall()
    if tx.base is not None and stored and stored[0][0] == catalogue_hash():
        return False
    write_reference(tx)
    return True


def ensure_store(store: Store) -> bool:
    """Create the store with the catalogue, or bring its catalogue up to date. True if written."""
    with store.transaction() as tx:
        return sync_reference(tx)
