import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

SCHEMA_URL = reverse("api-schema")
DOCS_URL = reverse("api-docs")


def test_schema_endpoint_answers_200_with_openapi_3(client):
    response = client.get(SCHEMA_URL, {"format": "json"})

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_schema_is_valid_openapi(client):
    schema = client.get(SCHEMA_URL, {"format": "json"}).json()

    validate_schema(schema)


def test_schema_documents_the_referrals_api(client):
    paths = client.get(SCHEMA_URL, {"format": "json"}).json()["paths"]

    assert {"get", "post"} <= set(paths["/api/v1/referrals/"])
    assert "get" in paths["/api/v1/referrals/{referral_id}/"]
    assert "get" in paths["/api/v1/caseload/"]
    assert "get" in paths["/api/v1/reasons/"]


def test_schema_documents_the_idempotency_key(client):
    submit = client.get(SCHEMA_URL, {"format": "json"}).json()["paths"]["/api/v1/referrals/"]

    headers = [p["name"] for p in submit["post"]["parameters"] if p["in"] == "header"]
    assert headers == ["Idempotency-Key"]


def test_schema_generates_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )

    assert (tmp_path / "schema.yml").read_text().startswith("openapi:")


def _asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)


def test_docs_page_answers_200(client):
    response = client.get(DOCS_URL)

    assert response.status_code == 200
    assert 'id="swagger-ui"' in response.content.decode()


def test_docs_page_names_no_external_address(client):
    html = client.get(DOCS_URL).content.decode()

    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE)


def test_docs_page_loads_its_assets_from_our_static_files(client):
    assets = _asset_urls(client.get(DOCS_URL).content.decode())

    assert assets
    for url in assets:
        if url.startswith(DOCS_URL):
            continue  # the page's own script, served separately so the page has no inline JS
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not in the static files"


def test_docs_page_reads_our_own_schema(client):
    script = client.get(DOCS_URL, {"script": ""}).content.decode()

    assert SCHEMA_URL in script


def test_docs_page_has_no_inline_script(client):
    html = client.get(DOCS_URL).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_schema_documents_the_rate_limit_answer_on_every_operation(client):
    paths = client.get(SCHEMA_URL, {"format": "json"}).json()["paths"]

    operations = [op for ops in paths.values() for m, op in ops.items() if m in {"get", "post"}]
    assert operations
    for operation in operations:
        assert "Retry-After" in operation["responses"]["429"]["headers"]
