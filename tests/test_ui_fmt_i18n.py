"""Swedish number formatting and the string tables."""

import re

import pytest

from ui import fmt
from ui.i18n import t, table


def test_percent_swedish_and_english():
    assert fmt.pct(0.734) == "73,4\u00a0%"
    assert fmt.pct(0.734, "en") == "73.4%"
    assert fmt.pct(1.0, "sv", 0) == "100\u00a0%"
    assert fmt.pct(float("nan")) == "–" and fmt.pct(None) == "–"


def test_thousands_with_thin_space():
    assert fmt.num(12345) == "12\u2009345"
    assert fmt.num(1234567.25, "sv", 1) == "1\u2009234\u2009567,2"
    assert fmt.num(12345, "en") == "12,345"
    assert fmt.num(-1234) == "−1\u2009234"
    assert fmt.num(5) == "5"


def test_interval_and_levels():
    assert fmt.interval(0.681, 0.75) == "68,1–75,0\u00a0%"
    assert fmt.interval(0.681, 0.75, "en") == "68.1–75.0%"
    assert fmt.pct_level(70) == "70\u00a0%" and fmt.pct_level(97.5) == "97,5\u00a0%"
    assert fmt.plotly_separators("sv") == ",\u2009" and fmt.plotly_separators("en") == ".,"


def test_locales_have_the_same_keys_and_placeholders():
    sv, en = table("sv"), table("en")
    assert set(sv) == set(en), (set(sv) ^ set(en))
    for k in sv:
        assert set(re.findall(r"{(\w+)}", sv[k])) == set(re.findall(r"{(\w+)}", en[k])), k
        assert sv[k].strip() and en[k].strip(), k


def test_area_locale_files_come_in_pairs_and_never_redefine_a_key(tmp_path, monkeypatch):
    from ui import i18n

    assert [p.name for p in i18n.files("sv")][1:] == [p.name for p in i18n.files("en")][1:]
    (tmp_path / "sv").mkdir()
    (tmp_path / "sv.toml").write_text('[common]\ntotal = "Riket"\n', encoding="utf-8")
    (tmp_path / "sv" / "area.toml").write_text('[common]\ntotal = "Hela landet"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n.table.cache_clear()
    try:
        with pytest.raises(ValueError, match="common.total"):
            i18n.table("sv")
    finally:
        monkeypatch.undo()
        i18n.table.cache_clear()


def test_t_fills_placeholders_and_shows_missing_keys():
    assert t("filters.pick_year", "sv", year="2024") == "Kalenderår 2024"
    assert t("filters.pick_year", "en", year="2024") == "Calendar year 2024"
    assert t("no.such.key") == "no.such.key"
    assert t("common.total", "xx") == "Riket"


def test_every_key_used_in_the_code_exists():
    """Literal t("...")/tr("...") keys in ui/ and views/ must be in the tables (typos show as keys)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    keys = set()
    for f in [*root.joinpath("ui").rglob("*.py"), *root.joinpath("views").rglob("*.py"), root / "app.py"]:
        keys |= set(re.findall(r"""\bt(?:r)?\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""", f.read_text("utf-8")))
    assert keys, "no keys found"
    missing = sorted(k for k in keys if k not in table("sv"))
    assert not missing, missing


def test_url_values_are_shown_as_plain_shortened_text():
    from ui.fmt import md_literal

    link = md_literal("[Logga in igen](http://evil.example/login)")
    assert link == "`[Logga in igen](http://evil.example/login)`"  # a code span: never a link
    img = md_literal("![x](http://evil.example/a.png)")
    assert img.startswith("`!") and img.endswith("`")
    assert md_literal("a`b") == "``a`b``"  # a backtick inside cannot close the span
    big = md_literal("x" * 100_000)
    assert len(big) <= 62 and big.endswith("…`")
    assert "\n" not in md_literal("a\n\nb\tc") and md_literal("a\n\nb\tc") == "`a b c`"


def test_wording_that_read_badly_is_gone():
    from ui.i18n import t, table

    sv = " ".join(table("sv").values())
    assert "hovring" not in sv and "den röda gränsen" not in sv and "Sena:" not in sv
    assert "Varje punkt är ett SVF-förlopp" not in t("lt.quad_caption", "sv", group=t("lt.quad_point_svf", "sv"))
    assert t("lt.quad_caption", "sv", group=t("lt.quad_point_svf", "sv")).startswith("Varje punkt är en diagnos")
    assert "gränsstrecket" in t("lt.dist_caption", "sv")  # the limit marker's colour is not named wrongly
    assert "demodata" not in t("common.unverified_mark", "sv")  # said only on demo data (shell)
