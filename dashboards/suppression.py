"""Small-cell suppression: counts from 1 to 4 are shown as "<5", and enough other cells with them that
no published total gives a hidden cell away.

Cells are grouped as (parts, total): the parts add up to the total, and both are published. Two rules are
applied until nothing changes:
- a visible total may not have exactly one hidden part (it could be subtracted out), so the smallest
  visible part is hidden with it;
- a hidden total may not have all its parts visible (they could be added up), so the smallest is hidden.
Zero is not primary-suppressed (it identifies no one), but it may be hidden as a complement: "<5" is
still true of it.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

SMALL = 5
HIDDEN_TEXT = "<5"


@dataclass(frozen=True)
class Figure:
    value: int
    hidden: bool

    def __str__(self) -> str:
        return HIDDEN_TEXT if self.hidden else number_format(self.value, force_grouping=True)

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

    def resolve(self) -> dict[Hashable, Figure]:
        hidden = {key for key, value in self.values.items() if 0 < value < SMALL}
        changed = True
        while changed:
            changed = False
            for parts, total in self.groups:
                hidden_parts = sum(1 for p in parts if p in hidden)
                needs_more = hidden_parts == 1 if total not in hidden else hidden_parts == 0
                if needs_more and self._hide_smallest(parts, hidden):
                    changed = True
        return {key: Figure(value, key in hidden) for key, value in self.values.items()}

    def _hide_smallest(self, parts: tuple[Hashable, ...], hidden: set) -> bool:
        visible = [p for p in parts if p not in hidden]
        if not visible:
            return False
        hidden.add(min(visible, key=lambda p: (self.values[p], str(p))))
        return True


def average_text(total: int, count: int, *, hidden: bool) -> str:
    """An average over fewer than SMALL cases, or over a hidden count, is not shown."""
    if hidden or count < SMALL:
        return str(_("not shown (fewer than 5)"))
    return number_format(round(total / count, 1), decimal_pos=1)
