import pytest

REGIONS_URL = "/api/v1/regions/"


def get_regions(api, **params):
    return api.get(REGIONS_URL, params)


def test_districts_of_lampung_timur_are_its_24_kecamatan(db, api):
    response = get_regions(api, parent="18.07")

    assert response.status_code == 200
    codes = [row["code"] for row in response.json()]
    assert codes == [f"18.07.{n:02d}" for n in range(1, 25)]
    assert {"code": "18.07.01", "name": "Sukadana"} in response.json()


def test_without_parent_the_38_provinces_are_listed(db, api):
    response = get_regions(api)

    assert response.status_code == 200
    assert len(response.json()) == 38
    assert response.json()[0]["code"] == "11"


def test_lampung_has_15_regencies_and_cities(db, api):
    response = get_regions(api, parent="18")

    assert response.status_code == 200
    names = [row["name"] for row in response.json()]
    assert len(names) == 15
    assert "Kabupaten Lampung Timur" in names


@pytest.mark.parametrize("parent", ["abc", "1807", "18.7", "18.07.01.20011"])
def test_a_malformed_parent_is_a_400_with_the_error_shape(db, api, parent):
    response = get_regions(api, parent=parent)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    assert isinstance(error["fields"]["parent"], list) and error["fields"]["parent"]


def test_an_unknown_code_is_a_404_not_found(db, api):
    response = get_regions(api, parent="99")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_village_has_no_children(db, api):
    response = get_regions(api, parent="18.07.01.2001")

    assert response.status_code == 200
    assert response.json() == []


def test_anonymous_visitors_need_no_login(db, client):
    response = client.get(REGIONS_URL, {"parent": "18"})

    assert response.status_code == 200
    assert len(response.json()) == 15
