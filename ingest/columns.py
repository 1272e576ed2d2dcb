"""What each import kind looks like: canonical columns, which are required, and Swedish header aliases.

Headers are matched after `header_key` (lower case, accents and every non-alphanumeric character
removed), so 'Förlopps-ID', 'forlopps_id' and 'FÖRLOPPSID' are the same header. Every name below is
also an allow-list: only these identifiers ever reach SQL text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Header names that say "this is an identity number" whatever the values look like.
PNR_HEADERS = frozenset({"personnummer", "personnr", "pnr", "persnr", "samordningsnummer", "pnummer"})


def header_key(name: object) -> str:
    """'Förlopps-ID ' -> 'forloppsid' (case, accents, spaces and punctuation do not matter)."""
    text = unicodedata.normalize("NFKD", str(name or "")).lstrip("\ufeff")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class Col:
    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    kind: str
    table: str
    key: tuple[str, ...]         # the row's identity: a later row with the same key replaces it
    columns: tuple[Col, ...]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def alias_map(self) -> dict[str, str]:
        """header_key(alias) -> canonical column."""
        out: dict[str, str] = {}
        for col in self.columns:
            for alias in (col.name, *col.aliases):
                k = header_key(alias)
                if out.get(k, col.name) != col.name:
                    raise ValueError(f"alias {alias!r} is ambiguous in {self.kind}")
                out[k] = col.name
        return out


_PATIENT = ("patient", "pseudonym", "patientid", "patient_pseudonym", "lopnr", "lopnummer")
_REGION = ("region", "regionkod", "region_kod", "län", "länskod", "lanskod", "län_kod", "landsting",
           "lkf_lan")
_SEX = ("kön", "kon", "gender", "sex")
_AGE = ("ålder", "alder", "age")
_CASE = ("case_id", "fall_id", "fallid", "cancerfall_id", "tumör_id", "tumor_id", "tumörid")
_SVF = ("vårdförlopp", "vardforlopp", "diagnosgrupp", "förlopp", "svf_kod", "svf_diagnos")

SPECS: dict[str, Spec] = {
    "svf": Spec("svf", "svf_pathway", ("pathway_id",), (
        Col("pathway_id", True, ("förlopps_id", "forlopp_id", "forlopps_id", "vårdförlopps_id",
                                 "pathway")),
        Col("patient_id", False, _PATIENT),
        Col("region_code", True, _REGION),
        Col("unit", False, ("enhet", "vårdenhet", "klinik", "care_unit")),
        Col("svf", True, _SVF),
        Col("sex", False, _SEX),
        Col("age", False, _AGE),
        Col("workup", False, ("utredning", "utredningstyp", "utredningsvariant", "variant")),
        Col("vm_date", True, ("välgrundad_misstanke", "vm_datum", "datum_vm", "vm", "vm_beslut",
                              "beslut_välgrundad_misstanke", "startdatum")),
        Col("first_visit_date", False, ("första_besök", "första_besök_datum", "datum_första_besök",
                                        "first_visit")),
        Col("mdk_date", False, ("mdk", "mdk_datum", "datum_mdk", "första_mdk")),
        Col("diagnosis_info_date", False, ("diagnosbesked", "diagnosbesked_datum", "information_om_diagnos",
                                           "datum_diagnosbesked")),
        Col("decision_date", False, ("behandlingsbeslut", "behandlingsbeslut_datum",
                                     "datum_behandlingsbeslut")),
        Col("end_date", False, ("slutdatum", "sfb_datum", "sfb", "avslutsdatum", "datum_sfb", "behandlingsstart",
                                "behandlingsstart_datum", "datum_behandlingsstart", "start_behandling",
                                "start_första_behandling", "slut_datum")),
        Col("end_type", False, ("sluttyp", "avslutsorsak", "åtgärd", "avslutstyp", "slut_typ")),
        Col("registered_date", False, ("registreringsdatum", "registrerad_datum", "reg_datum")),
    )),
    "cancer": Spec("cancer", "cancer_case", ("case_id",), (
        Col("case_id", True, _CASE),
        Col("patient_id", False, _PATIENT),
        Col("region_code", True, _REGION),
        Col("diagnosis_date", True, ("diagnosdatum", "diagnos_datum", "datum_diagnos", "diadat")),
        Col("icd10", True, ("icd_10", "icd10_kod", "diagnoskod", "icd", "icd10kod")),
        Col("svf", False, _SVF),
        Col("sex", False, _SEX),
        Col("age", False, _AGE),
    )),
    "register": Spec("register", "register_case", ("register", "case_id"), (
        Col("register", True, ("kvalitetsregister", "registerkod", "register_kod", "kvalitetsregister_kod")),
        Col("case_id", True, _CASE),
        Col("registered_date", True, ("registreringsdatum", "registrerad_datum", "reg_datum",
                                      "inrapporteringsdatum")),
    )),
    "death": Spec("death", "death", ("death_id",), (
        Col("death_id", True, ("dödsfall_id", "dodsfall_id", "död_id", "dödsfallsid")),
        Col("region_code", True, _REGION),
        Col("death_date", True, ("dödsdatum", "dodsdatum", "datum_död", "döddatum")),
        Col("unit_type", False, ("vårdform", "vardform", "enhetstyp", "vårdformstyp")),
        Col("registered", True, ("registrerad", "registrerad_i_spr", "i_palliativregistret",
                                 "spr_registrerad", "registrerad_spr")),
        Col("expected_death", False, ("väntat_dödsfall", "vantat_dodsfall", "väntad_död", "väntat")),
        *(Col(code) for code in ("spr_mun", "spr_smsk", "spr_opi", "spr_anx", "spr_try", "spr_bps",
                                 "spr_symt", "spr_ill", "spr_ros", "spr_efts", "spr_onsk", "spr_narv",
                                 "spr_bps_nst")),
    )),
}
KINDS = tuple(SPECS)  # --kind values

_SPR = tuple(c.name for c in SPECS["death"].columns if c.name.startswith("spr_"))
# Columns that are useless without another one: (kind, any of these present, then this is needed, hint).
# Without the companion every row would load but count wrongly (every pathway ongoing, every indicator
# without a denominator), so the file is refused with the hint instead of a warning.
COMPANIONS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("svf", ("end_date",), "end_type",
     "utan sluttyp kan inget förlopp räknas som avslutat (alla blir pågående). Lägg till en kolumn 'sluttyp' "
     "(kirurgi, lakemedel, stralning, palliativ, annan, exspektans, ingen_behandling, "
     "ingen_ytterligare_atgard eller avslut_…), eller ta bort kolumnen {have} så läses förloppen in som pågående"),
    ("svf", ("end_type",), "end_date",
     "en sluttyp gäller från ett slutdatum. Lägg till en kolumn 'slutdatum' (datum för start av första "
     "behandling eller avslut), eller ta bort kolumnen {have}"),
    ("death", _SPR, "expected_death",
     "kvalitetsindikatorerna räknas på väntade dödsfall. Lägg till en kolumn 'väntat_dödsfall' (ja/nej), "
     "eller ta bort indikatorkolumnerna"),
)


def first_alias(spec: Spec, col: str) -> str:
    """A Swedish header people recognise for a canonical column ('vm_date' -> 'välgrundad_misstanke')."""
    for c in spec.columns:
        if c.name == col:
            return c.aliases[0] if c.aliases else c.name
    return col


def map_headers(spec: Spec, headers: list[str]) -> tuple[dict[str, int], list[str], list[tuple[str, str]]]:
    """Match a file's headers to canonical columns.

    Returns (canonical -> position, unknown headers, [(header, header)] pairs that mean the same column).
    """
    aliases = spec.alias_map()
    found: dict[str, int] = {}
    unknown: list[str] = []
    clashes: list[tuple[str, str]] = []
    for i, h in enumerate(headers):
        col = aliases.get(header_key(h))
        if col is None:
            if header_key(h):
                unknown.append(h)
        elif col in found:
            clashes.append((headers[found[col]], h))
        else:
            found[col] = i
    return found, unknown, clashes


def guess_kind(headers: list[str]) -> str | None:
    """The kind whose required columns are all in `headers` (to say 'is this the right --kind?')."""
    for kind, spec in SPECS.items():
        found, _, _ = map_headers(spec, headers)
        if all(c in found for c in spec.required):
            return kind
    return None
