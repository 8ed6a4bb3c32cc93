"""What every API operation shares: the text rule, the input schema bases, the documented
error answers.

:class:`MufakatAPI` applies the one text rule of :mod:`mufakat.core.text` to every path
parameter, query value and JSON body string of every operation before the operation reads them,
and writes the error answers the exception handlers in ``mufakat/api.py`` give into every
operation of the OpenAPI document (for clients, and for the schema fuzzing in
``tests/api/test_fuzz.py``). ``InputSchema``/``PatchSchema`` say the same per field, and
refuse ``null`` where a field cannot be empty.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, ClassVar

from django.core.exceptions import RequestDataTooBig
from django.db.models import Choices
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from pydantic import ValidationInfo, WithJsonSchema, field_validator

from mufakat.core.text import check_pydantic_value, unsafe_text_reason
from mufakat.core.title_translations import title_fields, translated_title

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


class TranslatedTitleOut(Schema):
    """The title fields of a meeting, an instrument or a knowledge item in an answer: ``title``
    as recorded (so a client that reads and writes back never saves a translation over it),
    ``display_title`` in the reader's language (``Accept-Language``, or the language chosen on
    the site) and the translations (:mod:`mufakat.core.title_translations`)."""

    title: str = Field(description="As recorded; what to send back to change it.")
    display_title: str = Field(
        description="In the reader's language (Accept-Language) when the record has a "
        "translation into it; else as recorded."
    )
    title_translations: dict[str, str] = Field(description="{language code: title}")

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(title_fields(obj)["title"])

    @staticmethod
    def resolve_display_title(obj: Any) -> str:
        return translated_title(obj)

    @staticmethod
    def resolve_title_translations(obj: Any) -> dict[str, str]:
        return title_fields(obj)["title_translations"]


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


def unsafe_text_problems(request: HttpRequest, path_values: dict[str, Any]) -> list[dict[str, Any]]:
    """Every path parameter, query value and JSON body string that breaks the text rule, each
    located like a validation error (``["query", "q"]``, ``["body", "items", 0, "title"]``)."""
    problems: list[dict[str, Any]] = []
    for name, value in path_values.items():
        if isinstance(value, str) and (reason := unsafe_text_reason(value)):
            problems.append({"loc": ["path", name], "msg": reason})
    for name, values in request.GET.lists():
        for value in values:
            if reason := unsafe_text_reason(value):
                problems.append({"loc": ["query", name], "msg": reason})
                break
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, RequestDataTooBig):
            return problems  # the operation itself answers 400 or 413
        problems += [{"loc": ["body", *loc], "msg": msg} for loc, msg in _unsafe_in(body, [])]
    return problems


def _unsafe_in(value: Any, loc: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    if isinstance(value, str):
        if reason := unsafe_text_reason(value):
            yield loc, reason
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unsafe_in(item, [*loc, index])
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unsafe_in(key, [*loc, key])
            yield from _unsafe_in(item, [*loc, key])


class MufakatAPI(NinjaAPI):
    """The API whose OpenAPI document lists the error answers of every operation, and whose
    every operation applies the text rule to every parameter and JSON body before anything
    else reads them (so no app, however new, can forget it; :class:`InputSchema` says the
    same again where schemas are used outside a request)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_decorator(self._refuse_unsafe_text, mode="view")

    def _refuse_unsafe_text(self, run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(run)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            problems = unsafe_text_problems(request, kwargs)
            if problems:
                return self.create_response(request, {"detail": problems}, status=422)
            return run(request, *args, **kwargs)

        return checked

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        spec = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_error_responses(spec)
