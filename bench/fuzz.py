"""Fuzz conceptmap: random bytes and structure-aware mutations of real maps.

    .venv/bin/python bench/fuzz.py [--cases 10000] [--seed 1] [--render-every 25]

Each case is written to a file and checked with conceptmap.check; every 25th valid
map is also checked for missing glyphs and rendered to SVG (and parsed back as XML).
A case ends in one of:

- a clean diagnostic: the map is refused, every diagnostic has a line and column
  inside the file;
- valid: the map is accepted (and, when sampled, renders to a well-formed SVG);
- anything else: an exception, a diagnostic outside the file, a malformed SVG, or a
  case that takes longer than --timeout seconds.

Prints the counts and exits with 1 if "anything else" is not 0. The seeds are the
maps in maps/ and the hostile corpus in tests/corpus/.
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import conceptmap  # noqa: E402
from conceptmap import Diagnostic  # noqa: E402

LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
TOKENS = ["actors", "relations", "groups", "styles", "legend", "title", "from", "to", "type",
          "label", "group", "pos", "strength", "tension", "cooperation", "a", "b", ":", "- ",
          "{", "}", "[", "]", ",", "&x ", "*x", "!!str ", "!!python/object:os.system ", "? ",
          "'", '"', "#", "|\n", ">-\n", "---\n", "...\n", "%YAML 1.1\n", "\t", "  ", "\n",
          "\r\n", "\u2028", "~", "null", "3", "1e+400", ".nan", "\\", "$x$", "<b>", "é", "中",
          "🎉", "\u202e", "\x07", "\ufeff"]
NEW_VALUES = ["[]", "{}", "~", "''", "42", "-7", "1.5e+3", "0x1F", ".inf", "true", "no",
              "[a, b]", "{a: b}", "*x", "&x {}", "!!binary aGk=", "!!set {a}", '"\\x07\\u202e"',
              "2018-01-27", "|\n  blok", "[" * 70, "'" + "x" * 5000 + "'"]
Outcome = tuple[str, str]  # (kind, detail)


class CaseTimeout(Exception):
    pass


def seeds() -> tuple[list[bytes], list[bytes]]:
    """(valid maps, every seed): mutations start from a valid map three times in four."""
    files = sorted((ROOT / "maps").glob("*.yaml")) + sorted((ROOT / "tests" / "corpus").glob("*"))
    every = [path.read_bytes() for path in files if path.is_file() and path.suffix == ".yaml"]
    return [data for data in every if _valid(data)], every


def _valid(data: bytes) -> bool:
    try:
        conceptmap.loads(data)
    except conceptmap.MapError:
        return False
    return True


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def delete_line(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    del lines[rng.randrange(len(lines))]
    return lines


def swap_lines(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return lines


def duplicate_line(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    lines.insert(rng.randrange(len(lines)), rng.choice(lines))
    return lines


def swap_keys(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    """Exchange the keys of two `key: value` lines, keeping their values and indents."""
    keyed = [i for i, line in enumerate(lines) if b":" in line]
    if len(keyed) < 2:
        return lines
    i, j = rng.sample(keyed, 2)
    (ki, vi), (kj, vj) = lines[i].split(b":", 1), lines[j].split(b":", 1)
    indent_i, indent_j = ki[: len(ki) - len(ki.lstrip())], kj[: len(kj) - len(kj.lstrip())]
    lines[i] = indent_i + kj.lstrip() + b":" + vi
    lines[j] = indent_j + ki.lstrip() + b":" + vj
    return lines


def change_type(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    """Give one key another kind of value: a list for a text, a number for a mapping..."""
    keyed = [i for i, line in enumerate(lines) if b":" in line]
    if keyed:
        i = rng.choice(keyed)
        key = lines[i].split(b":", 1)[0]
        lines[i] = key + b": " + rng.choice(NEW_VALUES).encode() + b"\n"
    return lines


def reindent(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    i = rng.randrange(len(lines))
    lines[i] = (b" " * rng.randint(0, 6)) + lines[i].lstrip(b" ")
    return lines


def insert_token(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    i = rng.randrange(len(lines))
    at = rng.randint(0, len(lines[i]))
    lines[i] = lines[i][:at] + rng.choice(TOKENS).encode() + lines[i][at:]
    return lines


LINE_MUTATIONS: list[Callable[[random.Random, list[bytes]], list[bytes]]] = [
    delete_line, swap_lines, duplicate_line, swap_keys, change_type, reindent, insert_token]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]  # may cut a UTF-8 sequence in half


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    mutable = bytearray(data or b" ")
    for _ in range(rng.randint(1, 4)):
        mutable[rng.randrange(len(mutable))] = rng.randrange(256)
    return bytes(mutable)


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)):]


def make_case(rng: random.Random, valid: list[bytes], every: list[bytes]
              ) -> tuple[str, bytes]:
    """A (kind, bytes) case: random bytes, a token soup or a mutated seed."""
    corpus = valid if rng.random() < 0.75 else every
    roll = rng.random()
    if roll < 0.12:
        return "random bytes", rng.randbytes(rng.randint(0, 2000))
    if roll < 0.22:
        return "token soup", "".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 80))
                                     ).encode()
    data = rng.choice(corpus)
    if roll < 0.30:
        return "truncated", truncate(rng, data)
    if roll < 0.36:
        return "flipped bytes", flip_bytes(rng, data)
    if roll < 0.40:
        return "spliced", splice(rng, data, rng.choice(corpus))
    lines = lines_of(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        lines = rng.choice(LINE_MUTATIONS)(rng, lines) or [b""]
    return "mutated lines", b"".join(lines)


def inside(data: bytes, diagnostic: Diagnostic) -> bool:
    """The diagnostic's line and column lie in the file (lines as YAML counts them)."""
    if diagnostic.position is None:  # about the whole file: points at no line
        return True
    lines = LINE_BREAK.split(data.decode("utf-8-sig", errors="replace"))
    if not 1 <= diagnostic.line <= len(lines) or diagnostic.column < 1:
        return False
    return diagnostic.column <= len(lines[diagnostic.line - 1]) + 1


def run_case(path: Path, data: bytes, render: bool) -> Outcome:
    path.write_bytes(data)
    result = conceptmap.check(path)
    outside = [str(d) for d in result.diagnostics if not inside(data, d)]
    if outside:
        return "anything else", f"diagnostic outside the file: {outside[0]}"
    if result.map is None:
        return ("clean diagnostic", "") if result.errors else ("anything else", "no errors")
    if not render:
        return "valid", ""
    outside = [str(d) for d in conceptmap.glyph_warnings(result.map) if not inside(data, d)]
    if outside:
        return "anything else", f"glyph warning outside the file: {outside[0]}"
    ET.fromstring(conceptmap.render_bytes(result.map, "svg"))
    return "valid, rendered", ""


def guarded(path: Path, data: bytes, render: bool, timeout: int) -> Outcome:
    def alarm(_signum: int, _frame: object) -> None:
        raise CaseTimeout(f"took longer than {timeout} s")

    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, alarm)
        signal.alarm(timeout)
    try:
        return run_case(path, data, render)
    except Exception as exc:
        return "anything else", "".join(traceback.format_exception_only(exc)).strip()
    finally:
        if hasattr(signal, "SIGALRM"):
            signal.alarm(0)


def fuzz(cases: int, seed: int, render_every: int, timeout: int, save: Path | None
         ) -> tuple[Counter[str], Counter[str], list[tuple[str, bytes, str]], float]:
    rng, (valid_seeds, every_seed) = random.Random(seed), seeds()
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    failures: list[tuple[str, bytes, str]] = []
    slowest = 0.0
    valid = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        for number in range(cases):
            kind, data = make_case(rng, valid_seeds, every_seed)
            start = time.perf_counter()
            outcome, detail = guarded(path, data, valid % render_every == 0, timeout)
            slowest = max(slowest, time.perf_counter() - start)
            valid += outcome.startswith("valid")
            counts[outcome] += 1
            kinds[kind] += 1
            if outcome == "anything else":
                failures.append((kind, data, detail))
                if save is not None:
                    save.mkdir(parents=True, exist_ok=True)
                    (save / f"case-{number}.yaml").write_bytes(data)
    return counts, kinds, failures, slowest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--render-every", type=int, default=25,
                        help="render every Nth valid map to SVG (default 25)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per case")
    parser.add_argument("--save", type=Path, help="folder to save failing cases in")
    args = parser.parse_args()
    start = time.perf_counter()
    counts, kinds, failures, slowest = fuzz(args.cases, args.seed, args.render_every,
                                            args.timeout, args.save)
    elapsed = time.perf_counter() - start
    print(f"{args.cases:,} cases, seed {args.seed}, {elapsed:.0f} s "
          f"(slowest case {slowest:.2f} s)")
    print("inputs:   " + ", ".join(f"{kind} {n:,}" for kind, n in sorted(kinds.items())))
    print(f"{'outcome':<28}{'cases':>8}")
    for outcome in ("clean diagnostic", "valid", "valid, rendered", "anything else"):
        print(f"{outcome:<28}{counts[outcome]:>8,}")
    for kind, data, detail in failures[:10]:
        print(f"\n[{kind}] {detail}\n  input: {data[:300]!r}")
    return 1 if counts["anything else"] else 0


if __name__ == "__main__":
    sys.exit(main())
