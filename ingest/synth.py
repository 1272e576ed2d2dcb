"""Synthetic national demo data: ``python -m ingest build [--scale S] [--seed N]``.

Generates every fact table (svf_pathway, cancer_case, register_case, death) from the reference
catalogue in the store and the calibration in ingest/synth_params.py (assumptions: ingest/SYNTH.md), and
writes them in ONE store transaction together with a load_log row of kind 'demo' (is_demo = true): that
row is how the dashboard and reports know they are showing demo data.

Why it is built this way: everything is vectorised with numpy (expected counts on a month x pathway x
region grid -> Poisson counts -> np.repeat), one calendar year at a time, with a random stream per
(component, year) so the output depends only on the seed, the scale and `today`. Identifier strings
are made with pyarrow compute, and the tables reach DuckDB as Arrow (no row-by-row Python). Memory stays
bounded at any scale: a year's numpy arrays are dropped once they are Arrow, svf_pathway's years wait in
scratch files, and DuckDB sorts and writes under a memory limit (scale 10: 6 GB peak before, ~1,3 GB now).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather

from ingest import synth_params as P
from ingest.reference import ensure_store
from store import Store, StoreError, Transaction, first_line, sql

FACT_TABLES = ("svf_pathway", "cancer_case", "register_case", "death")
EPOCH = np.datetime64("1970-01-01", "D")
Progress = Callable[[str, float], None]

# random streams: one per component and year, so chunks never depend on each other
_EFFECTS, _PATHWAYS, _CASES, _REGISTERS, _DEATHS = range(5)
_ID_MULT = 387_420_489      # 3**18, coprime with 10**9: seq -> (seq * m + c) mod 10**9 is a bijection


# -- small vectorised helpers ----------------------------------------------------------------------------
def _day(d) -> int:
    """Days since 1970-01-01 for a date (or a pandas Timestamp)."""
    return int((np.datetime64(pd.Timestamp(d).date(), "D") - EPOCH).astype(np.int64))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _calibrate(target: float, effects: np.ndarray, weights: np.ndarray) -> float:
    """Offset c with weighted mean of sigmoid(c + effects) == target (bisection; effects are small)."""
    w = np.asarray(weights, float).ravel()
    e = np.asarray(effects, float).ravel()
    w = w / w.sum()
    lo, hi = -25.0, 25.0
    for _ in range(70):
        mid = (lo + hi) / 2
        if float((w * _sigmoid(mid + e)).sum()) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _spread(rng: np.random.Generator, n: int, lo: float, hi: float, skew: float = 1.0) -> np.ndarray:
    """n values spread over [lo, hi] in a seeded order: a guaranteed range of regional effects
    (skew > 1 packs more of them towards lo)."""
    return rng.permutation(lo + (hi - lo) * np.linspace(0.0, 1.0, n) ** skew)


def _draw(rng: np.random.Generator, group: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Categorical draw per row: row i takes category k with probability probs[group[i], k]."""
    probs = np.asarray(probs, float)
    n_groups, k = probs.shape
    probs = np.where(probs.sum(1, keepdims=True) > 0, probs, 1.0)     # unused groups: anything valid
    cum = np.cumsum(probs / probs.sum(1, keepdims=True), axis=1)
    last = k - 1 - np.argmax(probs[:, ::-1] > 0, axis=1)            # last category with p > 0
    cum[np.arange(k)[None, :] >= last[:, None]] = 1.0
    flat = (np.arange(n_groups)[:, None] + cum).ravel()
    u = rng.random(len(group))
    pick = np.searchsorted(flat, group + u, side="right") - group * k
    return np.minimum(pick, k - 1)


def _weekday(day: np.ndarray) -> np.ndarray:
    """0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday)."""
    return (day + 3) % 7


def _to_next_month(day: np.ndarray) -> np.ndarray:
    d = EPOCH + day.astype("timedelta64[D]")
    nxt = (d.astype("datetime64[M]") + 1).astype("datetime64[D]")
    return (nxt - d).astype(np.int64)


def _ids(prefix: str, seq: np.ndarray) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(seq, type=pa.int64()), pa.string()), 9, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _pseudonyms(seq: np.ndarray, salt: int) -> pa.Array:
    """Patient pseudonyms: unique per sequence number, random-looking, never personnummer-like."""
    scrambled = (seq.astype(np.int64) * _ID_MULT + salt) % 1_000_000_000
    return _ids("PAT", scrambled)


def _dict(index: np.ndarray, values, null: np.ndarray | None = None) -> pa.DictionaryArray:
    idx = pa.array(index.astype(np.int32), mask=null)
    return pa.DictionaryArray.from_arrays(idx, pa.array(list(values), type=pa.string()))


def _date(day: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(day.astype(np.int32), type=pa.date32(), mask=null)


def _months(first: np.datetime64, end: np.datetime64) -> dict[str, np.ndarray]:
    """Calendar months [first, end) as arrays: start day, days in month, year, month number."""
    m = np.arange(first, end, dtype="datetime64[M]")
    start = m.astype("datetime64[D]")
    return {
        "start": (start - EPOCH).astype(np.int64),
        "days": ((m + 1).astype("datetime64[D]") - start).astype(np.int64),
        "year": m.astype("datetime64[Y]").astype(np.int64) + 1970,
        "month": m.astype(np.int64) % 12 + 1,
    }


def _linear(levels: tuple[float, float], year: int) -> float:
    y0, y1 = P.INDICATOR_LEVEL_YEARS
    t = min(max((year - y0) / (y1 - y0), 0.0), 1.0)
    return levels[0] + t * (levels[1] - levels[0])


# -- the reference catalogue and the derived calibration ------------------------------------------------
@dataclass
class _Model:
    """Reference catalogue + every derived effect, fixed for one (seed, scale, today)."""

    scale: float
    seed: int
    cutoff: int                   # first day of today's month: every date is before it
    regions: list[str]
    region_names: list[str]
    pop: np.ndarray               # population share per region
    svfs: list[str]
    diag: np.ndarray              # has_diagnosis per svf
    incidence: np.ndarray         # 2019 incidence per svf (0 for ass)
    end_types: list[str]
    is_ts: np.ndarray
    incl: np.ndarray              # [svf, region] expected inclusion
    lead_eff: np.ndarray          # [svf, region] log-odds effect on within
    lead_offset: np.ndarray       # [svf]
    point_rate: np.ndarray        # [region]
    continuous: np.ndarray        # [region] share reported continuously
    ts_probs: np.ndarray          # [svf * 2 + workup, end_type]
    closure_probs: np.ndarray     # [is_ass, end_type]
    utokad_svf: np.ndarray        # [svf] bool: has its own utökad limits
    lim_key: np.ndarray           # [svf, end_type, workup] -> key index or -1
    lim_from: np.ndarray          # [key, period]
    lim_to: np.ndarray
    lim_days: np.ndarray          # -1 = no limit
    sex_age: np.ndarray           # [svf, 4]
    units: list[str]
    unit_family: np.ndarray       # [svf] family index
    unit_offset: np.ndarray       # [region * family]
    unit_probs: np.ndarray        # [region * family, 4]
    n_families: int
    codes: list[str]              # ICD-10 catalogue for cancer cases
    code_svf: np.ndarray          # [code] svf index or -1
    code_probs: np.ndarray        # [svf + non-svf group, code]
    non_svf_counts: np.ndarray    # [non-svf group] cases a year
    registers: list[str]
    reg_cover: np.ndarray         # [code, register] bool
    reg_cov_logit: np.ndarray     # [register, region]
    reg_lag_median: np.ndarray    # [register]
    spr_region: np.ndarray        # [region] additive coverage offset
    indicators: list[str]
    ind_population: list[str]
    ind_answered: np.ndarray
    ind_unit_logit: np.ndarray    # [indicator, unit type]
    ind_region: np.ndarray        # [indicator, region]

    def rng(self, component: int, year: int = 0) -> np.random.Generator:
        return np.random.default_rng([self.seed, component, year])


def _frames(tx: Transaction) -> dict[str, pd.DataFrame]:
    """The catalogue tables the model needs, plus 'icd_svf': every candidate case code (_extend of
    the catalogue's and NON_SVF_CASES' prefixes) with its pathway, mapped by the same query the
    cancer-file load uses (map_icd10.sql), so demo codes map exactly as loaded codes would."""
    names = ("region", "svf", "svf_icd10", "end_type", "lead_time_limit", "register_icd10",
             "quality_register", "palliative_indicator")
    frames = {n: tx.con.table(n).df() for n in names}
    prefixes = [*frames["svf_icd10"]["icd10_prefix"], *P.NON_SVF_CASES]
    codes = pa.table({"icd": sorted({c for p in prefixes for c in _extend(p)})})
    tx.con.register("_icd_codes", codes)
    try:
        frames["icd_svf"] = tx.con.sql(sql("map_icd10")).df()
    finally:
        tx.con.unregister("_icd_codes")
    return frames


_NO_SUBDIVISION = {"C61", "C73", "C64", "C65", "C66", "C20", "C23", "C56", "C01", "C07", "C12", "C19",
                   "C37", "C52", "C55", "C58", "C33"}


def _extend(prefix: str) -> list[str]:
    """Four-character codes under a prefix (ICD-10-SE gives three-character categories a .9)."""
    if len(prefix) >= 4:
        return [prefix]
    if prefix in _NO_SUBDIVISION:
        return [prefix + "9"]
    return [prefix + str(d) for d in range(10)]


def _model(ref: dict[str, pd.DataFrame], scale: float, seed: int, cutoff: dt.date) -> _Model:
    rng = np.random.default_rng([seed, _EFFECTS])
    reg = ref["region"].sort_values("region_code")
    regions = reg["region_code"].tolist()
    pop = reg["population"].to_numpy(float)
    pop = pop / pop.sum()
    n_r = len(regions)

    sv = ref["svf"]
    svfs = sv["svf"].tolist()
    n_s = len(svfs)
    s_idx = {s: i for i, s in enumerate(svfs)}
    diag = sv["has_diagnosis"].to_numpy(bool)
    incidence = np.where(diag, pd.to_numeric(sv["annual_incidence"]).fillna(0).to_numpy(float), 0.0)
    if incidence.sum() > 0:  # to the derived national SVF-diagnosis volume, proportions kept (SYNTH.md)
        incidence = incidence * P.SVF_CASES_2023 / (incidence.sum() * _growth(2023))

    et = ref["end_type"].sort_values("sort_order")
    end_types = et["end_type"].tolist()
    e_idx = {e: i for i, e in enumerate(end_types)}
    is_ts = et["is_treatment_start"].to_numpy(bool)

    # inclusion: pathway level x region factor x noise, rescaled to the national level (with a cap)
    region_f = _spread(rng, n_r, *P.REGION_INCLUSION_FACTORS)
    region_f = region_f / (region_f * pop).sum()
    base = np.array([P.INCLUSION.get(s, 0.7) for s in svfs])
    noise = np.exp(rng.normal(0, P.REGION_SVF_INCLUSION_SD, (n_s, n_r)))
    w_cases = incidence[:, None] * pop[None, :]
    k = 1.0
    for _ in range(20):
        incl = np.minimum(base[:, None] * region_f[None, :] * noise * k, P.INCLUSION_CAP)
        k *= P.NATIONAL_INCLUSION / ((incl * w_cases).sum() / w_cases.sum())
    incl = np.where(diag[:, None], incl, 0.0)

    # lead time: region effects + national shift of the per-pathway targets, then per-pathway offsets
    lead_eff = (_spread(rng, n_r, *P.REGION_LEAD_LOGIT, P.REGION_LEAD_SKEW)[None, :]
                + rng.normal(0, P.REGION_SVF_LEAD_SD, (n_s, n_r)))
    target = np.array([P.WITHIN.get(s, 0.4) for s in svfs])
    fixed = np.array([s in P.FIXED_WITHIN for s in svfs])
    ts_w = (incl * w_cases).sum(1)
    lo, hi = -5.0, 5.0
    for _ in range(60):
        mid = (lo + hi) / 2
        t = np.where(fixed, target, _sigmoid(_logit(target) + mid))
        if (t * ts_w).sum() / ts_w.sum() < P.NATIONAL_WITHIN:
            lo = mid
        else:
            hi = mid
    target = np.where(fixed, target, _sigmoid(_logit(target) + (lo + hi) / 2))
    holiday_share = 0.11                  # VM 10 June - 31 July, given the monthly profile
    lead_offset = np.zeros(n_s)
    for i in range(n_s):                      # 31 pathways: a loop over the catalogue, not over rows
        if ts_w[i] <= 0:
            continue
        eff = np.concatenate([lead_eff[i], lead_eff[i] + P.HOLIDAY_LOGIT])
        wts = np.concatenate([pop * incl[i] * (1 - holiday_share), pop * incl[i] * holiday_share])
        lead_offset[i] = _calibrate(target[i], eff, wts)

    # lead-time limits: key per (svf, end type, work-up), up to a few validity periods per key
    lim = ref["lead_time_limit"]
    lim_key = np.full((n_s, len(end_types), 2), -1, dtype=np.int64)
    periods: list[list[tuple[int, int, int]]] = []
    for row in lim.sort_values(["svf", "end_type", "workup", "valid_from"]).itertuples():
        s, e, w = s_idx[row.svf], e_idx[row.end_type], 0 if row.workup == "bas" else 1
        if lim_key[s, e, w] < 0:
            lim_key[s, e, w] = len(periods)
            periods.append([])
        valid_to = _day(row.valid_to) if pd.notna(row.valid_to) else 10**7
        days = int(row.max_days) if pd.notna(row.max_days) else -1
        periods[lim_key[s, e, w]].append((_day(row.valid_from), valid_to, days))
    n_per = max((len(p) for p in periods), default=1)
    lim_from = np.full((max(len(periods), 1), n_per), 10**7, dtype=np.int64)
    lim_to = np.full_like(lim_from, 10**7)
    lim_days = np.full_like(lim_from, -1)
    for i, ps in enumerate(periods):
        for j, (f, t_, d) in enumerate(ps):
            lim_from[i, j], lim_to[i, j], lim_days[i, j] = f, t_, d

    # pathways with their own utökad limits: some (end type) limit differs between bas and utökad
    utokad_svf = np.zeros(n_s, bool)
    for s in range(n_s):
        for e in range(len(end_types)):
            kb, ku = lim_key[s, e]
            pb = periods[kb] if kb >= 0 else None
            pu = periods[ku] if ku >= 0 else None
            if pb != pu:
                utokad_svf[s] = True

    # end-type mix per (svf, work-up)
    ts_probs = np.zeros((n_s * 2, len(end_types)))
    for s, name in enumerate(svfs):
        weights = P.END_TYPE_WEIGHTS.get(name, P.END_TYPE_DEFAULT)
        for w in (0, 1):
            options = [e for e in range(len(end_types)) if lim_key[s, e, w] >= 0 and is_ts[e]]
            lim_w = {e: weights.get(end_types[e], 0.0) for e in options}
            if sum(lim_w.values()) == 0:
                lim_w = {e: P.END_TYPE_DEFAULT.get(end_types[e], 0.1) for e in options}
            extra = {e_idx[t]: v for t, v in weights.items() if e_idx[t] not in lim_w and v > 0}
            if not extra:
                free = [t for t in P.NO_LIMIT_TYPES if e_idx[t] not in lim_w]
                extra = {e_idx[t]: 1.0 for t in free}
            row = np.zeros(len(end_types))
            if lim_w and sum(lim_w.values()) > 0:
                tot = sum(lim_w.values())
                for e, v in lim_w.items():
                    row[e] = v / tot * (1 - P.NO_LIMIT_SHARE)
                share_extra = P.NO_LIMIT_SHARE
            else:
                share_extra = 1.0
            tot = sum(extra.values())
            for e, v in extra.items():
                row[e] += v / tot * share_extra
            ts_probs[s * 2 + w] = row
    closure_probs = np.zeros((2, len(end_types)))
    for i, mix in enumerate((P.CLOSURE_MIX, P.ASS_CLOSURE_MIX)):
        for t, v in mix.items():
            closure_probs[i, e_idx[t]] = v

    sex_age = np.array([P.SEX_AGE.get(s, P.SEX_AGE_DEFAULT) for s in svfs], float)

    # care units: generic names per region and clinic type
    families = sorted(set(P.UNIT_FAMILY.values()) | {"Medicinklinik"})
    f_idx = {f: i for i, f in enumerate(families)}
    unit_family = np.array([f_idx[P.UNIT_FAMILY.get(s, "Medicinklinik")] for s in svfs])
    units: list[str] = []
    unit_offset = np.zeros(n_r * len(families), dtype=np.int64)
    unit_probs = np.zeros((n_r * len(families), len(P.UNIT_WEIGHTS)))
    population = reg["population"].to_numpy(float)
    names = reg["name_sv"].tolist()
    for r in range(n_r):
        n_units = int(np.clip(1 + population[r] // P.UNIT_POP_PER_UNIT, 1, len(P.UNIT_WEIGHTS)))
        for f, fam in enumerate(families):
            n = min(n_units, 2) if fam in P.SMALL_FAMILIES else n_units
            g = r * len(families) + f
            unit_offset[g] = len(units)
            weights = list(P.UNIT_WEIGHTS[: n - 1]) + [P.UNIT_WEIGHTS[-1]] if n > 1 else [1.0]
            unit_probs[g, :n] = weights
            units += [f"{names[r]} – {fam} {'ABCD'[j]}" for j in range(n)]

    # ICD-10 catalogue: codes per svf (must map back to that svf by longest prefix) + non-SVF codes
    icd = ref["svf_icd10"]
    mapped = dict(zip(ref["icd_svf"]["icd"], ref["icd_svf"]["svf"], strict=True))

    def svf_of(code: str) -> int:  # pathway index by the longest prefix, -1 = none
        return s_idx[mapped[code]] if code in mapped else -1

    code_list: list[str] = []
    code_pos: dict[str, int] = {}
    groups: list[dict[int, float]] = []
    for s, name in enumerate(svfs):
        wmap = P.ICD_WEIGHTS.get(name, {})
        g: dict[int, float] = {}
        for p in icd.loc[icd["svf"] == name, "icd10_prefix"]:
            cands = [c for c in _extend(p) if svf_of(c) == s]
            for c in cands:
                code_pos.setdefault(c, len(code_list))
                if code_pos[c] == len(code_list):
                    code_list.append(c)
                g[code_pos[c]] = g.get(code_pos[c], 0.0) + wmap.get(p, 1.0) / len(cands)
        groups.append(g)
    non_svf = list(P.NON_SVF_CASES)
    for p in non_svf:
        cands = [c for c in _extend(p) if svf_of(c) < 0]
        g = {}
        for c in cands:
            code_pos.setdefault(c, len(code_list))
            if code_pos[c] == len(code_list):
                code_list.append(c)
            g[code_pos[c]] = 1.0 / len(cands)
        groups.append(g)
    code_probs = np.zeros((len(groups), len(code_list)))
    for i, g in enumerate(groups):
        for c, v in g.items():
            code_probs[i, c] = v
    code_svf = np.array([svf_of(c) for c in code_list])

    # quality registers: which codes each covers (any prefix), coverage with region effects, lag
    ricd = ref["register_icd10"]
    registers = [r for r in ref["quality_register"]["register"] if r in set(ricd["register"])]
    reg_cover = np.zeros((len(code_list), len(registers)), bool)
    for j, r in enumerate(registers):
        prefixes = tuple(ricd.loc[ricd["register"] == r, "icd10_prefix"])
        reg_cover[:, j] = [c.startswith(prefixes) for c in code_list]
    cov = np.array([P.REGISTER_COVERAGE.get(r, P.REGISTER_DEFAULT)[0] for r in registers])
    reg_lag = np.array([P.REGISTER_COVERAGE.get(r, P.REGISTER_DEFAULT)[1] for r in registers], float)
    reg_cov_logit = _logit(cov)[:, None] + rng.normal(0, P.REGION_REGISTER_SD, (len(registers), n_r))

    # Palliativregistret
    spr_region = _spread(rng, n_r, *P.REGION_SPR_RANGE)
    pi = ref["palliative_indicator"].sort_values("sort_order")
    indicators = pi["indicator"].tolist()
    ind_population = pi["population"].tolist()
    ind_answered = np.array([P.ANSWERED_SHARE.get(i, P.ANSWERED_DEFAULT) for i in indicators])
    ind_unit_logit = np.array([P.UNIT_TYPE_LOGIT_BY_INDICATOR.get(i, P.UNIT_TYPE_LOGIT)
                               for i in indicators], float)
    ind_region = (rng.normal(0, P.REGION_INDICATOR_SD, n_r)[None, :]
                  + rng.normal(0, P.REGION_INDICATOR_EXTRA_SD, (len(indicators), n_r)))

    return _Model(
        scale=scale, seed=seed, cutoff=_day(cutoff), regions=regions, region_names=names, pop=pop,
        svfs=svfs, diag=diag, incidence=incidence, end_types=end_types, is_ts=is_ts, incl=incl,
        lead_eff=lead_eff, lead_offset=lead_offset,
        point_rate=_spread(rng, n_r, *P.REGION_POINT_RATE),
        continuous=_spread(rng, n_r, *P.REGION_CONTINUOUS),
        ts_probs=ts_probs, closure_probs=closure_probs, utokad_svf=utokad_svf, lim_key=lim_key,
        lim_from=lim_from, lim_to=lim_to, lim_days=lim_days, sex_age=sex_age, units=units,
        unit_family=unit_family, unit_offset=unit_offset, unit_probs=unit_probs,
        n_families=len(families), codes=code_list, code_svf=code_svf, code_probs=code_probs,
        non_svf_counts=np.array([P.NON_SVF_CASES[c] for c in non_svf], float), registers=registers,
        reg_cover=reg_cover, reg_cov_logit=reg_cov_logit, reg_lag_median=reg_lag,
        spr_region=spr_region, indicators=indicators, ind_population=ind_population,
        ind_answered=ind_answered, ind_unit_logit=ind_unit_logit, ind_region=ind_region,
    )


# -- expected volumes ----------------------------------------------------------------------------------
def _volume(year: int) -> float:
    if year in P.PATHWAY_VOLUME:
        return P.PATHWAY_VOLUME[year]
    last = max(P.PATHWAY_VOLUME)
    return P.PATHWAY_VOLUME[last] * (1 + P.VOLUME_GROWTH_LATER) ** (year - last)


def _growth(year: int) -> float:
    return (1 + P.INCIDENCE_GROWTH) ** (year - P.INCIDENCE_ANCHOR_YEAR)


def _season(month: np.ndarray, damping: float = 1.0) -> np.ndarray:
    s = np.asarray(P.SEASON) / np.mean(P.SEASON)
    return 1 + damping * (s[month - 1] - 1)


def _pathway_lambdas(m: _Model, mon: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Expected treatment starts and closures per (month, svf, region) by VM month."""
    season = _season(mon["month"])
    covid_c = np.array([P.COVID_CANCER.get((y, mo), 1.0) for y, mo in zip(mon["year"], mon["month"],
                                                                            strict=True)])
    covid_s = np.array([P.COVID_SUSPICION.get((y, mo), 1.0) for y, mo in zip(mon["year"], mon["month"],
                                                                               strict=True)])
    growth = np.array([_growth(y) for y in mon["year"]])
    per_svf_region = m.incidence[:, None] * m.pop[None, :] * m.incl            # 2019 treatment starts
    ts = (growth * season * covid_c)[:, None, None] * per_svf_region[None] / 12.0

    yield_ = np.array([P.CANCER_YIELD.get(s, 0.3) for s in m.svfs])
    w = per_svf_region.sum(1) * (1 - yield_) / yield_
    w = w / w.sum()
    ass = ~m.diag
    closures = np.zeros_like(ts)
    for i, y in enumerate(mon["year"]):         # one row per month: a loop over ~100 months
        v = _volume(int(y))
        ass_n = v * (P.ASS_SHARE_2019 + P.ASS_SHARE_GROWTH * (int(y) - P.FIRST_YEAR))
        other = max(v - ass_n - per_svf_region.sum() * _growth(int(y)), 0.0)
        cl = other * w[:, None] * m.pop[None, :]
        cl[ass] = ass_n * m.pop[None, :] / max(int(ass.sum()), 1)
        closures[i] = cl * season[i] * covid_s[i] / 12.0
    return ts * m.scale, closures * m.scale


def _expand(rng: np.random.Generator, lam: np.ndarray) -> np.ndarray:
    counts = rng.poisson(lam).ravel()
    return np.repeat(np.arange(counts.size), counts)


def _report_lag(rng: np.random.Generator, day: np.ndarray, continuous: np.ndarray) -> np.ndarray:
    n = len(day)
    u = rng.random(n)
    to_next = _to_next_month(day)
    cont = np.floor(rng.exponential(6.0, n))
    monthly = to_next + rng.integers(3, 21, n)
    late = to_next + 20 + np.floor(rng.exponential(70.0, n))
    return np.where(u < continuous, cont, np.where(u < continuous + P.LATE_REPORT_SHARE, late,
                                                   monthly)).astype(np.int64)


def _sex_age(rng: np.random.Generator, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(params)
    sex = (rng.random(n) >= params[:, 0]).astype(np.int8)          # 0 = K, 1 = M
    age = np.round(rng.normal(params[:, 1], params[:, 2]))
    age = np.clip(age, params[:, 3], 99).astype(np.int16)
    return sex, age


# -- svf_pathway ---------------------------------------------------------------------------------------
def _pathways(m: _Model, rng: np.random.Generator, mon: dict[str, np.ndarray], first_end: int
              ) -> dict[str, np.ndarray]:
    """Pathways with VM in the given months, as known on the cut-off day."""
    lam_ts, lam_cl = _pathway_lambdas(m, mon)
    c_ts, c_cl = _expand(rng, lam_ts), _expand(rng, lam_cl)
    cell = np.concatenate([c_ts, c_cl])
    treat = np.zeros(len(cell), bool)
    treat[: len(c_ts)] = True
    mi, s, r = np.unravel_index(cell, lam_ts.shape)
    n = len(cell)

    # VM: any day of the month, decisions taken on weekends moved to the Friday before
    dom = np.floor(rng.random(n) * mon["days"][mi]).astype(np.int64)
    vm = mon["start"][mi] + dom
    month = mon["month"][mi]
    holiday = ((month == 6) & (dom >= 9)) | (month == 7)        # VM 10 June - 31 July
    wd = _weekday(vm)
    vm = vm - np.where(wd >= 5, wd - 4, 0)

    workup = (m.utokad_svf[s] & (rng.random(n) < P.UTOKAD_SHARE)).astype(np.int64)
    end_type = np.empty(n, np.int64)
    end_type[treat] = _draw(rng, (s * 2 + workup)[treat], m.ts_probs)
    ass = ~m.diag[s]
    end_type[~treat] = _draw(rng, ass[~treat].astype(np.int64), m.closure_probs)

    # the limit valid at VM for (svf, end type, work-up); -1 = none
    key = m.lim_key[s, end_type, workup]
    limit = np.full(n, -1, np.int64)
    has = key >= 0
    k, v = key[has], vm[has]
    lim = np.full(len(k), -1, np.int64)
    for j in range(m.lim_from.shape[1]):
        ok = (v >= m.lim_from[k, j]) & (v < m.lim_to[k, j])
        lim = np.where(ok, m.lim_days[k, j], lim)
    limit[has] = lim
    known = treat & (limit >= 0)

    # within the limit or not: drawn directly, so the calibrated shares hold
    year_logit = np.array([P.YEAR_LEAD_LOGIT.get(int(y), 0.0) for y in mon["year"]])[mi]
    logit = m.lead_offset[s] + m.lead_eff[s, r] + holiday * P.HOLIDAY_LOGIT + year_logit
    within = known & (rng.random(n) < _sigmoid(logit))

    b = rng.beta(*P.WITHIN_BETA, n)
    lead_within = np.maximum(np.round(limit * b), np.minimum(limit, 1))
    extra = holiday * np.floor(rng.exponential(P.HOLIDAY_EXTRA_DAYS, n))
    over = 1 + np.floor(rng.gamma(1.4, (P.LATE_MEAN_OVER - 1.5) / 1.4, n)) + extra
    no_limit = 3 + np.floor(rng.gamma(*P.NO_LIMIT_GAMMA, n)) + extra
    closure = 1 + np.floor(rng.gamma(*P.CLOSURE_GAMMA, n))
    ass_days = 1 + np.floor(rng.gamma(*P.ASS_GAMMA, n))
    lead = np.where(within, lead_within,
                    np.where(known, limit + over,
                             np.where(treat, no_limit, np.where(ass, ass_days, closure))))
    end = vm + lead.astype(np.int64)
    # ends on a weekend: within-limit starts are brought forward to Friday, the rest wait for Monday
    wd = _weekday(end)
    end = np.where(wd >= 5, np.where(within, np.maximum(end - (wd - 4), vm), end + (7 - wd)), end)

    # what the national database knows on the cut-off day
    reg_vm = vm + _report_lag(rng, vm, m.continuous[r])
    reg_end = np.maximum(end + _report_lag(rng, end, m.continuous[r]), reg_vm)
    ongoing = (end >= m.cutoff) | (reg_end >= m.cutoff)
    keep = (reg_vm < m.cutoff) & (ongoing | (end >= first_end))

    sex, age = _sex_age(rng, m.sex_age[s])
    group = r * m.n_families + m.unit_family[s]
    unit = m.unit_offset[group] + _draw(rng, group, m.unit_probs)
    points = _phase_points(m, m.rng(P.PHASE_COMPONENT, int(mon["year"].max())), vm, end, limit, within, known,
                           treat, holiday, s, r, unit)

    out = {
        "region": r, "unit": unit, "svf": s, "sex": sex, "age": age, "workup": workup, "vm": vm,
        "end": np.where(ongoing, -1, end), "end_type": np.where(ongoing, -1, end_type),
        "registered": np.where(ongoing, reg_vm, reg_end),
    }
    for j, (name, *_) in enumerate(P.POINTS):
        out[name] = points[:, j]
    order = np.argsort(vm[keep], kind="stable")
    return {key_: (a[keep][order]).astype(np.int32 if a.dtype == np.int64 else a.dtype)
            for key_, a in out.items()}


def _phase_points(m: _Model, rng: np.random.Generator, vm, end, limit, within, known, treat, holiday, s, r,
                  unit) -> np.ndarray:
    """The four intermediate points [n, 4] (day numbers, -1 = not recorded), from five phases drawn as
    their own durations (ingest/SYNTH.md "Phases"): an on-time part of the lead time split by the
    pathway's shares, and a late patient's extra days split by where the bottleneck is (region, unit,
    July). The lead time itself is the one already drawn, so lead-time figures stay as calibrated."""
    n = len(vm)
    dur = (end - vm).astype(float)
    late = known & ~within
    on_time = np.where(late, np.minimum(dur, np.round(limit * rng.beta(*P.WITHIN_BETA, n))), dur)
    extra = dur - on_time
    base = np.array([P.PHASE_BASE_SHARES_SVF.get(c, P.PHASE_BASE_SHARES) for c in m.svfs], float)[s]
    exc = np.tile(np.array(P.PHASE_EXCESS_SHARES, float), (n, 1))
    where = np.full(n, -1, np.int64)  # the planted bottleneck phase of each pathway, -1 = none
    for (code, suffix), phase in P.PHASE_BOTTLENECKS.items():
        if code not in m.regions:
            continue
        ri = m.regions.index(code)
        if suffix is None:
            where[r == ri] = phase
        else:
            name = f"{m.region_names[ri]} – {suffix}"
            if name in m.units:
                where[unit == m.units.index(name)] = phase
    rows = np.nonzero(where >= 0)[0]
    base[rows, where[rows]] *= P.BOTTLENECK_BASE_WEIGHT
    exc[rows, where[rows]] *= P.BOTTLENECK_EXCESS_WEIGHT
    exc[holiday, P.HOLIDAY_PHASE] *= P.HOLIDAY_PHASE_WEIGHT

    def split(shares: np.ndarray) -> np.ndarray:  # Dirichlet rows with the given mean shares
        g = rng.gamma(P.PHASE_CONCENTRATION * shares / shares.sum(axis=1, keepdims=True))
        return g / np.maximum(g.sum(axis=1, keepdims=True), 1e-12)

    phases = on_time[:, None] * split(base) + extra[:, None] * split(exc)
    cum = np.cumsum(phases, axis=1)[:, :4]
    points = vm[:, None] + np.minimum(np.round(cum).astype(np.int64), dur.astype(np.int64)[:, None])
    mult = np.where(treat[:, None], [p[1] for p in P.POINTS], [p[2] for p in P.POINTS])
    filled = rng.random((n, len(P.POINTS))) < np.minimum(m.point_rate[r][:, None] * mult, 0.97)
    return np.where(filled & (points < m.cutoff), points, -1)


# -- cancer_case and register_case -------------------------------------------------------------------
def _cases(m: _Model, rng: np.random.Generator, mon: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    season = _season(mon["month"], P.CASE_SEASON_DAMPING)
    covid = np.array([P.COVID_CANCER.get((y, mo), 1.0)
                      for y, mo in zip(mon["year"], mon["month"], strict=True)])
    growth = np.array([_growth(int(y)) for y in mon["year"]])
    lam_svf = (growth * season * covid)[:, None, None] * (m.incidence[:, None] * m.pop[None, :])[None]
    lam_non = (growth * season)[:, None, None] * (m.non_svf_counts[:, None] * m.pop[None, :])[None]
    lam = np.concatenate([lam_svf, lam_non], axis=1) * m.scale / 12.0
    cell = _expand(rng, lam)
    mi, g, r = np.unravel_index(cell, lam.shape)
    n = len(cell)
    day = mon["start"][mi] + np.floor(rng.random(n) * mon["days"][mi]).astype(np.int64)
    wd = _weekday(day)
    day = day - np.where(wd >= 5, wd - 4, 0)
    code = _draw(rng, g, m.code_probs)
    params = np.vstack([m.sex_age, np.tile(P.NON_SVF_SEX_AGE, (len(m.non_svf_counts), 1))])
    sex, age = _sex_age(rng, params[g])
    order = np.argsort(day, kind="stable")
    out = {"region": r, "day": day, "code": code, "svf": m.code_svf[code], "sex": sex, "age": age}
    return {k: a[order] for k, a in out.items()}


def _registrations(m: _Model, rng: np.random.Generator, cases: dict[str, np.ndarray], first_seq: int
                   ) -> dict[str, np.ndarray]:
    """Registrations in every register that covers the case's code, with a lag; only those made
    before the cut-off day exist yet (so the latest diagnosis year looks low)."""
    regs, seqs, days = [], [], []
    for j in range(len(m.registers)):          # ~20 registers: a loop over the catalogue
        idx = np.flatnonzero(m.reg_cover[cases["code"], j])
        if idx.size == 0:
            continue
        yes = rng.random(idx.size) < _sigmoid(m.reg_cov_logit[j, cases["region"][idx]])
        year = (cases["day"][idx].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)
        median = m.reg_lag_median[j] * (1 - P.REGISTER_LAG_SPEEDUP) ** np.maximum(year - P.FIRST_YEAR, 0)
        lag = np.floor(rng.lognormal(np.log(median), P.REGISTER_LAG_SIGMA, idx.size))
        day = cases["day"][idx] + lag.astype(np.int64)
        ok = yes & (day < m.cutoff)
        regs.append(np.full(int(ok.sum()), j, np.int32))
        seqs.append(first_seq + idx[ok])
        days.append(day[ok])
    if not regs:
        return {"register": np.zeros(0, np.int32), "seq": np.zeros(0, np.int64),
                "day": np.zeros(0, np.int64)}
    return {"register": np.concatenate(regs), "seq": np.concatenate(seqs), "day": np.concatenate(days)}


# -- death ---------------------------------------------------------------------------------------------
def _spr_coverage(year: int) -> float:
    return min(P.SPR_COVERAGE_2019 + P.SPR_COVERAGE_GROWTH * (year - P.FIRST_YEAR), P.SPR_COVERAGE_CAP)


def _deaths(m: _Model, rng: np.random.Generator, mon: dict[str, np.ndarray], year: int
            ) -> dict[str, np.ndarray]:
    profile = np.array([P.DEATH_SEASON[mo - 1] * P.DEATH_EXCESS.get((year, mo), 1.0)
                        for mo in range(1, 13)])
    profile = profile / profile.sum()
    total = P.DEATHS.get(year, P.DEATHS[max(P.DEATHS)])
    lam = total * profile[mon["month"] - 1][:, None] * m.pop[None, :] * m.scale
    cell = _expand(rng, lam)
    mi, r = np.unravel_index(cell, lam.shape)
    n = len(cell)
    day = mon["start"][mi] + np.floor(rng.random(n) * mon["days"][mi]).astype(np.int64)
    p_reg = np.clip(_spr_coverage(year) + m.spr_region[r], 0.05, 0.98)
    registered = rng.random(n) < p_reg
    expected = registered & (rng.random(n) < P.EXPECTED_SHARE)
    mix = np.array([P.UNIT_TYPE_MIX_UNEXPECTED, P.UNIT_TYPE_MIX_EXPECTED])
    unit_type = np.where(registered, _draw(rng, expected.astype(np.int64), mix), -1)
    unreg_mix = np.array([P.UNIT_TYPE_MIX_UNREGISTERED])
    unit_type = np.where(registered, unit_type, _draw(rng, np.zeros(n, np.int64), unreg_mix))
    out = {"region": r, "day": day, "registered": registered, "expected": expected,
           "unit_type": unit_type}

    # indicator levels: offset per indicator calibrated so the national level is the year's target
    reg_w = m.pop * np.clip(_spr_coverage(year) + m.spr_region, 0.05, 0.98)
    for i, ind in enumerate(m.indicators):
        population = m.ind_population[i]
        unit_mix = mix[1] if population.startswith("expected") else (
            P.EXPECTED_SHARE * mix[1] + (1 - P.EXPECTED_SHARE) * mix[0])
        eff = m.ind_unit_logit[i][:, None] + m.ind_region[i][None, :]
        offset = _calibrate(_linear(P.INDICATOR_LEVEL.get(ind, P.INDICATOR_DEFAULT), year), eff,
                            unit_mix[:, None] * reg_w[None, :])
        in_pop = expected if population.startswith("expected") else registered.copy()
        if population.endswith("_answered"):
            in_pop = in_pop & (rng.random(n) < m.ind_answered[i])
        p = _sigmoid(offset + m.ind_unit_logit[i][np.maximum(unit_type, 0)] + m.ind_region[i][r])
        met = rng.random(n) < p
        out[ind] = np.where(in_pop, met.astype(np.int8), -1)
    return out


# -- Arrow tables, one chunk (a calendar year) at a time -----------------------------------------------
# Sequence numbers run on across chunks (`first` = rows in the chunks before), so ids are the same as if
# the years had been generated and numbered in one go. Columns starting with "_" are sort keys for the
# final write only; the store's typed projection drops them.
def _pathway_table(m: _Model, d: dict[str, np.ndarray], load_id: int, first: int) -> pa.Table:
    n = len(d["vm"])
    seq = np.arange(first + 1, first + n + 1)
    cols = {
        "pathway_id": _ids("SVF", seq),
        "patient_id": _pseudonyms(seq, 11),
        "region_code": _dict(d["region"], m.regions),
        "unit": _dict(d["unit"], m.units),
        "svf": _dict(d["svf"], m.svfs),
        "sex": _dict(d["sex"], ("K", "M")),
        "age": pa.array(d["age"], type=pa.int16()),
        "workup": _dict(d["workup"], ("bas", "utokad")),
        "vm_date": _date(d["vm"]),
    }
    for name, *_ in P.POINTS:
        cols[name] = _date(d[name], d[name] < 0)
    cols["end_date"] = _date(d["end"], d["end"] < 0)
    cols["end_type"] = _dict(np.maximum(d["end_type"], 0), m.end_types, d["end_type"] < 0)
    cols["registered_date"] = _date(d["registered"])
    cols["load_id"] = pa.array(np.full(n, load_id, np.int32))
    cols["_seq"] = pa.array(seq, type=pa.int64())
    return pa.table(cols)


def _case_table(m: _Model, d: dict[str, np.ndarray], load_id: int, first: int, patient_offset: int) -> pa.Table:
    n = len(d["day"])
    seq = np.arange(first + 1, first + n + 1)
    return pa.table({
        "case_id": _ids("CR", seq),
        "patient_id": _pseudonyms(seq + patient_offset, 11),
        "region_code": _dict(d["region"], m.regions),
        "diagnosis_date": _date(d["day"]),
        "icd10": _dict(d["code"], m.codes),
        "svf": _dict(np.maximum(d["svf"], 0), m.svfs, d["svf"] < 0),
        "sex": _dict(d["sex"], ("K", "M")),
        "age": pa.array(d["age"], type=pa.int16()),
        "load_id": pa.array(np.full(n, load_id, np.int32)),
    })


def _register_table(m: _Model, d: dict[str, np.ndarray], load_id: int) -> pa.Table:
    return pa.table({
        "register": _dict(d["register"], m.registers),
        "case_id": _ids("CR", d["seq"] + 1),
        "registered_date": _date(d["day"]),
        "load_id": pa.array(np.full(len(d["seq"]), load_id, np.int32)),
        "_register": pa.array(d["register"], type=pa.int32()),
        "_seq": pa.array(d["seq"], type=pa.int64()),
    })


def _death_table(m: _Model, d: dict[str, np.ndarray], load_id: int, first: int) -> pa.Table:
    n = len(d["day"])
    cols = {
        "death_id": _ids("DOD", np.arange(first + 1, first + n + 1)),
        "region_code": _dict(d["region"], m.regions),
        "death_date": _date(d["day"]),
        "unit_type": _dict(np.maximum(d["unit_type"], 0), P.UNIT_TYPES, d["unit_type"] < 0),
        "registered": pa.array(d["registered"]),
        "expected_death": pa.array(d["expected"], mask=~d["registered"]),
    }
    for ind in m.indicators:
        cols[ind] = pa.array(d[ind] == 1, mask=d[ind] < 0)
    cols["load_id"] = pa.array(np.full(n, load_id, np.int32))
    return pa.table(cols)


# The final order of each table. svf_pathway: by the date that periods are cut by, so Parquet row-group
# statistics let a date filter skip most of the file (the command line reads the files directly); the
# sequence number breaks ties, so the file is the same on every build. register_case: by register, then
# case. The other two keep the order of their chunks (year by year, by date within a year).
_SORT = {"svf_pathway": "end_date NULLS LAST, vm_date, _seq", "register_case": "_register, _seq"}
# The build's DuckDB connection: sorting and writing ten million rows must stay within a few GB (the
# default lets DuckDB take 80 % of the machine's memory); beyond this it spills to the transaction's
# scratch directory.
_DUCKDB_MEMORY = "1GB"


# Where a table's year chunks wait for the final write. svf_pathway is the big one (~100 bytes a row as
# Arrow, a billion at scale 10, and sorted): its chunks go to scratch Arrow IPC files, so memory holds one
# year of it and DuckDB sorts within its memory limit. The others are a third of that or less as Arrow
# and stay in memory (writing and reading scratch files for them costs more time than it saves memory).
_SCRATCH = frozenset({"svf_pathway"})


class _Chunks:
    """Each table's year chunks until the table is written: scratch files in the transaction's work
    directory (_SCRATCH) or Arrow tables in memory; `write` hands them to the transaction in order."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.dir = tx.work / "synth"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.parts: dict[str, list] = {}

    def add(self, table: str, data: pa.Table) -> int:
        parts = self.parts.setdefault(table, [])
        if table in _SCRATCH:
            path = self.dir / f"{table}-{len(parts):03d}.arrow"
            feather.write_feather(data, path, compression="uncompressed")  # Arrow IPC: next to no encoding
            parts.append(path)
        else:
            parts.append(data)
        return data.num_rows

    def write(self, table: str) -> int:
        """Replace `table` in the transaction by its chunks (in order, or sorted by _SORT), then drop them."""
        parts = self.parts.pop(table)
        if table in _SCRATCH:
            rel = self.tx.con.from_arrow(_read_batches(parts))
            n = self.tx.replace(table, rel.order(_SORT[table]) if table in _SORT else rel)
            for f in parts:
                f.unlink()
            return n
        return _replace(self.tx, table, pa.concat_tables(parts))


def _read_batches(files: list) -> pa.RecordBatchReader:
    """The files' record batches one after the other, read as DuckDB asks for them (a dataset scan reads
    several files ahead, which at scale 10 costs most of a gigabyte)."""
    def batches():
        for f in files:
            with pa.OSFile(str(f)) as source:
                reader = pa.ipc.open_file(source)
                for i in range(reader.num_record_batches):
                    yield reader.get_batch(i)

    with pa.OSFile(str(files[0])) as source:
        schema = pa.ipc.open_file(source).schema
    return pa.RecordBatchReader.from_batches(schema, batches())


def _replace(tx: Transaction, table: str, data: pa.Table) -> int:
    name = "_synth_" + table
    tx.con.register(name, data)
    try:
        rel = tx.con.table(name)
        return tx.replace(table, rel.order(_SORT[table]) if table in _SORT else rel)
    finally:
        tx.con.unregister(name)


def _sv(x: float, spec: str = ",.0f") -> str:
    """A number the Swedish way: thin space between thousands, decimal comma (12\u2009345,6)."""
    return format(x, spec).replace(",", "\u2009").replace(".", ",")


# -- public API ----------------------------------------------------------------------------------------
def build(store: Store, scale: float = 1.0, seed: int = 20261122, today: dt.date | None = None,
          progress: Progress | None = None) -> dict:
    """Replace every fact table with synthetic national demo data; returns summary counts.

    Data run from 2019-01 to the month before `today` (default: the current date). Deterministic: the
    same seed, scale and `today` give identical tables.
    """
    if not (isinstance(scale, int | float) and np.isfinite(scale) and scale > 0):
        raise ValueError("skalan måste vara ett positivt tal (1 = rikets volym)")
    if not (isinstance(seed, int | np.integer) and seed >= 0):
        raise ValueError("fröet måste vara ett heltal ≥ 0")
    today = today or dt.date.today()
    cutoff = dt.date(today.year, today.month, 1)
    first = dt.date(P.FIRST_YEAR, 1, 1)
    if cutoff <= first:
        raise ValueError(f"demodata börjar {first:%Y-%m}: dagens datum måste ligga efter den månaden")
    report = progress or (lambda message, fraction: None)
    started = time.perf_counter()

    report("Förbereder lagret", 0.0)
    ensure_store(store)
    with store.transaction() as tx:
        (real_loads,) = tx.con.execute(sql("store/real_loads")).fetchall()[0]
        if real_loads:
            raise StoreError(f"{store.root} innehåller inlästa (riktiga) data från {real_loads} inläsning(ar); "
                             "demodata skulle skriva över dem. Ange en annan katalog med --db.")
        model = _model(_frames(tx), float(scale), int(seed), cutoff)
        tx.con.execute("SET memory_limit = ?", [_DUCKDB_MEMORY])  # a connection setting, not a query
        end_month = np.datetime64(cutoff, "M")
        first_vm = np.datetime64(first, "M") - P.VM_LEAD_IN_MONTHS
        last_year = int((end_month - 1).astype("datetime64[Y]").astype(int)) + 1970
        vm_years = list(range(int(first_vm.astype("datetime64[Y]").astype(int)) + 1970, last_year + 1))
        data_years = list(range(P.FIRST_YEAR, last_year + 1))
        steps = len(vm_years) + 2 * len(data_years) + 3     # a step per year and component, one per write
        done = 0

        def step(message: str) -> None:
            nonlocal done
            report(message, 0.02 + 0.94 * done / steps)
            done += 1

        def months(year: int, lo: np.datetime64) -> dict[str, np.ndarray]:
            start = max(np.datetime64(f"{year}-01", "M"), lo)
            return _months(start, min(np.datetime64(f"{year + 1}-01", "M"), end_month))

        before = sum(len(tx.con.table(t)) for t in FACT_TABLES)
        load_id = tx.next_load_id()
        counts: dict[str, int] = {}
        chunks = _Chunks(tx)
        # one year at a time, written to scratch files before the next year is drawn: memory stays at
        # one year's arrays whatever the scale (the random streams are per year, so the data are the same)
        n_pathways = 0
        for y in vm_years:
            step(f"Skapar SVF-förlopp {y}")
            d = _pathways(model, model.rng(_PATHWAYS, y), months(y, first_vm), _day(first))
            n_pathways += chunks.add("svf_pathway", _pathway_table(model, d, load_id, n_pathways))
            del d
        step("Skriver SVF-förlopp till lagret")
        counts["svf_pathway"] = chunks.write("svf_pathway")
        n_cases = 0
        for y in data_years:
            step(f"Skapar cancerfall och kvalitetsregistreringar {y}")
            c = _cases(model, model.rng(_CASES, y), months(y, first_vm))
            chunks.add("register_case",
                       _register_table(model, _registrations(model, model.rng(_REGISTERS, y), c, n_cases), load_id))
            n_cases += chunks.add("cancer_case", _case_table(model, c, load_id, n_cases, n_pathways))
            del c
        step("Skriver cancerfall och kvalitetsregistreringar till lagret")
        counts["cancer_case"] = chunks.write("cancer_case")
        counts["register_case"] = chunks.write("register_case")
        n_deaths = 0
        for y in data_years:
            step(f"Skapar dödsfall {y}")
            n_deaths += chunks.add("death", _death_table(model, _deaths(model, model.rng(_DEATHS, y),
                                                                         months(y, first_vm), y), load_id, n_deaths))
        step("Skriver dödsfall till lagret")
        counts["death"] = chunks.write("death")

        last_month = str(end_month - 1)
        params = {"generator": P.GENERATOR_VERSION, "scale": float(scale), "seed": int(seed),
                  "until": last_month}
        total = sum(counts.values())
        note = (f"Syntetiska demodata {P.FIRST_YEAR}-01 – {last_month}: "
                + ", ".join(f"{t} {_sv(n)}" for t, n in counts.items()))
        log = tx.con.table("load_log").df()
        row = pd.DataFrame([{
            "load_id": load_id, "kind": "demo",
            "file_name": f"syntetiska demodata (skala {_sv(scale, 'g')}, frö {seed})",
            "content_sha256": hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest(),
            "loaded_at": dt.datetime.now().replace(microsecond=0), "rows_read": total,
            "rows_accepted": total, "rows_rejected": 0, "rows_inserted": total, "rows_replaced": before,
            "is_demo": True, "note": note,
        }])
        log = pd.concat([log, row], ignore_index=True) if len(log) else row
        _replace(tx, "load_log", pa.Table.from_pandas(log, preserve_index=False))
        report("Sparar ögonblicksbilden", 0.97)
    seconds = time.perf_counter() - started
    report("Klart", 1.0)
    return {**counts, "load_id": load_id, "first_month": f"{P.FIRST_YEAR}-01", "last_month": last_month,
            "scale": float(scale), "seed": int(seed), "rows_replaced": before, "seconds": round(seconds, 1)}


def build_cli(store: Store, scale: float = 1.0, seed: int = 20261122) -> int:
    """`python -m ingest build`: progress lines on stderr, a summary on stdout; exit code 0, or 2
    (bad arguments, a store with real data, a store that cannot be written: never the input)."""
    def show(message: str, fraction: float) -> None:
        print(f"[{fraction * 100:3.0f} %] {message}", file=sys.stderr, flush=True)

    try:
        s = build(store, scale=scale, seed=seed, progress=show)
    except (ValueError, StoreError) as e:
        print(f"fel: {e}", file=sys.stderr)
        return 2
    except (duckdb.Error, OSError) as e:
        print(f"fel: demodata kunde inte byggas i {store.root} ({first_line(e)}); lagret är oförändrat",
              file=sys.stderr)
        return 2
    print(f"Syntetiska demodata byggda i {store.root} ({s['first_month']} – {s['last_month']}, "
          f"skala {_sv(s['scale'], 'g')}, frö {s['seed']}): {_sv(s['svf_pathway'])} SVF-förlopp, "
          f"{_sv(s['cancer_case'])} cancerfall, {_sv(s['register_case'])} kvalitetsregistreringar, "
          f"{_sv(s['death'])} dödsfall på {_sv(s['seconds'], '.1f')} s.")
    return 0
