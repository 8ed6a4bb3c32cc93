"""One rule for text, everywhere: NUL and bidi-override characters are refused, naming the field."""

from typing import Any

import pytest
from django import forms
from pydantic import ValidationError

from mufakat.core.schemas import InputSchema, PatchSchema
from mufakat.core.text import SafeTextForm, unsafe_text_reason


class _Note(InputSchema):
    title: str
    tags: list[str] = []


class _NotePatch(PatchSchema):
    nullable = frozenset({"due"})
    title: str | None = None
    due: str | None = None


class _NoteForm(SafeTextForm):
    title = forms.CharField()
    count = forms.IntegerField(required=False)


@pytest.mark.parametrize("bad", ["a\x00b", "abc\u202ed", "x\u2066y\u2069", "\ud800"])
def test_nul_bidi_overrides_and_lone_surrogates_are_unsafe(bad: str) -> None:
    assert unsafe_text_reason(bad)


@pytest.mark.parametrize("good", ["", "Jakarta", "مرحبا", "東京", "line\nbreak\ttab", "\u200f"])
def test_ordinary_text_in_any_script_is_safe(good: str) -> None:
    assert unsafe_text_reason(good) is None


def _locs(exc: Any) -> list[tuple[Any, ...]]:
    return [error["loc"] for error in exc.value.errors()]


def test_an_input_schema_names_the_field_with_the_bad_text() -> None:
    with pytest.raises(ValidationError) as exc:
        _Note(title="ok", tags=["fine", "bad\u202e"])
    assert _locs(exc) == [("tags",)]


def test_a_patch_refuses_null_except_on_the_fields_that_may_be_empty() -> None:
    assert _NotePatch(due=None).due is None
    assert _NotePatch().title is None  # left out: kept as it is
    with pytest.raises(ValidationError) as exc:
        _NotePatch(title=None)
    assert _locs(exc) == [("title",)]


def test_a_form_names_the_field_with_the_bad_text() -> None:
    form = _NoteForm(data={"title": "evil\u202egnp.exe", "count": "3"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    assert _NoteForm(data={"title": "Jakarta", "count": "3"}).is_valid()
