"""Import a map from spreadsheets: a table of actors and a table of relations.

Columns as in Kumu (actors: id, label, type, group, description; relations: from, to,
type, label, description, quote, strength), in English or Dutch, in any order and any
capitalisation. CSV (comma, semicolon or tab; UTF-8, or Windows-1252 as older Excel
writes it) or .xlsx workbooks (one workbook with an actors and a relations sheet, or one
file per table). Every problem is a diagnostic at `file:row:column` (the row and column
numbers a spreadsheet shows; header = row 1), all reported at once. The result is a
YAML map that the checker accepts, with only the fields that were filled in.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ._diagnostics import Diagnostic, MapError, Position, Severity, did_you_mean
from ._model import BUILTIN_RELATION_TYPES

__all__ = ["ImportResult", "import_tables"]

# column name (lower case, single spaces) -> field
ACTOR_COLUMNS = {
    "id": "id", "sleutel": "id", "key": "id", "code": "id",
    "label": "label", "naam": "label", "name": "label", "titel": "label", "title": "label",
    "type": "type", "soort": "type", "categorie": "type", "category": "type",
    "element type": "type",
    "group": "group", "groep": "group", "cluster": "group",
    "description": "description", "beschrijving": "description",
    "omschrijving": "description", "toelichting": "description",
}
RELATION_COLUMNS = {
    "from": "from", "van": "from", "bron": "from", "source": "from",
    "to": "to", "naar": "to", "doel": "to", "target": "to",
    "type": "type", "soort": "type", "relatie": "type", "relation": "type",
    "relatietype": "type", "connection type": "type",
    "label": "label", "tekst": "label",
    "description": "description", "beschrijving": "description",
    "omschrijving": "description", "toelichting": "description",
    "quote": "quote", "citaat": "quote",
    "strength": "strength", "sterkte": "strength", "gewicht": "strength",
    "weight": "strength",
}
# Dutch (and a few other) names of the built-in relation types
TYPE_NAMES = {
    **{name: name for name in BUILTIN_RELATION_TYPES},
    "spanning": "tension", "conflict": "tension",
    "samenwerking": "cooperation", "samenwerken": "cooperation",
    "informatie": "information", "informeert": "information",
    "sturing": "control", "controle": "control", "zeggenschap": "control",
    "invloed": "influence",
}
ACTOR_SHEETS = ("actors", "actoren", "elements", "elementen")
RELATION_SHEETS = ("relations", "relaties", "connections", "verbindingen")
MAX_TABLE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ImportResult:
    """The map as YAML text (None if there were errors) and every problem found."""

    text: str | None
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class _Cell:
    value: str
    row: int
    column: int


@dataclass
class _Table:
    """A read table: its name for diagnostics, the header cells and the data rows."""

    name: str
    header: list[_Cell]
    rows: list[list[_Cell]]


@dataclass
class _Importer:
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, where: str, cell: _Cell | None, message: str,
               severity: Severity = "error") -> None:
        position = Position(cell.row, cell.column) if cell else None
        self.diagnostics.append(Diagnostic(where, position, severity, message))


def _column_key(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()


def slug(text: str) -> str:
    """An id made from a label: lower case letters and digits joined by `-`."""
    words = re.split(r"[^\w]+|_", unicodedata.normalize("NFC", text).lower())
    return "-".join(w for w in words if w)


def _is_id(text: str) -> bool:
    return bool(text) and all(ch.isalnum() or ch in "_-" for ch in text)


# --- reading tables -----------------------------------------------------------------

def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # what older Excel writes


def _read_csv(path: Path, text: str) -> _Table:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)  # Dutch Excel writes `;`
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [[_Cell(value.strip(), number, column + 1) for column, value in enumerate(row)]
            for number, row in enumerate(reader, start=1)]
    return _Table(str(path), rows[0] if rows else [], rows[1:])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_sheet(name: str, sheet: object) -> _Table:
    rows = [[_Cell(_cell_text(value), number, column + 1) for column, value in enumerate(row)]
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]  # type: ignore[attr-defined]
    return _Table(name, rows[0] if rows else [], rows[1:])


def _workbook(path: Path) -> object:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise MapError([Diagnostic(str(path), None, "error",
                                   f"cannot read the file: {exc.strerror}")]) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise MapError([Diagnostic(str(path), None, "error",
                                   f"cannot read this file as an .xlsx workbook ({exc})")]
                       ) from None


def _sheet(path: Path, book: object, wanted: tuple[str, ...] | None) -> _Table:
    """The sheet named like one of `wanted` (any capitalisation), or the first sheet."""
    names: list[str] = book.sheetnames  # type: ignore[attr-defined]
    if wanted is None:
        chosen = names[0]
    else:
        chosen = next((n for n in names if n.strip().lower() in wanted), "")
        if not chosen:
            raise MapError([Diagnostic(str(path), None, "error", (
                f"no sheet named {' or '.join(wanted[:2])} (the sheets are: "
                f"{', '.join(names)}); name the sheets, or give two files"))])
    return _read_sheet(f"{path}[{chosen}]", book[chosen])  # type: ignore[index]


def _read_file(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_TABLE_BYTES:
            raise MapError([Diagnostic(str(path), None, "error",
                                       f"file is larger than {MAX_TABLE_BYTES:,} bytes")])
        return _decode(path.read_bytes())
    except OSError as exc:
        raise MapError([Diagnostic(str(path), None, "error",
                                   f"cannot read the file: {exc.strerror}")]) from None


def _read_tables(actors: Path, relations: Path | None) -> tuple[_Table, _Table | None]:
    if actors.suffix.lower() == ".xlsx":
        book = _workbook(actors)
        if relations is None:
            return (_sheet(actors, book, ACTOR_SHEETS),
                    _sheet(actors, book, RELATION_SHEETS))
        actor_table = _sheet(actors, book, None)
    else:
        actor_table = _read_csv(actors, _read_file(actors))
    if relations is None:
        return actor_table, None
    if relations.suffix.lower() == ".xlsx":
        return actor_table, _sheet(relations, _workbook(relations), None)
    return actor_table, _read_csv(relations, _read_file(relations))


# --- columns and rows ---------------------------------------------------------------

def _columns(importer: _Importer, table: _Table, names: dict[str, str],
             required: Sequence[str]) -> dict[str, int]:
    """Field -> column index; unknown columns are reported and ignored."""
    found: dict[str, int] = {}
    for index, cell in enumerate(table.header):
        if not cell.value:
            continue
        key = names.get(_column_key(cell.value))
        if key is None:
            importer.report(table.name, cell, (
                f'column "{cell.value}" is not used{did_you_mean(_column_key(cell.value), names)};'
                f" known columns: {', '.join(sorted(set(names.values())))}"), "warning")
        elif key in found:
            importer.report(table.name, cell, f'a second column for "{key}"; the first is '
                                              f"column {found[key] + 1}")
        else:
            found[key] = index
    for key in required:
        if key not in found:
            spellings = [n for n, k in names.items() if k == key]
            importer.report(table.name, table.header[0] if table.header else None,
                            f'no column "{key}" (also read as: {", ".join(spellings[1:])})')
    return found


def _records(table: _Table, columns: dict[str, int]) -> list[dict[str, _Cell]]:
    """One dict per non-empty row: field -> cell (missing cells are empty)."""
    records = []
    for row in table.rows:
        if not any(cell.value for cell in row):
            continue
        number = row[0].row
        records.append({key: row[index] if index < len(row) else _Cell("", number, index + 1)
                        for key, index in columns.items()})
    return records


@dataclass(frozen=True)
class _ActorIndex:
    by_id: dict[str, _Cell]
    by_label: dict[str, str]  # folded label -> id


def _actor_id(importer: _Importer, table: _Table, record: dict[str, _Cell]) -> str | None:
    given = record.get("id")
    label = record.get("label")
    if given is not None and given.value:
        if _is_id(given.value):
            return given.value
        importer.report(table.name, given, f'id "{given.value}" may only hold letters, '
                                           f'digits, _ and - (for example "{slug(given.value)}")')
        return None
    if label is not None and label.value and slug(label.value):
        return slug(label.value)
    cell = given or label
    importer.report(table.name, cell, "this actor has no id and no label")
    return None


def _actors(importer: _Importer, table: _Table) -> tuple[dict[str, dict[str, str]],
                                                          dict[str, str], _ActorIndex]:
    columns = _columns(importer, table, ACTOR_COLUMNS, ())
    if "id" not in columns and "label" not in columns:
        importer.report(table.name, table.header[0] if table.header else None,
                        'no column "id" or "label" (also read as: naam, name)')
        return {}, {}, _ActorIndex({}, {})
    actors: dict[str, dict[str, str]] = {}
    groups: dict[str, str] = {}
    index = _ActorIndex({}, {})
    for record in _records(table, columns):
        actor_id = _actor_id(importer, table, record)
        if actor_id is None:
            continue
        first = index.by_id.get(actor_id)
        cell = record.get("id") or record["label"]
        if first is not None:
            importer.report(table.name, cell, f'actor "{actor_id}" is already in row '
                                              f"{first.row}")
            continue
        index.by_id[actor_id] = cell
        fields = {key: record[key].value for key in ("label", "type", "group", "description")
                  if key in record and record[key].value}
        if fields.get("label") == actor_id:
            del fields["label"]
        if "group" in fields:
            fields["group"] = _group_id(fields["group"], groups)
        actors[actor_id] = fields
        label = record["label"].value if "label" in record else ""
        index.by_label.setdefault((label or actor_id).casefold(), actor_id)
    return actors, groups, index


def _group_id(label: str, groups: dict[str, str]) -> str:
    """The id of the group with this label (made on first use)."""
    for gid, known in groups.items():
        if known == label:
            return gid
    gid = slug(label) or "groep"
    base, n = gid, 1
    while gid in groups:
        n += 1
        gid = f"{base}-{n}"
    groups[gid] = label
    return gid


def _endpoint(importer: _Importer, table: _Table, cell: _Cell, index: _ActorIndex
              ) -> str | None:
    text = cell.value
    if text in index.by_id:
        return text
    by_label = index.by_label.get(text.casefold())
    if by_label is not None:
        return by_label
    if not text:
        importer.report(table.name, cell, "empty; name an actor by its id or label")
    else:
        hint = did_you_mean(text, list(index.by_id)) if len(index.by_id) < 5000 else ""
        importer.report(table.name, cell, f'unknown actor "{text}"{hint}')
    return None


def _relation_type(importer: _Importer, table: _Table, cell: _Cell,
                   declared: dict[str, str]) -> str | None:
    text = cell.value
    if not text:
        importer.report(table.name, cell, "a relation needs a type (tension, cooperation, "
                                          "information, control, influence or your own)")
        return None
    builtin = TYPE_NAMES.get(text.casefold())
    if builtin is not None:
        return builtin
    name = text if _is_id(text) else slug(text)
    if not name:
        importer.report(table.name, cell, f'type "{text}" holds no letters or digits')
        return None
    if name not in declared:
        declared[name] = text
        importer.report(table.name, cell, (
            f'"{text}" is not a built-in relation type{did_you_mean(text.casefold(), TYPE_NAMES)}; '
            f'declared as a new directed type "{name}" under relation_types'), "warning")
    return name


def _strength(importer: _Importer, table: _Table, cell: _Cell) -> int | None:
    if not cell.value:
        return None
    try:
        value = float(cell.value.replace(",", "."))
    except ValueError:
        value = 0.0
    if value not in (1, 2, 3):
        importer.report(table.name, cell, f'strength must be 1, 2 or 3, not "{cell.value}"')
        return None
    return int(value)


def _relations(importer: _Importer, table: _Table, index: _ActorIndex
               ) -> tuple[list[dict[str, object]], dict[str, str]]:
    columns = _columns(importer, table, RELATION_COLUMNS, ("from", "to", "type"))
    if not {"from", "to", "type"} <= set(columns):
        return [], {}
    relations: list[dict[str, object]] = []
    declared: dict[str, str] = {}
    for record in _records(table, columns):
        source = _endpoint(importer, table, record["from"], index)
        target = _endpoint(importer, table, record["to"], index)
        rtype = _relation_type(importer, table, record["type"], declared)
        strength = _strength(importer, table, record["strength"]) \
            if "strength" in record else None
        if source is not None and source == target:
            importer.report(table.name, record["to"], f'relation from "{source}" to itself; '
                                                      "a relation needs two different actors")
            continue
        if source is None or target is None or rtype is None:
            continue
        relation: dict[str, object] = {"from": source, "to": target, "type": rtype}
        relation.update({key: record[key].value for key in ("label", "description", "quote")
                         if key in record and record[key].value})
        if strength is not None:
            relation["strength"] = strength
        relations.append(relation)
    return relations, declared


# --- writing YAML -------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Block YAML with list items indented under their key, as people write it."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _map_yaml(sources: Sequence[str], groups: dict[str, str],
              actors: dict[str, dict[str, str]], relations: list[dict[str, object]],
              declared: dict[str, str]) -> str:
    data: dict[str, object] = {}
    if declared:
        data["relation_types"] = {name: {"directed": True, **(
            {"label": text} if text != name else {})} for name, text in declared.items()}
    if groups:
        data["groups"] = dict(groups)
    data["actors"] = {aid: fields or None for aid, fields in actors.items()}
    if relations:
        data["relations"] = relations
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=10**6)
    return f"# Imported from {' and '.join(sources)}\n{body}"


def import_tables(actors: str | os.PathLike[str],
                  relations: str | os.PathLike[str] | None = None) -> ImportResult:
    """Read a table of actors and one of relations (CSV or .xlsx) into a YAML map.

    With one .xlsx file and no `relations`, the workbook's sheets named actors/actoren
    and relations/relaties (or Kumu's elements/connections) are read. Never raises for
    problems in the tables: they are diagnostics, and `text` is None if any is an error.
    """
    from ._api import loads

    actor_path = Path(actors)
    relation_path = Path(relations) if relations is not None else None
    importer = _Importer()
    try:
        actor_table, relation_table = _read_tables(actor_path, relation_path)
    except MapError as exc:
        return ImportResult(None, exc.diagnostics)
    actor_fields, groups, index = _actors(importer, actor_table)
    relation_list, declared = _relations(importer, relation_table, index) \
        if relation_table is not None else ([], {})
    if any(d.severity == "error" for d in importer.diagnostics):
        return ImportResult(None, tuple(importer.diagnostics))
    sources = [actor_table.name] + ([relation_table.name] if relation_table else [])
    text = _map_yaml([Path(s).name for s in sources], groups, actor_fields, relation_list,
                     declared)
    try:
        loads(text, path="imported.yaml")
    except MapError as exc:  # a bug here, not a problem in the tables: say so plainly
        problem = Diagnostic(actor_table.name, None, "error", (
            f"internal error: the imported map does not check ({exc.diagnostics[0]}); "
            "please report it"))
        return ImportResult(None, (*importer.diagnostics, problem))
    return ImportResult(text, tuple(importer.diagnostics))
