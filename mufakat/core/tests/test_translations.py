"""Every language's interface is complete: every string in the code has a reviewed translation.

The strings are extracted afresh (``makemessages`` into a temporary directory) and compared with
each committed catalogue, so a string added to a template or to Python code without running
``make messages`` fails here, naming the string (see docs/ops/languages.md).
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
CATALOGUE = LOCALE / "id" / "LC_MESSAGES" / "django.po"
COMPILED = LOCALE / "id" / "LC_MESSAGES" / "django.mo"
#: Every language but English, the source language.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    context: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The key gettext stores the message under in the compiled catalogue."""
        return f"{self.context}\x04{self.msgid}" if self.context is not None else self.msgid


def _string(text: str) -> str:
    return str(ast.literal_eval(text))


def entries(path: Path = CATALOGUE) -> list[Entry]:
    """The catalogue's active entries (not the header, not obsolete ``#~`` ones)."""
    found: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        if current is None:
            current = Entry(line=number)
            found.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and target is not None:
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _string(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _string(line))
        else:
            keyword, _, value = line.partition(" ")
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                current.msgstr[index] = _string(value)
                target = ("msgstr", index)
            else:
                name = {"msgctxt": "context"}.get(keyword, keyword)
                setattr(current, name, _string(value))
                target = (name, 0)
    return [entry for entry in found if entry.msgid]


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Entry]:
    """The strings the code marks for translation today, extracted into a temporary catalogue."""
    # makemessages writes next to the sources it reads, so it reads a copy of them.
    copy = tmp_path_factory.mktemp("extract") / "mufakat"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("locale", "tests", "testing", "__pycache__", "*.mo", "*.po"),
    )
    target = copy / "locale"
    target.mkdir()
    previous = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[target]):
            call_command(
                "makemessages",
                locale=["en"],
                extensions=["html", "txt", "py"],
                ignore_patterns=["tests/*", "testing/*"],
                verbosity=0,
            )
    finally:
        os.chdir(previous)
    return {e.key: e for e in entries(target / "en" / "LC_MESSAGES" / "django.po")}


def test_the_languages_offered_are_english_indonesian_vietnamese_and_thai() -> None:
    assert [code for code, _name in settings.LANGUAGES] == ["en", "id", "vi", "th"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_in_the_code_is_in_the_catalogue_and_translated(
    language: str, extracted: dict[str, Entry]
) -> None:
    catalogued = {e.key: e for e in entries(catalogue(language))}
    missing = sorted(set(extracted) - set(catalogued))
    untranslated = sorted(
        key
        for key, e in catalogued.items()
        if key in extracted
        and (not e.msgstr or any(not text.strip() for text in e.msgstr.values()))
    )
    fuzzy = sorted(key for key, e in catalogued.items() if "fuzzy" in e.flags)
    problems = [f"missing: {key!r}" for key in missing]
    problems += [f"untranslated: {key!r}" for key in untranslated]
    problems += [f"fuzzy: {key!r}" for key in fuzzy]
    assert not problems, (
        f"{len(problems)} problem(s) in locale/{language}/LC_MESSAGES/django.po "
        "(run `make messages`, then add the translations to the table):\n" + "\n".join(problems)
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalogue_is_compiled_from_its_source(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries(catalogue(language))
        if compiled._catalog.get(e.key if e.msgid_plural is None else (e.key, 0)) != e.msgstr.get(0)
    ]
    assert not stale, f"Run compilemessages -l {language}; stale:\n" + "\n".join(stale)


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_markup_are_kept_in_every_translation(language: str) -> None:
    """A translation keeps each %(name)s / {name} placeholder and each HTML tag of its source."""
    placeholder = re.compile(
        r"%\(\w+\)[sd]|\{\w*\}|</?(?:a|abbr|b|br|code|em|i|kbd|span|strong)\b[^>]*>"
    )
    wrong = []
    for e in entries(catalogue(language)):
        wanted = sorted(placeholder.findall(e.msgid_plural or e.msgid))
        for text in e.msgstr.values():
            if text and sorted(placeholder.findall(text)) != wanted and e.msgid_plural is None:
                wrong.append(f"line {e.line}: {e.msgid!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_is_read_in_full() -> None:
    assert len(entries()) > 1000


def test_every_extracted_string_is_translated_into_indonesian() -> None:
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries()
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    assert not untranslated, "Untranslated in django.po:\n" + "\n".join(untranslated)


def test_no_translation_is_left_fuzzy() -> None:
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries() if "fuzzy" in e.flags]
    assert not fuzzy, "Fuzzy (unreviewed) in django.po:\n" + "\n".join(fuzzy)


def test_indonesian_has_one_plural_form_so_each_plural_message_has_exactly_one() -> None:
    wrong = [
        f"line {e.line}: {e.msgid!r}"
        for e in entries()
        if e.msgid_plural is not None and sorted(e.msgstr) != [0]
    ]
    assert not wrong


def test_the_compiled_catalogue_matches_the_source() -> None:
    """The .mo files are committed; a translation edited but not compiled never reaches a page."""
    with COMPILED.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries():
        if entry.msgid_plural is None:
            shown = compiled._catalog.get(entry.key)
        else:
            shown = compiled._catalog.get((entry.key, 0))
        if shown != entry.msgstr.get(0):
            stale.append(f"line {entry.line}: {entry.msgid!r}")
    assert not stale, "Run compilemessages -l id; stale in django.mo:\n" + "\n".join(stale)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_plural_forms_pass_msgfmt_checks(tmp_path: Path, language: str) -> None:
    result = subprocess.run(
        [
            "msgfmt",
            "--check",
            "--check-format",
            "-o",
            str(tmp_path / "django.mo"),
            catalogue(language),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
