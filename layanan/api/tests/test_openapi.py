"""Keep the OpenAPI document honest against the real endpoints (a Zulip habit).

Every GET operation in the document is called (path parameters filled with a value that does not
exist) and must answer with JSON and never a 5xx; every error body has a ``code`` and a
``message``. Every route mounted under /api/v1/ must appear in the document.
"""

import re

import pytest
from django.urls import get_resolver

EXPECTED_PATHS = {"/api/v1/services", "/api/v1/services/{code}"}


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_document_lists_the_public_endpoints(openapi):
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) >= EXPECTED_PATHS


@pytest.mark.django_db
def test_interactive_docs_are_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_get_operation_answers_json_without_server_error(client, openapi, lang):
    for path, operations in openapi["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"\{[^}]+\}", "999999", path)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code == 401:
            continue
        assert response["Content-Type"].startswith("application/json"), path
        if response.status_code >= 400:
            body = response.json()
            assert {"code", "message"} <= set(body), (path, body)
            assert body["message"], path


def test_every_api_route_is_documented(openapi):
    documented = {re.sub(r"\{[^}]+\}", "{}", p) for p in openapi["paths"]}
    api_patterns = []

    def walk(patterns, prefix):
        for p in patterns:
            route = prefix + str(p.pattern)
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, route)
            else:
                api_patterns.append(route)

    walk(get_resolver().url_patterns, "/")
    for route in api_patterns:
        if not route.startswith("/api/v1/") or route.rstrip("/") == "/api/v1":
            continue
        if route.rstrip("/").endswith(("docs", "openapi.json")):
            continue
        normalised = re.sub(r"<[^>]+>", "{}", route).rstrip("/")
        assert normalised in {d.rstrip("/") for d in documented}, route
