"""What every API operation shares: the input schema base and the documented error answers.

``InputSchema`` checks every text a client sends (bodies and query filters) with the one rule in
:mod:`mufakat.core.text`, so no field can forget it. :func:`document_errors` writes the error
answers the exception handlers in ``mufakat/api.py`` give into every operation of the OpenAPI
document, so clients (and the schema fuzzing in ``tests/api/test_fuzz.py``) know them.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from django.db.models import Choices
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from pydantic import ValidationInfo, WithJsonSchema, field_validator

from mufakat.core.text import check_pydantic_value

MAX_ID = 2**63 - 1
"""The largest primary key the database can hold (a 64-bit signed integer)."""

RecordId = Annotated[int, Field(ge=1, le=MAX_ID, description="Record id")]
"""An id used as a filter: a number past any stored id is refused (422), not sent to the
database, which cannot represent it."""


class InputSchema(Schema):
    """Base of every API input: any text in any field (lists and nested objects too) must be
    storable and display as stored; otherwise 422 on that field."""

    @field_validator("*", mode="after")
    @classmethod
    def _safe_text(cls, value: Any) -> Any:
        return check_pydantic_value(value)


def named_choices(choices: type[Choices], name: str) -> Any:
    """JSON schema of a model's choices under a name of its own.

    Django's ``TextChoices`` are inner classes with generic names (``Party.Kind``,
    ``KnowledgeItem.Kind``); as OpenAPI components the last one registered would stand for all,
    so clients would validate party kinds against knowledge-item kinds. Inlined under its own
    title, each field keeps its own values."""
    return WithJsonSchema(
        {"title": name, "type": "string", "enum": [str(value) for value in choices.values]}
    )


class PatchSchema(InputSchema):
    """Base of every partial update: only the fields sent change, and ``null`` is accepted
    only by the fields listed in ``nullable`` (those that may be empty). Elsewhere it would
    reach a NOT NULL column; it is refused with 422 on the field instead."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError(_("May not be null: leave the field out to keep its value."))
        return value


class ErrorDetail(Schema):
    loc: list[str | int] = Field(description="Where: source (body, query, path) then field")
    msg: str


class ErrorOut(Schema):
    """Every error answer: a sentence, or a list of problems each naming its field."""

    detail: str | list[ErrorDetail]


ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "The body is not valid JSON.",
    401: "The token is unknown, expired or revoked, or the operation needs one.",
    403: "Signed in, but not allowed to do this.",
    404: "No such record, or one you may not see.",
    409: "Someone saved since the lock_version you sent.",
    413: "The request body is too large.",
    422: "The input is not valid; each problem names its field.",
    429: "Too many requests; try again later.",
}
"""Status → meaning, for the documentation of every operation."""

_WRITES = {"post", "put", "patch", "delete"}


def _codes_for(method: str) -> list[int]:
    codes = [401, 403, 404, 422, 429]
    if method in _WRITES:
        codes += [400, 409, 413]
    return codes


def add_error_responses(spec: dict[str, Any]) -> dict[str, Any]:
    """Document the error answers on every operation that does not document them itself."""
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    components.update(error_schema.pop("$defs", {}))
    components["ErrorOut"] = error_schema
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for operations in spec.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _codes_for(method):
                responses.setdefault(
                    code,
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return spec


class MufakatAPI(NinjaAPI):
    """The API whose OpenAPI document lists the error answers of every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        spec = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_error_responses(spec)
