"""Routes eased apart: two relations whose curves run on top of each other (within
NEAR for more than ALONG) read as one line. Where that happens, one of them is shifted
sideways, away from the other, over the pieces where they meet, where the shifted curve
still misses the actors, stays inside the drawing, runs on top of fewer relations, runs
under no more labels and crosses no more relations than before. Then a curve that runs
under another relation's label is shifted across its way, out from under it, where it
then runs under fewer labels and on top of no more relations (and keeps the other rules).

A route is a chain of quadratic pieces P0 C0 P1 C1 ... Pn. A shift moves the controls
of the pieces concerned; each point between two pieces keeps its place along the line
between its two controls, so that the curve stays as smooth as it was, and the ends and
the label's point stay where they are (the line must still reach them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._geometry import FloatArray, Point, rects_hit_by_polyline
from .crossings import segments_cross

__all__ = ["Relation", "ease_apart"]

NEAR = 2.5  # points: two curves this close ...
ALONG = 12.0  # ... over this long (measured along one of them) are drawn as one
SHIFTS = (3.0, 6.0, 12.0)  # points a curve is moved away from the other, smallest first
LIFTS = (8.0, 16.0, 24.0, 32.0, 40.0)  # points a curve is moved to leave a label it runs under
LIFT_ATTEMPTS = 120  # labels a curve runs under that it is tried out from, at most
PASSES = 2  # rounds over the pairs still close after the one before
SAMPLES = 12  # segments per quadratic piece, for crossings and boxes
STEP = 1.5  # points between the samples closeness is measured on
NEIGHBOURS = 12  # nearest samples looked at around each (its own curve takes about five)
ATTEMPTS = 150  # shifts tried on one map at most (each costs a millisecond or two), the
# pairs that run together longest first
LIMIT = 300  # relations: above this (the caller's check), the pairs cost more time than
# they are worth


@dataclass(frozen=True)
class Relation:
    """What a route keeps to while it moves: the boxes it may not touch, its points that
    stay (indices into the route), and its two actors."""

    avoid: FloatArray
    fixed: frozenset[int]
    ends: tuple[str, str]


def ease_apart(routes: Mapping[str, tuple[Point, ...]], relations: Mapping[str, Relation],
               plates: Mapping[str, tuple[float, float, float, float]],
               extent: tuple[float, float, float, float]) -> dict[str, tuple[Point, ...]]:
    """The routes, with those that run on top of each other shifted apart, and those
    that run under another relation's label shifted out from under it, within `extent`
    (x0, y0, x1, y1)."""
    keys = sorted(routes)
    eased = dict(routes)
    if len(keys) < 2:
        return eased
    drawn = {key: Curve.of(routes[key]) for key in keys}
    plate_keys = sorted(plates)
    plate_rects = np.array([plates[k] for k in plate_keys], dtype=float).reshape(-1, 4)
    field = Field(keys, drawn, relations)
    tried = 0
    for number in range(PASSES):
        if number:  # the curves as the pass before left them, in one tree again
            field = Field(keys, field.drawn, relations)
        moved = False
        for a, b in field.close_pairs():
            for mover, other in ((a, b), (b, a)):
                if tried == ATTEMPTS:
                    break
                tried += 1
                shifted = field.shifted(mover, other, eased[mover],
                                        plate_rects[[k != mover for k in plate_keys]],
                                        extent)
                if shifted is not None:
                    eased[mover] = shifted
                    field.move(mover, Curve.of(shifted))
                    moved = True
                    break
        if not moved or tried == ATTEMPTS:
            break
    # Then out from under other relations' labels, where a shift across its way does it.
    budget = LIFT_ATTEMPTS
    for key in keys:
        others = plate_rects[[k != key for k in plate_keys]]
        for plate in others[rects_hit_by_polyline(field.drawn[key].coarse, others)]:
            budget -= 1
            if budget < 0:
                return eased
            lifted = field.lifted(key, eased[key], plate, others, extent)
            if lifted is not None:
                eased[key] = lifted
                field.move(key, Curve.of(lifted))
    return eased


@dataclass(frozen=True)
class Curve:
    """A route's curve: `coarse`, SAMPLES segments per piece (piece k is rows k * SAMPLES
    to (k + 1) * SAMPLES), and `fine`, a sample every STEP along it, with the piece each
    fine sample lies on."""

    coarse: FloatArray
    fine: FloatArray
    piece: np.ndarray

    @classmethod
    def of(cls, route: Sequence[Point]) -> Curve:
        from .._paths import sample_route

        coarse = sample_route(route, samples=SAMPLES)
        arc = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(coarse, axis=0).T))])
        at = np.append(np.arange(0.0, arc[-1], STEP), arc[-1])
        fine = np.column_stack([np.interp(at, arc, coarse[:, 0]),
                                np.interp(at, arc, coarse[:, 1])])
        segment = np.clip(np.searchsorted(arc, at, side="right") - 1, 0, len(coarse) - 2)
        return cls(coarse, fine, segment // SAMPLES)

    def window(self, first: int, last: int) -> Curve:
        """The part on pieces first to last."""
        keep = (self.piece >= first) & (self.piece <= last)
        return Curve(self.coarse[first * SAMPLES:(last + 1) * SAMPLES + 1], self.fine[keep],
                     self.piece[keep])


class Field:
    """Every relation's curve, to measure one curve against all the others: the curves
    as they were at the start of a pass in one tree, those moved since in another."""

    def __init__(self, keys: Sequence[str], drawn: Mapping[str, Curve],
                 relations: Mapping[str, Relation]) -> None:
        self.keys = list(keys)
        self.index = {k: n for n, k in enumerate(self.keys)}
        self.drawn = dict(drawn)
        self.relations = relations
        self.base = _Samples(self.keys, self.drawn, range(len(self.keys)))
        self.moved: list[int] = []
        self.fresh: _Samples | None = None

    def move(self, key: str, curve: Curve) -> None:
        self.drawn[key] = curve
        if self.index[key] not in self.moved:
            self.moved.append(self.index[key])
        self.fresh = _Samples(self.keys, self.drawn, self.moved)

    def close_pairs(self) -> list[tuple[str, str]]:
        """Pairs of relations whose curves run on top of each other, longest run first
        (ties in key order)."""
        runs: dict[tuple[int, int], float] = {}
        for me, key in enumerate(self.keys):
            rows, owners, _ = self._found(me, self.drawn[key].fine)
            along = _runs(rows, owners, len(self.keys))
            for other in np.flatnonzero(along > ALONG):
                pair = (min(me, int(other)), max(me, int(other)))
                runs[pair] = max(runs.get(pair, 0.0), float(along[other]))
        return [(self.keys[a], self.keys[b])
                for a, b in sorted(runs, key=lambda pair: (-runs[pair], pair))]

    def shifted(self, mover: str, other: str, route: tuple[Point, ...], plates: FloatArray,
                extent: tuple[float, float, float, float]) -> tuple[Point, ...] | None:
        """The mover's route shifted away from the other's curve where they meet, by the
        smallest of SHIFTS that keeps to the rules (see _first_kept); None if none does."""
        me, them = self.index[mover], self.index[other]
        curve = self.drawn[mover]
        rows, owners, points = self._found(me, curve.fine)
        theirs = owners == them
        if _runs(rows[theirs], owners[theirs], len(self.keys))[them] <= ALONG:
            return None  # an earlier shift took them apart
        direction = (curve.fine[rows[theirs]] - points[theirs]).sum(axis=0)
        if np.hypot(*direction) < 1e-6:
            return None
        away = direction / np.hypot(*direction)
        moves = [away * shift for shift in SHIFTS]
        return self._first_kept(me, route, np.unique(curve.piece[rows[theirs]]), moves,
                                plates, extent, fewer="on top")

    def lifted(self, key: str, route: tuple[Point, ...], plate: FloatArray,
               plates: FloatArray, extent: tuple[float, float, float, float]
               ) -> tuple[Point, ...] | None:
        """The route shifted out from under a label's `plate`, across its way, where it
        then runs under fewer labels and keeps to the other rules (see the module)."""
        me = self.index[key]
        curve = self.drawn[key]
        inside = ((curve.fine[:, 0] > plate[0]) & (curve.fine[:, 0] < plate[2])
                  & (curve.fine[:, 1] > plate[1]) & (curve.fine[:, 1] < plate[3]))
        if not inside.any():
            return None
        centre = np.array([(plate[0] + plate[2]) / 2, (plate[1] + plate[3]) / 2])
        along = np.diff(curve.fine[inside], axis=0).sum(axis=0) if inside.sum() > 1 else None
        if along is None or np.hypot(*along) < 1e-6:
            return None
        normal = np.array([-along[1], along[0]]) / np.hypot(*along)
        side = float((curve.fine[inside].mean(axis=0) - centre) @ normal)
        signs = (1.0, -1.0) if side >= 0 else (-1.0, 1.0)
        moves = [normal * sign * shift for sign in signs for shift in LIFTS]
        return self._first_kept(me, route, np.unique(curve.piece[inside]), moves, plates,
                                extent, fewer="under")

    def _first_kept(self, me: int, route: tuple[Point, ...], pieces: np.ndarray,
                    moves: Sequence[FloatArray], plates: FloatArray,
                    extent: tuple[float, float, float, float], fewer: str
                    ) -> tuple[Point, ...] | None:
        """The route with `pieces` moved by the first of `moves` that keeps to the rules:
        it stays inside `extent`, misses the boxes it must, runs on top of fewer other
        relations (`fewer` "on top") or under fewer labels (`fewer` "under") and no more
        of the other, and crosses no more relations. The cheap tests come first."""
        # Only the pieces moved and their neighbours (whose ends move) change: the curve
        # is measured there, before and after.
        first = max(int(pieces[0]) - 1, 0)
        last = min(int(pieces[-1]) + 1, (len(route) - 3) // 2)
        before = self.drawn[self.keys[me]].window(first, last)
        on_top, under, crossed = self._on_top(me, before), _under(before, plates), None
        relation = self.relations[self.keys[me]]
        for move in moves:
            shifted = _shifted(route, pieces, move, relation.fixed)
            after = Curve.of(shifted).window(first, last)
            if not _inside(after.coarse, extent) or \
                    rects_hit_by_polyline(after.coarse, relation.avoid).any():
                continue
            now = (self._on_top(me, after), _under(after, plates))
            better = now[0] < on_top if fewer == "on top" else now[1] < under
            if not better or now[0] > on_top or now[1] > under:
                continue
            if crossed is None:
                crossed = self._crossed(me, before)
            if self._crossed(me, after) <= crossed:
                return shifted
        return None

    def _found(self, me: int, fine: FloatArray) -> tuple[np.ndarray, np.ndarray, FloatArray]:
        """The samples of other relations' curves within NEAR of the curve `fine`: for
        each, the curve's sample it is near (row), its relation and where it is."""
        parts = [self.base.near(fine, exclude=[me, *self.moved])]
        if self.fresh is not None:
            parts.append(self.fresh.near(fine, exclude=[me]))
        rows, owners, points = (np.concatenate(x) for x in zip(*parts, strict=True))
        return rows, owners, points

    def _on_top(self, me: int, curve: Curve) -> int:
        """How many other relations the curve runs on top of."""
        rows, owners, _ = self._found(me, curve.fine)
        return int((_runs(rows, owners, len(self.keys)) > ALONG).sum())

    def _crossed(self, me: int, curve: Curve) -> int:
        """How many relations the curve crosses (not counting those that share an actor
        with it)."""
        ends = set(self.relations[self.keys[me]].ends)
        points = curve.coarse
        segments = np.hstack([points[:-1], points[1:]])
        crossed = set()
        for samples, exclude in ((self.base, [me, *self.moved]), (self.fresh, [me])):
            if samples is not None:
                crossed |= samples.crossing(segments, exclude)
        return sum(1 for o in crossed if not ends & set(self.relations[self.keys[o]].ends))


class _Samples:
    """The curves of some relations (`members`, by index), fine samples in a k-d tree and
    coarse segments."""

    def __init__(self, keys: Sequence[str], drawn: Mapping[str, Curve],
                 members: Sequence[int]) -> None:
        from scipy.spatial import cKDTree

        self.count = len(keys)
        curves = [drawn[keys[m]] for m in members]
        self.points = np.vstack([c.fine for c in curves])
        self.owner = np.repeat(np.asarray(members, dtype=int), [len(c.fine) for c in curves])
        self.tree = cKDTree(self.points)
        coarse = np.vstack([c.coarse for c in curves])
        owner = np.repeat(np.asarray(members, dtype=int), [len(c.coarse) for c in curves])
        same = owner[:-1] == owner[1:]  # consecutive samples of one curve
        self.segments = np.hstack([coarse[:-1], coarse[1:]])[same]
        self.segment_owner = owner[:-1][same]

    def near(self, fine: FloatArray, exclude: Sequence[int]
             ) -> tuple[np.ndarray, np.ndarray, FloatArray]:
        """Samples within NEAR of `fine`'s (rows), their owners and places, leaving out
        the curves of `exclude`."""
        count = min(NEIGHBOURS, len(self.points))
        distance, found = self.tree.query(fine, k=count, distance_upper_bound=NEAR)
        rows, columns = np.nonzero(np.isfinite(distance.reshape(len(fine), count)))
        found = found.reshape(len(fine), count)[rows, columns]
        owners = self.owner[found]
        keep = ~self._excluded(exclude)[owners]
        return rows[keep], owners[keep], self.points[found[keep]]

    def crossing(self, segments: FloatArray, exclude: Sequence[int]) -> set[int]:
        """The owners of segments that `segments` cross, leaving out `exclude`."""
        low = np.minimum(segments[:, :2], segments[:, 2:]).min(axis=0)
        high = np.maximum(segments[:, :2], segments[:, 2:]).max(axis=0)
        seg = self.segments
        near = ~self._excluded(exclude)[self.segment_owner] \
            & (np.maximum(seg[:, 0], seg[:, 2]) >= low[0]) \
            & (np.minimum(seg[:, 0], seg[:, 2]) <= high[0]) \
            & (np.maximum(seg[:, 1], seg[:, 3]) >= low[1]) \
            & (np.minimum(seg[:, 1], seg[:, 3]) <= high[1])
        hit = segments_cross(segments, seg[near]).any(axis=0)
        return {int(o) for o in np.unique(self.segment_owner[near][hit])}

    def _excluded(self, exclude: Sequence[int]) -> np.ndarray:
        """Which relations are among `exclude`, by relation (a look-up table: np.isin
        costs ten times more on these few)."""
        table = np.zeros(self.count, dtype=bool)
        table[list(exclude)] = True
        return table


def _runs(rows: np.ndarray, owners: np.ndarray, count: int) -> FloatArray:
    """For each of `count` relations, how long a curve runs near it, from the pairs (row
    of the curve's sample, relation) found near: a sample and the next both near the same
    relation make one STEP of the run."""
    code = np.unique(rows.astype(np.int64) * count + owners)
    successor = code + count  # the same relation near the curve's next sample
    # code is sorted: look each successor up by binary search (np.isin costs more)
    follows = code[np.searchsorted(code, successor).clip(max=len(code) - 1)] == successor
    return np.bincount((code[follows] % count).astype(int), minlength=count) * STEP


def _under(curve: Curve, plates: FloatArray) -> int:
    """How many of the label plates the curve runs under."""
    return int(rects_hit_by_polyline(curve.coarse, plates).sum()) if len(plates) else 0


def _inside(points: FloatArray, extent: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = extent
    return bool((points[:, 0] >= x0).all() and (points[:, 0] <= x1).all()
                and (points[:, 1] >= y0).all() and (points[:, 1] <= y1).all())


def _shifted(route: Sequence[Point], pieces: np.ndarray, by: FloatArray,
             fixed: frozenset[int]) -> tuple[Point, ...]:
    """The route with the controls of `pieces` moved `by`; the points between pieces
    follow their controls (at the same share of the way between them) where the curve
    is smooth there and the point is not fixed."""
    points = np.asarray(route, dtype=float)
    moved = points.copy()
    moved[2 * pieces + 1] += by
    for k in range(2, len(points) - 1, 2):  # the points between two pieces
        if k in fixed:
            continue
        before, after = points[k - 1], points[k + 1]
        span = after - before
        length = float(span @ span)
        if length < 1e-12:
            continue
        share = float((points[k] - before) @ span) / length
        on_line = before + share * span
        if np.hypot(*(points[k] - on_line)) > 0.5 or not 0.0 <= share <= 1.0:
            continue  # a corner: it stays
        moved[k] = moved[k - 1] + share * (moved[k + 1] - moved[k - 1])
    return tuple((float(x), float(y)) for x, y in moved)
