"""Every registration writes a worker, its history row and its consent: each index on those tables is written
too, so they carry the indexes something reads and no more (P8 in benchmarks/README.md)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def indexed_columns(table: str) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return sorted(tuple(c["columns"]) for c in constraints.values() if c["index"] or c["unique"])


def test_the_worker_table_has_one_index_a_key_and_none_for_like_searches():
    assert indexed_columns("workers_worker") == sorted(
        [
            ("id",),  # primary key
            ("registration_number",),  # unique
            ("nik_index",),  # exact NIK search and the duplicate check
            ("nik_old_district_id",),  # the key to the earlier decrees' districts
            ("verified_by_id",),  # the key to the officer
            ("domicile_village_id", "id"),  # lists by village; the key to the village
            ("domicile_village_id",),  # scoping by code prefix (pattern ops)
            ("status", "id"),  # lists by status
        ]
    )


def test_the_worker_history_is_indexed_by_record_date_and_user_only():
    assert indexed_columns("workers_historicalworker") == sorted(
        [("history_id",), ("id",), ("history_date",), ("history_user_id",)]
    )
