"""What a reader can work out from published cells: a shown count is exact, "<5" is 1 to 4, a complement
("×" on pages, "x" in files) is 5 or more. A hidden cell is given away when, within those bounds, no other
value of it fits the sum of its group.

Written independently of `dashboards.suppression`: instead of intervals, it tries moving each hidden cell
by one and asks whether another hidden cell of the group can absorb the move."""

from dashboards.suppression import SMALL, Figure

UNBOUNDED = 10**9


def bounds(figure: Figure) -> tuple[int, int]:
    if not figure.hidden:
        return figure.value, figure.value
    if 0 < figure.value < SMALL:
        return 1, SMALL - 1
    return SMALL, UNBOUNDED


def _fits(figure: Figure, value: int) -> bool:
    low, high = bounds(figure)
    return low <= value <= high


def pinned(parts: list[Figure], total: Figure) -> list[Figure]:
    """The hidden cells of (parts, total) that the group gives away (their true values are known here)."""
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
