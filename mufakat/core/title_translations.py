"""Record titles in the readers' languages: ``{language: title}`` next to the English title.

Meetings, instruments and knowledge items keep their title in the language they were recorded
in; ``title_translations`` adds the same title in other interface languages. A page shows the
reader's language when there is one (the ``title_in_language`` filter), else the title; so do
breadcrumbs, the API, calendar feeds, papers and exports, through :func:`translated_title`.
Search, sorting and the gate keep using the recorded title.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 400


def languages() -> list[str]:
    """The interface languages a title may be translated into (all but English)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def clean_title_translations(value: Any, *, field: str = "title_translations") -> dict[str, str]:
    """``{language: title}`` checked: known languages, text, not too long; empty titles dropped."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError({field: _("Give the translations as {language: title}.")})
    cleaned: dict[str, str] = {}
    for language, title in value.items():
        if language not in languages():
            raise ValidationError(
                {
                    field: _("Unknown language “%(code)s”; use one of: %(codes)s.")
                    % {"code": language, "codes": ", ".join(languages())}
                }
            )
        if not isinstance(title, str):
            raise ValidationError({field: _("The title in “%s” must be text.") % language})
        title = " ".join(title.split())
        if len(title) > MAX_LENGTH:
            raise ValidationError(
                {field: _("The title in “%(code)s” has more than %(n)s characters.")
                 % {"code": language, "n": MAX_LENGTH}}
            )  # fmt: skip
        if title:
            cleaned[language] = title
    return cleaned


def _parts(record: Any) -> tuple[dict[str, str], str]:
    """``(translations, recorded title)`` of a model instance or a row. An instance loaded
    without its translations (``only()``) has none here, rather than costing a query per row."""
    if record is None:
        return {}, ""
    if isinstance(record, dict):
        return dict(record.get("title_translations") or {}), str(record.get("title") or "")
    if isinstance(record, models.Model) and "title_translations" not in record.__dict__:
        translations: Any = {}
    else:
        translations = getattr(record, "title_translations", None) or {}
    return dict(translations), str(getattr(record, "title", "") or "")


def translated_title(record: Any, language: str | None = None) -> str:
    """The record's title in ``language`` (the active one) when it has one, else its title.

    The one place that chooses a title by language: pages, breadcrumbs, the API, calendar feeds,
    papers and exports all call it. ``record`` is a model instance or a row (a dict with
    ``title`` and ``title_translations``)."""
    language = (language or get_language() or "").split("-")[0]
    translations, title = _parts(record)
    return str(translations.get(language) or title)


def translated_short_title(record: Any, language: str | None = None) -> str:
    """An instrument's short title where one is shown, unless its title is translated into
    ``language`` (short titles are not translated: the translated title reads better)."""
    language = (language or get_language() or "").split("-")[0]
    translations, title = _parts(record)
    return str(translations.get(language) or getattr(record, "short_title", "") or title)


def title_fields(record: Any, language: str | None = None) -> dict[str, Any]:
    """What an export row or an API answer says of a title: ``title`` as recorded (what a
    client sends back to change it, whatever language it reads in), ``display_title`` in
    ``language`` (the reader's) and ``title_translations``."""
    translations, original = _parts(record)
    return {
        "title": original,
        "display_title": translated_title(record, language),
        "title_translations": translations,
    }


class TitleTranslationsField(forms.CharField):
    """One line per language, ``id: Judul dalam Bahasa Indonesia``; read into a dict."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Title in other languages"))
        kwargs.setdefault(
            "help_text",
            _("One line per language, the code first: “id: …”, “vi: …”, “th: …”. Shown to "
              "readers who use that language."),
        )  # fmt: skip
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return "\n".join(f"{code}: {title}" for code, title in value.items())
        return value

    def to_python(self, value: Any) -> dict[str, str]:  # type: ignore[override]
        if isinstance(value, dict):
            return clean_title_translations(value)
        found: dict[str, str] = {}
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            code, colon, title = line.partition(":")
            if not colon:
                raise ValidationError(
                    _("Line %(n)s: write the language code, a colon, then the title.")
                    % {"n": number}
                )
            found[code.strip().lower()] = title.strip()
        try:
            return clean_title_translations(found)
        except ValidationError as error:
            raise ValidationError(error.message_dict["title_translations"]) from error
