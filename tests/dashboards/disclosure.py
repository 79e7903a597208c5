"""What a reader can work out from published cells: a shown count is exact, "<5" is 1 to 4, a complement
("×" on pages, "x" in files) is 5 or more. A hidden cell is given away when, within those bounds, no other
value of it fits the sum of its group.

Written independently of `dashboards.suppression`: instead of intervals, it tries moving each hidden cell
by one and asks whether another hidden cell of the group can absorb the move."""

from dataclasses import dataclass

from dashboards.suppression import Figure

UNBOUNDED = 10**9
SMALL_MARKS = {"<5"}
COMPLEMENT_MARKS = {"×", "x"}
WITHHELD_MARKS = {"–", None}


@dataclass(frozen=True)
class Cell:
    """A published cell: what it says, and the true count behind it."""

    published: object
    value: int

    @property
    def hidden(self) -> bool:
        return self.published in SMALL_MARKS | COMPLEMENT_MARKS | WITHHELD_MARKS

    @classmethod
    def of(cls, figure: Figure) -> "Cell":
        return cls(figure.public, figure.value)


def bounds(cell) -> tuple[int, int]:
    """What a reader knows from the mark alone."""
    if isinstance(cell, Figure):
        cell = Cell.of(cell)
    if cell.published in SMALL_MARKS:
        return 1, 4
    if cell.published in COMPLEMENT_MARKS:
        return 5, UNBOUNDED
    if cell.published in WITHHELD_MARKS:
        return 0, UNBOUNDED
    return cell.value, cell.value


def _fits(cell, value: int) -> bool:
    low, high = bounds(cell)
    return low <= value <= high


def pinned(parts: list, total) -> list:
    """The hidden cells of (parts, total) that the group gives away (their true values are known here).
    Cells are `Cell`s or `Figure`s."""
    cells = [(figure, 1) for figure in parts] + [(total, -1)]  # sum(parts) - total == 0
    given_away = []
    for i, (figure, sign) in enumerate(cells):
        if not figure.hidden:
            continue
        movable = False
        for step in (-1, 1):
            if not _fits(figure, figure.value + step):
                continue
            # Another hidden cell must move so that the sum still holds.
            for j, (other, other_sign) in enumerate(cells):
                if j != i and other.hidden and _fits(other, other.value - step * sign * other_sign):
                    movable = True
        if not movable:
            given_away.append(figure)
    return given_away
