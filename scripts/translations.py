"""Extract, fill, compile and report the interface translations.

The translations are kept in one table per language, ``mufakat/locale/<lang>/translations.json``
(``{msgid: msgstr}``; a plural message maps to a list of forms; a message with a context is keyed
``"<context>\\x04<msgid>"``). The .po catalogues are generated from the code and filled from the
tables, so a new string needs one line in each table, never a hand edit of a .po file.

    python scripts/translations.py messages        # makemessages + fill + compile + report
    python scripts/translations.py report          # untranslated/fuzzy counts per language
    python scripts/translations.py missing vi      # the msgids the vi table lacks, one a line
    python scripts/translations.py add vi SRC DST  # pair SRC lines (msgids) with DST lines into the table

``missing`` writes each msgid on one line (newlines as ``\\n``, a plural as ``msgid||msgid_plural``);
``add`` reads the same escaping, and a plural translation's forms are separated by ``||``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mufakat"
LOCALE = PACKAGE / "locale"
#: Every language but the source (English); the same list as settings.LANGUAGES.
LANGUAGES = {
    "id": ("Bahasa Indonesia", "nplurals=1; plural=0;"),
    "vi": ("Vietnamese", "nplurals=1; plural=0;"),
    "th": ("Thai", "nplurals=1; plural=0;"),
}
SEPARATOR = "||"
PYTHON = sys.executable


def catalogue(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def table_path(lang: str) -> Path:
    return LOCALE / lang / "translations.json"


def load_table(lang: str) -> dict[str, str | list[str]]:
    path = table_path(lang)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_table(lang: str, table: dict[str, str | list[str]]) -> None:
    text = json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=1)
    table_path(lang).write_text(text + "\n", encoding="utf-8")


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def makemessages(lang: str, locale_dir: Path | None = None) -> None:
    """Extract templates (html, txt) and Python strings into the language's catalogue."""
    env = {**os.environ, "MUFAKAT_ENV": os.environ.get("MUFAKAT_ENV", "test")}
    env.setdefault("MUFAKAT_DATA_DIR", tempfile.mkdtemp(prefix="mufakat-messages-"))
    subprocess.run(
        [PYTHON, "-m", "mufakat.cli", "makemessages", "-l", lang, "-e", "html,txt,py",
         "--ignore", "tests/*", "--ignore", "testing/*", "--no-obsolete"],
        cwd=PACKAGE, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def fill(lang: str) -> tuple[int, int]:
    """Write the table's translations into the catalogue; return (entries, untranslated)."""
    name, plurals = LANGUAGES[lang]
    table = load_table(lang)
    po = polib.pofile(str(catalogue(lang)), wrapwidth=79)
    po.metadata.update(
        {
            "Project-Id-Version": "Mufakat",
            "Language-Team": name,
            "Language": lang,
            "Last-Translator": "Mufakat",
            "Plural-Forms": plurals,
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    po.header = f"{name} translation of Mufakat.\nThis file is distributed under the same license as the Mufakat package.\n"
    untranslated = 0
    for entry in po:
        if entry.obsolete:
            continue
        found = table.get(key(entry))
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            if found is None:  # a guess from a similar string is no translation
                entry.msgstr, entry.msgstr_plural = "", {k: "" for k in entry.msgstr_plural}
        if found is not None:
            if entry.msgid_plural:
                forms = found if isinstance(found, list) else [found]
                count = int(plurals.split("nplurals=")[1].split(";")[0])
                entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
            else:
                entry.msgstr = found if isinstance(found, str) else found[0]
        if not entry.translated():
            untranslated += 1
    po.save()
    return len([e for e in po if not e.obsolete]), untranslated


def compile_all() -> None:
    env = {**os.environ, "MUFAKAT_ENV": os.environ.get("MUFAKAT_ENV", "test")}
    env.setdefault("MUFAKAT_DATA_DIR", tempfile.mkdtemp(prefix="mufakat-messages-"))
    args = [a for lang in LANGUAGES for a in ("-l", lang)]
    subprocess.run(
        [PYTHON, "-m", "mufakat.cli", "compilemessages", *args],
        cwd=PACKAGE, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\\\", "\\")


def missing(lang: str) -> list[str]:
    table = load_table(lang)
    lines = []
    for entry in polib.pofile(str(catalogue(lang))):
        if entry.obsolete or key(entry) in table:
            continue
        text = escape(key(entry))
        lines.append(text + SEPARATOR + escape(entry.msgid_plural) if entry.msgid_plural else text)
    return lines


def add(lang: str, sources: Path, translations: Path) -> int:
    src = sources.read_text(encoding="utf-8").rstrip("\n").split("\n")
    dst = translations.read_text(encoding="utf-8").rstrip("\n").split("\n")
    if len(src) != len(dst):
        raise SystemExit(f"{sources} has {len(src)} lines but {translations} has {len(dst)}")
    table = load_table(lang)
    for original, translated in zip(src, dst, strict=True):
        msgid = unescape(original.split(SEPARATOR)[0])
        forms = [unescape(f) for f in translated.split(SEPARATOR)]
        if not forms[0].strip():
            raise SystemExit(f"empty translation for {original!r}")
        table[msgid] = forms if SEPARATOR in original else forms[0]
    save_table(lang, table)
    return len(src)


def report() -> dict[str, tuple[int, int, int]]:
    counts = {}
    for lang in LANGUAGES:
        if not catalogue(lang).exists():
            continue
        po = polib.pofile(str(catalogue(lang)))
        active = [e for e in po if not e.obsolete]
        counts[lang] = (
            len(active),
            len([e for e in active if not e.translated() and "fuzzy" not in e.flags]),
            len([e for e in active if "fuzzy" in e.flags]),
        )
    return counts


def print_report() -> None:
    print(f"{'language':<10}{'messages':>10}{'untranslated':>14}{'fuzzy':>7}")
    for lang, (total, untranslated, fuzzy) in report().items():
        print(f"{lang:<10}{total:>10}{untranslated:>14}{fuzzy:>7}")


def main(argv: list[str]) -> int:
    command, *args = argv or ["report"]
    if command == "messages":
        for lang in args or list(LANGUAGES):
            makemessages(lang)
            fill(lang)
        compile_all()
        print_report()
    elif command == "fill":
        for lang in args or list(LANGUAGES):
            fill(lang)
        compile_all()
        print_report()
    elif command == "report":
        print_report()
    elif command == "missing":
        print("\n".join(missing(args[0])))
    elif command == "add":
        print(add(args[0], Path(args[1]), Path(args[2])), "translations added")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
