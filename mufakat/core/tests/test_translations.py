"""The Indonesian interface is complete: every extracted string has a reviewed translation.

Only what is already in the catalogue is checked; strings not yet extracted with
``makemessages`` are the next extraction's concern (see docs/development.md, "Translations").
"""

from __future__ import annotations

import ast
import gettext
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUE = LOCALE / "id" / "LC_MESSAGES" / "django.po"
COMPILED = LOCALE / "id" / "LC_MESSAGES" / "django.mo"


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
def test_placeholders_and_plural_forms_pass_msgfmt_checks(tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--check-format", "-o", str(tmp_path / "django.mo"), CATALOGUE],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
