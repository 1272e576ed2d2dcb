"""core.all_regions_present (queries/regions_missing.sql): the total is "Riket" only when every region of
the catalogue sent either an SVF pathway or a cancer case; a fact row without a region changes nothing."""

import duckdb

from metrics import core


def _con(pathway_regions, case_regions):
    con = duckdb.connect()
    con.execute("CREATE TABLE region AS SELECT * FROM (VALUES ('01'), ('03'), ('21')) t(region_code)")
    con.execute("CREATE TABLE svf_pathway (region_code VARCHAR)")
    con.execute("CREATE TABLE cancer_case (region_code VARCHAR)")
    for table, regions in (("svf_pathway", pathway_regions), ("cancer_case", case_regions)):
        for r in regions:
            con.execute(f"INSERT INTO {table} VALUES (?)", [r])  # test fixture: static table names
    return con


def test_a_region_with_neither_pathways_nor_cases_is_missing():
    assert not core.all_regions_present(_con(["01", "01", None], ["03"]))  # 21 sent nothing


def test_pathways_or_cases_from_every_region_make_the_country():
    assert core.all_regions_present(_con(["01", "21", None], ["03", None]))
    assert core.all_regions_present(_con([], ["01", "03", "21"]))


def test_an_empty_catalogue_is_not_the_country():
    con = _con(["01"], [])
    con.execute("DELETE FROM region")
    assert not core.all_regions_present(con)
