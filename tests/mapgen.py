"""Deterministic generated maps for quality tests and benchmarks.

`map_text(n)` writes a map of n actors as YAML text: about n/10 groups (some actors
ungrouped), several actor types, relations of all five built-in types (about 1.75 per
actor, mostly within a group, some pairs with two relations) and Dutch-ish labels of
10 to 40 characters. The same n and seed always give the same text.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

import conceptmap

__all__ = ["LABEL_RANGE", "RELATION_TYPES", "generate_map", "map_text"]

LABEL_RANGE = (10, 40)
RELATION_TYPES = ("tension", "cooperation", "information", "control", "influence")
ACTOR_TYPES = ("ambtenaar", "bestuur", "politiek", "burger", "bedrijf", "maatschappelijk")
_PREFIXES = ("Gemeente", "Wijkteam", "Stichting", "Raad voor", "Provincie", "Vereniging",
             "Bewonersgroep", "Afdeling", "Dienst", "Platform", "Coöperatie", "Waterschap",
             "Woningcorporatie", "Buurthuis", "Adviesraad", "Jongerenraad", "Netwerk",
             "Ondernemers", "Programma", "Kenniscentrum")
_TOPICS = ("Wonen", "Zorg en Welzijn", "Openbare Ruimte", "Jeugd", "Duurzaamheid",
           "Mobiliteit", "Veiligheid", "Cultuur", "Economie", "Onderwijs", "Participatie",
           "Energie", "Groen", "Sport", "Armoedebeleid", "Werk en Inkomen", "Erfgoed")
_PLACES = ("Noord", "Oost", "Zuid", "West", "Centrum", "Binnenstad", "De Hoven",
           "Overvecht", "Kanaleneiland", "Lombok", "Zuilen", "Vleuten", "Hoograven")
_VERBS = {
    "tension": ("spanning over", "conflict over", "botst over", "wantrouwen rond",
                "onenigheid over"),
    "cooperation": ("werkt samen aan", "deelt kennis over", "overlegt over",
                    "trekt samen op bij"),
    "information": ("informeert over", "rapporteert over", "levert gegevens over",
                    "meldt signalen over"),
    "control": ("houdt toezicht op", "stuurt op", "stelt kaders voor", "controleert"),
    "influence": ("lobbyt voor", "beïnvloedt", "agendeert", "adviseert over"),
}
_OBJECTS = ("het budget", "de planning", "nieuwe regels", "de wijkaanpak", "subsidies",
            "huisvesting", "jeugdzorg", "de energietransitie", "vergunningen",
            "veiligheid in de wijk", "het groenonderhoud", "de begroting", "schuldhulp",
            "de omgevingsvisie", "burgerinitiatieven", "de woningbouw")
_TYPE_WEIGHTS = (3, 3, 2, 1, 2)


def _fit(rng: random.Random, make: list[str]) -> str:
    """Join words, dropping trailing ones until the text is 10-40 characters long."""
    words = list(make)
    while len(" ".join(words)) > LABEL_RANGE[1] and len(words) > 2:
        words.pop()
    text = " ".join(words)
    if len(text) < LABEL_RANGE[0]:
        text = f"{text} {rng.choice(_PLACES)}"
    return text[: LABEL_RANGE[1]].rstrip()


def _actor_label(rng: random.Random) -> str:
    words = [rng.choice(_PREFIXES), *rng.choice(_TOPICS).split()]
    if rng.random() < 0.6:
        words.append(rng.choice(_PLACES))
    return _fit(rng, words)


def _relation_label(rng: random.Random, rtype: str) -> str:
    return _fit(rng, [*rng.choice(_VERBS[rtype]).split(), *rng.choice(_OBJECTS).split()])


@dataclass
class _Plan:
    """What is being generated: actors (id -> group or None) and relations so far."""

    ids: list[str]
    group_of: dict[str, str | None]
    members: dict[str, list[str]]
    relations: list[tuple[str, str, str]] = field(default_factory=list)

    def degree(self, actor: str) -> int:
        return sum(actor in (s, t) for s, t, _ in self.relations)

    def has(self, source: str, target: str, rtype: str) -> bool:
        return any({s, t} == {source, target} and r == rtype for s, t, r in self.relations)


def _plan(rng: random.Random, n: int) -> _Plan:
    width = max(3, len(str(n)))
    ids = [f"a{i:0{width}d}" for i in range(1, n + 1)]
    k = max(1, n // 10)
    groups = [f"g{j:02d}" for j in range(1, k + 1)]
    group_of: dict[str, str | None] = {}
    for index, actor in enumerate(ids):
        if index < 2 * k:  # every group gets at least two members
            group_of[actor] = groups[index % k]
        else:
            group_of[actor] = None if rng.random() < 0.1 else rng.choice(groups)
    members = {g: [a for a in ids if group_of[a] == g] for g in groups}
    return _Plan(ids, group_of, members)


def _partner(rng: random.Random, plan: _Plan, source: str) -> str:
    group = plan.group_of[source]
    if group is not None and rng.random() < 0.75:
        candidates = [a for a in plan.members[group] if a != source]
    else:
        candidates = [a for a in plan.ids if a != source]
    return rng.choice(candidates)


def _add_relation(rng: random.Random, plan: _Plan, source: str, target: str) -> None:
    for _ in range(10):
        rtype = rng.choices(RELATION_TYPES, _TYPE_WEIGHTS)[0]
        if not plan.has(source, target, rtype):
            plan.relations.append((source, target, rtype))
            return


def _relations(rng: random.Random, plan: _Plan) -> None:
    n = len(plan.ids)
    for actor in plan.ids:  # nobody without relations
        if plan.degree(actor) == 0:
            _add_relation(rng, plan, actor, _partner(rng, plan, actor))
    while len(plan.relations) < round(n * 1.75):
        if plan.relations and rng.random() < 0.1:  # a second relation on a known pair
            source, target, _ = rng.choice(plan.relations)
            if rng.random() < 0.5:
                source, target = target, source
        else:
            source = rng.choice(plan.ids)
            target = _partner(rng, plan, source)
        _add_relation(rng, plan, source, target)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML flow scalar


def _yaml(rng: random.Random, plan: _Plan, n: int) -> str:
    lines = [f"title: {_quote(f'Gegenereerde kaart met {n} actoren')}",
             f"subtitle: {_quote('Samenwerking en spanning in een fictieve gemeente')}",
             f"source: {_quote(f'Bron: tests/mapgen.py, {n} actoren')}", "groups:"]
    for index, group in enumerate(plan.members, start=1):
        label = f"{rng.choice(('Domein', 'Netwerk', 'Cluster'))} {_TOPICS[index % len(_TOPICS)]}"
        lines.append(f"  {group}: {{label: {_quote(label)}}}")
    lines.append("actors:")
    for actor in plan.ids:
        group = plan.group_of[actor]
        fields = [f"label: {_quote(_actor_label(rng))}", f"type: {rng.choice(ACTOR_TYPES)}"]
        if group is not None:
            fields.append(f"group: {group}")
        lines.append(f"  {actor}: {{{', '.join(fields)}}}")
    lines.append("relations:")
    for source, target, rtype in plan.relations:
        fields = [f"from: {source}", f"to: {target}", f"type: {rtype}"]
        if rng.random() < 0.85:
            fields.append(f"label: {_quote(_relation_label(rng, rtype))}")
        lines.append(f"  - {{{', '.join(fields)}}}")
    return "\n".join(lines) + "\n"


def map_text(n: int, seed: int = 1) -> str:
    """A map of n actors (n >= 2) as YAML text; deterministic in n and seed."""
    if n < 2:
        raise ValueError("a generated map needs at least two actors")
    rng = random.Random(f"conceptmap-mapgen-{n}-{seed}")
    plan = _plan(rng, n)
    _relations(rng, plan)
    return _yaml(rng, plan, n)


def generate_map(n: int, seed: int = 1) -> conceptmap.Map:
    """The generated map, parsed; its path is gen-<n>.yaml."""
    return conceptmap.loads(map_text(n, seed), path=f"gen-{n}.yaml")
