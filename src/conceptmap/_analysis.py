"""Measures of a map: who relates to whom, where the tensions are, who brokers.

Reads the model and its graph (never the layout or the renderer). Graph measures come
from networkx; only structural balance over typed relations is written here, because
no library reads tension and cooperation as signed ties.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ._model import Map

__all__ = [
    "ACTOR_MEASURES",
    "ANALYSIS_FORMATS",
    "ActorMeasures",
    "Analysis",
    "Balance",
    "Triad",
    "analyze",
    "format_analysis",
]

TENSION = "tension"
COOPERATION = "cooperation"


@dataclass(frozen=True)
class ActorMeasures:
    """One actor's measures. `degree` counts relations; `betweenness` is brokerage."""

    id: str
    label: str
    relations_in: int  # directed relations pointing at the actor
    relations_out: int  # directed relations leaving the actor
    tensions: int
    cooperation: int
    degree: int  # every relation the actor takes part in, of any type and direction
    betweenness: float  # networkx's normalised betweenness on the undirected map


# Stable names, in table order: the JSON, CSV and table all use these.
ACTOR_MEASURES = ("relations_in", "relations_out", "tensions", "cooperation", "degree",
                  "betweenness")


@dataclass(frozen=True)
class Triad:
    """Three actors tied pairwise by tension (-) or cooperation (+)."""

    actors: tuple[str, str, str]  # ids, in file order
    signs: tuple[int, int, int]  # of the pairs (0,1), (0,2), (1,2)

    @property
    def balanced(self) -> bool:
        return self.signs[0] * self.signs[1] * self.signs[2] > 0


@dataclass(frozen=True)
class Balance:
    """Structural balance (Heider; Cartwright and Harary) of the signed triads.

    A pair of actors is positive when it has cooperation and no tension, negative when
    it has tension and no cooperation; a pair with both is ambivalent and takes part in
    no triad. A triad is balanced when the product of its three signs is positive.
    """

    triads: tuple[Triad, ...]
    ambivalent_pairs: tuple[tuple[str, str], ...]

    @property
    def balanced(self) -> int:
        return sum(t.balanced for t in self.triads)

    @property
    def unbalanced(self) -> tuple[Triad, ...]:
        return tuple(t for t in self.triads if not t.balanced)

    @property
    def ratio(self) -> float | None:
        """Share of balanced triads; None when the map has no signed triad."""
        return self.balanced / len(self.triads) if self.triads else None


@dataclass(frozen=True)
class Analysis:
    """The measures of one map. `actors` is ranked by brokerage (betweenness)."""

    actors: tuple[ActorMeasures, ...]
    relations: int
    tensions: int
    density: float  # share of actor pairs with at least one relation
    balance: Balance
    labels: tuple[tuple[str, str], ...]  # actor id -> label, file order
    pivots: int | None = None  # betweenness estimated from this many actors; None: exact

    @property
    def tension_share(self) -> float:
        return self.tensions / self.relations if self.relations else 0.0

    def label(self, actor_id: str) -> str:
        return self._label_of[actor_id]

    @cached_property
    def _label_of(self) -> dict[str, str]:
        return dict(self.labels)

    def triad_names(self, triad: Triad) -> str:
        return ", ".join(self.label(a) for a in triad.actors)


def analyze(model: Map, pivots: int | None = None) -> Analysis:
    """Every measure of the map, actors ranked by betweenness, then degree, then file order.

    `pivots`: on a map with more actors than this, betweenness is estimated from paths
    leaving that many actors (networkx's sampling, seeded: the same map gives the same
    estimate). Exact betweenness costs about actors x relations; a description of a
    map of thousands of actors does not need it to the third decimal.
    """
    import networkx as nx  # here, not at the top: `import conceptmap` stays light

    from ._graph import to_graph, undirected_weights

    graph = to_graph(model)
    simple = undirected_weights(graph)
    sample = pivots if pivots is not None and pivots < simple.number_of_nodes() else None
    betweenness = nx.betweenness_centrality(simple, k=sample, normalized=True, seed=0)
    counts = _relation_counts(model)
    order = {a.id: n for n, a in enumerate(model.actors)}
    measures = [
        ActorMeasures(a.id, a.label, *counts[a.id], betweenness=betweenness[a.id])
        for a in model.actors]
    measures.sort(key=lambda m: (-round(m.betweenness, 12), -m.degree, order[m.id]))
    tensions = sum(r.type == TENSION for r in model.relations)
    return Analysis(tuple(measures), len(model.relations), tensions, nx.density(simple),
                    structural_balance(model), tuple((a.id, a.label) for a in model.actors),
                    sample)


def _relation_counts(model: Map) -> dict[str, tuple[int, int, int, int, int]]:
    """(in, out, tensions, cooperation, degree) per actor id."""
    tally = {a.id: [0, 0, 0, 0, 0] for a in model.actors}
    for relation in model.relations:
        directed = model.relation_type(relation.type).directed
        for end, actor_id in ((0, relation.target), (1, relation.source)):
            counts = tally[actor_id]
            if directed:
                counts[end] += 1
            counts[2] += relation.type == TENSION
            counts[3] += relation.type == COOPERATION
            counts[4] += 1
    return {key: (a, b, c, d, e) for key, (a, b, c, d, e) in tally.items()}


def structural_balance(model: Map) -> Balance:
    """The signed triads of tension (-1) and cooperation (+1), in file order of actors."""
    order = {a.id: n for n, a in enumerate(model.actors)}
    kinds: dict[tuple[str, str], set[str]] = {}
    for relation in model.relations:
        if relation.type in (TENSION, COOPERATION):
            pair = tuple(sorted((relation.source, relation.target), key=order.__getitem__))
            kinds.setdefault((pair[0], pair[1]), set()).add(relation.type)
    signs = {pair: 1 if types == {COOPERATION} else -1
             for pair, types in kinds.items() if len(types) == 1}
    ambivalent = tuple(pair for pair, types in kinds.items() if len(types) == 2)
    neighbours: dict[str, set[str]] = {}
    for a, b in signs:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    triads = []
    for a, b in sorted(signs, key=lambda p: (order[p[0]], order[p[1]])):
        # a comes before b; take each third actor after b once, so each triad is seen once
        for c in sorted(neighbours[a] & neighbours[b], key=order.__getitem__):
            if order[c] > order[b]:
                triads.append(Triad((a, b, c), (signs[a, b], signs[a, c], signs[b, c])))
    triads.sort(key=lambda t: tuple(order[x] for x in t.actors))
    return Balance(tuple(triads), tuple(sorted(ambivalent, key=lambda p: (order[p[0]],
                                                                          order[p[1]]))))


# --- Output -------------------------------------------------------------------------------

ANALYSIS_FORMATS = ("table", "csv", "json", "markdown")
_HEADINGS = {"relations_in": "in", "relations_out": "out", "tensions": "tensions",
             "cooperation": "cooperation", "degree": "degree", "betweenness": "betweenness"}


def _value(measures: ActorMeasures, name: str) -> int | float:
    value: int | float = getattr(measures, name)
    return value


def _cell(value: int | float) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _map_rows(analysis: Analysis) -> list[tuple[str, str]]:
    balance = analysis.balance
    ratio = "no signed triads" if balance.ratio is None else \
        f"{balance.balanced} of {len(balance.triads)} triads ({balance.ratio:.0%})"
    rows = [("actors", str(len(analysis.actors))), ("relations", str(analysis.relations)),
            ("density", f"{analysis.density:.3f}"),
            ("share of tensions", f"{analysis.tensions} of {analysis.relations} "
                                  f"({analysis.tension_share:.0%})"),
            ("structural balance", ratio)]
    rows += [("unbalanced triad", analysis.triad_names(t)) for t in balance.unbalanced]
    rows += [("ambivalent pair", f"{analysis.label(a)}, {analysis.label(b)}")
             for a, b in balance.ambivalent_pairs]
    return rows


def _actor_rows(analysis: Analysis) -> list[list[str]]:
    return [[m.label, m.id, *(_cell(_value(m, name)) for name in ACTOR_MEASURES)]
            for m in analysis.actors]


def _table(analysis: Analysis) -> str:
    header = ["actor", "id", *(_HEADINGS[name] for name in ACTOR_MEASURES)]
    rows = [header, *_actor_rows(analysis)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [cell.ljust(w) if i < 2 else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    key_width = max(len(key) for key, _value in _map_rows(analysis))
    lines += [f"{key.ljust(key_width)}  {value}" for key, value in _map_rows(analysis)]
    return "\n".join(lines) + "\n"


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_tables(analysis: Analysis) -> str:
    """The actor table and the map's measures as two Markdown tables."""
    header = ["actor", "id", *(_HEADINGS[name] for name in ACTOR_MEASURES)]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "---|" * 2 + "---:|" * len(ACTOR_MEASURES)]
    lines += ["| " + " | ".join(_markdown_cell(c) for c in row) + " |"
              for row in _actor_rows(analysis)]
    lines += ["", "| measure | value |", "|---|---|"]
    lines += [f"| {key} | {_markdown_cell(value)} |" for key, value in _map_rows(analysis)]
    return "\n".join(lines) + "\n"


def _csv(analysis: Analysis) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "label", *ACTOR_MEASURES])
    for m in analysis.actors:
        writer.writerow([m.id, m.label, *(_value(m, name) for name in ACTOR_MEASURES)])
    return buffer.getvalue()


def to_dict(analysis: Analysis) -> dict[str, object]:
    """Plain data: one object per actor (id, label, measures) and the map's measures."""
    balance = analysis.balance
    return {
        "actors": [{"id": m.id, "label": m.label,
                    **{name: _value(m, name) for name in ACTOR_MEASURES}}
                   for m in analysis.actors],
        "map": {
            "actors": len(analysis.actors),
            "relations": analysis.relations,
            "tensions": analysis.tensions,
            "density": analysis.density,
            "tension_share": analysis.tension_share,
            "balance": {
                "triads": len(balance.triads),
                "balanced": balance.balanced,
                "ratio": balance.ratio,
                "unbalanced": [list(t.actors) for t in balance.unbalanced],
                "ambivalent_pairs": [list(p) for p in balance.ambivalent_pairs],
            },
        },
    }


def _json(analysis: Analysis) -> str:
    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=2) + "\n"


_FORMATTERS: dict[str, Callable[[Analysis], str]] = {
    "table": _table, "csv": _csv, "json": _json, "markdown": markdown_tables}


def format_analysis(analysis: Analysis, fmt: str) -> str:
    """The analysis as text: table, csv, json or markdown."""
    if fmt not in _FORMATTERS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(ANALYSIS_FORMATS)}")
    return _FORMATTERS[fmt](analysis)
