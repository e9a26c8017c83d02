"""People files: lists of participants and of communes, from CSV or XLSX.

Participants (template ``resources/templates/participants-modele.csv``), one row per
person, the first row holding the column names (in any order, accents and case ignored):

============  =====================================================  ========
column        also accepted                                          required
============  =====================================================  ========
``nom``       name, nom et prénom, participant, élu                  yes
``prénom``    first name — joined to ``nom`` as « Nom Prénom »       no
``fonction``  role, rôle, qualité, mandat                            no
``commune``   ville, collectivité                                    no
``poids``     weight, poids de vote, voix (1 when empty; 1,5 or 1.5)  no
``email``     e-mail, courriel, mail, adresse électronique           no
============  =====================================================  ========

Communes: ``nom`` (or commune), ``code INSEE`` (insee, code commune, codgeo) and
``population``; only the name is required.

Files come as French Excel saves them (``;`` separator, UTF-8 with BOM or Windows-1252),
as comma- or tab-separated UTF-8, or as ``.xlsx`` (first sheet, or the sheet named
« Participants » / « Communes »). Other columns are ignored and listed in the result so
that the user sees a misspelt header. Reading checks *every* row first and raises
:class:`PeopleFileError` listing each problem (file, row, column, in French) — nothing is
returned, so nothing is imported, when anything is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from projter_desktop.domain.plan import fold
from projter_desktop.exchange import limits
from projter_desktop.exchange.plan_files import PlanFileError, ProblemCollector, _decode
from projter_desktop.exchange.spreadsheet import unneutralise

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
SUFFIXES = (".csv", ".txt", ".xlsx")
MAX_NAME = 200
MAX_ROLE = 100
MAX_EMAIL = 200
MAX_WEIGHT = 1000.0

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INSEE_RE = re.compile(r"^(?:\d{2}|2[AB])\d{3}$")

#: Participants: column key -> (French header shown in messages, accepted headers, normalised).
PEOPLE_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("nom", ("nom", "name", "nom_complet", "nom_et_prenom", "nom_prenom", "prenom_et_nom", "prenom_nom",
                     "participant", "participante", "elu", "elue", "personne", "full_name", "nom_de_famille",
                     "last_name", "lastname", "surname")),
    "first_name": ("prénom", ("prenom", "first_name", "firstname", "given_name")),
    "role": ("fonction", ("fonction", "role", "qualite", "mandat", "titre", "poste", "function", "title")),
    "commune": ("commune", ("commune", "ville", "collectivite", "municipality", "town", "city", "nom_commune")),
    "weight": ("poids", ("poids", "weight", "poids_de_vote", "poids_vote", "voix", "nombre_de_voix", "vote_weight")),
    "email": ("email", ("email", "e_mail", "courriel", "mail", "adresse_electronique", "adresse_mail",
                        "adresse_email", "adresse_courriel", "mel")),
}
COMMUNE_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("nom", ("nom", "commune", "name", "nom_commune", "nom_de_la_commune", "libelle", "libelle_commune")),
    "insee_code": ("code INSEE", ("code_insee", "insee", "code_commune", "codgeo", "code_officiel_geographique",
                                  "insee_code", "code", "cog")),
    "population": ("population", ("population", "pop", "habitants", "population_municipale", "population_totale",
                                  "nombre_d_habitants")),
}


class PeopleFileError(PlanFileError):
    """The file cannot be imported; ``problems`` says precisely why (in French)."""


class Problems(ProblemCollector):
    """Collects the problems of one people/communes file; raises :class:`PeopleFileError`."""

    error = PeopleFileError


@dataclass(frozen=True, slots=True)
class PersonRecord:
    row: int  # row of the file (the header is row 1)
    name: str
    role: str = ""
    commune: str = ""
    weight: float | None = None
    email: str = ""


@dataclass(frozen=True, slots=True)
class CommuneRecord:
    row: int
    name: str
    insee_code: str | None = None
    population: int | None = None


@dataclass(frozen=True, slots=True)
class PeopleFile:
    records: tuple[PersonRecord, ...]
    ignored_columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommunesFile:
    records: tuple[CommuneRecord, ...]
    ignored_columns: tuple[str, ...] = ()


# --------------------------------------------------------------------------- tables


def normalise_header(header: str) -> str:
    """``« Poids de vote (optionnel) * »`` → ``poids_de_vote``."""
    text = re.sub(r"\(.*?\)", " ", header.replace("\ufeff", ""))
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def read_table(path: Path | str, problems: Problems, sheet_names: tuple[str, ...] = ()) -> list[list[str]]:
    """The cells of a CSV or XLSX file as text (first sheet, or the first of ``sheet_names``)."""
    path = Path(path)
    if not path.is_file():
        problems.add("le fichier est introuvable.")
        problems.raise_if_any()
    size = path.stat().st_size
    if size == 0:
        problems.add("le fichier est vide.")
    elif size > MAX_FILE_BYTES:
        problems.add(f"le fichier est trop gros ({size // 1024 // 1024} Mo, maximum 20 Mo).")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        if suffix == ".xls":
            problems.add("ancien format Excel .xls : enregistrez le classeur en .xlsx ou en CSV.")
        else:
            problems.add(f"format « {suffix or 'sans extension'} » non reconnu : utilisez un fichier .csv ou .xlsx.")
    problems.raise_if_any()
    if suffix == ".xlsx":
        table = _xlsx_table(path, problems, sheet_names)
    else:
        table = _csv_table(path.read_bytes(), problems)
    while table and not any(c.strip() for c in table[-1]):
        table.pop()
    if not table:
        problems.add("le fichier ne contient aucune ligne.")
        problems.raise_if_any()
    return table


def _csv_table(data: bytes, problems: Problems) -> list[list[str]]:
    text = _decode(data, problems)  # type: ignore[arg-type]  # duck-typed collector
    if text is None:
        problems.raise_if_any()
    assert text is not None
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        delimiter = ";"  # a single column (a plain list of names)
    try:
        table = limits.csv_table(text, delimiter)
    except limits.LimitError as exc:
        problems.add(exc.message, row=exc.row)
        problems.raise_if_any()
        raise  # unreachable
    return [[cell.replace("\ufeff", "") if i == 0 else cell for i, cell in enumerate(row)] for row in table]


def _xlsx_table(path: Path, problems: Problems, sheet_names: tuple[str, ...]) -> list[list[str]]:
    try:
        return limits.xlsx_rows(path, sheet_names, fold=fold)
    except limits.LimitError as exc:
        problems.add(exc.message, row=exc.row)
        problems.raise_if_any()
        raise  # unreachable


def _columns(
    header: list[str], spec: dict[str, tuple[str, tuple[str, ...]]], problems: Problems
) -> tuple[dict[str, int], tuple[str, ...]]:
    """Position of each known column, and the headers that are ignored."""
    aliases = {alias: key for key, (_french, names) in spec.items() for alias in names}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        norm = normalise_header(cell)
        key = aliases.get(norm)
        if key is None:
            if cell.strip():
                ignored.append(cell.strip().lstrip("\ufeff"))
            continue
        if key in positions:
            problems.add(f"la colonne « {spec[key][0]} » apparaît deux fois (« {header[positions[key]].strip()} » "
                         f"et « {cell.strip()} »).", row=1)
            continue
        positions[key] = index
    return positions, tuple(ignored)


def _body(
    table: list[list[str]], positions: dict[str, int], header_width: int, problems: Problems
) -> list[tuple[int, dict[str, str]]]:
    if len(table) - 1 > MAX_ROWS:
        problems.add(f"trop de lignes ({len(table) - 1}, maximum {MAX_ROWS}).")
        problems.raise_if_any()
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > header_width and any(c.strip() for c in cells[header_width:]):
            problems.add(f"{len(cells)} cellules pour {header_width} colonnes : un séparateur en trop ?", row=number)
        for key, i in positions.items():
            bad = limits.control_character(cells[i]) if i < len(cells) else None
            if bad:
                problems.add(f"{bad} dans la cellule : retirez-le (copié d'un autre logiciel ?).", number,
                             table[0][i].strip() or None)
        rows.append((number, {key: _clean(cells[i]) if i < len(cells) else "" for key, i in positions.items()}))
    return rows


def _clean(cell: str) -> str:
    return " ".join(unneutralise(cell.strip()).split())


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_number(text: str) -> float | None:
    """``"1,5"``, ``"1.5"``, ``"2"``, ``"1 000"`` → float; None when it is not a number."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", compact):
        return None
    return float(compact)


# --------------------------------------------------------------------------- participants


def read_people_file(path: Path | str, progress: Callable[[int, int], None] | None = None) -> PeopleFile:
    """Read and check a list of participants (CSV or XLSX)."""
    path = Path(path)
    problems = Problems(path.name)
    table = read_table(path, problems, ("Participants", "Participant", "Élus"))
    positions, ignored = _columns(table[0], PEOPLE_COLUMNS, problems)
    if "name" not in positions:
        problems.add("colonne obligatoire « nom » manquante (la première ligne doit porter les noms des colonnes : "
                     "nom ; fonction ; commune ; poids ; email).", row=1)
    problems.raise_if_any()
    rows = _body(table, positions, len(table[0]), problems)
    if not rows:
        problems.add("aucun participant dans le fichier (seulement l'en-tête).")
    records: list[PersonRecord] = []
    seen: dict[tuple[str, str], int] = {}
    seen_emails: dict[str, int] = {}
    for done, (number, r) in enumerate(rows, start=1):
        if progress is not None and done % 200 == 0:
            progress(done, len(rows))
        name = r.get("name", "")
        first = r.get("first_name", "")
        if first and name:
            name = f"{name} {first}"
        elif first:
            problems.add("prénom sans nom : la cellule « nom » est obligatoire.", number, "nom")
            continue
        if not name:
            problems.add("cellule vide ; le nom est obligatoire.", number, "nom")
            continue
        ok = True
        for key, value, limit in (("name", name, MAX_NAME), ("role", r.get("role", ""), MAX_ROLE),
                                  ("commune", r.get("commune", ""), MAX_NAME), ("email", r.get("email", ""), MAX_EMAIL)):
            if len(value) > limit:
                problems.add(f"texte trop long ({len(value)} caractères, maximum {limit}).", number, PEOPLE_COLUMNS[key][0])
                ok = False
        weight: float | None = None
        raw_weight = r.get("weight", "")
        if raw_weight:
            weight = parse_number(raw_weight)
            if weight is None:
                problems.add(f"« {_short(raw_weight)} » n'est pas un nombre (exemples : 1 ; 1,5 ; 2).", number, "poids")
                ok = False
            elif weight <= 0 or weight > MAX_WEIGHT:
                problems.add(f"poids {raw_weight} hors limites : un nombre positif, au plus {MAX_WEIGHT:g}.", number, "poids")
                ok = False
        email = r.get("email", "")
        if email and not _EMAIL_RE.match(email):
            problems.add(f"adresse électronique « {_short(email)} » invalide.", number, "email")
            ok = False
        key = (fold(name), fold(r.get("commune", "")))
        if key in seen:
            problems.add(f"« {_short(name)} » figure deux fois (déjà ligne {seen[key]}).", number, "nom")
            ok = False
        else:
            seen[key] = number
        if email:
            email_key = email.casefold()
            if email_key in seen_emails:
                problems.add(f"adresse « {_short(email)} » déjà utilisée ligne {seen_emails[email_key]}.", number, "email")
                ok = False
            else:
                seen_emails[email_key] = number
        if ok:
            records.append(PersonRecord(number, name, r.get("role", ""), r.get("commune", ""), weight, email))
    problems.raise_if_any()
    return PeopleFile(tuple(records), ignored)


# --------------------------------------------------------------------------- communes


def read_communes_file(path: Path | str) -> CommunesFile:
    """Read and check a list of communes (name, INSEE code, population)."""
    path = Path(path)
    problems = Problems(path.name)
    table = read_table(path, problems, ("Communes", "Commune"))
    positions, ignored = _columns(table[0], COMMUNE_COLUMNS, problems)
    if "name" not in positions:
        problems.add("colonne obligatoire « nom » manquante (colonnes attendues : nom ; code INSEE ; population).", row=1)
    problems.raise_if_any()
    rows = _body(table, positions, len(table[0]), problems)
    if not rows:
        problems.add("aucune commune dans le fichier (seulement l'en-tête).")
    records: list[CommuneRecord] = []
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    for number, r in rows:
        name = r.get("name", "")
        if not name:
            problems.add("cellule vide ; le nom de la commune est obligatoire.", number, "nom")
            continue
        ok = True
        if len(name) > MAX_NAME:
            problems.add(f"texte trop long ({len(name)} caractères, maximum {MAX_NAME}).", number, "nom")
            ok = False
        code: str | None = r.get("insee_code", "").replace(" ", "").upper() or None
        if code is not None:
            if code.isdigit() and len(code) == 4:
                code = "0" + code  # Excel drops the leading zero of 01001 … 09999
            if not _INSEE_RE.match(code):
                problems.add(f"code INSEE « {_short(r['insee_code'])} » invalide (5 caractères, ex. 30007).",
                             number, "code INSEE")
                ok = False
            elif code in codes:
                problems.add(f"code INSEE {code} déjà utilisé ligne {codes[code]}.", number, "code INSEE")
                ok = False
            else:
                codes[code] = number
        population: int | None = None
        raw = r.get("population", "")
        if raw:
            value = parse_number(raw)
            if value is None or value < 0 or not value.is_integer():
                problems.add(f"population « {_short(raw)} » invalide : un nombre entier d'habitants.", number, "population")
                ok = False
            else:
                population = int(value)
        key = fold(name)
        if key in names:
            problems.add(f"la commune « {_short(name)} » figure deux fois (déjà ligne {names[key]}).", number, "nom")
            ok = False
        else:
            names[key] = number
        if ok:
            records.append(CommuneRecord(number, name, code, population))
    problems.raise_if_any()
    return CommunesFile(tuple(records), ignored)
