"""A map told in words: who is tied to whom, where the tensions are, who brokers.

The same text is the report's description, the SVG's <desc> and `render --alt-text`.
It reads the model and the analysis only. English and Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._analysis import TENSION, Analysis, analyze
from ._i18n import builtin_text
from ._model import Map, Relation
from ._text import clean_text

__all__ = ["DESCRIPTION_LANGUAGES", "Phrases", "describe", "description_paragraphs", "phrases",
           "relation_pair"]

MAX_LISTED = 8  # names in one list before "and N more": alt text stays readable


@dataclass(frozen=True)
class Phrases:
    """Every sentence part of a description in one language."""

    and_: str
    more: str  # "{n} more"
    overview: str  # "{title}: a map of {actors} and {relations}."
    untitled: str  # "A map of {actors} and {relations}."
    counted: tuple[str, str, str, str]  # actor, actors, relation, relations
    group: str  # "{group}: {members}."
    ungrouped: str  # "Outside any group: {members}."
    most_connected: str  # "Most connected: {list}."
    others: str  # "tied to {n} others"
    other: str  # "tied to 1 other"
    by_type: str  # "{type}: {list}."
    unconnected: str  # "Without relations: {actors}."
    lang: str  # the language of these phrases, for conceptmap's own type names
    tension_share: str  # "{tensions} of the {relations} relations are tensions ({share})."
    no_tensions: str
    tension_actors: str  # "Most tensions involve {list}."
    tension_list: str  # "Tensions: {list}."
    brokers: str  # "{top} brokers most (betweenness {value})"
    followed: str  # ", followed by {list}"
    no_brokers: str
    balance: str  # "Triads of tension and cooperation: {balanced} of {triads} balanced"
    unbalanced: str  # "; unbalanced: {list}"

    def join(self, items: list[str]) -> str:
        if len(items) > MAX_LISTED + 1:
            items = [*items[:MAX_LISTED], self.more.format(n=len(items) - MAX_LISTED)]
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.and_} {items[-1]}"


_PHRASES = {
    "en": Phrases(
        and_="and", more="{n} more",
        overview="{title}: a map of {actors} and {relations}.",
        untitled="A map of {actors} and {relations}.",
        counted=("actor", "actors", "relation", "relations"),
        group="{group}: {members}.", ungrouped="Outside any group: {members}.",
        most_connected="Most connected: {list}.", others="tied to {n} others",
        other="tied to 1 other",
        by_type="{type}: {list}.", unconnected="Without relations: {actors}.",
        lang="en",
        tension_share="{tensions} of the {relations} relations are tensions ({share}).",
        no_tensions="The map has no tensions.",
        tension_actors="Most tensions involve {list}.",
        tension_list="Tensions: {list}.",
        brokers="{top} brokers most (betweenness {value})",
        followed=", followed by {list}",
        no_brokers="No actor lies between two others: nobody brokers.",
        balance="Triads of tension and cooperation: {balanced} of {triads} balanced",
        unbalanced="; unbalanced: {list}"),
    "nl": Phrases(
        and_="en", more="{n} andere",
        overview="{title}: een kaart van {actors} en {relations}.",
        untitled="Een kaart van {actors} en {relations}.",
        counted=("actor", "actoren", "relatie", "relaties"),
        group="{group}: {members}.", ungrouped="Buiten een groep: {members}.",
        most_connected="Het meest verbonden: {list}.", others="met {n} anderen",
        other="met 1 andere",
        by_type="{type}: {list}.", unconnected="Zonder relaties: {actors}.",
        lang="nl",
        tension_share="{tensions} van de {relations} relaties zijn spanningen ({share}).",
        no_tensions="De kaart heeft geen spanningen.",
        tension_actors="De meeste spanningen betreffen {list}.",
        tension_list="Spanningen: {list}.",
        brokers="{top} is de belangrijkste verbinder (betweenness {value})",
        followed=", gevolgd door {list}",
        no_brokers="Geen actor ligt tussen twee andere: niemand verbindt.",
        balance="Driehoeken van spanning en samenwerking: {balanced} van {triads} in balans",
        unbalanced="; niet in balans: {list}"),
}
DESCRIPTION_LANGUAGES = tuple(_PHRASES)


def phrases(lang: str) -> Phrases:
    """The phrases of a language; English for a language without its own."""
    return _PHRASES.get(lang, _PHRASES["en"])


def _flat(text: str) -> str:
    """One line, without control, format or bidi-override characters (as drawn)."""
    return " ".join(clean_text(text).split())


def _number(value: float, lang: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "nl" else text


def _overview(model: Map, words: Phrases) -> list[str]:
    overview = words.overview if model.title else words.untitled
    one_actor, actors, one_relation, relations = words.counted
    sentences = [overview.format(
        title=_flat(model.title or ""),
        actors=f"{len(model.actors)} {one_actor if len(model.actors) == 1 else actors}",
        relations=f"{len(model.relations)} "
                  f"{one_relation if len(model.relations) == 1 else relations}")]
    for group in model.groups:
        members = [_flat(a.label) for a in model.actors if a.group == group.id]
        if members:
            sentences.append(words.group.format(group=_flat(group.label),
                                                members=words.join(members)))
    loose = [_flat(a.label) for a in model.actors if a.group is None]
    if model.groups and loose:
        sentences.append(words.ungrouped.format(members=words.join(loose)))
    return sentences


def relation_pair(model: Map, analysis: Analysis, relation: Relation) -> str:
    arrow = "→" if model.relation_type(relation.type).directed else "–"
    return (f"{_flat(analysis.label(relation.source))} {arrow} "
            f"{_flat(analysis.label(relation.target))}")


def _tied(count: int, words: Phrases) -> str:
    return words.other if count == 1 else words.others.format(n=count)


def _ties(model: Map, analysis: Analysis, words: Phrases) -> list[str]:
    """The most connected actors, then who relates to whom, type by type (not tensions)."""
    neighbours: dict[str, set[str]] = {a.id: set() for a in model.actors}
    for relation in model.relations:
        neighbours[relation.source].add(relation.target)
        neighbours[relation.target].add(relation.source)
    ranked = sorted(model.actors, key=lambda a: -len(neighbours[a.id]))
    sentences = []
    if model.relations:
        most = [f"{_flat(a.label)} ({_tied(len(neighbours[a.id]), words)})"
                for a in ranked[:3] if neighbours[a.id]]
        sentences.append(words.most_connected.format(list=words.join(most)))
    for rtype in model.relation_types:
        of_type = [r for r in model.relations if r.type == rtype.name]
        if of_type and rtype.name != TENSION:
            name = builtin_text(rtype.name, words.lang) if rtype.builtin else \
                _flat(rtype.legend_label)
            sentences.append(words.by_type.format(
                type=name[:1].upper() + name[1:],
                list=words.join([relation_pair(model, analysis, r) for r in of_type])))
    lonely = [_flat(a.label) for a in model.actors if not neighbours[a.id]]
    if lonely and model.relations:
        sentences.append(words.unconnected.format(actors=words.join(lonely)))
    return sentences


def _tensions(model: Map, analysis: Analysis, words: Phrases) -> list[str]:
    tensions = [r for r in model.relations if r.type == TENSION]
    if not tensions:
        return [words.no_tensions]
    share = f"{analysis.tension_share:.0%}"
    sentences = [words.tension_share.format(tensions=len(tensions),
                                            relations=len(model.relations), share=share)]
    most = sorted((m for m in analysis.actors if m.tensions), key=lambda m: -m.tensions)
    sentences.append(words.tension_actors.format(list=words.join(
        [f"{_flat(m.label)} ({m.tensions})" for m in most[:3]])))
    pairs = [relation_pair(model, analysis, r) for r in tensions]
    pairs = [f"{pair}: {_flat(r.label)}" if r.label else pair
             for pair, r in zip(pairs, tensions, strict=True)]
    if len(pairs) > 2 * MAX_LISTED + 1:
        pairs = [*pairs[:2 * MAX_LISTED], words.more.format(n=len(pairs) - 2 * MAX_LISTED)]
    sentences.append(words.tension_list.format(list="; ".join(pairs)))
    return sentences


def _brokers(analysis: Analysis, words: Phrases, lang: str) -> list[str]:
    brokers = [m for m in analysis.actors if m.betweenness > 0]
    sentences = []
    if brokers:
        about = "≈" if analysis.pivots else ""  # estimated on a large map (see analyze)
        top, *rest = brokers
        sentence = words.brokers.format(top=_flat(top.label),
                                        value=about + _number(top.betweenness, lang))
        if rest:
            sentence += words.followed.format(list=words.join(
                [f"{_flat(m.label)} ({about}{_number(m.betweenness, lang)})"
                 for m in rest[:2]]))
        sentences.append(sentence + ".")
    elif len(analysis.actors) > 2:
        sentences.append(words.no_brokers)
    balance = analysis.balance
    if balance.triads:
        text = words.balance.format(triads=len(balance.triads), balanced=balance.balanced)
        if balance.unbalanced:
            text += words.unbalanced.format(list="; ".join(
                _flat(analysis.triad_names(t)) for t in balance.unbalanced[:MAX_LISTED]))
        sentences.append(text + ".")
    return sentences


def description_paragraphs(model: Map, lang: str = "en",
                           analysis: Analysis | None = None) -> list[str]:
    """The description as paragraphs: overview and ties, tensions, brokerage and balance."""
    words = phrases(lang)
    analysis = analysis or analyze(model)
    paragraphs = [_overview(model, words) + _ties(model, analysis, words)]
    if model.relations:
        paragraphs.append(_tensions(model, analysis, words))
        paragraphs.append(_brokers(analysis, words, lang))
    return [" ".join(p) for p in paragraphs if p]


def describe(model: Map, lang: str = "en", analysis: Analysis | None = None) -> str:
    """The description as one text, paragraphs separated by a blank line."""
    return "\n\n".join(description_paragraphs(model, lang, analysis))
