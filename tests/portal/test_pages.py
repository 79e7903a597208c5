import re


def test_the_home_page_is_in_indonesian_and_links_to_the_office_finder(db, client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id"' in html
    assert 'href="/kantor-layanan/"' in html


def test_a_visitor_can_switch_the_site_to_english(db, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    assert '<html lang="en"' in client.get("/").content.decode()


def test_an_unknown_address_shows_our_404_page_with_a_way_home(db, client, settings):
    settings.DEBUG = False

    response = client.get("/tidak-ada-halaman-ini/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="id"' in html
    assert '<a href="/">' in html
    assert "Django" not in html  # not the technical 404 page


def test_the_health_check_reports_database_and_eager_tasks(db, client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("ok", "ok", "eager")
    assert body["worker_last_seen_seconds"] is None
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_openapi_schema_is_served(db, client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert b"/api/v1/regions/" in response.content


def test_the_api_docs_load_nothing_from_another_host(db, client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "cdn" not in html.lower()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the docs page should load its scripts and styles"
    assert not [url for url in sources if url.startswith(("http:", "https:", "//"))]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_api_docs_have_no_inline_style_that_the_csp_blocks(db, client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html  # the docs page itself, not an error page without styles
    assert "<style" not in html  # style-src 'self' would block it
    assert " style=" not in html


def test_pages_carry_a_strict_content_security_policy(db, client):
    policy = client.get("/").headers["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
