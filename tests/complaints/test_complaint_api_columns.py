"""The staff complaints API reads only the columns it returns (issue 16, P6): never the description, the
reporter's identity or the access code, and no related row in full."""

import pytest

from complaints.api import ComplaintSerializer
from complaints.selectors import complaint_list
from tests.complaints.builders import make_complaint

pytestmark = pytest.mark.django_db


def test_the_list_query_leaves_out_what_the_response_does_not_carry(admin_user):
    sql = str(complaint_list(user=admin_user).query)
    for column in ("description", "reporter_name", "reporter_phone", "access_code_hash", "accounts_office"):
        assert column not in sql, column
    assert '"regions_village"."name"' not in sql


def test_the_rows_serialise_without_further_queries(admin_user, django_assert_num_queries):
    complaint = make_complaint()
    listed = complaint_list(user=admin_user)  # the scope is read here
    with django_assert_num_queries(1):
        rows = ComplaintSerializer(list(listed), many=True).data
    assert [row["ticket"] for row in rows] == [complaint.ticket]
    assert rows[0]["village_code"] == complaint.village_id and rows[0]["overdue"] is False
