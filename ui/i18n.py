"""Strings for people: TOML tables per language in ui/locales/, flattened to 'section.key'.

ui/locales/<lang>.toml holds the shared strings; ui/locales/<lang>/<area>.toml (one file per page area,
e.g. registers.toml) holds an area's own, so pages are added without everyone editing one file. A key
defined twice is an error (found by the locale test), never a silent override.

Pure (no Streamlit), so charts, downloads and the report use the same strings as the pages.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).with_name("locales")
LANGS = ("sv", "en")


def _flatten(d: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in d.items():
        key = prefix + k
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


def files(lang: str) -> list[Path]:
    """The files of one language: the shared table first, then the areas' in name order."""
    return [LOCALES / f"{lang}.toml", *sorted((LOCALES / lang).glob("*.toml"))]


@cache
def table(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in files(lang):
        with open(path, "rb") as f:
            part = _flatten(tomllib.load(f))
        twice = sorted(out.keys() & part.keys())
        if twice:
            raise ValueError(f"{path}: keys already defined in an earlier locale file: {', '.join(twice)}")
        out.update(part)
    return out


def t(key: str, lang: str = "sv", **kwargs) -> str:
    """The string for `key` in `lang`, with {placeholders} filled. A missing key shows the key itself
    (visible in screenshots and caught by the locale test) rather than failing a page."""
    s = table(lang if lang in LANGS else "sv").get(key)
    if s is None:
        s = table("sv").get(key, key)
    return s.format(**kwargs) if kwargs else s


def name(row, lang: str) -> str:
    """The display name of a reference row with name_sv / name_en."""
    return row["name_en"] if lang == "en" and row.get("name_en") else row["name_sv"]
