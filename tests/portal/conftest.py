import pytest

from placements.api import PlacementSerializer
from placements.selectors import placement_api_list
from portal.api_rows import row_keys
from tests.placements.builders import LAMPUNG_TIMUR_VILLAGE, SURABAYA_VILLAGE, make_placement, make_worker


@pytest.fixture
def placements(admin_user):
    """Six placements, three in Lampung, and the placement API's queryset with its row keys."""
    for number, village in enumerate([LAMPUNG_TIMUR_VILLAGE, SURABAYA_VILLAGE] * 3):
        make_placement(make_worker(village_code=village), external_id=f"ROWS-{number}")
    queryset = placement_api_list(user=admin_user)
    return queryset, row_keys(PlacementSerializer, queryset)
