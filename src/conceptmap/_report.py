"""Reports: the figure, a description, the actors, every tension with its evidence, the measures.

A report is built once as a list of blocks (headings, paragraphs, tables, quotes) and
then written as Markdown (the figure as an image file next to it) or as one
self-contained HTML file (the SVG inline). Reads the model and the analysis; the figure
comes in as bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from ._analysis import ACTOR_MEASURES, TENSION, Analysis, analyze
from ._describe import description_paragraphs, relation_pair
from ._i18n import builtin_text
from ._model import Map, Relation
from ._text import clean_text

__all__ = ["REPORT_FORMATS", "Block", "report_blocks", "to_html", "to_markdown"]

REPORT_FORMATS = ("md", "html")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Figure:
    alt: str


@dataclass(frozen=True)
class Quote:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: int = 0  # the last `numeric` columns hold numbers (right-aligned)


Block = Heading | Paragraph | Figure | Quote | Table

_WORDS = {
    "en": {"description": "Description", "actors": "Actors", "tensions": "Tensions",
           "others": "Other relations", "measures": "Measures", "actor": "actor",
           "type": "type", "group": "group", "about": "description", "no_tensions":
           "The map has no tensions.", "measure": "measure", "value": "value",
           "in": "in", "out": "out", "tension_col": "tensions", "cooperation": "cooperation",
           "degree": "degree",
           "betweenness": "betweenness", "relations": "relations", "density": "density",
           "share": "share of tensions", "balance": "structural balance",
           "unbalanced": "unbalanced triad", "ambivalent": "ambivalent pair",
           "of": "of", "triads": "triads", "none": "no signed triads",
           "measures_note": "Betweenness (brokerage) and density as networkx computes them "
                            "on the undirected map; structural balance reads tension as a "
                            "negative and cooperation as a positive tie."},
    "nl": {"description": "Beschrijving", "actors": "Actoren", "tensions": "Spanningen",
           "others": "Overige relaties", "measures": "Maten", "actor": "actor",
           "type": "type", "group": "groep", "about": "beschrijving", "no_tensions":
           "De kaart heeft geen spanningen.", "measure": "maat", "value": "waarde",
           "in": "in", "out": "uit", "tension_col": "spanningen", "cooperation": "samenwerking",
           "degree": "graad",
           "betweenness": "betweenness", "relations": "relaties", "density": "dichtheid",
           "share": "aandeel spanningen", "balance": "structurele balans",
           "unbalanced": "driehoek niet in balans", "ambivalent": "ambivalent paar",
           "of": "van", "triads": "driehoeken", "none": "geen driehoeken met teken",
           "measures_note": "Betweenness (makelaarsrol) en dichtheid zoals networkx ze "
                            "berekent op de ongerichte kaart; structurele balans leest "
                            "spanning als negatieve en samenwerking als positieve band."},
}
_MEASURE_WORDS = {"relations_in": "in", "relations_out": "out", "tensions": "tension_col",
                  "cooperation": "cooperation", "degree": "degree",
                  "betweenness": "betweenness"}


def _flat(text: str | None) -> str:
    """One line, without control, format or bidi-override characters (as drawn)."""
    return " ".join(clean_text(text or "").split())


def _type_name(model: Map, name: str | None) -> str:
    style = model.style_for(name)
    return _flat(style.label) if style and style.label else _flat(name)


def _actor_table(model: Map, words: dict[str, str]) -> Table:
    groups = {g.id: g.label for g in model.groups}
    rows = tuple((_flat(a.label), _type_name(model, a.type),
                  _flat(groups.get(a.group or "", "")), _flat(a.description))
                 for a in model.actors)
    return Table((words["actor"], words["type"], words["group"], words["about"]), rows)


def _relation_blocks(model: Map, analysis: Analysis, relations: list[Relation],
                     numbered: bool, lang: str) -> list[Block]:
    blocks: list[Block] = []
    for number, relation in enumerate(relations, start=1):
        title = relation_pair(model, analysis, relation)
        if not numbered:
            rtype = model.relation_type(relation.type)
            name = builtin_text(rtype.name, lang) if rtype.builtin else \
                _flat(rtype.legend_label)
            title = f"{title} ({name})"
        if relation.label:
            title += f": {_flat(relation.label)}"
        blocks.append(Heading(3, f"{number}. {title}" if numbered else title))
        if relation.description:
            blocks.append(Paragraph(_flat(relation.description)))
        if relation.quote:
            blocks.append(Quote(_flat(relation.quote)))
    return blocks


def _measure_blocks(analysis: Analysis, words: dict[str, str], lang: str) -> list[Block]:
    def number(value: float) -> str:
        text = f"{value:.3f}"
        return text.replace(".", ",") if lang == "nl" else text

    header = (words["actor"], *(words[_MEASURE_WORDS[m]] for m in ACTOR_MEASURES))
    rows = tuple((_flat(m.label), str(m.relations_in), str(m.relations_out),
                  str(m.tensions), str(m.cooperation), str(m.degree), number(m.betweenness))
                 for m in analysis.actors)
    balance = analysis.balance
    share = f"{analysis.tension_share:.0%}"
    balanced = words["none"] if balance.ratio is None else (
        f"{balance.balanced} {words['of']} {len(balance.triads)} {words['triads']} "
        f"({balance.ratio:.0%})")
    facts = [(words["actors"].lower(), str(len(analysis.actors))),
             (words["relations"], str(analysis.relations)),
             (words["density"], number(analysis.density)),
             (words["share"], f"{analysis.tensions} {words['of']} {analysis.relations} "
                              f"({share})"),
             (words["balance"], balanced)]
    facts += [(words["unbalanced"], _flat(analysis.triad_names(t))) for t in balance.unbalanced]
    facts += [(words["ambivalent"], _flat(f"{analysis.label(a)}, {analysis.label(b)}"))
              for a, b in balance.ambivalent_pairs]
    return [Table(header, rows, numeric=len(ACTOR_MEASURES)),
            Table((words["measure"], words["value"]), tuple(facts)),
            Paragraph(words["measures_note"], emphasis=True)]


def report_blocks(model: Map, lang: str = "en", analysis: Analysis | None = None
                  ) -> list[Block]:
    """Everything a report says, in order, in `lang` (en or nl; others get English)."""
    words = _WORDS.get(lang, _WORDS["en"])
    analysis = analysis or analyze(model)
    title = _flat(model.title) or model.name
    blocks: list[Block] = [Heading(1, title)]
    if model.subtitle:
        blocks.append(Paragraph(_flat(model.subtitle), emphasis=True))
    blocks.append(Figure(title))
    if model.source:
        blocks.append(Paragraph(_flat(model.source), emphasis=True))
    blocks.append(Heading(2, words["description"]))
    blocks += [Paragraph(p) for p in description_paragraphs(model, lang, analysis)]
    blocks += [Heading(2, words["actors"]), _actor_table(model, words)]
    tensions = [r for r in model.relations if r.type == TENSION]
    blocks.append(Heading(2, words["tensions"]))
    blocks += _relation_blocks(model, analysis, tensions, True, lang) if tensions else [
        Paragraph(words["no_tensions"])]
    others = [r for r in model.relations if r.type != TENSION]
    if others:
        blocks.append(Heading(2, words["others"]))
        blocks += _relation_blocks(model, analysis, others, False, lang)
    blocks += [Heading(2, words["measures"]), *_measure_blocks(analysis, words, lang)]
    return blocks


# --- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str, starts_block: bool = False) -> str:
    """Text that Markdown shows as written (no emphasis, links, HTML or table breaks).

    `starts_block`: the text begins a paragraph, where "- " or "1." would start a list.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^([-+=]|\d+[.)])", r"\\\1", escaped) if starts_block else escaped


def _md_block(block: Block, image: str) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {md_escape(block.text)}"
    if isinstance(block, Paragraph):
        text = md_escape(block.text, starts_block=not block.emphasis)
        return f"*{text}*" if block.emphasis else text
    if isinstance(block, Figure):
        return f"![{md_escape(block.alt)}]({image})"
    if isinstance(block, Quote):
        return f"> {md_escape(block.text, starts_block=True)}"
    align = ["---"] * (len(block.header) - block.numeric) + ["---:"] * block.numeric
    lines = ["| " + " | ".join(md_escape(h) for h in block.header) + " |",
             "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in block.rows]
    return "\n".join(lines)


def to_markdown(blocks: list[Block], image: str) -> str:
    """The report as Markdown; `image` is the figure's link (a file next to the report)."""
    return "\n\n".join(_md_block(block, image) for block in blocks) + "\n"


# --- HTML --------------------------------------------------------------------------------

_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif;
       max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #222; }
figure { margin: 1.5em 0; }
figure svg { max-width: 100%; height: auto; }
blockquote { margin: 0.5em 0 1em; padding: 0.2em 1em; border-left: 4px solid #D55E00;
             color: #444; font-style: italic; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; vertical-align: top; }
th { background: #f2f2f2; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; }
"""


def _text(text: str) -> str:
    return escape(text, quote=False)


def inline_svg(svg: bytes) -> str:
    """An SVG file's text without its XML declaration and doctype, to put in HTML."""
    text = svg.decode("utf-8")
    return text[text.index("<svg"):].strip()


def _html_table(table: Table) -> str:
    first_numeric = len(table.header) - table.numeric
    head = "".join(f"<th>{_text(h)}</th>" for h in table.header)
    rows = []
    for row in table.rows:
        cells = "".join(
            f'<td class="n">{_text(c)}</td>' if i >= first_numeric else f"<td>{_text(c)}</td>"
            for i, c in enumerate(row))
        rows.append(f"<tr>{cells}</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + \
        "\n</tbody>\n</table>"


def _html_block(block: Block, svg: str) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_text(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        css = ' class="note"' if block.emphasis else ""
        return f"<p{css}>{_text(block.text)}</p>"
    if isinstance(block, Figure):
        return f"<figure>\n{svg}\n</figure>"
    if isinstance(block, Quote):
        return f"<blockquote>{_text(block.text)}</blockquote>"
    return _html_table(block)


def to_html(blocks: list[Block], svg: bytes, lang: str, title: str) -> str:
    """The report as one self-contained HTML file, the figure inline as SVG."""
    figure = inline_svg(svg)
    body = "\n".join(_html_block(block, figure) for block in blocks)
    return (f'<!DOCTYPE html>\n<html lang="{_text(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{_text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")
