"""Record titles in the readers' languages: ``{language: title}`` next to the English title.

Meetings, instruments and knowledge items keep their title in the language they were recorded
in; ``title_translations`` adds the same title in other interface languages. A page shows the
reader's language when there is one (the ``title_in_language`` filter), else the title. Search,
the gate and exports keep using the recorded title.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
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


def translated_title(record: Any, language: str | None = None) -> str:
    """The record's title in ``language`` (the active one) when it has one, else its title."""
    language = (language or get_language() or "").split("-")[0]
    if isinstance(record, dict):
        translations, title = record.get("title_translations") or {}, record.get("title")
    else:
        translations = getattr(record, "title_translations", None) or {}
        title = getattr(record, "title", "")
    return str(translations.get(language) or title or "")


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
