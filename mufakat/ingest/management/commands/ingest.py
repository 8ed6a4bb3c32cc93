"""``mufakat ingest FILE…``: propose the meetings, instruments, crime areas and parties that
press statements report, as JSON (default) or a table for people. Nothing is written.

Exit status: 0 when every file was read; 1 when at least one could not be (each such file is
named on stderr, the others are still processed).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.ingest.extract import (
    Extraction,
    Gazetteer,
    UnreadableDocument,
    extract_document,
    read_document,
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: {value!r} is not a date of the form YYYY-MM-DD") from exc


def table(name: str, x: Extraction) -> str:
    """The extraction for people: one line per proposal, its evidence indented below."""
    lines = [f"== {name}" + (f" (published {x.published})" if x.published else "")]
    for m in x.meetings:
        number = f" #{m.number}" if m.number else ""
        dates = m.start_date or "?"
        if m.end_date and m.end_date != m.start_date:
            dates += f"..{m.end_date}"
        where = ", ".join(v for v in (m.city, m.host) if v) or "?"
        chair = f" chair {m.chair}" if m.chair else ""
        link = f"  [matches meeting {m.match}]" if m.match else "  [new]"
        lines.append(f"meeting     {m.relation:<13}{m.body}{number}  {dates}  {where}{chair}{link}")
        lines.append(f"            “{m.evidence}”")
    for i in x.instruments:
        years = f" {i.start_year or '?'}–{i.end_year or '?'}" if i.start_year or i.end_year else ""
        link = f"  [matches instrument {i.match}]" if i.match else "  [new]"
        lines.append(f"instrument  {i.kind:<15}{i.title}{years}{link}")
        lines.append(f"            “{i.evidence}”")
    lines.append("crime areas " + (", ".join(x.crime_areas) or "-"))
    lines.append("parties     " + (", ".join(x.parties) or "-"))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Propose records from press statements (.txt, .md, .html, .docx, .pdf); writes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="publication date (YYYY-MM-DD); overrides the files' own date: line",
        )
        parser.add_argument(
            "--user",
            default=None,
            help="link to the meetings and instruments this user may see (default: public ones)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            from mufakat.accounts.models import User

            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no user {options['user']!r}")
        gazetteer = Gazetteer.from_registry(user=user)
        failed = 0
        for path in options["files"]:
            try:
                doc = read_document(path)
            except UnreadableDocument as exc:
                self.stderr.write(f"ingest: {exc}")
                failed += 1
                continue
            x = extract_document(doc, published=options["date"], gazetteer=gazetteer)
            if options["format"] == "table":
                self.stdout.write(table(path, x) + "\n")
            else:
                # One file: an indented JSON object; several: one object per line (JSON Lines).
                indent = 2 if len(options["files"]) == 1 else None
                payload = {"file": path, **x.to_json()}
                self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=indent))
        if failed:
            total = len(options["files"])
            raise CommandError(f"{failed} of {total} files could not be read", returncode=1)
