"""Small-cell suppression: counts from 1 to 4 are shown as "<5", and enough other cells with them that
no published total gives a hidden cell away. A cell hidden to protect another (a complement) is a count
of 5 or more and says so with its own mark, never "<5": the page must not claim "fewer than five" of 18.

Cells are grouped as (parts, total): the parts add up to the total, and both are published. A reader
knows the shown cells exactly, a "<5" cell to be 1 to 4 and a complement to be 5 or more; a group gives a
hidden cell away when those bounds and the sum pin it to one value (one hidden part under a shown total,
two "<5" parts adding up to 2, a hidden total whose parts are all shown...). Such a group hides one more
cell, and this goes on until no group gives anything away. The cell chosen is, in order of preference:
not a headline (a total that is no other group's part), one whose hiding exposes no other group, one
that settles this group by itself, and the smallest.
A zero is never hidden: other tables (a row whose total is 0, a list of villages with cases) can prove
it is zero, and then it would protect nothing. When a group still gives a cell away and has nothing left
to hide (its total is fixed by the canonical table, its other parts are zero), its hidden cells are
withheld: published as "–" (null in files and the API), a mark that claims no range at all.
"""

import functools
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.utils.formats import get_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SMALL = 5
HIDDEN_TEXT = "<5"
# A complement on pages, and in files and the API (plain ASCII, so any program reads it).
COMPLEMENT_TEXT = "×"
COMPLEMENT_PUBLIC = "x"
WITHHELD_TEXT = "–"
# Above any count a reader could bound a complement by.
_UNBOUNDED = 10**15


@functools.lru_cache(maxsize=8)
def _thousands_separator(language: str | None) -> str:
    return str(get_format("THOUSAND_SEPARATOR", language))


@dataclass(frozen=True)
class Figure:
    value: int
    hidden: bool
    withheld: bool = False

    @property
    def small(self) -> bool:
        """Hidden because it is 1 to 4."""
        return self.hidden and not self.withheld and 0 < self.value < SMALL

    @property
    def complement(self) -> bool:
        """Hidden to protect another cell: the mark must not say "<5"."""
        return self.hidden and not self.withheld and not self.small

    def __str__(self) -> str:
        # A page shows hundreds of these: format with the language's separator, read once per language.
        if self.hidden:
            if self.withheld:
                return WITHHELD_TEXT
            return HIDDEN_TEXT if self.small else COMPLEMENT_TEXT
        return f"{self.value:,}".replace(",", _thousands_separator(get_language()))

    @property
    def public(self) -> int | str | None:
        """What exports and the API publish: the count, "<5", "x" for a complement, None if withheld."""
        if self.hidden:
            if self.withheld:
                return None
            return HIDDEN_TEXT if self.small else COMPLEMENT_PUBLIC
        return self.value


@dataclass(frozen=True)
class HiddenCount:
    small: int
    complement: int
    withheld: int = 0

    @property
    def total(self) -> int:
        return self.small + self.complement + self.withheld


def count_hidden(figures) -> HiddenCount:
    figures = list(figures)
    return HiddenCount(
        sum(f.small for f in figures), sum(f.complement for f in figures), sum(f.withheld for f in figures)
    )


class Sheet:
    """All the counts one page (or one export) publishes, and the groups that tie them together."""

    def __init__(self) -> None:
        self.values: dict[Hashable, int] = {}
        self.groups: list[tuple[tuple[Hashable, ...], Hashable]] = []

    def put(self, key: Hashable, value: int) -> Hashable:
        self.values[key] = int(value or 0)
        return key

    def add_group(self, parts: Sequence[Hashable], total: Hashable) -> None:
        parts = tuple(p for p in parts if p in self.values)
        if parts and total in self.values:
            self.groups.append((parts, total))

    def resolve(self, *, fixed: dict[Hashable, bool] | None = None) -> dict[Hashable, Figure]:
        """`fixed`: cells whose hidden-or-not was settled elsewhere (a canonical table these groups hang
        from); they are never changed here."""
        fixed = fixed or {}
        hidden = {k for k, v in self.values.items() if k not in fixed and 0 < v < SMALL}
        hidden |= {k for k, is_hidden in fixed.items() if is_hidden and k in self.values}
        groups_of: dict[Hashable, list[int]] = defaultdict(list)
        for index, (parts, total) in enumerate(self.groups):
            groups_of[total].append(index)
            for part in parts:
                groups_of[part].append(index)
        self._groups_of = groups_of
        self._stuck: set[int] = set()
        pending = list(range(len(self.groups)))
        queued = set(pending)
        while pending:
            index = pending.pop()
            queued.discard(index)
            changed = self._settle(index, hidden, fixed)
            if changed is not None:
                for other in groups_of[changed]:
                    if other not in queued:
                        queued.add(other)
                        pending.append(other)
        # Every group was checked after its last change, so the ones left stuck are exposed still.
        withheld = {
            key
            for index in self._stuck
            for key in (*self.groups[index][0], self.groups[index][1])
            if key in hidden and key not in fixed
        }
        return {key: Figure(value, key in hidden, key in withheld) for key, value in self.values.items()}

    def _bounds(self, key: Hashable, hidden: set) -> tuple[int, int]:
        """What a reader knows of a cell: its value, 1 to 4, or 5 or more."""
        value = self.values[key]
        if key not in hidden:
            return value, value
        return (1, SMALL - 1) if 0 < value < SMALL else (SMALL, _UNBOUNDED)

    def exposes(self, group, hidden: set) -> bool:
        """Whether the group pins one of its hidden cells to a single value."""
        parts, total = group
        if total not in hidden and not any(p in hidden for p in parts):
            return False
        part_bounds = [self._bounds(p, hidden) for p in parts]
        low_sum = sum(low for low, _high in part_bounds)
        high_sum = sum(high for _low, high in part_bounds)
        total_low, total_high = self._bounds(total, hidden)
        for part, (low, high) in zip(parts, part_bounds, strict=True):
            if part in hidden:
                # part = total - the other parts
                if max(low, total_low - (high_sum - high)) >= min(high, total_high - (low_sum - low)):
                    return True
        return total in hidden and max(total_low, low_sum) >= min(total_high, high_sum)

    def _settle(self, index: int, hidden: set, fixed: dict) -> Hashable | None:
        """Hide one more cell of a group that gives a hidden cell away; returns it, if any."""
        group = self.groups[index]
        self._stuck.discard(index)
        if not self.exposes(group, hidden):
            return None
        parts, total = group
        candidates = [p for p in parts if p not in hidden and p not in fixed and self.values[p] > 0]
        if total not in hidden and total not in fixed and self.values[total] > 0:
            candidates.append(total)
        if not candidates:
            self._stuck.add(index)
            return None
        chosen = min(candidates, key=lambda key: self._cost(key, index, hidden))
        hidden.add(chosen)
        return chosen

    def _cost(self, key: Hashable, index: int, hidden: set) -> tuple:
        headline = all(key not in self.groups[g][0] for g in self._groups_of[key])
        trial = hidden | {key}
        exposed_elsewhere = sum(
            1 for g in self._groups_of[key] if g != index and self.exposes(self.groups[g], trial)
        )
        settles = not self.exposes(self.groups[index], trial)
        return (headline, exposed_elsewhere, not settles, self.values[key], str(key))


def average(total: int, count: int, *, hidden: bool) -> float | None:
    """An average over fewer than SMALL cases, or over a hidden count, is not published (None)."""
    if hidden or count < SMALL:
        return None
    return round(total / count, 1)


def average_text(total: int, count: int, *, hidden: bool) -> str:
    value = average(total, count, hidden=hidden)
    if value is None:
        return str(_("not shown (fewer than 5)"))
    return number_format(value, decimal_pos=1)
