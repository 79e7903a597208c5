"""Small-cell suppression (`Sheet.resolve`): 1 to 4 are hidden, and enough other cells with them that no
published total gives a hidden one away."""

from django.utils import translation

from dashboards.suppression import Figure, Sheet, average, average_text, count_hidden
from tests.dashboards.disclosure import pinned


def make_sheet(values: dict, groups: list[tuple[list, str]] = ()) -> Sheet:
    sheet = Sheet()
    for key, value in values.items():
        sheet.put(key, value)
    for parts, total in groups:
        sheet.add_group(parts, total)
    return sheet


def hidden(figures: dict) -> set:
    return {key for key, figure in figures.items() if figure.hidden}


def settled(sheet: Sheet, figures: dict) -> bool:
    """No group pins a hidden cell to one value, as a reader who knows the marks would work it out."""
    return not any(pinned([figures[p] for p in parts], figures[total]) for parts, total in sheet.groups)


def test_counts_from_one_to_four_are_hidden_and_zero_and_five_or_more_are_shown():
    sheet = make_sheet({"zero": 0, "one": 1, "four": 4, "five": 5, "many": 1234, "none": None})

    figures = sheet.resolve()

    assert hidden(figures) == {"one", "four"}
    assert {key: figure.value for key, figure in figures.items()}["none"] == 0


def test_a_shown_total_with_one_hidden_part_hides_the_smallest_other_part_too():
    sheet = make_sheet({"a": 3, "b": 7, "c": 20, "total": 30}, [(["a", "b", "c"], "total")])

    assert hidden(sheet.resolve()) == {"a", "b"}


def test_the_complement_is_never_a_zero_another_table_could_prove():
    sheet = make_sheet({"a": 3, "b": 0, "c": 9, "total": 12}, [(["a", "b", "c"], "total")])

    assert hidden(sheet.resolve()) == {"a", "c"}


def test_with_only_zeros_beside_a_hidden_part_the_total_is_hidden_instead():
    # `a` was hidden as a complement elsewhere (fixed); its column has nothing else to hide with it.
    sheet = make_sheet({"a": 7, "b": 0, "c": 0, "total": 7}, [(["a", "b", "c"], "total")])

    figures = sheet.resolve(fixed={"a": True})

    assert hidden(figures) == {"a", "total"}


def test_two_hidden_parts_under_a_shown_total_need_nothing_more():
    sheet = make_sheet({"a": 3, "b": 2, "c": 9, "total": 14}, [(["a", "b", "c"], "total")])

    assert hidden(sheet.resolve()) == {"a", "b"}


def test_a_group_without_small_cells_is_left_alone():
    sheet = make_sheet({"a": 5, "b": 0, "c": 9, "total": 14}, [(["a", "b", "c"], "total")])

    assert hidden(sheet.resolve()) == set()


def test_a_hidden_total_whose_parts_are_all_shown_hides_one_of_them():
    # `sub` is hidden as the complement of `small` in the row; then it is a hidden total whose own parts
    # (5 and 5) are shown and would add up to it, so one of them goes too.
    sheet = make_sheet(
        {"small": 3, "sub": 10, "row": 13, "left": 5, "right": 5},
        [(["small", "sub"], "row"), (["left", "right"], "sub")],
    )

    figures = sheet.resolve()

    assert hidden(figures) == {"small", "sub", "left"}
    assert settled(sheet, figures)


def test_a_small_total_alone_is_hidden_with_its_small_parts():
    sheet = make_sheet({"a": 1, "b": 2, "c": 0, "total": 3}, [(["a", "b", "c"], "total")])

    assert hidden(sheet.resolve()) == {"a", "b", "total"}


def test_suppression_goes_on_until_no_row_or_column_gives_a_cell_away():
    #            c1   c2   c3 | all
    #     r1      3   10   20 |  33
    #     r2      8   12    6 |  26
    #     all    11   22   26 |  59
    values = {
        ("r1", "c1"): 3, ("r1", "c2"): 10, ("r1", "c3"): 20, ("r1", "all"): 33,
        ("r2", "c1"): 8, ("r2", "c2"): 12, ("r2", "c3"): 6, ("r2", "all"): 26,
        ("all", "c1"): 11, ("all", "c2"): 22, ("all", "c3"): 26, ("all", "all"): 59,
    }  # fmt: skip
    columns = [([(r, c) for r in ("r1", "r2")], ("all", c)) for c in ("c2", "c3", "c1")]
    rows = [([(r, c) for c in ("c1", "c2", "c3")], (r, "all")) for r in ("r1", "r2")]
    margins = [
        ([("r1", "all"), ("r2", "all")], ("all", "all")),
        ([("all", c) for c in ("c1", "c2", "c3")], ("all", "all")),
    ]
    # Columns c2 and c3 are checked before the rows hide anything in them: the first pass hides (r2, c1),
    # (r1, c2) and (r2, c3); only a second pass sees columns c2 and c3 each left with one hidden cell.
    sheet = make_sheet(values, columns + rows + margins)

    figures = sheet.resolve()

    # Hiding c1 and c2 in both rows settles every row and column: 3 + 10 and 8 + 12 under the row totals,
    # 3 + 8 and 10 + 12 under the column totals, each with a "<5" beside a complement or two complements.
    assert hidden(figures) == {(r, c) for r in ("r1", "r2") for c in ("c1", "c2")}
    assert not {key for key in hidden(figures) if "all" in key}
    assert settled(sheet, figures)


def test_groups_naming_cells_that_were_never_put_are_ignored():
    sheet = make_sheet({"a": 3, "b": 8, "total": 11})
    sheet.add_group(["a", "b", "missing"], "total")
    sheet.add_group(["a", "b"], "no total")

    assert sheet.groups == [(("a", "b"), "total")]
    assert hidden(sheet.resolve()) == {"a", "b"}


def test_a_hidden_figure_reads_less_than_five_and_a_shown_one_is_grouped_by_the_language():
    with translation.override("id"):
        assert str(Figure(3, hidden=True)) == "<5"
        assert str(Figure(12345, hidden=False)) == "12.345"
        assert str(Figure(0, hidden=False)) == "0"
    with translation.override("en"):
        assert str(Figure(1234567, hidden=False)) == "1,234,567"


def test_the_public_value_of_a_figure_is_the_count_less_than_five_or_x_for_a_complement():
    assert Figure(3, hidden=True).public == "<5"
    assert Figure(18, hidden=True).public == "x"
    assert Figure(42, hidden=False).public == 42


def test_a_complement_reads_as_its_own_mark_and_never_as_less_than_five():
    figures = {"small": Figure(2, hidden=True), "complement": Figure(18, hidden=True)}

    assert [str(f) for f in figures.values()] == ["<5", "×"]
    assert count_hidden(figures.values()).small == 1
    assert count_hidden(figures.values()).complement == 1


def test_two_small_parts_that_add_up_to_two_hide_another_cell():
    # 11 - 9 = 2 = 1 + 1: both ones would be given away.
    sheet = make_sheet({"a": 1, "b": 1, "c": 9, "total": 11}, [(["a", "b", "c"], "total")])

    figures = sheet.resolve()

    assert hidden(figures) == {"a", "b", "c"}
    assert settled(sheet, figures)


def test_a_complement_of_five_beside_a_one_is_not_enough_so_a_larger_cell_is_hidden_instead():
    # Hiding the 5 leaves 26 - 20 = 6 = 1 + 5, and the "<5" can only be 1; hiding the 20 leaves 21.
    sheet = make_sheet({"a": 1, "b": 5, "c": 20, "total": 26}, [(["a", "b", "c"], "total")])

    figures = sheet.resolve()

    assert hidden(figures) == {"a", "c"}
    assert settled(sheet, figures)


def test_a_village_total_is_hidden_rather_than_a_part_that_would_hide_the_headline():
    # Village v1: 2 procedural + 17 flagged = 19; v2: 6 procedural. The district's 17 flagged is v1's
    # alone: hiding v1's 17 would force the district's flagged (and then its procedural) to be hidden too.
    values = {
        ("v1", "proc"): 2, ("v1", "flagged"): 17, ("v1", "all"): 19,
        ("v2", "proc"): 6, ("v2", "flagged"): 0, ("v2", "all"): 6,
        ("d", "proc"): 8, ("d", "flagged"): 17, ("d", "all"): 25,
    }  # fmt: skip
    rows = [([(a, "proc"), (a, "flagged")], (a, "all")) for a in ("v1", "v2", "d")]
    columns = [([("v1", c), ("v2", c)], ("d", c)) for c in ("proc", "flagged", "all")]
    sheet = make_sheet(values, rows + columns)

    figures = sheet.resolve()

    assert hidden(figures) == {("v1", "proc"), ("v1", "all"), ("v2", "proc"), ("v2", "all")}
    assert not hidden(figures) & {("d", "proc"), ("d", "flagged"), ("d", "all")}
    assert settled(sheet, figures)


def test_an_average_is_shown_to_one_decimal_when_five_or_more_cases_are_shown():
    with translation.override("en"):
        assert average_text(53, 5, hidden=False) == "10.6"
    with translation.override("id"):
        assert average_text(53, 5, hidden=False) == "10,6"


def test_an_average_over_fewer_than_five_or_a_hidden_count_is_not_shown():
    with translation.override("en"):
        assert average_text(12, 4, hidden=False) == "not shown (fewer than 5)"
        assert average_text(120, 12, hidden=True) == "not shown (fewer than 5)"
        assert average_text(0, 0, hidden=False) == "not shown (fewer than 5)"


def test_an_average_is_published_only_over_five_or_more_shown_cases():
    assert average(31, 5, hidden=False) == 6.2
    assert average(30, 4, hidden=False) is None
    assert average(310, 50, hidden=True) is None
