"""store.table_names() (the schema's tables from the text of schema.sql, for opening a snapshot quickly)
must name exactly the tables DuckDB creates from schema.sql, in the same order."""

from store import schema, table_names


def test_table_names_are_the_tables_duckdb_builds_from_schema_sql():
    assert table_names() == tuple(schema())
    assert len(table_names()) >= 18 and "svf_pathway" in table_names() and "load_log" in table_names()
