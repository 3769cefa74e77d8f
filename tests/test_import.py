"""`conceptmap import`: maps from spreadsheets (CSV, .xlsx) with Kumu-like columns."""

from __future__ import annotations

import csv
import textwrap

import openpyxl
import pytest

import conceptmap
from conceptmap._import import import_tables

from .conftest import SHOWCASE
from .test_cli import run

ACTOREN = textwrap.dedent('''\
    Naam;Soort;Groep;Beschrijving
    Procesambtenaar;ambtenaar;Stadhuis;Werkt met burgers
    Vakambtenaar;ambtenaar;Stadhuis;
    ;;;
    Burgers;burger;De samenleving;"Inwoners; met ""meningen"""
    College van B&W;bestuur;Stadhuis;
''')
RELATIES = textwrap.dedent('''\
    Van;Naar;Soort;Label;Citaat;Sterkte
    Procesambtenaar;Vakambtenaar;Spanning;vrees;"Hij is ""bang""";2
    procesambtenaar;burgers;samenwerking;;;
    college-van-b-w;Burgers;steunt;;;
''')
EXPECTED = textwrap.dedent("""\
    # Imported from actoren.csv and relaties.csv
    relation_types:
      steunt:
        directed: true
    groups:
      stadhuis: Stadhuis
      de-samenleving: De samenleving
    actors:
      procesambtenaar:
        label: Procesambtenaar
        type: ambtenaar
        group: stadhuis
        description: Werkt met burgers
      vakambtenaar:
        label: Vakambtenaar
        type: ambtenaar
        group: stadhuis
      burgers:
        label: Burgers
        type: burger
        group: de-samenleving
        description: Inwoners; met "meningen"
      college-van-b-w:
        label: College van B&W
        type: bestuur
        group: stadhuis
    relations:
      - from: procesambtenaar
        to: vakambtenaar
        type: tension
        label: vrees
        quote: Hij is "bang"
        strength: 2
      - from: procesambtenaar
        to: burgers
        type: cooperation
      - from: college-van-b-w
        to: burgers
        type: steunt
""")


@pytest.fixture
def dutch_tables(tmp_path):
    actors, relations = tmp_path / "actoren.csv", tmp_path / "relaties.csv"
    actors.write_text(ACTOREN, encoding="utf-8")
    relations.write_text(RELATIES, encoding="utf-8")
    return actors, relations


def test_dutch_semicolon_tables_become_a_clean_map(dutch_tables):
    result = import_tables(*dutch_tables)
    assert result.text == EXPECTED
    assert [str(d) for d in result.diagnostics] == [
        f'{dutch_tables[1]}:4:3: warning: "steunt" is not a built-in relation type '
        '(did you mean "sturing"?); declared as a new directed type "steunt" under '
        "relation_types"]
    model = conceptmap.loads(result.text)
    assert [(a.id, a.label, a.type, a.group) for a in model.actors] == [
        ("procesambtenaar", "Procesambtenaar", "ambtenaar", "stadhuis"),
        ("vakambtenaar", "Vakambtenaar", "ambtenaar", "stadhuis"),
        ("burgers", "Burgers", "burger", "de-samenleving"),
        ("college-van-b-w", "College van B&W", "bestuur", "stadhuis")]
    assert model.relation_type("steunt").directed


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_the_showcase_round_trips_through_spreadsheets(tmp_path):
    """Write the showcase as two CSV files, import them: the same map comes back."""
    model = conceptmap.load(SHOWCASE)
    group_labels = {g.id: g.label for g in model.groups}  # a spreadsheet names groups
    actors = write_csv(tmp_path / "actors.csv", [["id", "label", "type", "group",
                                                  "description"]] + [
        [a.id, a.label, a.type, group_labels.get(a.group or ""), a.description]
        for a in model.actors],
        encoding="utf-8-sig")  # with the byte order mark Excel writes
    relations = write_csv(tmp_path / "relations.csv", [
        ["From", "To", "Type", "Label", "Description", "Quote", "Strength"]] + [
        [r.source, r.target, r.type, r.label, r.description, r.quote, r.strength or ""]
        for r in model.relations], delimiter="\t")
    result = import_tables(actors, relations)
    assert result.diagnostics == ()
    again = conceptmap.loads(result.text, path="again.yaml")
    assert again.actors == tuple(
        a.__class__(a.id, a.label, a.type, a.group, a.description, position=b.position)
        for a, b in zip(model.actors, again.actors, strict=True))
    assert [(r.source, r.target, r.type, r.label, r.description, r.quote, r.strength)
            for r in again.relations] == [
        (r.source, r.target, r.type, r.label, r.description, r.quote, r.strength)
        for r in model.relations]
    assert [(g.id, g.label) for g in again.groups] == [(g.id, g.label) for g in model.groups]


def test_every_problem_is_reported_at_its_row_and_column(tmp_path):
    actors = write_csv(tmp_path / "a.csv", [
        ["id", "label", "kleur"], ["a", "Een", "rood"], ["b c", "Twee", ""], ["a", "Ook een", ""],
        ["", "", ""], ["", "Drie", ""]])
    relations = write_csv(tmp_path / "r.csv", [
        ["van", "naar", "soort", "sterkte"], ["a", "drie", "spanning", "4"],
        ["een", "Een", "invloed", ""], ["x", "", "", "twee"]])
    result = import_tables(actors, relations)
    assert result.text is None
    assert [str(d).replace(str(tmp_path) + "/", "") for d in result.diagnostics] == [
        'a.csv:1:3: warning: column "kleur" is not used; known columns: description, '
        "group, id, label, type",
        'a.csv:3:1: error: id "b c" may only hold letters, digits, _ and - (for example "b-c")',
        'a.csv:4:1: error: actor "a" is already in row 2',
        'r.csv:2:4: error: strength must be 1, 2 or 3, not "4"',
        'r.csv:3:2: error: relation from "a" to itself; a relation needs two different actors',
        'r.csv:4:1: error: unknown actor "x"',
        "r.csv:4:2: error: empty; name an actor by its id or label",
        "r.csv:4:3: error: a relation needs a type (tension, cooperation, information, "
        "control, influence or your own)",
        'r.csv:4:4: error: strength must be 1, 2 or 3, not "twee"',
    ]


def test_missing_columns_are_named(tmp_path):
    actors = write_csv(tmp_path / "a.csv", [["soort"], ["x"]])
    relations = write_csv(tmp_path / "r.csv", [["from", "label"], ["a", "b"]])
    messages = [d.message for d in import_tables(actors, relations).diagnostics]
    assert messages == ['no column "id" or "label" (also read as: naam, name)',
                        'no column "to" (also read as: naar, doel, target)',
                        'no column "type" (also read as: soort, relatie, relation, '
                        "relatietype, connection type)"]


def test_windows_1252_files_from_older_excel_are_read(tmp_path):
    actors = write_csv(tmp_path / "a.csv", [["Label"], ["Één"], ["Café"]], encoding="cp1252",
                       delimiter=";")
    relations = write_csv(tmp_path / "r.csv", [["From", "To", "Type"], ["één", "café",
                                                                        "conflict"]])
    text = import_tables(actors, relations).text
    assert text is not None
    assert "  één:\n    label: Één\n" in text
    assert "  - from: één\n    to: café\n    type: tension\n" in text


def _workbook(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _rows(text: str) -> list[list[object]]:
    return [[int(c) if c.isdigit() else (c or None) for c in line]
            for line in csv.reader(text.splitlines(), delimiter=";")]


def test_one_workbook_with_two_sheets_gives_the_same_map(dutch_tables, tmp_path):
    book = _workbook(tmp_path / "kaart.xlsx", {"Actoren": _rows(ACTOREN),
                                               "Relaties": _rows(RELATIES)})
    result = import_tables(book)
    assert result.text == EXPECTED.replace(
        "actoren.csv and relaties.csv", "kaart.xlsx[Actoren] and kaart.xlsx[Relaties]")
    assert [str(d).split(": ", 1)[0] for d in result.diagnostics] == [
        f"{book}[Relaties]:4:3"]
    separate = import_tables(_workbook(tmp_path / "a.xlsx", {"Blad1": _rows(ACTOREN)}),
                             _workbook(tmp_path / "r.xlsx", {"Blad1": _rows(RELATIES)}))
    assert separate.text == EXPECTED.replace(
        "actoren.csv and relaties.csv", "a.xlsx[Blad1] and r.xlsx[Blad1]")


def test_workbook_problems_are_diagnostics(tmp_path):
    book = _workbook(tmp_path / "kaart.xlsx", {"Blad1": [["label"], ["a"]]})
    assert [str(d) for d in import_tables(book).diagnostics] == [
        f"{book}: error: no sheet named actors or actoren (the sheets are: Blad1); "
        "name the sheets, or give two files"]
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"not a zip file")
    (problem,) = import_tables(broken).diagnostics
    assert str(problem).startswith(f"{broken}: error: cannot read this file as an .xlsx")
    (gone,) = import_tables(tmp_path / "weg.xlsx").diagnostics
    assert str(gone) == f"{tmp_path / 'weg.xlsx'}: error: cannot read the file: " \
                        "No such file or directory"
    (missing,) = import_tables(tmp_path / "nope.csv", tmp_path / "r.csv").diagnostics
    assert str(missing) == f"{tmp_path / 'nope.csv'}: error: cannot read the file: " \
                           "No such file or directory"


def test_import_command(dutch_tables, tmp_path):
    target = tmp_path / "kaart.yaml"
    code, out, err = run("import", *map(str, dutch_tables), "-o", str(target))
    assert (code, out) == (0, "")
    assert "declared as a new directed type" in err
    assert target.read_text(encoding="utf-8") == EXPECTED
    assert run("validate", str(target)) == (0, "", "")
    assert run("import", *map(str, dutch_tables))[1] == EXPECTED
    assert run("import", *map(str, dutch_tables), "--strict", "-o", str(tmp_path / "s.yaml")
               )[0] == 1
    assert not (tmp_path / "s.yaml").exists()
    bad = write_csv(tmp_path / "bad.csv", [["van", "naar", "soort"], ["x", "y", "spanning"]])
    code, out, err = run("import", str(dutch_tables[0]), str(bad), "-o", str(tmp_path / "b.yaml"))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f'{bad}:2:1: error: unknown actor "x"',
                                f'{bad}:2:2: error: unknown actor "y"']
    assert not (tmp_path / "b.yaml").exists()
