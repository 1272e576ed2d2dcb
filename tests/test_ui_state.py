"""URL <-> view state: pure, no Streamlit."""

from ui import state as S

CAT = S.Catalog(regions=("01", "09", "21"), healthcare_regions=("norra", "stockholm_gotland"),
                svfs=("brost", "prostata"), units_by_region={"09": ("09-a", "09-b"), "01": ("01-a",)},
                first_month="2023-03", last_month="2025-10")


def test_defaults_are_last_12_months_and_written_explicitly():
    st, warns = S.parse({}, CAT)
    assert warns == []
    assert (st.lang, st.period_from, st.period_to) == ("sv", "2024-11", "2025-10")
    p = S.to_params(st)
    assert p == {"lang": "sv", "from": "2024-11", "to": "2025-10", "gran": "quarter", "level": "region",
                 "denom": "same_period", "pool": "0", "quad": "region"}


def test_round_trip_reproduces_the_view():
    st = S.ViewState(lang="en", healthcare_regions=("norra",), regions=("01", "21"), svfs=("prostata",),
                     period_from="2024-01", period_to="2024-06", granularity="month", level="healthcare_region",
                     denominator="previous_year", pool=True, quad="svf")
    again, warns = S.parse(S.to_params(st), CAT)
    assert warns == []
    assert again == st


def test_unit_level_round_trip_and_unit_validation():
    st = S.ViewState(period_from="2024-01", period_to="2024-12", level="unit", unit_region="09",
                     units=("09-b",))
    p = S.to_params(st)
    assert p["unit_region"] == "09" and p["unit"] == ["09-b"]
    assert S.parse(p, CAT)[0] == st
    bad, warns = S.parse({**p, "unit": ["09-b", "01-a"]}, CAT)  # 01-a is not a unit of region 09
    assert bad.units == ("09-b",)
    assert [w.args["value"] for w in warns] == ["01-a"]


def test_unit_names_with_commas_survive_the_round_trip():
    cat = S.Catalog(regions=("09",), units_by_region={"09": ("Region Gotland – Öron-, näsa- och hals A",)},
                    first_month="2024-01", last_month="2024-12")
    st = S.ViewState(period_from="2024-01", period_to="2024-12", level="unit", unit_region="09",
                     units=("Region Gotland – Öron-, näsa- och hals A",))
    assert S.parse(S.to_params(st), cat) == (st, [])


def test_unit_level_without_region_falls_back_to_a_region():
    st, warns = S.parse({"level": "unit", "region": "21"}, CAT)
    assert st.unit_region == "21" and warns == []


def test_invalid_codes_warn_and_fall_back():
    st, warns = S.parse({"lang": "fi", "region": "01,99", "svf": "nope", "gran": "week", "level": "x",
                         "from": "2024-13", "to": "banana", "denom": "?", "pool": "yes", "quad": "q",
                         "unit_region": "77"}, CAT)
    assert st.lang == "sv" and st.regions == ("01",) and st.svfs == ()
    assert (st.granularity, st.level, st.denominator, st.pool, st.quad) == ("quarter", "region",
                                                                            "same_period", False, "region")
    assert (st.period_from, st.period_to) == ("2024-11", "2025-10")
    params = {w.args["param"] for w in warns}
    assert params == {"lang", "region", "svf", "gran", "level", "from", "to", "denom", "pool", "quad",
                      "unit_region"}
    assert all(w.key == "url.invalid" for w in warns)


def test_reversed_period_warns():
    st, warns = S.parse({"from": "2025-06", "to": "2025-01"}, CAT)
    assert [w.key for w in warns] == ["url.period_order"]
    assert (st.period_from, st.period_to) == ("2024-11", "2025-10")


def test_repeated_and_list_values_are_accepted():
    st, _ = S.parse({"region": ["01", "21"], "lang": ["sv", "en"]}, CAT)
    assert st.regions == ("01", "21") and st.lang == "en"


def test_quick_picks_count_back_from_the_last_data_month():
    picks = {c: (lo, hi) for c, lo, hi in S.quick_picks(CAT)}
    assert picks["last6"] == ("2025-05", "2025-10")
    assert picks["last12"] == ("2024-11", "2025-10")
    assert picks["2024"] == ("2024-01", "2024-12")
    assert picks["2025-H1"] == ("2025-01", "2025-06")
    assert picks["2025-H2"] == ("2025-07", "2025-12")
    assert "2022" not in picks and "2023-H1" in picks  # 2023-H1 overlaps the data (from 2023-03)
    st = S.ViewState(period_from="2024-07", period_to="2024-12")
    assert S.matching_pick(st, CAT) == "2024-H2"
    assert S.matching_pick(S.ViewState(period_from="2024-02", period_to="2024-12"), CAT) == "custom"


def test_months():
    assert S.add_months("2024-12", 1) == "2025-01"
    assert S.add_months("2024-01", -1) == "2023-12"
    assert S.month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert not S.valid_month("2024-00") and S.valid_month("2024-09")


def test_selection_scope_for_units_uses_the_unit_region_only():
    st = S.ViewState(regions=("01",), healthcare_regions=("norra",), level="unit", unit_region="09",
                     units=("09-a",), period_from="2024-01", period_to="2024-03")
    sc = S.selection_scope(st)
    assert sc["regions"] == ("09",) and sc["healthcare_regions"] == () and sc["units"] == ("09-a",)
    sc = S.selection_scope(S.ViewState(regions=("01",), units=("x",)))
    assert sc["regions"] == ("01",) and sc["units"] == ()


def test_phases_page_params_round_trip_and_validation():
    st = S.ViewState(period_from="2024-01", period_to="2024-12", phase="ph2", cut_days=12)
    p = S.to_params(st)
    assert (p["fas"], p["minska"]) == ("ph2", "12")
    assert S.parse(p, CAT)[0] == st
    bench = S.ViewState(period_from="2024-01", period_to="2024-12", cut_bench=True)
    assert S.to_params(bench)["minska"] == "riktvarde" and S.parse(S.to_params(bench), CAT)[0] == bench
    bad, warns = S.parse({"fas": "ph9", "minska": "-3"}, CAT)
    assert (bad.phase, bad.cut_days, bad.cut_bench) == ("", 5, False)
    assert sorted(w.args["param"] for w in warns) == ["fas", "minska"]
    assert S.parse({"minska": "91"}, CAT)[1][0].args == {"param": "minska", "value": "91"}
