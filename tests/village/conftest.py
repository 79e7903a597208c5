import pytest

from accounts.roles import Role
from accounts.services import user_upsert
from tests.builders import SUKADANA
from tests.conftest import PASSWORD


@pytest.fixture
def village_officer(db):
    """`desa.sukadana`: a village officer of Sukadana (18.07.01.2001) only."""
    return user_upsert(
        username="desa.sukadana",
        password=PASSWORD,
        role=Role.VILLAGE_OFFICER,
        region_codes=[SUKADANA],
        full_name="Perangkat Desa Sukadana",
    )


@pytest.fixture
def desk(client, village_officer):
    """A browser signed in as the village officer, second factor passed."""
    client.force_login(village_officer)
    return client


@pytest.fixture
def neighbour_officer(db):
    """A village officer of the neighbouring village 18.07.01.2002, same district."""
    return user_upsert(
        username="desa.tetangga", password=PASSWORD, role=Role.VILLAGE_OFFICER, region_codes=["18.07.01.2002"]
    )
