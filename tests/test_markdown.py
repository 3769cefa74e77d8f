"""`conceptmap markdown DOC`: fenced ```conceptmap blocks drawn and linked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conceptmap._embed import find_blocks, with_links

from .test_cli import run

DOC = """\
# Notitie

Tekst voor de kaart.

```conceptmap
title: Buurt
actors:
  a: {label: Raad}
  b: {label: Bewoners}
relations:
  - {from: a, to: b, type: tension, label: gehoord?}
```

- een lijst

  ```conceptmap
  actors:
    x: {label: X}
    y: {label: Y}
  relations:
    - {from: x, to: y, type: cooperation}
  ```

Slot.
"""


def test_blocks_are_found_as_commonmark_reads_them():
    text = """\
```conceptmap
actors: {a: {}}
```

> ```conceptmap
> actors: {b: {}}
> ```

````markdown
```conceptmap
actors: {not_a_map: {}}
```
````

    ```conceptmap
    indented four spaces: code, not a fence
    ```

- item

  ~~~ conceptmap title
  actors: {c: {}}
  ~~~
"""
    blocks = find_blocks(text)
    assert [(b.number, b.start, b.end, b.text, b.indent) for b in blocks] == [
        (1, 0, 3, "actors: {a: {}}\n", 0),
        (2, 4, 7, "actors: {b: {}}\n", 2),
        (3, 20, 23, "actors: {c: {}}\n", 2)]


def test_links_after_blocks_replace_earlier_links_and_keep_line_endings():
    text = "intro\r\n```conceptmap\r\nactors: {a: {}}\r\n```\r\nslot"
    blocks = find_blocks(text)
    once = with_links(text, blocks, [("Kaart [1]", "doc-1.svg")], keep_blocks=True)
    assert once == ("intro\r\n```conceptmap\r\nactors: {a: {}}\r\n```\r\n\r\n"
                    "![Kaart \\[1\\]](doc-1.svg)\r\nslot\r\n")
    assert with_links(once, find_blocks(once), [("Kaart [1]", "doc-1.svg")], True) == once
    assert with_links(text, blocks, [("K", "out-1.svg")], keep_blocks=False) == \
        "intro\r\n![K](out-1.svg)\r\nslot\r\n"


def test_in_place_keeps_the_blocks_and_is_idempotent(tmp_path):
    doc = tmp_path / "notitie.md"
    doc.write_text(DOC, encoding="utf-8")
    code, out, err = run("markdown", str(doc))
    assert (code, err) == (0, "")
    images = [tmp_path / "notitie-1.svg", tmp_path / "notitie-2.svg"]
    assert out == f"{doc} -> {images[0]}, {images[1]}, {doc}\n"
    text = doc.read_text("utf-8")
    assert text == DOC.replace(
        "gehoord?}\n```\n", "gehoord?}\n```\n\n![Buurt](notitie-1.svg)\n").replace(
        "cooperation}\n  ```\n", "cooperation}\n  ```\n\n  ![map 2](notitie-2.svg)\n")
    svg = ET.parse(images[0]).getroot()
    assert svg.find("{http://www.w3.org/2000/svg}title").text == "Buurt"
    ids = [element.get("id", "") for element in svg.iter()]
    assert any(i.endswith("-relation-a-b-1") for i in ids)  # after the picture's id prefix
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert run("markdown", str(doc), "-q") == (0, "", "")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_output_document_replaces_blocks_with_images(tmp_path):
    doc = tmp_path / "notitie.md"
    doc.write_text(DOC, encoding="utf-8")
    (tmp_path / "site").mkdir()
    target = tmp_path / "site" / "index.md"
    code, _out, err = run("markdown", str(doc), "-o", str(target), "--format", "png")
    assert (code, err) == (0, "")
    assert doc.read_text("utf-8") == DOC  # the source is left alone
    assert target.read_text("utf-8") == (
        "# Notitie\n\nTekst voor de kaart.\n\n![Buurt](index-1.png)\n\n- een lijst\n\n"
        "  ![map 2](index-2.png)\n\nSlot.\n")
    assert (tmp_path / "site" / "index-2.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_diagnostics_point_into_the_document_and_nothing_is_written(tmp_path):
    doc = tmp_path / "fout.md"
    broken = DOC.replace("b: {label: Bewoners}", "b: {lable: Bewoners}").replace(
        "type: cooperation", "type: coperation")
    doc.write_text(broken, encoding="utf-8")
    code, out, err = run("markdown", str(doc))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'{doc}:9:7: error: unknown key "lable" in actor "b" (did you mean "label"?); '
        "allowed: label, type, group, description, pos",
        f'{doc}:21:30: error: unknown relation type "coperation" (did you mean '
        '"cooperation"?)']
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fout.md"]
    assert doc.read_text("utf-8") == broken


def test_strict_warnings_and_documents_without_maps(tmp_path):
    doc = tmp_path / "waarschuwing.md"
    doc.write_text("```conceptmap\nactors: {a: {}, b: {}, c: {}}\nrelations:\n"
                   "  - {from: a, to: b, type: tension}\n```\n", encoding="utf-8")
    code, _out, err = run("markdown", str(doc), "--strict")
    assert code == 1
    assert err == f'{doc}:2:24: error: actor "c" has no relations\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["waarschuwing.md"]
    plain = tmp_path / "plain.md"
    plain.write_text("# Geen kaarten\n\n```yaml\nactors: {}\n```\n", encoding="utf-8")
    assert run("markdown", str(plain)) == (
        0, "", f"{plain}: no ```conceptmap blocks; nothing to do\n")
    assert run("markdown", str(tmp_path / "missing.md"))[0] == 1


def test_lang_draws_each_map_in_the_language_asked_for(tmp_path):
    doc = tmp_path / "note.md"
    doc.write_text("Intro.\n\n```conceptmap\nlang: nl\ntitle: {nl: Buurt, en: Neighbourhood}\n"
                   "actors:\n  a: {label: {nl: Raad, en: Council}}\n  b: {label: {nl: Bewoners}}\n"
                   "relations:\n  - {from: a, to: b, type: tension}\n```\n", encoding="utf-8")
    code, _out, err = run("markdown", str(doc), "--lang", "en", "-o", str(tmp_path / "en.md"))
    assert (code, err) == (0, f'{doc}:8:14: warning: no "en" text for "Bewoners"; it stays '
                              "as written\n")
    assert (tmp_path / "en.md").read_text("utf-8") == "Intro.\n\n![Neighbourhood](en-1.svg)\n"
    svg = ET.parse(tmp_path / "en-1.svg").getroot()
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")} | {
        "".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert svg.find("{http://www.w3.org/2000/svg}title").text == "Neighbourhood"
    assert {"Council", "tension"} <= texts and not {"Raad", "spanning"} & texts
    assert run("markdown", str(doc), "--lang", "en", "--strict",
               "-o", str(tmp_path / "strict.md"))[0] == 1
    assert not (tmp_path / "strict.md").exists()
    assert run("markdown", str(doc), "--lang", "English")[0] == 2
    # A map with no text in the language asked for: one warning, at the block's fence.
    nested = tmp_path / "nested.md"
    nested.write_text("- item\n\n  ```conceptmap\n  title: {nl: Buurt, en: Neighbourhood}\n"
                      "  actors: {a: {}}\n  ```\n", encoding="utf-8")
    assert run("markdown", str(nested), "--lang", "fr")[2] == (
        f'{nested}:3:3: warning: the map has no texts in "fr" (it has en, nl); they stay '
        "as written\n")
