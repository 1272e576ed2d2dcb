"""Synthetic demo data: determinism, validity against the reference, demo flag, rough proportions.

One small build (scale 0.03, a fixed `today`) is shared by most tests to keep the suite fast.
"""

import datetime as dt

import pytest

from ingest.synth import build, build_cli
from store import Store

TODAY = dt.date(2026, 11, 22)          # data run 2019-01 .. 2026-10
CUTOFF = dt.date(2026, 11, 1)
SCALE = 0.03
FACTS = {"svf_pathway": "pathway_id", "cancer_case": "case_id", "register_case": "register, case_id",
         "death": "death_id"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("synth") / "store")
    calls = []
    summary = build(store, scale=SCALE, seed=7, today=TODAY, progress=lambda m, f: calls.append((m, f)))
    return store, summary, calls


@pytest.fixture(scope="module")
def con(built):
    return built[0].connect(materialize=True)


def one(con, sql, params=None):
    return con.execute(sql, params or {}).fetchall()[0]


def test_summary_matches_tables_and_progress_is_reported(built, con):
    _, summary, calls = built
    for table in FACTS:
        assert summary[table] == one(con, f"SELECT count(*) FROM {table}")[0] > 0
    fractions = [f for _, f in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(isinstance(m, str) and m for m, _ in calls)
    assert summary["first_month"] == "2019-01" and summary["last_month"] == "2026-10"


def test_deterministic_for_a_seed(tmp_path):
    def tables(seed, name):
        s = Store(tmp_path / name)
        build(s, scale=0.01, seed=seed, today=TODAY)
        c = s.connect()
        return {t: c.execute(f"SELECT * FROM {t} ORDER BY {k}").fetchall() for t, k in FACTS.items()}

    a, b, other = tables(3, "a"), tables(3, "b"), tables(4, "c")
    assert a == b
    assert a["svf_pathway"] != other["svf_pathway"]
    assert a["death"] != other["death"]


def test_load_log_flags_demo(built, con):
    rows = con.execute("SELECT kind, is_demo, file_name, rows_rejected, content_sha256 FROM load_log "
                       "ORDER BY load_id").fetchall()
    kind, is_demo, file_name, rejected, sha = rows[-1]
    assert (kind, is_demo, rejected) == ("demo", True, 0)
    assert file_name == "syntetiska demodata (skala 0,03, frö 7)"
    assert len(sha) == 64
    load_id = built[1]["load_id"]
    for table in FACTS:
        assert one(con, f"SELECT count(*) FROM {table} WHERE load_id <> $l", {"l": load_id})[0] == 0


def test_rebuild_replaces_facts(tmp_path):
    s = Store(tmp_path / "store")
    first = build(s, scale=0.005, seed=1, today=TODAY)
    second = build(s, scale=0.005, seed=1, today=TODAY)
    c = s.connect()
    assert one(c, "SELECT count(*) FROM svf_pathway")[0] == second["svf_pathway"] == first["svf_pathway"]
    assert one(c, "SELECT count(*), bool_and(is_demo) FROM load_log") == (2, True)
    assert second["rows_replaced"] == sum(first[t] for t in FACTS)


def test_codes_are_known(con):
    checks = {
        "region": "SELECT count(*) FROM svf_pathway WHERE region_code NOT IN (SELECT region_code FROM region)",
        "svf": "SELECT count(*) FROM svf_pathway WHERE svf NOT IN (SELECT svf FROM svf)",
        "end_type": "SELECT count(*) FROM svf_pathway WHERE end_type NOT IN (SELECT end_type FROM end_type)",
        "case region": "SELECT count(*) FROM cancer_case WHERE region_code NOT IN (SELECT region_code FROM region)",
        "case svf": "SELECT count(*) FROM cancer_case WHERE svf NOT IN (SELECT svf FROM svf)",
        "register": "SELECT count(*) FROM register_case WHERE register NOT IN "
                    "(SELECT register FROM quality_register)",
        "register case": "SELECT count(*) FROM register_case WHERE case_id NOT IN (SELECT case_id FROM cancer_case)",
        "death region": "SELECT count(*) FROM death WHERE region_code NOT IN (SELECT region_code FROM region)",
        "sex": "SELECT count(*) FROM svf_pathway WHERE sex NOT IN ('K', 'M') OR sex IS NULL",
        "workup": "SELECT count(*) FROM svf_pathway WHERE workup NOT IN ('bas', 'utokad')",
        "age": "SELECT count(*) FROM svf_pathway WHERE age < 12 OR age > 99 OR age IS NULL",
        "unit": "SELECT count(*) FROM svf_pathway p JOIN region r USING (region_code) "
                "WHERE p.unit IS NULL OR NOT starts_with(p.unit, r.name_sv || ' – ')",
        "unit type": "SELECT count(*) FROM death WHERE unit_type NOT IN "
                     "('sjukhus', 'särskilt boende', 'kommunal hemsjukvård', 'specialiserad palliativ vård')",
    }
    for name, sql in checks.items():
        assert one(con, sql)[0] == 0, name
    for table, key in FACTS.items():
        n, distinct = one(con, f"SELECT count(*), count(DISTINCT ({key})) FROM {table}")
        assert n == distinct, table


def test_icd10_maps_to_the_stated_svf_and_some_cases_have_none(con):
    # longest matching prefix of svf_icd10 must give the case's svf (NULL when nothing matches)
    bad = one(con, """
        WITH m AS (
            SELECT c.case_id, c.svf, arg_max(i.svf, length(i.icd10_prefix)) AS mapped
            FROM cancer_case c LEFT JOIN svf_icd10 i ON starts_with(c.icd10, i.icd10_prefix)
            GROUP BY c.case_id, c.svf)
        SELECT count(*) FROM m WHERE svf IS DISTINCT FROM mapped""")[0]
    assert bad == 0
    assert one(con, "SELECT count(*) FROM cancer_case WHERE icd10 NOT SIMILAR TO '[CD][0-9]{3}'")[0] == 0
    assert one(con, "SELECT count(*) FROM cancer_case WHERE svf IS NULL")[0] > 0
    assert one(con, "SELECT count(*) FROM cancer_case WHERE svf = 'ass'")[0] == 0


def test_dates_in_order_and_before_today(con):
    assert one(con, "SELECT count(*) FROM svf_pathway WHERE (end_date IS NULL) <> (end_type IS NULL)")[0] == 0
    assert one(con, """
        SELECT count(*) FROM svf_pathway WHERE NOT (
            coalesce(first_visit_date, vm_date) >= vm_date
            AND coalesce(mdk_date, first_visit_date, vm_date) >= coalesce(first_visit_date, vm_date)
            AND coalesce(diagnosis_info_date, mdk_date, first_visit_date, vm_date)
                >= coalesce(mdk_date, first_visit_date, vm_date)
            AND coalesce(decision_date, diagnosis_info_date, mdk_date, first_visit_date, vm_date)
                >= coalesce(diagnosis_info_date, mdk_date, first_visit_date, vm_date)
            AND coalesce(end_date, DATE '9999-12-31')
                >= coalesce(decision_date, diagnosis_info_date, mdk_date, first_visit_date, vm_date)
            AND registered_date >= vm_date
            AND (end_date IS NULL OR registered_date >= end_date))""")[0] == 0
    latest = one(con, """SELECT greatest(max(vm_date), max(first_visit_date), max(mdk_date),
        max(diagnosis_info_date), max(decision_date), max(end_date), max(registered_date)) FROM svf_pathway""")[0]
    assert latest < CUTOFF
    assert one(con, "SELECT max(diagnosis_date) FROM cancer_case")[0] < CUTOFF
    assert one(con, "SELECT max(registered_date) FROM register_case")[0] < CUTOFF
    assert one(con, """SELECT count(*) FROM register_case r JOIN cancer_case c USING (case_id)
                       WHERE r.registered_date < c.diagnosis_date""")[0] == 0
    assert one(con, "SELECT max(death_date) FROM death")[0] < CUTOFF
    first_end, first_case = one(con, "SELECT (SELECT min(end_date) FROM svf_pathway), "
                                     "(SELECT min(diagnosis_date) FROM cancer_case)")
    assert first_end >= dt.date(2019, 1, 1) and first_case >= dt.date(2019, 1, 1)
    assert one(con, "SELECT min(death_date) FROM death")[0] >= dt.date(2019, 1, 1)


def test_latest_months_incompletely_registered(con):
    ongoing_recent, ongoing_old = one(con, """
        SELECT avg((end_date IS NULL)::INT) FILTER (WHERE vm_date >= DATE '2026-09-01'),
               avg((end_date IS NULL)::INT) FILTER (WHERE vm_date < DATE '2026-01-01') FROM svf_pathway""")
    assert ongoing_recent > 0.3 and ongoing_old < 0.01
    last, earlier = one(con, """
        SELECT count(*) FILTER (WHERE end_date >= DATE '2026-10-01'),
               count(*) FILTER (WHERE end_date >= DATE '2026-03-01' AND end_date < DATE '2026-04-01')
        FROM svf_pathway""")
    assert last < 0.7 * earlier


def test_about_a_third_treatment_starts_and_ass_never(con):
    share = one(con, """SELECT avg(e.is_treatment_start::INT) FROM svf_pathway p JOIN end_type e USING (end_type)
                        WHERE year(end_date) BETWEEN 2019 AND 2025""")[0]
    assert 0.24 < share < 0.40
    # 2023: ~48 800 treatment starts of ~154 000 pathways (DOMAIN.md §1) -> about 31 %
    ts23, all23 = one(con, """SELECT count(*) FILTER (WHERE e.is_treatment_start), count(*)
                              FROM svf_pathway p JOIN end_type e USING (end_type) WHERE year(end_date) = 2023""")
    assert 0.28 < ts23 / all23 < 0.35
    assert 44_000 * SCALE < ts23 < 54_000 * SCALE
    n_ass, ts_ass = one(con, """SELECT count(*), count(*) FILTER (WHERE e.is_treatment_start)
                                FROM svf_pathway p JOIN end_type e USING (end_type) WHERE svf = 'ass'""")
    assert n_ass > 0 and ts_ass == 0


def test_volume_per_year_and_2020_dip(con):
    per_year = dict(con.execute("SELECT year(vm_date), count(*) FROM svf_pathway GROUP BY 1").fetchall())
    assert 90_000 * SCALE < per_year[2019] < 130_000 * SCALE
    assert 140_000 * SCALE < per_year[2023] < 170_000 * SCALE
    april = dict(con.execute("""SELECT year(vm_date), count(*) FROM svf_pathway WHERE month(vm_date) = 4
                                AND year(vm_date) IN (2019, 2020) GROUP BY 1""").fetchall())
    assert april[2020] < 0.85 * april[2019]


def test_national_inclusion_roughly_calibrated(con):
    ts, cases = one(con, """
        SELECT (SELECT count(*) FROM svf_pathway p JOIN end_type e USING (end_type)
                WHERE e.is_treatment_start AND year(end_date) BETWEEN 2021 AND 2025),
               (SELECT count(*) FROM cancer_case c JOIN svf s USING (svf)
                WHERE s.has_diagnosis AND year(diagnosis_date) BETWEEN 2021 AND 2025)""")
    assert 0.65 < ts / cases < 0.80


def test_lead_times_follow_limits_and_july_is_slower(con):
    con.execute("""
        CREATE OR REPLACE TEMP VIEW lt AS
        SELECT p.svf, p.end_date, date_diff('day', p.vm_date, p.end_date) AS lead,
               date_diff('day', p.vm_date, p.end_date) <= l.max_days AS within
        FROM svf_pathway p
        JOIN lead_time_limit l ON l.svf = p.svf AND l.end_type = p.end_type AND l.workup = p.workup
             AND p.vm_date >= l.valid_from AND (l.valid_to IS NULL OR p.vm_date < l.valid_to)
        WHERE l.max_days IS NOT NULL""")
    within, prostate = one(con, """SELECT avg(within::INT), avg(within::INT) FILTER (WHERE svf = 'prostata')
                                   FROM lt WHERE year(end_date) BETWEEN 2019 AND 2025""")
    assert 0.33 < within < 0.47
    assert 0.20 < prostate < within
    july, other = one(con, """SELECT avg(lead) FILTER (WHERE month(end_date) = 7),
                                     avg(lead) FILTER (WHERE month(end_date) <> 7) FROM lt""")
    assert july > other + 2
    # utökad work-up only where the pathway has its own utökad limits
    assert one(con, """SELECT count(DISTINCT svf) FROM svf_pathway WHERE workup = 'utokad'
                       AND svf NOT IN ('tjock_andtarm', 'bukspottkortel', 'cup', 'lever', 'njure')""")[0] == 0


def test_sex_and_age_plausible(con):
    rows = dict((s, (k, a)) for s, k, a in con.execute(
        "SELECT svf, avg((sex = 'K')::INT), avg(age) FROM svf_pathway GROUP BY 1").fetchall())
    assert rows["prostata"][0] == 0 and rows["brost"][0] > 0.95
    assert rows["skoldkortel"][1] < rows["prostata"][1]
    assert one(con, "SELECT count(*) FROM svf_pathway WHERE age < 18 AND svf NOT IN "
                    "('skoldkortel', 'akut_leukemi', 'testikel')")[0] == 0


def test_points_are_partly_filled(con):
    rates = one(con, """SELECT avg((first_visit_date IS NOT NULL)::INT), avg((mdk_date IS NOT NULL)::INT),
                               avg((diagnosis_info_date IS NOT NULL)::INT), avg((decision_date IS NOT NULL)::INT)
                        FROM svf_pathway p JOIN end_type e USING (end_type) WHERE e.is_treatment_start""")
    assert all(0.3 < r < 0.85 for r in rates)


def test_register_coverage_latest_year_lower(con):
    cov = dict(con.execute("""
        SELECT year(c.diagnosis_date), count(DISTINCT r.case_id) / count(DISTINCT c.case_id)
        FROM cancer_case c
        JOIN register_icd10 ri ON starts_with(c.icd10, ri.icd10_prefix)
        LEFT JOIN register_case r ON r.case_id = c.case_id AND r.register = ri.register
        WHERE ri.register = 'npcr' OR ri.register = 'nkbc' OR ri.register = 'scrcr'
        GROUP BY 1""").fetchall())
    assert cov[2022] > 0.93
    assert cov[2026] < 0.8
    # slow registers (median lag about a year: sqrgc, sarkom, njure) are still far from done with 2025
    slow = dict(con.execute("""
        SELECT year(c.diagnosis_date), count(DISTINCT r.case_id) / count(DISTINCT c.case_id)
        FROM cancer_case c
        JOIN register_icd10 ri ON starts_with(c.icd10, ri.icd10_prefix)
        LEFT JOIN register_case r ON r.case_id = c.case_id AND r.register = ri.register
        WHERE ri.register IN ('sqrgc', 'sarkom', 'njure')
        GROUP BY 1""").fetchall())
    assert slow[2025] < slow[2022] - 0.1


def test_register_lags_are_register_specific(con):
    # share of cases registered within 3 months of diagnosis (2023 diagnoses): NKBC (median lag ~30 d
    # in 2023) far above the gynaecology register (median ~330 d)
    within = dict(con.execute("""
        SELECT r.register, avg((r.registered_date <= c.diagnosis_date + INTERVAL 3 MONTH)::INT)
        FROM register_case r JOIN cancer_case c USING (case_id)
        WHERE year(c.diagnosis_date) = 2023 AND r.register IN ('nkbc', 'sqrgc') GROUP BY 1""").fetchall())
    assert within["nkbc"] > 0.8 and within["sqrgc"] < 0.3


def test_deaths_and_palliative_register(con):
    per_year = dict(con.execute("SELECT year(death_date), count(*) FROM death GROUP BY 1").fetchall())
    assert 85_000 * SCALE < per_year[2023] < 100_000 * SCALE
    cov19, cov25 = one(con, """SELECT avg(registered::INT) FILTER (WHERE year(death_date) = 2019),
                                      avg(registered::INT) FILTER (WHERE year(death_date) = 2025) FROM death""")
    assert 0.55 < cov19 < cov25 < 0.78
    inds = [r[0] for r in con.execute("SELECT indicator FROM palliative_indicator").fetchall()]
    # nothing but the place of death is known about unregistered deaths
    not_null = " OR ".join(f"{i} IS NOT NULL" for i in inds)
    assert one(con, f"SELECT count(*) FROM death WHERE NOT registered AND ({not_null} OR expected_death "
                    "IS NOT NULL)")[0] == 0
    assert one(con, "SELECT count(*) FROM death WHERE unit_type IS NULL")[0] == 0
    # coverage differs by place of care: specialised palliative care registers most, hospitals least
    by_place = dict(con.execute("SELECT unit_type, avg(registered::INT) FROM death GROUP BY 1").fetchall())
    assert by_place["specialiserad palliativ vård"] > by_place["sjukhus"] + 0.1
    # indicators about expected deaths are NULL for unexpected ones; answered-populations have gaps
    assert one(con, "SELECT count(*) FROM death WHERE registered AND NOT expected_death "
                    "AND (spr_smsk IS NOT NULL OR spr_onsk IS NOT NULL)")[0] == 0
    onsk_null, efts_unexpected = one(con, """
        SELECT avg((spr_onsk IS NULL)::INT) FILTER (WHERE expected_death),
               count(spr_efts) FILTER (WHERE registered AND NOT expected_death) FROM death""")
    assert 0.2 < onsk_null < 0.7 and efts_unexpected > 0
    smsk, opi = one(con, "SELECT avg(spr_smsk::INT), avg(spr_opi::INT) FROM death WHERE expected_death")
    assert 0.38 < smsk < 0.60 and opi > 0.9


def test_short_period_and_bad_arguments(tmp_path, capsys):
    s = Store(tmp_path / "store")
    summary = build(s, scale=0.01, seed=1, today=dt.date(2019, 3, 5))
    assert summary["last_month"] == "2019-02"
    assert one(s.connect(), "SELECT max(vm_date) FROM svf_pathway")[0] < dt.date(2019, 3, 1)
    with pytest.raises(ValueError):
        build(s, scale=0.01, seed=1, today=dt.date(2019, 1, 20))
    before = s.version()
    assert build_cli(s, scale=0, seed=1) == 2
    assert build_cli(s, scale=0.01, seed=-1) == 2
    assert s.version() == before
    assert "skalan" in capsys.readouterr().err


def test_build_refuses_to_overwrite_real_data(empty_store):
    from store import StoreError

    with empty_store.transaction() as tx:
        tx.replace("load_log", tx.con.sql(
            "SELECT 1 AS load_id, 'svf' AS kind, 'riktig.csv' AS file_name, 'x' AS content_sha256, "
            "TIMESTAMP '2026-01-01 10:00' AS loaded_at, 1 AS rows_read, 1 AS rows_accepted, 0 AS rows_rejected, "
            "1 AS rows_inserted, 0 AS rows_replaced, false AS is_demo"))
    before = empty_store.version()
    with pytest.raises(StoreError, match="riktiga"):
        build(empty_store, scale=0.01, seed=1)
    assert empty_store.version() == before
