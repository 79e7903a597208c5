"""A list page's rows by a statement compiled once per shape of query (portal/row_statements.py, for P6): the
same rows as `values()`, for every shape, while a request compiles only the primary key's query."""

import pytest
from django.db.models import CharField, Value
from django.db.models.sql.compiler import SQLCompiler

from placements.selectors import placement_api_list
from portal import row_statements
from portal.row_statements import rows_of

pytestmark = pytest.mark.django_db


def _compiled(monkeypatch) -> list[str]:
    """The SQL of every query the ORM compiles from here on."""
    compiled: list[str] = []
    as_sql = SQLCompiler.as_sql

    def recording(self, *args, **kwargs):
        sql, params = as_sql(self, *args, **kwargs)
        compiled.append(sql)
        return sql, params

    monkeypatch.setattr(SQLCompiler, "as_sql", recording)
    return compiled


def test_rows_are_those_of_values_for_every_shape(placements, officer_lampung):
    queryset, keys = placements
    ids = sorted(queryset.values_list("id", flat=True))
    assert len(ids) >= 4
    shapes = [
        lambda qs: qs,
        lambda qs: qs[:2],
        lambda qs: qs.filter(id__lt=ids[-1])[:3],
        lambda qs: qs.filter(id__lt=ids[2]),  # the same shape as the one before, other values
        lambda qs: qs.filter(id__gt=ids[0]).order_by("id")[1:3],
        lambda qs: qs.filter(phase="nonexistent"),
    ]
    for shape in shapes:
        for _twice in range(2):  # the second time by the statement kept from the first
            assert list(shape(rows_of(queryset, keys))) == list(shape(queryset.values(*keys)))

    in_chunks = list(rows_of(queryset, keys).iterator(chunk_size=2))  # read two rows at a time
    assert in_chunks == list(queryset.values(*keys))

    officer = placement_api_list(user=officer_lampung)
    assert 0 < len(list(rows_of(officer, keys))) < len(ids)
    assert list(rows_of(officer, keys)) == list(officer.values(*keys))


def test_a_request_compiles_only_the_primary_key_once_its_shape_is_known(placements, monkeypatch):
    queryset, keys = placements
    ids = sorted(queryset.values_list("id", flat=True))
    list(rows_of(queryset, keys).filter(id__lt=ids[-1])[:2])  # the shape is met once
    compiled = _compiled(monkeypatch)

    rows = list(rows_of(queryset, keys).filter(id__lt=ids[2])[:2])

    assert [row["id"] for row in rows] == [ids[1], ids[0]]
    assert rows[0]["worker__registration_number"]  # the full row, joined
    assert len(compiled) == 1
    assert "registration_number" not in compiled[0]


def test_a_select_list_with_parameters_of_its_own_is_read_by_values(placements, monkeypatch):
    """An annotation with a parameter: the full statement would take other parameters than the light one,
    so that shape is marked and read by `values()` each time, right for each value."""
    queryset, keys = placements
    for label in ("first", "second"):
        labelled = queryset.annotate(label=Value(label, output_field=CharField()))
        labelled_keys = (*keys, "label")
        compiled = _compiled(monkeypatch)

        rows = list(rows_of(labelled, labelled_keys)[:2])

        assert rows == list(labelled.values(*labelled_keys)[:2])
        assert {row["label"] for row in rows} == {label}
        assert any("registration_number" in sql for sql in compiled)  # values(), compiled in full
        monkeypatch.undo()


def test_an_empty_condition_reads_no_row_and_runs_no_query(placements, django_assert_num_queries):
    queryset, keys = placements
    with django_assert_num_queries(0):
        assert list(rows_of(queryset, keys).filter(id__in=[])) == []


def test_the_statements_kept_are_bounded(placements, monkeypatch):
    queryset, keys = placements
    monkeypatch.setattr(row_statements, "_MAX_STATEMENTS", 2)
    monkeypatch.setattr(row_statements, "_STATEMENTS", {})
    for size in range(1, 6):  # five shapes: the slice is part of the statement
        assert list(rows_of(queryset, keys)[:size]) == list(queryset.values(*keys)[:size])
        assert len(row_statements._STATEMENTS) <= 2


def test_a_statement_cleared_by_another_thread_as_it_is_kept_is_still_used(placements, monkeypatch):
    # Another request's thread reaching the bound empties the store just after this one stored its statement.
    queryset, keys = placements
    monkeypatch.setattr(row_statements, "_STATEMENTS", {})
    remember = row_statements._remember

    def remember_then_cleared(cache_key, statement):
        remember(cache_key, statement)
        row_statements._STATEMENTS.clear()

    monkeypatch.setattr(row_statements, "_remember", remember_then_cleared)
    assert list(rows_of(queryset, keys)) == list(queryset.values(*keys))
