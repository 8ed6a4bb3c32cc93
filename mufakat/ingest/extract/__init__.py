"""The deterministic press-statement extractor (issue 5): text in, proposed records out."""

from mufakat.ingest.extract.extraction import (
    Extraction,
    InstrumentProposal,
    MeetingProposal,
    extract,
    extract_document,
)
from mufakat.ingest.extract.gazetteer import Gazetteer
from mufakat.ingest.extract.text import Document, UnreadableDocument, read_document

__all__ = [
    "Document",
    "Extraction",
    "Gazetteer",
    "InstrumentProposal",
    "MeetingProposal",
    "UnreadableDocument",
    "extract",
    "extract_document",
    "read_document",
]
