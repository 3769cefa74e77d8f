"""Languages: texts given in several languages, and conceptmap's own words in Dutch and English.

A text field may be a mapping of language codes (`label: {nl: Raad, en: Council}`). The
model keeps such a text as a Localized: a str holding the text in the map's language,
which also knows its other languages. Everything downstream reads plain strings;
`translate` gives the same map with every Localized text in another language.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

from ._diagnostics import Diagnostic, Position
from ._model import Map, RelationType

__all__ = ["BUILTIN_LANGUAGES", "LANG_CODE", "Localized", "builtin_text", "languages",
           "translate", "translation_warnings", "type_legend_text"]

LANG_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")  # nl, en, fy, pt-BR
BUILTIN_LANGUAGES = ("en", "nl")
_FALLBACK = "en"

# conceptmap's own words: built-in relation types, statuses, legend and diff texts.
_BUILTIN: dict[str, dict[str, str]] = {
    "tension": {"en": "tension", "nl": "spanning"},
    "cooperation": {"en": "cooperation", "nl": "samenwerking"},
    "information": {"en": "information", "nl": "informatie"},
    "control": {"en": "control", "nl": "sturing"},
    "influence": {"en": "influence", "nl": "invloed"},
    "latent": {"en": "latent tension", "nl": "latente spanning"},
    "open": {"en": "open tension", "nl": "open spanning"},
    "escalated": {"en": "escalated tension", "nl": "geëscaleerde spanning"},
    "size-betweenness": {"en": "size: brokerage (betweenness)",
                         "nl": "grootte: makelaarsrol (tussenpositie)"},
    "size-degree": {"en": "size: number of relations", "nl": "grootte: aantal relaties"},
    "size-tensions": {"en": "size: number of tensions", "nl": "grootte: aantal spanningen"},
    "low": {"en": "low", "nl": "laag"},
    "high": {"en": "high", "nl": "hoog"},
    "added": {"en": "added", "nl": "toegevoegd"},
    "removed": {"en": "removed", "nl": "verwijderd"},
}


def builtin_text(key: str, lang: str | None) -> str:
    """One of conceptmap's own words in `lang` (English when it has no such language)."""
    words = _BUILTIN[key]
    return words.get(lang or _FALLBACK, words[_FALLBACK])


def type_legend_text(rtype: RelationType, lang: str | None) -> str:
    """What the legend calls a relation type: its label, else for a built-in type its name
    in `lang`, else its name."""
    if rtype.builtin and rtype.label is None:
        return builtin_text(rtype.name, lang)
    return rtype.legend_label


class Localized(str):
    """A text in several languages; as a str, it is the text in the map's language."""

    translations: tuple[tuple[str, str], ...]
    position: Position

    def __new__(cls, text: str, translations: tuple[tuple[str, str], ...] = (),
                position: Position = Position()) -> Localized:
        made = super().__new__(cls, text)
        made.translations = translations
        made.position = position
        return made

    def has(self, lang: str) -> bool:
        return any(code == lang for code, _text in self.translations)

    def in_language(self, lang: str) -> Localized:
        """The text in `lang`; the current text where it has none."""
        text = dict(self.translations).get(lang, str(self))
        return Localized(text, self.translations, self.position)


T = TypeVar("T")


def _each_localized(value: object):  # type: ignore[no-untyped-def]
    if isinstance(value, Localized):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _each_localized(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _each_localized(item)


def _in_language(value: T, lang: str) -> T:
    if isinstance(value, Localized):
        return value.in_language(lang)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _in_language(getattr(value, f.name), lang)
                   for f in fields(value) if f.init}
        return replace(value, **changes)  # type: ignore[type-var]
    if isinstance(value, tuple):
        return tuple(_in_language(item, lang) for item in value)  # type: ignore[return-value]
    return value


def languages(model: object) -> tuple[str, ...]:
    """Every language code the map's texts are given in, sorted."""
    return tuple(sorted({code for text in _each_localized(model)
                         for code, _text in text.translations}))


def translate(model: Map, lang: str) -> Map:
    """The map with its texts in `lang` (where a text has no such language, as it was)
    and conceptmap's own words in `lang` too."""
    return replace(_in_language(model, lang), lang=lang)


def translation_warnings(model: object, path: str, lang: str) -> tuple[Diagnostic, ...]:
    """A warning for each text that has other languages but not `lang`."""
    known = languages(model)
    if known and lang not in known:
        return (Diagnostic(path, None, "warning",  # about the whole map: no line
                           f'the map has no texts in "{lang}" (it has {", ".join(known)}); '
                           "they stay as written"),)
    found = {}
    for text in _each_localized(model):
        if not text.has(lang):
            found[text.position] = Diagnostic(
                path, text.position, "warning",
                f'no "{lang}" text for "{_short(text)}"; it stays as written')
    return tuple(sorted(found.values(), key=lambda d: d.position))


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
