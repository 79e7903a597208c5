import re

from accounts.services import office_upsert
from regions.forms import RegionCascadeForm

FULL_CHAIN = {"province": "18", "regency": "18.07", "district": "18.07.01", "village": "18.07.01.2001"}


def choice_codes(form, level: str) -> list[str]:
    return [code for code, _name in form.fields[level].choices if code]


def result_section(html: str) -> str:
    """The answer box of the office finder, or "" when the page shows no answer."""
    match = re.search(r'<section class="card result".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_an_unbound_form_offers_provinces_only(db):
    form = RegionCascadeForm()

    assert len(choice_codes(form, "province")) == 38
    assert choice_codes(form, "regency") == []
    assert choice_codes(form, "district") == []
    assert choice_codes(form, "village") == []


def test_choosing_lampung_offers_only_lampung_regencies(db):
    form = RegionCascadeForm({"province": "18"})

    regencies = choice_codes(form, "regency")
    assert len(regencies) == 15
    assert all(code.startswith("18.") for code in regencies)
    assert choice_codes(form, "district") == []


def test_a_regency_outside_the_chosen_province_is_dropped(db):
    form = RegionCascadeForm({"province": "18", "regency": "35.01", "district": "35.01.01"}, required=False)

    assert "35.01" not in choice_codes(form, "regency")
    assert choice_codes(form, "district") == []
    assert 'value="35.01"' not in str(form["regency"])


def test_a_required_cascade_without_a_village_is_invalid(db):
    form = RegionCascadeForm({key: FULL_CHAIN[key] for key in ("province", "regency", "district")})

    assert not form.is_valid()
    assert form.errors["village"]
    assert form.deepest_code == "18.07.01"


def test_a_complete_chain_gives_the_village_as_deepest_code(db):
    form = RegionCascadeForm(FULL_CHAIN)

    assert form.is_valid(), form.errors
    assert form.deepest_code == "18.07.01.2001"


def test_the_htmx_cascade_lists_the_districts_of_the_chosen_regency(db, client):
    response = client.get("/wilayah/pilih/", {"province": "18", "regency": "18.07"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="18.07.01">Sukadana</option>' in html
    assert 'value="18.07.24"' in html
    assert 'value="35.' not in html  # no district of another province


def test_without_javascript_the_next_choices_button_fills_the_regency_select(db, client):
    response = client.get("/kantor-layanan/", {"province": "18", "_cascade": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="18.07">Kabupaten Lampung Timur</option>' in html
    assert result_section(html) == ""  # only a refresh: no answer yet


def test_the_office_covering_the_province_is_shown_for_a_village(db, client):
    office_upsert(code="bp3mi-lampung", name="BP3MI Lampung", region_codes=["18"], phone="0721-000000")

    response = client.get("/kantor-layanan/", FULL_CHAIN)

    assert response.status_code == 200
    result = result_section(response.content.decode())
    assert "Sukadana, Sukadana, Kabupaten Lampung Timur, Lampung" in result
    assert "<strong>BP3MI Lampung</strong>" in result
    assert "0721-000000" in result


def test_a_region_without_an_office_shows_a_result_without_an_office(db, client):
    office_upsert(code="bp3mi-jawa-timur", name="BP3MI Jawa Timur", region_codes=["35"])

    response = client.get("/kantor-layanan/", FULL_CHAIN)

    assert response.status_code == 200
    result = result_section(response.content.decode())
    assert "Kabupaten Lampung Timur" in result
    assert "<strong>" not in result
    assert "BP3MI Jawa Timur" not in result
    assert "Disnaker" in result  # the message sends people to their regency's manpower office


# The next three failed at commit d512ccc: a refresh was validated like a submission, and error
# paragraphs did not carry the id that Django's aria-describedby points at.
def test_asking_for_the_next_choices_shows_no_error_yet(db, client):
    response = client.get("/kantor-layanan/", {"province": "18", "_cascade": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="18.07">' in html  # the next choices: Lampung's regencies
    assert 'class="error"' not in html


def test_changing_the_province_with_htmx_quietly_clears_the_levels_below(db, client):
    stale = {"province": "35", "regency": "18.07", "district": "18.07.01"}

    response = client.get("/wilayah/pilih/", stale, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="35.01">' in html
    assert 'class="error"' not in html


def test_a_field_error_is_announced_through_aria_describedby(db, client):
    response = client.get("/kantor-layanan/", {"province": ""})  # nothing chosen: the one error

    html = response.content.decode()
    described_by = re.search(r'<select name="province"[^>]*aria-describedby="([^"]+)"', html).group(1)
    assert html.count(f'id="{described_by}"') == 1
