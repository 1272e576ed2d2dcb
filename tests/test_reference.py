"""The reference catalogue is consistent: codes resolve, periods don't overlap, sources are kept."""

import pytest

from ingest.reference import expand_icd10, normalise_icd10, reference_frames


@pytest.fixture(scope="module")
def ref():
    return reference_frames()


def test_every_row_has_source_and_confidence(ref):
    for table, df in ref.items():
        if "source" in df.columns:
            assert df["source"].notna().all(), table
            assert df["confidence"].notna().all(), table


def test_regions_and_healthcare_regions(ref):
    reg = ref["region"]
    assert len(reg) == 21
    assert reg["region_code"].str.fullmatch(r"\d\d").all()
    assert set(reg["healthcare_region"]) == set(ref["healthcare_region"]["healthcare_region"])
    assert len(ref["healthcare_region"]) == 6
    halland = reg.set_index("region_code").loc["13"]
    assert halland["healthcare_region"] == "vastra" and "Västra" in halland["note"]


def test_lead_time_limits_use_known_codes_and_never_overlap(ref):
    lim = ref["lead_time_limit"]
    assert set(lim["svf"]) <= set(ref["svf"]["svf"])
    treatment = ref["end_type"].query("is_treatment_start")["end_type"]
    assert set(lim["end_type"]) <= set(treatment)
    assert set(lim["workup"]) == {"bas", "utokad"}
    for key, grp in lim.groupby(["svf", "end_type", "workup"]):
        spans = sorted((r.valid_from, r.valid_to or "9999-12-31") for r in grp.itertuples())
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, f"overlapping limits for {key}"


def test_urinblasa_limit_changes_2024_05_14(ref):
    lim = ref["lead_time_limit"].query("svf == 'urinblasa' and end_type == 'kirurgi' and workup == 'bas'")
    assert sorted(zip(lim["valid_from"], lim["max_days"], strict=True)) == [("2015-01-01", 37), ("2024-05-14", 42)]


def test_unconfirmed_limits_are_kept_as_such(ref):
    lunga = ref["lead_time_limit"].query("svf == 'lunga'")
    assert (lunga["confidence"] == "unconfirmed_placeholder").all()


def test_icd10_expansion_and_longest_prefix_overlaps(ref):
    assert expand_icd10("C00-C03 C48.1-C48.2 C77.0") == ["C00", "C01", "C02", "C03", "C481", "C482", "C770"]
    assert normalise_icd10(" c50.9") == "C509"
    icd = ref["svf_icd10"]
    assert icd["icd10_prefix"].is_unique  # one prefix, one pathway: longest prefix decides
    by_prefix = dict(zip(icd["icd10_prefix"], icd["svf"], strict=True))
    assert by_prefix["C254"] == "net" and by_prefix["C25"] == "bukspottkortel"
    assert by_prefix["C911"] == "kll" and by_prefix["C910"] == "akut_leukemi"


def test_targets_have_owners_levels_and_valid_scopes(ref):
    tg = ref["target"].set_index("target_id")
    assert tg.loc["svf_inklusion_70", "level_1"] == 70
    assert tg.loc["svf_ledtid_80", "level_1"] == 80
    assert set(tg.loc[["spr_tackning_rcc_70", "spr_tackning_lpo_65"], "level_1"]) == {70, 65}
    assert tg.loc["spr_tackning_lpo_65", "confidence"] == "unconfirmed"
    assert (tg.query("metric == 'palliative_indicator'")["owner"] == "socialstyrelsen").sum() == 6
    assert tg.loc["tg_nkbc_95_99", ["level_1", "level_2"]].tolist() == [95, 99]
    assert set(tg["comparison"]) <= {">=", ">", "<=", "<"}
    assert set(tg["scope_register"].dropna()) <= set(ref["quality_register"]["register"])
    assert set(tg["scope_indicator"].dropna()) <= set(ref["palliative_indicator"]["indicator"])
    assert tg["owner_sv"].notna().all()


def test_python_and_sql_icd10_normalisation_agree():
    # The catalogue is normalised in Python, loaded files in SQL (ld_icd): they must not drift apart.
    import duckdb

    from store import sql

    con = duckdb.connect()
    con.execute(sql("load/macros"))
    for code in ["c50.9 ", "C50.9", " c 91.1", "C61", "d05.1\t", "c48.1"]:
        assert con.execute("SELECT ld_icd($c)", {"c": code}).fetchall()[0][0] == normalise_icd10(code)
    con.close()


def test_edited_catalogue_reaches_an_existing_store_and_unchanged_one_writes_nothing(empty_store, monkeypatch):
    from ingest import reference
    from ingest.reference import ensure_store

    before = empty_store.version()
    assert ensure_store(empty_store) is False  # same catalogue: nothing written
    assert empty_store.version() == before     # and no new snapshot

    frames = reference.reference_frames()
    lim = frames["lead_time_limit"]
    lim.loc[(lim["svf"] == "brost") & (lim["end_type"] == "kirurgi"), "max_days"] = 30
    monkeypatch.setattr(reference, "reference_frames", lambda: frames)
    monkeypatch.setattr(reference, "catalogue_hash", lambda: "edited")
    assert ensure_store(empty_store) is True
    con = empty_store.connect()
    days = con.execute("SELECT DISTINCT max_days FROM lead_time_limit WHERE svf = 'brost' AND end_type = 'kirurgi'"
                       ).fetchall()
    assert days == [(30,)]
    assert con.execute("SELECT content_sha256 FROM catalogue_version").fetchall() == [("edited",)]
