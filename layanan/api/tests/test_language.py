import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "query", "lang", "fragment"),
    [
        ({}, "", "id", "tidak"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, "", "en", "not found"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "?lang=id", "id", "tidak"),
        ({}, "?lang=en", "en", "not found"),
    ],
)
def test_api_errors_follow_the_requested_language(client, headers, query, lang, fragment):
    response = client.get(f"/api/v1/services/tidak-ada{query}", **headers)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "service_not_found"
    assert fragment in body["message"].lower()
    assert response["Content-Language"] == lang


@pytest.mark.django_db
def test_validation_error_is_json_with_code_in_english(client):
    response = client.get("/api/v1/services?page=0", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert "invalid" in body["message"].lower()


@pytest.mark.django_db
def test_pages_keep_the_url_language(client):
    # the HTML site is Indonesian at / whatever the browser says; English lives under /en/
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "id"
