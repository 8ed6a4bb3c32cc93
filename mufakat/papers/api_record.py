"""API of the report of the meeting's lifecycle (draft, circulate, comment, adopt, correct)."""

from ninja import Router

router = Router(tags=["papers"])
