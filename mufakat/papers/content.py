"""What a meeting paper says, apart from how it is printed.

The brief of a meeting, the report of the meeting and the implementation status report are
each built, *for one reader*, as a :class:`Paper`: a title block and sections of paragraphs,
tables, charts and notes. The same Paper is rendered as the web page, the PDF (WeasyPrint, from
the same HTML) and the DOCX (python-docx), and serialised for the API — so the four can never
disagree about what a reader may see.

Builders add the TLP label of every record whose content they include (:meth:`Paper.include`);
the paper's marking is the most restrictive of them (TLP 2.0: a document carries the label of
its most sensitive part).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from mufakat.core.audience import most_restrictive_tlp

Kind = Literal["brief", "record", "status_report"]


@dataclass
class Link:
    """A link to the record a statement comes from (an absolute path, e.g. ``/meetings/12/``)."""

    label: str
    url: str


@dataclass
class Para:
    """A paragraph. ``numbered`` paragraphs are numbered 1, 2, 3 … across the whole paper when
    it is rendered (a restricted paragraph left out leaves no gap). ``key`` anchors comments on
    a report of the meeting."""

    text: str
    numbered: bool = False
    number: int | None = None
    links: list[Link] = field(default_factory=list)
    key: str = ""
    type: str = "para"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""
    #: Optional link per row (same length as ``rows``; ``None`` for a row without one).
    row_links: list[str | None] = field(default_factory=list)
    type: str = "table"


@dataclass
class Chart:
    """An SVG chart (the markup of :mod:`mufakat.monitoring.charts`) with its title; the DOCX
    embeds it as a PNG."""

    title: str
    svg: str
    type: str = "chart"


@dataclass
class Note:
    """A message in place of content that does not exist yet ("No snapshot has been frozen for
    this body's instruments yet") — a document says so instead of failing."""

    text: str
    type: str = "note"


Block = Para | Table | Chart | Note


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    #: Where the section's figures come from ("Snapshot of the Round for the 25th SOMTC, frozen
    #: 2 June 2025"), printed under the heading.
    source: str = ""
    key: str = ""
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Paper:
    kind: Kind
    title: str
    subtitle: str = ""
    #: Title block lines, label → value ("Venue" → "Jakarta, Indonesia").
    meta: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    #: Annexes, printed after the sections with their own headings ("Annex 1 – …").
    annexes: list[Section] = field(default_factory=list)
    #: The page the paper is read on (absolute path).
    url: str = ""
    #: Version line for versioned papers ("Version 2, adopted 21 January 2027").
    version: str = ""
    produced_at: dt.datetime | None = None
    #: TLP labels of every record included; see :attr:`tlp`.
    labels: list[str] = field(default_factory=list)

    def include(self, *labels: str | None) -> None:
        """Record that content marked with these labels is in the paper."""
        self.labels.extend(label for label in labels if label)

    @property
    def tlp(self) -> str:
        return most_restrictive_tlp(*self.labels)

    def all_sections(self) -> list[Section]:
        """Sections, their subsections and annexes, in reading order."""
        ordered: list[Section] = []

        def walk(sections: list[Section]) -> None:
            for section in sections:
                ordered.append(section)
                walk(section.subsections)

        walk(self.sections)
        walk(self.annexes)
        return ordered

    def number_paragraphs(self) -> Paper:
        """Number the numbered paragraphs 1, 2, 3 … in reading order (after any filtering)."""
        number = 0
        for section in self.all_sections():
            for block in section.blocks:
                if isinstance(block, Para) and block.numbered:
                    number += 1
                    block.number = number
        return self

    def to_json(self) -> dict[str, Any]:
        """The API's representation: the same content, with the marking."""
        data = asdict(self)
        data.pop("labels")
        data["tlp"] = self.tlp
        data["meta"] = [{"label": k, "value": v} for k, v in self.meta]
        data["produced_at"] = self.produced_at.isoformat() if self.produced_at else None
        return data

    def text(self) -> str:
        """Every word of the paper as plain text, for tests and search (no markup)."""
        lines = [self.title, self.subtitle, self.version]
        lines += [f"{k}: {v}" for k, v in self.meta]
        for section in self.all_sections():
            lines += [section.heading, section.source]
            for block in section.blocks:
                if isinstance(block, Para):
                    lines.append(block.text)
                elif isinstance(block, Table):
                    lines += [block.caption, " | ".join(block.headers)]
                    lines += [" | ".join(row) for row in block.rows]
                elif isinstance(block, Chart):
                    lines.append(block.title)
                elif isinstance(block, Note):
                    lines.append(block.text)
        return "\n".join(line for line in lines if line)
