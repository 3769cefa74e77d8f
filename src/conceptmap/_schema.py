"""Stage 1b: check a YAML node tree against the map format and build the model.

Every problem becomes a Diagnostic with the position of the offending key or
value; checking goes on after a problem so that all of them are reported at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._diagnostics import Diagnostic, Position, Severity, did_you_mean
from ._i18n import LANG_CODE, Localized
from ._load import SAFE_TAGS, LoadLimits, node_position
from ._model import (
    BUILTIN_RELATION_TYPES,
    LINE_PATTERNS,
    MARKERS,
    SHAPES,
    SIZE_MEASURES,
    STATUSES,
    THEMES,
    Actor,
    ActorStyle,
    Group,
    Legend,
    Map,
    Relation,
    RelationType,
    View,
    ViewFilter,
)
from ._registry import LAYOUTS, missing_package
from ._syntax import LINE_BREAK

__all__ = ["LAYOUT_NAMES", "build_map"]

LAYOUT_NAMES = tuple(LAYOUTS)
TOP_KEYS = (
    "title", "subtitle", "source", "theme", "layout", "legend",
    "styles", "relation_types", "groups", "actors", "relations",
    "lang", "size_by", "views", "computed",
)
GROUP_KEYS = ("label", "description")
ACTOR_KEYS = ("label", "type", "group", "description", "pos")
RELATION_KEYS = ("from", "to", "type", "label", "description", "quote", "strength", "status")
STYLE_KEYS = ("color", "shape", "label")
RELATION_TYPE_KEYS = ("directed", "label", "color", "line", "marker")
LEGEND_KEYS = ("show", "title", "labels")
VIEW_KEYS = ("title", "subtitle", "keep", "drop", "focus", "steps", "layout", "size_by",
             "keep_unconnected")
FILTER_KEYS = ("types", "groups", "actors", "relations")
TEXT_KEYS = ("title", "subtitle", "source", "label", "description", "quote")
MAX_STEPS = 20
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
KIND_NAMES = {MappingNode: "a mapping", SequenceNode: "a list", ScalarNode: "a single value"}
POS_LIMIT = 1000.0  # centimetres: 10 metres is larger than any wall chart
HINT_BUDGET = 20_000  # "did you mean" comparisons per map: a hostile map stays fast


@dataclass
class _Checker:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)
    hint_budget: int = HINT_BUDGET
    lines: list[str] = field(default_factory=list)  # the source, to see what YAML dropped
    places: dict[tuple[str, str], Position] = field(default_factory=dict)  # for warnings
    lang: str | None = None  # the map's `lang:`: which language a multilingual text shows

    def hint(self, word: str, choices: set[str]) -> str:
        """did_you_mean for references to ids, with a bounded amount of work per map."""
        if word not in self.hints and len(choices) <= self.hint_budget:
            self.hint_budget -= len(choices)
            self.hints[word] = did_you_mean(word, choices)
        return self.hints.get(word, "")

    def report(self, node: Node | Position, message: str, severity: Severity = "error") -> None:
        where = node if isinstance(node, Position) else node_position(node)
        self.diagnostics.append(Diagnostic(self.path, where, severity, message))

    def comment_after(self, key_node: Node) -> Position | None:
        """Where a `#` right after `key:` starts: YAML read the intended value as a comment."""
        mark = key_node.end_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        match = re.match(r"[ \t]*:[ \t]+#", line[mark.column:])
        return Position(mark.line + 1, mark.column + match.end()) if match else None

    def check_label(self, key_node: Node, value_node: Node, what: str) -> None:
        """Warn about a label that YAML read as empty, saying why when it can."""
        if not isinstance(value_node, ScalarNode) or value_node.value != "" or \
                value_node.tag not in (STR_TAG, NULL_TAG):
            return
        comment = self.comment_after(key_node) if value_node.tag == NULL_TAG else None
        if comment is not None:
            text = self.lines[comment.line - 1][comment.column - 1:].rstrip()
            self.report(comment, f'the text after "#" is a comment to YAML, so it is not '
                                 f"the label of {what}; put the label in quotes: "
                                 f'{key_node.value}: "{_escaped(text)}"', "warning")
        elif value_node.tag == STR_TAG:
            self.report(value_node, f"{what} has an empty label; write the text, or leave "
                                    f"the label out", "warning")
        else:
            self.report(key_node, f"{what} has an empty label; write the text after "
                                  f'"{key_node.value}:", or leave the label out', "warning")

    def tag_ok(self, node: Node) -> bool:
        return node.tag in SAFE_TAGS  # unsafe tags are reported once, by _check_tags

    def check_tags(self, root: Node) -> None:
        """Report every tag that is not plain YAML data, wherever it is."""
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.tag not in SAFE_TAGS:
                self.report(node, f"YAML tag {node.tag!r} is not allowed; "
                                  "maps hold plain data only")
            if isinstance(node, SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, MappingNode):
                stack.extend(part for pair in node.value for part in pair)

    def entries(self, node: MappingNode, allowed: tuple[str, ...] | None, what: str
                ) -> Iterator[tuple[str, Node, Node]]:
        """Yield (key, key node, value node), reporting duplicate and unknown keys."""
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.key_text(key_node)
            if key is None:
                continue
            if key in seen:
                first = node_position(seen[key])
                self.report(key_node, f'duplicate key "{key}" in {what} '
                                      f"(first defined at line {first.line})")
                self.report(seen[key], f'duplicate key "{key}" in {what} '
                                       f"(defined again at line {node_position(key_node).line})")
                continue
            seen[key] = key_node
            if allowed is not None and key not in allowed:
                hint = did_you_mean(key, allowed)
                self.report(key_node, f'unknown key "{key}" in {what}{hint}; '
                                      f"allowed: {', '.join(allowed)}")
                continue
            yield key, key_node, value_node

    def key_text(self, node: Node) -> str | None:
        if not isinstance(node, ScalarNode) or not self.tag_ok(node):
            self.report(node, "a key must be a single word or name, not "
                        + KIND_NAMES.get(type(node), "this"))
            return None
        if node.value == "<<":
            self.report(node, "YAML merge keys (<<) are not supported; write the keys out")
            return None
        return str(node.value)

    def kind(self, node: Node, expected: type[Node], what: str) -> bool:
        if isinstance(node, expected) and self.tag_ok(node):
            return True
        if isinstance(node, expected):
            return False  # the tag is reported by check_tags
        self.report(node, f"{what} must be {KIND_NAMES[expected]}, "
                          f"not {KIND_NAMES.get(type(node), 'this')}")
        return False

    def text(self, node: Node, what: str) -> str | None:
        if not self.kind(node, ScalarNode, what):
            return None
        return "" if node.tag == NULL_TAG else str(node.value)

    def localized(self, node: Node, what: str) -> str | None:
        """A text, or a mapping of language codes to texts (a Localized)."""
        if not isinstance(node, MappingNode) or not self.tag_ok(node):
            return self.text(node, what)
        texts: list[tuple[str, str]] = []
        for code, key_node, value_node in self.entries(node, None, what):
            text = self.text(value_node, f"{what} ({code})")
            if not LANG_CODE.fullmatch(code):
                self.report(key_node, f'"{code}" in {what} is not a language code; a text '
                                      "in several languages maps codes such as nl or en to "
                                      "texts")
            elif text is not None:
                texts.append((code, text))
        if not texts:
            if not node.value:
                self.report(node, f"{what} is an empty mapping; give a text, or language "
                                  "codes with texts")
            return None
        chosen = dict(texts).get(self.lang or "", texts[0][1])
        if self.lang is not None and self.lang not in dict(texts):
            self.report(node, f'{what} has no "{self.lang}" text (the map\'s lang); '
                              f'the "{texts[0][0]}" text is used', "warning")
        return Localized(chosen, tuple(texts), node_position(node))

    def choice(self, node: Node, what: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, what)
        if value is None or value in choices:
            return value
        self.report(node, f'unknown {what} "{value}"{did_you_mean(value, choices)}; '
                          f"choose one of: {', '.join(choices)}")
        return None

    def boolean(self, node: Node, what: str) -> bool | None:
        if not self.kind(node, ScalarNode, what):
            return None
        if node.tag != BOOL_TAG:
            self.report(node, f"{what} must be true or false, not {node.value!r}")
            return None
        return str(node.value).lower() in ("true", "yes", "on", "y")

    def number(self, node: Node, what: str) -> float | None:
        if not self.kind(node, ScalarNode, what):
            return None
        if node.tag in NUMBER_TAGS:
            value = _to_float(str(node.value))
            if math.isfinite(value):
                return value
        self.report(node, f"{what} must be a finite number, not {node.value!r}")
        return None

    def identifier(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not value or not all(ch.isalnum() or ch in "_-" for ch in value):
            self.report(node, f'{what} "{value}" may only hold letters, digits, _ and -')
            return None
        return value


def _to_float(text: str) -> float:
    """A YAML number as a float: 1_000, 0x1f, 0o17 and 0b101 included; nan if unreadable."""
    text = text.replace("_", "")
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return float(int(text, 0))
    except (ValueError, OverflowError):
        return math.nan


def _fields(checker: _Checker, node: Node, allowed: tuple[str, ...], what: str,
            readers: dict[str, Callable[[Node], object]]) -> dict[str, object]:
    values: dict[str, object] = {}
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return values
    if not checker.kind(node, MappingNode, what):
        return values
    assert isinstance(node, MappingNode)
    for key, key_node, value_node in checker.entries(node, allowed, what):
        default = checker.localized if key in TEXT_KEYS else checker.text
        reader = readers.get(key, lambda n, k=key, read=default: read(n, k))
        values[key] = reader(value_node)
        values[f"@{key}"] = value_node
        if key == "label":
            checker.check_label(key_node, value_node, what)
    return values


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _read_groups(checker: _Checker, node: Node) -> list[Group]:
    groups: list[Group] = []
    if not checker.kind(node, MappingNode, "groups"):
        return groups
    assert isinstance(node, MappingNode)
    for key, key_node, value_node in checker.entries(node, None, "groups"):
        gid = checker.identifier(key_node, "group id")
        if isinstance(value_node, ScalarNode) and value_node.tag == STR_TAG:
            values: dict[str, object] = {"label": value_node.value}
            checker.check_label(key_node, value_node, f'group "{key}"')
        else:
            values = _fields(checker, value_node, GROUP_KEYS, f'group "{key}"', {})
        if gid is not None:
            label = _opt_str(values.get("label"))
            groups.append(Group(gid, label if label is not None else gid,
                                _opt_str(values.get("description")), node_position(key_node)))
    return groups


def _read_pos(checker: _Checker, node: Node) -> tuple[float, float] | None:
    if not checker.kind(node, SequenceNode, "pos"):
        return None
    assert isinstance(node, SequenceNode)
    if len(node.value) != 2:
        checker.report(node, f"pos must be a list of two numbers [x, y], not {len(node.value)}")
        return None
    x, y = (checker.number(part, "pos") for part in node.value)
    for part, value in zip(node.value, (x, y), strict=True):
        if value is not None and abs(value) > POS_LIMIT:
            checker.report(part, f"pos must lie between -{POS_LIMIT:g} and {POS_LIMIT:g} "
                                 f"centimetres, not {part.value}")
            return None
    return (x, y) if x is not None and y is not None else None


def _read_actor(checker: _Checker, aid: str, key_node: Node, value_node: Node,
                group_ids: set[str]) -> Actor:
    if isinstance(value_node, ScalarNode) and value_node.tag != NULL_TAG:
        label = checker.text(value_node, f'label of actor "{aid}"')
        checker.check_label(key_node, value_node, f'actor "{aid}"')
        return Actor(aid, label if label is not None else aid, position=node_position(key_node))
    if isinstance(value_node, ScalarNode):
        checker.check_label(key_node, value_node, f'actor "{aid}"')
    readers: dict[str, Callable[[Node], object]] = {"pos": lambda n: _read_pos(checker, n)}
    values = _fields(checker, value_node, ACTOR_KEYS, f'actor "{aid}"', readers)
    group = _opt_str(values.get("group"))
    if group is not None and group not in group_ids:
        checker.report(values["@group"], f'unknown group "{group}"'  # type: ignore[arg-type]
                       f"{checker.hint(group, group_ids)}")
        group = None
    label = _opt_str(values.get("label"))
    pos = values.get("pos")
    return Actor(aid, label if label is not None else aid, _opt_str(values.get("type")), group,
                 _opt_str(values.get("description")),
                 pos if isinstance(pos, tuple) else None, node_position(key_node))


def _check_count(checker: _Checker, node: Node, what: str, limit: int, option: str) -> None:
    count = len(node.value)
    if count > limit:
        checker.report(node, f"the map has {count:,} {what}, more than the limit of {limit:,}; "
                             f"refusing to draw it (raise the limit with {option})")


def _read_actors(checker: _Checker, node: Node, group_ids: set[str],
                 limits: LoadLimits) -> list[Actor]:
    actors: list[Actor] = []
    if not checker.kind(node, MappingNode, "actors"):
        return actors
    assert isinstance(node, MappingNode)
    _check_count(checker, node, "actors", limits.max_actors, "--max-actors")
    above: Node | None = None  # the last actor whose id is not a field name
    for _key, key_node, value_node in checker.entries(node, None, "actors"):
        aid = checker.identifier(key_node, "actor id")
        if aid in ACTOR_KEYS:
            _report_field_as_actor(checker, aid, key_node, above)
        elif aid is not None:
            above = key_node
        if aid is not None:
            actors.append(_read_actor(checker, aid, key_node, value_node, group_ids))
    return actors


def _report_field_as_actor(checker: _Checker, aid: str, key_node: Node,
                           above: Node | None) -> None:
    """`type: x` one indent too far left becomes an actor called "type": say so."""
    checker.places[("field-actor", aid)] = node_position(key_node)
    owner = (f'belongs to actor "{above.value}" (line {node_position(above).line}); '
             f'indent it under "{above.value}"') if above is not None else \
        "belongs to an actor; indent it under that actor"
    checker.report(key_node, f'actor id "{aid}" is the name of an actor field: this line '
                             f"probably lost its indentation and {owner}", "warning")


def _ref(checker: _Checker, values: dict[str, object], key: str, known: set[str],
         what: str) -> str | None:
    value = _opt_str(values.get(key))
    if value is None:
        return None
    if value not in known:
        node = values[f"@{key}"]
        assert isinstance(node, Node)
        checker.report(node, f'unknown {what} "{value}"{checker.hint(value, known)}')
        return None
    return value


def _read_strength(checker: _Checker, node: Node) -> int | None:
    if isinstance(node, ScalarNode) and node.tag == STR_TAG:
        # An error, not a guess: the JSON Schema editors use refuses "2" as well.
        text = str(node.value).strip()
        fix = f"; write strength: {text}" if text in ("1", "2", "3") else ""
        checker.report(node, f'strength must be 1, 2 or 3 without quotes, not "{node.value}"'
                             f"{fix}")
        return None
    value = checker.number(node, "strength")
    if value is None:
        return None
    if value not in (1, 2, 3):
        checker.report(node, f"strength must be 1, 2 or 3, not {node.value}")
        return None
    return int(value)


def _read_relation(checker: _Checker, node: Node, index: int, actor_ids: set[str],
                   types: dict[str, RelationType]) -> Relation | None:
    what = f"relation {index + 1}"
    readers: dict[str, Callable[[Node], object]] = {
        "strength": lambda n: _read_strength(checker, n),
        "status": lambda n: checker.choice(n, "status", STATUSES)}
    values = _fields(checker, node, RELATION_KEYS, what, readers)
    if not isinstance(node, MappingNode):
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            checker.report(node, f"{what} is empty; it needs from, to and type")
        return None
    missing = [key for key in ("from", "to", "type") if key not in values]
    for key in missing:
        checker.report(node, f'{what} is missing the required key "{key}"')
    source = _ref(checker, values, "from", actor_ids, "actor")
    target = _ref(checker, values, "to", actor_ids, "actor")
    rtype = _ref(checker, values, "type", set(types), "relation type")
    status = _opt_str(values.get("status"))
    if status is not None and rtype is not None and types[rtype].line != "zigzag":
        checker.report(values["@status"], f'status is for tensions; a "{rtype}" relation '  # type: ignore[arg-type]
                                          "has none (it goes with types drawn as a zigzag)")
        return None
    if missing or source is None or target is None or rtype is None:
        return None
    if source == target:
        checker.report(node, f'relation {index + 1} goes from "{source}" to itself; '
                             "a relation needs two different actors")
        return None
    strength = values.get("strength")
    return Relation(source, target, rtype, _opt_str(values.get("label")),
                    _opt_str(values.get("description")), _opt_str(values.get("quote")),
                    strength if isinstance(strength, int) else None, 1, node_position(node),
                    status)


def _number_relations(relations: list[Relation]) -> list[Relation]:
    counts: dict[frozenset[str], int] = {}
    numbered = []
    for relation in relations:
        pair = frozenset((relation.source, relation.target))
        counts[pair] = counts.get(pair, 0) + 1
        numbered.append(replace(relation, number=counts[pair]))
    return numbered


def _read_relations(checker: _Checker, node: Node, actor_ids: set[str],
                    types: dict[str, RelationType], limits: LoadLimits) -> list[Relation]:
    if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
        return []
    if not checker.kind(node, SequenceNode, "relations"):
        return []
    assert isinstance(node, SequenceNode)
    _check_count(checker, node, "relations", limits.max_relations, "--max-relations")
    relations = []
    for index, item in enumerate(node.value):
        relation = _read_relation(checker, item, index, actor_ids, types)
        if relation is not None:
            relations.append(relation)
    return _number_relations(relations)


def _read_styles(checker: _Checker, node: Node) -> list[ActorStyle]:
    styles: list[ActorStyle] = []
    if not checker.kind(node, MappingNode, "styles"):
        return styles
    assert isinstance(node, MappingNode)
    for key, key_node, value_node in checker.entries(node, None, "styles"):
        checker.places[("style", key)] = node_position(key_node)
        readers: dict[str, Callable[[Node], object]] = {
            "shape": lambda n: checker.choice(n, "shape", SHAPES),
            "color": lambda n: _read_color(checker, n)}
        values = _fields(checker, value_node, STYLE_KEYS, f'style "{key}"', readers)
        styles.append(ActorStyle(key, _opt_str(values.get("color")),
                                 _opt_str(values.get("shape")), _opt_str(values.get("label"))))
    return styles


def _read_color(checker: _Checker, node: Node) -> str | None:
    value = checker.text(node, "color")
    if value is None:
        return None
    from ._colors import is_color  # small module, no matplotlib import

    if not is_color(value):
        checker.report(node, f'"{value}" is not a colour; use a name like "teal" or "#1b9e77"')
        return None
    return value


def _read_relation_types(checker: _Checker, node: Node) -> list[RelationType]:
    types: list[RelationType] = []
    if not checker.kind(node, MappingNode, "relation_types"):
        return types
    assert isinstance(node, MappingNode)
    for key, key_node, value_node in checker.entries(node, None, "relation_types"):
        name = checker.identifier(key_node, "relation type name")
        readers: dict[str, Callable[[Node], object]] = {
            "directed": lambda n: checker.boolean(n, "directed"),
            "line": lambda n: checker.choice(n, "line", LINE_PATTERNS),
            "marker": lambda n: checker.choice(n, "marker", MARKERS),
            "color": lambda n: _read_color(checker, n)}
        values = _fields(checker, value_node, RELATION_TYPE_KEYS, f'relation type "{key}"',
                         readers)
        if name is None:
            continue
        base = BUILTIN_RELATION_TYPES.get(name, RelationType(name, directed=True))
        directed = values.get("directed")
        types.append(RelationType(
            name, directed if isinstance(directed, bool) else base.directed,
            _opt_str(values.get("label")) or base.label,
            _opt_str(values.get("color")) or base.color,
            _opt_str(values.get("line")) or base.line,
            _opt_str(values.get("marker")) or base.marker,
            builtin=base.builtin))
    return types


def _read_legend(checker: _Checker, node: Node) -> Legend:
    if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
        show = checker.boolean(node, "legend")
        return Legend(show=show is not False)
    labels: list[tuple[str, str]] = []

    def read_labels(n: Node) -> object:
        if checker.kind(n, MappingNode, "legend labels"):
            assert isinstance(n, MappingNode)
            for key, kn, vn in checker.entries(n, None, "legend labels"):
                checker.places[("legend", key)] = node_position(kn)
                checker.check_label(kn, vn, f'the legend entry "{key}"')
                text = checker.localized(vn, f'legend label of "{key}"')
                if text is not None:
                    labels.append((key, text))
        return None

    readers: dict[str, Callable[[Node], object]] = {
        "show": lambda n: checker.boolean(n, "show"), "labels": read_labels}
    values = _fields(checker, node, LEGEND_KEYS, "legend", readers)
    return Legend(values.get("show") is not False, _opt_str(values.get("title")), tuple(labels))


def _warn_missing_package(checker: _Checker, node: Node | None, name: str | None
                          ) -> str | None:
    """Warn where a map names a layout whose package is not installed here (the map
    is still valid: it is drawn with the default layout until it is installed)."""
    missing = None if name is None or name == "own" else missing_package(name)
    if node is not None and missing is not None:
        checker.report(node, f"{missing}; until then the map is drawn with the default "
                             "layout", "warning")
    return name


def _warnings(checker: _Checker, actors: list[Actor], relations: list[Relation],
              groups: list[Group]) -> None:
    connected = {r.source for r in relations} | {r.target for r in relations}
    for actor in actors:
        if ("field-actor", actor.id) in checker.places:
            continue  # already reported as a field that lost its indentation
        if actor.id not in connected and relations:
            checker.report(actor.position, f'actor "{actor.id}" has no relations', "warning")
    seen: dict[tuple[object, ...], Relation] = {}
    for relation in relations:
        key = (relation.source, relation.target, relation.type, relation.label,
               relation.description, relation.quote, relation.strength)
        if key in seen:
            checker.report(relation.position, "relation duplicates the one at line "
                           f"{seen[key].position.line} exactly", "warning")
        seen.setdefault(key, relation)
    members = {a.group for a in actors}
    for group in groups:
        if group.id not in members:
            checker.report(group.position, f'group "{group.id}" has no members', "warning")


def _suspicions(checker: _Checker, actors: list[Actor], relations: list[Relation],
                relation_types: dict[str, RelationType]) -> None:
    """Warnings for legal YAML that almost surely does not say what was meant."""
    actor_types = {a.type for a in actors if a.type}
    for (kind, name), where in sorted(checker.places.items()):
        if kind == "style" and name not in actor_types:
            checker.report(where, f'style for type "{name}", which no actor has'
                                  f"{checker.hint(name, actor_types)}", "warning")
        known = actor_types | set(relation_types)
        if kind == "legend" and name not in known:
            checker.report(where, f'legend label for "{name}", which is no relation type or '
                                  f"actor type in the map{checker.hint(name, known)}", "warning")
    seen: dict[tuple[object, ...], Relation] = {}
    for relation in relations:
        rtype = relation_types.get(relation.type)
        reverse = seen.get((relation.target, relation.source, relation.type, relation.label))
        if rtype is not None and not rtype.directed and reverse is not None:
            checker.report(relation.position, (
                f"relation repeats the one at line {reverse.position.line} in reverse: "
                f'"{relation.type}" has no direction, so "{relation.source}" to '
                f'"{relation.target}" says the same as "{relation.target}" to '
                f'"{relation.source}"'), "warning")
        seen.setdefault((relation.source, relation.target, relation.type, relation.label),
                        relation)


def _read_lang(checker: _Checker, node: Node) -> str | None:
    value = checker.text(node, "lang")
    if value is not None and not LANG_CODE.fullmatch(value):
        checker.report(node, f'lang "{value}" is not a language code such as nl or en')
        return None
    return value


def _read_names(checker: _Checker, node: Node, what: str, known: set[str]) -> tuple[str, ...]:
    """A list of names (a single name will do), each of which must be known."""
    items = [node] if isinstance(node, ScalarNode) else (
        node.value if checker.kind(node, SequenceNode, what) else [])
    names = []
    for item in items:
        name = checker.text(item, what)
        if name is None:
            continue
        if name not in known:
            checker.report(item, f'{what}: unknown "{name}"{checker.hint(name, known)}; '
                                 f"known: {', '.join(sorted(known)) or 'none'}")
        else:
            names.append(name)
    return tuple(names)


def _read_filter(checker: _Checker, node: Node, what: str,
                 known: dict[str, set[str]]) -> ViewFilter:
    readers: dict[str, Callable[[Node], object]] = {
        key: (lambda n, key=key: _read_names(checker, n, f"{what} {key}", known[key]))
        for key in FILTER_KEYS}
    values = _fields(checker, node, FILTER_KEYS, what, readers)
    lists = {key: values[key] for key in FILTER_KEYS if isinstance(values.get(key), tuple)}
    return ViewFilter(**lists)  # type: ignore[arg-type]


def _read_steps(checker: _Checker, node: Node) -> int | None:
    value = checker.number(node, "steps")
    if value is not None and (value != int(value) or not 0 <= value <= MAX_STEPS):
        checker.report(node, f"steps must be a whole number from 0 to {MAX_STEPS}, "
                             f"not {node.value}")
        return None
    return None if value is None else int(value)


def _read_view(checker: _Checker, name: str, key_node: Node, node: Node,
               known: dict[str, set[str]]) -> View:
    what = f'view "{name}"'
    readers: dict[str, Callable[[Node], object]] = {
        "keep": lambda n: _read_filter(checker, n, f"{what} keep", known),
        "drop": lambda n: _read_filter(checker, n, f"{what} drop", known),
        "focus": lambda n: (_read_names(checker, n, f"{what} focus", known["actors"])
                            if isinstance(n, ScalarNode) else checker.text(n, "focus")),
        "steps": lambda n: _read_steps(checker, n),
        "layout": lambda n: _warn_missing_package(
            checker, n, checker.choice(n, "layout of a view", ("own", *LAYOUT_NAMES))),
        "size_by": lambda n: checker.choice(n, "size_by", SIZE_MEASURES),
        "keep_unconnected": lambda n: checker.boolean(n, "keep_unconnected")}
    values = _fields(checker, node, VIEW_KEYS, what, readers)
    focus = values.get("focus")
    steps = values.get("steps")
    return View(name, _opt_str(values.get("title")), _opt_str(values.get("subtitle")),
                values.get("keep") or ViewFilter(), values.get("drop") or ViewFilter(),  # type: ignore[arg-type]
                focus[0] if isinstance(focus, tuple) and focus else None,
                steps if isinstance(steps, int) else 1, _opt_str(values.get("layout")),
                _opt_str(values.get("size_by")), values.get("keep_unconnected") is True,
                node_position(key_node))


def _read_views(checker: _Checker, node: Node, actors: list[Actor], relations: list[Relation],
                groups: list[Group], type_names: set[str]) -> list[View]:
    views: list[View] = []
    if not checker.kind(node, MappingNode, "views"):
        return views
    assert isinstance(node, MappingNode)
    known = {"types": {a.type for a in actors if a.type is not None},
             "groups": {g.id for g in groups}, "actors": {a.id for a in actors},
             "relations": type_names}
    for _key, key_node, value_node in checker.entries(node, None, "views"):
        name = checker.identifier(key_node, "view name")
        if name is not None:
            views.append(_read_view(checker, name, key_node, value_node, known))
    return views


def _check_views(checker: _Checker, model: Map) -> None:
    from ._views import view_map

    for view in model.views:
        if not view_map(model, view.name).actors:
            checker.report(view.position, f'view "{view.name}" leaves no actors to draw')


def _read_top(checker: _Checker, root: Node) -> dict[str, Node]:
    top: dict[str, Node] = {}
    if not isinstance(root, MappingNode):
        checker.report(root, "the top level of a map must be a mapping with at least "
                             f"`actors:`, not {KIND_NAMES.get(type(root), 'this')}")
        return top
    for key, _key_node, value_node in checker.entries(root, TOP_KEYS, "the map"):
        top[key] = value_node
    if "actors" not in top:
        checker.report(root, 'the map is missing the required key "actors"')
    return top


def build_map(root: Node, path: str, limits: LoadLimits = LoadLimits(), text: str = ""
              ) -> tuple[Map | None, list[Diagnostic]]:
    """Check a node tree; return the map (None if there are errors) and all diagnostics."""
    checker = _Checker(path, lines=LINE_BREAK.split(text))
    checker.check_tags(root)
    top = _read_top(checker, root)
    if not isinstance(root, MappingNode):
        return None, checker.diagnostics
    if "lang" in top:
        checker.lang = _read_lang(checker, top["lang"])
    texts = {key: checker.localized(top[key], key) if key in top else None
             for key in ("title", "subtitle", "source")}
    size_by = checker.choice(top["size_by"], "size_by", SIZE_MEASURES) \
        if "size_by" in top else None
    theme = checker.choice(top["theme"], "theme", THEMES) if "theme" in top else None
    layout = checker.choice(top["layout"], "layout", LAYOUT_NAMES) if "layout" in top else None
    _warn_missing_package(checker, top.get("layout"), layout)
    legend = _read_legend(checker, top["legend"]) if "legend" in top else Legend()
    if "computed" in top:  # written by `export --positions`; not read: layouts are redone
        checker.kind(top["computed"], MappingNode, "computed")
    styles = _read_styles(checker, top["styles"]) if "styles" in top else []
    declared = _read_relation_types(checker, top["relation_types"]) \
        if "relation_types" in top else []
    relation_types = {**BUILTIN_RELATION_TYPES, **{rt.name: rt for rt in declared}}
    groups = _read_groups(checker, top["groups"]) if "groups" in top else []
    actors = _read_actors(checker, top["actors"], {g.id for g in groups}, limits) \
        if "actors" in top else []
    relations = _read_relations(checker, top["relations"], {a.id for a in actors},
                                relation_types, limits) if "relations" in top else []
    _warnings(checker, actors, relations, groups)
    _suspicions(checker, actors, relations, relation_types)
    views = _read_views(checker, top["views"], actors, relations, groups,
                        set(relation_types)) if "views" in top else []
    if any(d.severity == "error" for d in checker.diagnostics):
        return None, checker.diagnostics
    model = Map(path, tuple(actors), tuple(relations), tuple(groups), texts["title"],
                texts["subtitle"], texts["source"], theme, layout, legend, tuple(styles),
                tuple(relation_types.values()),
                tuple((key, node_position(node)) for key, node in top.items()),
                checker.lang, tuple(views), size_by)
    _check_views(checker, model)
    if any(d.severity == "error" for d in checker.diagnostics):
        return None, checker.diagnostics
    return model, checker.diagnostics
