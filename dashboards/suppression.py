"""Small-cell suppression: counts from 1 to 4 are shown as "<5", and enough other cells with them that
no published total gives a hidden cell away.

Cells are grouped as (parts, total): the parts add up to the total, and both are published. Two rules are
applied until nothing changes:
- a visible total may not have exactly one hidden part (it could be subtracted out), so the smallest
  visible non-zero part is hidden with it, or, when there is none, the total itself;
- a hidden total may not have all its parts visible (they could be added up), so the smallest non-zero
  part is hidden.
A zero is never hidden: other tables (a row whose total is 0, a list of villages with cases) can prove
it is zero, and then it would protect nothing.
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


@functools.lru_cache(maxsize=8)
def _thousands_separator(language: str | None) -> str:
    return str(get_format("THOUSAND_SEPARATOR", language))


@dataclass(frozen=True)
class Figure:
    value: int
    hidden: bool

    def __str__(self) -> str:
        # A page shows hundreds of these: format with the language's separator, read once per language.
        if self.hidden:
            return HIDDEN_TEXT
        return f"{self.value:,}".replace(",", _thousands_separator(get_language()))

    @property
    def public(self) -> int | str:
        """What exports and the API publish: the count, or "<5"."""
        return HIDDEN_TEXT if self.hidden else self.value


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
        pending = list(range(len(self.groups)))
        queued = set(pending)
        while pending:
            index = pending.pop()
            queued.discard(index)
            changed = self._settle(self.groups[index], hidden, fixed)
            if changed is not None:
                for other in groups_of[changed]:
                    if other not in queued:
                        queued.add(other)
                        pending.append(other)
        return {key: Figure(value, key in hidden) for key, value in self.values.items()}

    def _settle(self, group, hidden: set, fixed: dict) -> Hashable | None:
        """Apply the two rules to one group; returns the cell it hid, if any."""
        parts, total = group
        hidden_parts = sum(1 for p in parts if p in hidden)
        if total in hidden:
            if hidden_parts:
                return None
        elif hidden_parts != 1:
            return None
        candidates = [p for p in parts if p not in hidden and p not in fixed and self.values[p] > 0]
        if candidates:
            chosen = min(candidates, key=lambda p: (self.values[p], str(p)))
        elif total not in hidden and total not in fixed:
            chosen = total
        else:
            return None
        hidden.add(chosen)
        return chosen


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
