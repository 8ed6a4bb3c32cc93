"""The OpenAPI document promises what the API answers: errors, distinct enums, versions."""

from typing import Any

import pytest
from django.test import Client

from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client: Client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


def _schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def test_every_operation_documents_its_error_answers(spec: dict[str, Any]) -> None:
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "422"} <= codes, (method, path)
            if method in ("post", "patch", "put", "delete"):
                assert {"409", "413"} <= codes, (method, path)


def test_party_kinds_are_not_validated_as_knowledge_item_kinds(spec: dict[str, Any]) -> None:
    party = _schema(spec, spec["components"]["schemas"]["PartyIn"]["properties"]["kind"])
    item = _schema(spec, spec["components"]["schemas"]["ItemIn"]["properties"]["kind"])
    assert set(party["enum"]) == set(Party.Kind.values)
    assert "good_practice" in item["enum"] and "member_state" not in item["enum"]


def test_the_meeting_detail_documents_the_lock_version_patch_needs(spec: dict[str, Any]) -> None:
    detail = spec["paths"]["/api/v1/meetings/{meeting_id}"]["get"]["responses"]["200"]
    schema = _schema(spec, detail["content"]["application/json"]["schema"])
    assert "lock_version" in schema["properties"] and "lock_version" in schema["required"]


def test_a_body_over_the_upload_limit_answers_413_with_a_reason(
    client: Client, settings: Any, secretariat: Any, api_headers: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(
        "/api/v1/parties",
        {"code": "XYZ", "name": "x" * 4096, "kind": "member_state"},
        content_type="application/json",
        headers=api_headers(secretariat),
    )
    assert response.status_code == 413
    assert "larger than 1 KiB" in response.json()["detail"][0]["msg"]


def test_every_operation_refuses_unsafe_text_in_query_path_and_body(
    client: Client, secretariat: Any, api_headers: Any
) -> None:
    headers = api_headers(secretariat)
    query = client.get("/api/v1/rounds", {"status": "a\x00b"}, headers=headers)
    path = client.get("/api/v1/bodies/SOMTC%E2%80%AE", headers=headers)
    body = client.post(
        "/api/v1/rounds",
        {"title": "Round \u2066one", "instruments": [1]},
        content_type="application/json",
        headers=headers,
    )
    for response, loc in ((query, "status"), (path, "code"), (body, "title")):
        assert response.status_code == 422, response.content
        assert response.json()["detail"][0]["loc"][-1] == loc
