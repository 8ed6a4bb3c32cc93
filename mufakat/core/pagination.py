"""The one pagination of every API list: page numbers with an upper bound.

ninja's ``PageNumberPagination`` accepts any page number; a huge one makes an offset the database
cannot represent (a 500 instead of an answer). Past :data:`MAX_PAGE` there is never anything to
show, so a larger number is refused with 422 on ``page``.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
