"""Search, through the gate: a user finds — and counts — only records they may open.

Results are the documents whose record is in ``Model.objects.visible_to(user)`` for its type;
no audience is copied into the index. Facet counts are computed in SQL over exactly the
matching *and* visible set, after every filter (drill-down: choosing kind=good_practice leaves
only good practices, and every facet counts only those).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from mufakat.core.title_translations import translated_title
from mufakat.core.visibility import gate_key
from mufakat.search.backends import backend, where_sql
from mufakat.search.indexing import indexed_models
from mufakat.search.models import SearchDocument, SearchFacet
from mufakat.search.snippets import highlight, snippet
from mufakat.search.text import highlight_words, parse_query

#: Filters (and facets) in the order the page shows them.
FACETS = ("type", "kind", "crime_area", "party", "year", "language")

MAX_PER_PAGE = 100


class FacetValue(NamedTuple):
    value: str
    label: str
    count: int  # type: ignore[assignment]  # shadows tuple.count, as the API names it


@dataclass
class Hit:
    type: str
    object_id: int
    title: str
    url: str
    snippet: SafeString
    score: float
    date: dt.date | None
    type_label: str = ""
    kind: str = ""
    kind_label: str = ""
    language: str = ""
    title_html: SafeString = field(default_factory=lambda: SafeString(""))
    #: The record itself with only its restriction loaded, for the access label.
    record: Any = None


@dataclass
class SearchResults:
    query: str
    filters: dict[str, list[str]]
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    page: int = 1
    per_page: int = 20
    searched: bool = True

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    # The interface of a Django ``Page``, so includes/pagination.html renders these results.
    @property
    def number(self) -> int:
        return self.page

    @property
    def paginator(self) -> SearchResults:
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def previous_page_number(self) -> int:
        return self.page - 1

    def next_page_number(self) -> int:
        return self.page + 1


# -- labels -----------------------------------------------------------------------------------


def kind_labels() -> dict[str, str]:
    """Labels of every kind that can be indexed (item, outcome and instrument kinds)."""
    labels: dict[str, str] = {}
    for model in indexed_models().values():
        kind = getattr(model, "Kind", None)
        if kind is not None:
            labels.update({value: str(label) for value, label in kind.choices})
    return labels


def language_labels() -> dict[str, str]:
    from mufakat.library.models import LANGUAGES

    return {code: str(label) for code, label in LANGUAGES}


def type_labels() -> dict[str, str]:
    return {value: str(label) for value, label in SearchDocument.Type.choices}


# -- the query --------------------------------------------------------------------------------


def normalise_filters(filters: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Filter values as lists of non-empty strings; unknown keys and bad years dropped."""
    result: dict[str, list[str]] = {}
    for name in FACETS:
        raw: Any = (filters or {}).get(name)
        if raw in (None, "", []):
            continue
        values = [raw] if isinstance(raw, str | int) else list(raw)
        cleaned = [str(v).strip() for v in values if str(v).strip()]
        if name == "year":
            cleaned = [v for v in cleaned if v.isdigit() and len(v) <= 4]
        if name == "type":
            cleaned = [v for v in cleaned if v in SearchDocument.Type.values]
        if cleaned:
            result[name] = cleaned
    return result


#: Up to this many matching documents, their record ids are fetched first and handed to the
#: gate as a list (see :func:`gate`); above it the gate works on the whole visible set.
CANDIDATE_LIMIT = 5000

#: Object type → ids of the records whose documents match the words.
Candidates = dict[str, list[int]]


#: Compiled SQL of ``Model.objects.visible_to(user).values("pk")``, by everything that SQL
#: captures from Python (:func:`mufakat.core.visibility.gate_key`, the gate's own key), so a
#: cached statement never outlives a change of access.
_GATE_SQL: OrderedDict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = OrderedDict()
_GATE_SQL_SIZE = 512


def visible_sql(model: type, user: Any) -> tuple[str, tuple[Any, ...]]:
    """``SELECT id AS pk …`` of the records of ``model`` that ``user`` may open — the gate itself
    (``visible_to``), compiled once per user and day."""
    key = gate_key(model, user, connection.alias)
    compiled = _GATE_SQL.get(key)
    if compiled is None:
        query = model._default_manager.visible_to(user).values("pk").query  # type: ignore[attr-defined]
        sql, params = query.sql_with_params()
        compiled = (sql, tuple(params))
        _GATE_SQL[key] = compiled
        if len(_GATE_SQL) > _GATE_SQL_SIZE:
            _GATE_SQL.popitem(last=False)
    return compiled


def gate(user: Any, types: Iterable[str] | None = None, candidates: Candidates | None = None) -> Q:
    """Documents whose record ``user`` may open: per type, ``object_id IN visible_to(user)``.

    With ``candidates`` (the records whose documents match the words), the gate is asked only
    about those — the visible set narrowed to ``id IN (…)`` — so the database checks a few
    hundred rows by primary key instead of computing everything the user may see (PostgreSQL
    otherwise scans the whole item table for each search), and types without a match drop out.
    """
    models = indexed_models()
    wanted = [t for t in (types or models) if t in models]
    condition = Q(pk__in=[])
    for object_type in wanted:
        sql, params = visible_sql(models[object_type], user)
        if candidates is not None:
            ids = candidates.get(object_type)
            if not ids:
                continue
            marks = ", ".join(["%s"] * len(ids))
            visible = RawSQL(f"SELECT v.pk FROM ({sql}) v WHERE v.pk IN ({marks})", (*params, *ids))
        else:
            visible = RawSQL(sql, params)
        condition |= Q(object_type=object_type, object_id__in=visible)
    return condition


def _candidates(terms: list[Any]) -> Candidates | None:
    """Record ids of the matching documents by type, or ``None`` when there are too many."""
    rows = list(
        backend().candidates(terms).values_list("object_type", "object_id")[: CANDIDATE_LIMIT + 1]
    )
    if len(rows) > CANDIDATE_LIMIT:
        return None
    found: Candidates = {}
    for object_type, object_id in rows:
        found.setdefault(object_type, []).append(object_id)
    return found


def visible_documents(
    *,
    user: Any,
    filters: Mapping[str, Any] | None = None,
    candidates: Candidates | None = None,
) -> QuerySet:
    """Documents ``user`` may open, narrowed by the filters (no full-text condition yet)."""
    chosen = normalise_filters(filters)
    qs = SearchDocument.objects.filter(gate(user, chosen.get("type"), candidates))
    if "kind" in chosen:
        qs = qs.filter(kind__in=chosen["kind"])
    if "language" in chosen:
        qs = qs.filter(language__in=chosen["language"])
    if "year" in chosen:
        qs = qs.filter(year__in=[int(y) for y in chosen["year"]])
    for name in ("crime_area", "party"):
        if name in chosen:
            tagged = SearchFacet.objects.filter(name=name, value__in=chosen[name])
            qs = qs.filter(pk__in=tagged.values("document_id"))
    return qs


def _facet_counts(where: tuple[str, list[Any]]) -> tuple[int, dict[str, dict[str, int]]]:
    """Total and every facet's counts in one SQL statement over the matching, visible set."""
    facet_table = SearchFacet._meta.db_table
    statement = (
        "WITH hits AS (SELECT id, object_type, kind, year, language FROM search_searchdocument "
        f"WHERE {where[0]}) "
        "SELECT 'total', '', COUNT(*) FROM hits "
        "UNION ALL SELECT 'type', object_type, COUNT(*) FROM hits GROUP BY object_type "
        "UNION ALL SELECT 'kind', kind, COUNT(*) FROM hits WHERE kind <> '' GROUP BY kind "
        "UNION ALL SELECT 'year', CAST(year AS VARCHAR(10)), COUNT(*) FROM hits "
        "WHERE year IS NOT NULL GROUP BY year "
        "UNION ALL SELECT 'language', language, COUNT(*) FROM hits "
        "WHERE language <> '' GROUP BY language "
        f"UNION ALL SELECT f.name, f.value, COUNT(*) FROM {facet_table} f "
        "JOIN hits ON f.document_id = hits.id GROUP BY f.name, f.value"
    )
    params = where[1]
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for name, value, count in cursor.fetchall():
            if name == "total":
                total = int(count)
            else:
                counts.setdefault(name, {})[str(value)] = int(count)
    return total, counts


def _label_facets(counts: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    from mufakat.registry.models import CrimeArea, Party

    labels: dict[str, dict[str, str]] = {
        "type": type_labels(),
        "kind": kind_labels(),
        "language": language_labels(),
        "year": {},
    }
    if counts.get("crime_area"):
        labels["crime_area"] = dict(
            CrimeArea.objects.filter(code__in=counts["crime_area"]).values_list("code", "name")
        )
    if counts.get("party"):
        labels["party"] = dict(
            Party.objects.filter(code__in=counts["party"]).values_list("code", "name")
        )
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        names = labels.get(name, {})
        values = [FacetValue(v, names.get(v, v), c) for v, c in counts.get(name, {}).items()]
        if name == "year":
            values.sort(key=lambda f: f.value, reverse=True)
        else:
            values.sort(key=lambda f: (-f.count, f.label))
        facets[name] = values
    return facets


def _records(documents: list[SearchDocument]) -> dict[tuple[str, int], Any]:
    """The page's records with only their restriction loaded (one query per type shown).

    ``documents`` come from the statement that applied the gate, so the gate is not built a
    second time here (building it is most of a search's Python time)."""
    models = indexed_models()
    by_type: dict[str, list[int]] = {}
    for doc in documents:
        by_type.setdefault(doc.object_type, []).append(doc.object_id)
    records: dict[tuple[str, int], Any] = {}
    for object_type, ids in by_type.items():
        model = models[object_type]
        fields = ["pk", "audience", "tlp"]
        if any(f.name == "title_translations" for f in model._meta.get_fields()):
            fields.append("title_translations")  # the hit is named in the reader's language
        for record in model._default_manager.filter(pk__in=ids).only(*fields):
            records[(object_type, record.pk)] = record
    return records


def _hit_title(doc: SearchDocument, record: Any) -> str:
    """The indexed title, or the record's translation of it into the reader's language."""
    translations = record.__dict__.get("title_translations") or {}
    return translated_title({"title": doc.title, "title_translations": translations})


def search(
    *,
    user: Any,
    query: str,
    filters: Mapping[str, Any] | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """One page of the records ``user`` may open that contain every word of ``query``, best
    first, with facet counts over all of them. With no words but some filter, the filtered
    records newest first; with neither, nothing (``searched=False``)."""
    chosen = normalise_filters(filters)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    terms = parse_query(query or "")
    if not terms and not chosen:
        return SearchResults(query or "", chosen, [], 0, {n: [] for n in FACETS}, searched=False)

    engine = backend()
    candidates = _candidates(terms) if terms else None
    documents = visible_documents(user=user, filters=chosen, candidates=candidates)
    try:  # the gate and the filters, compiled once for the statements below
        where, params = where_sql(documents)
    except EmptyResultSet:  # e.g. only unknown types asked for: nothing can match
        return SearchResults(query or "", chosen, [], 0, {n: [] for n in FACETS})
    if terms:
        match, match_params = engine.condition(terms)
        total, counts = _facet_counts((f"({where}) AND {match}", [*params, *match_params]))
    else:
        total, counts = _facet_counts((where, params))
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(page, pages))
    offset = (page - 1) * per_page
    if terms:
        ranked = engine.ranked((where, params), terms, limit=per_page, offset=offset)
    else:
        ranked = [
            (pk, 0.0)
            for pk in documents.order_by("-date", "-pk").values_list("pk", flat=True)[
                offset : offset + per_page
            ]
        ]
    rows = SearchDocument.objects.in_bulk([pk for pk, _score in ranked])
    page_docs = [rows[pk] for pk, _score in ranked if pk in rows]
    records = _records(page_docs)
    words = highlight_words(query or "")
    types, kinds = type_labels(), kind_labels()
    scores = dict(ranked)
    hits = []
    for doc in page_docs:
        record = records.get((doc.object_type, doc.object_id))
        if record is None:  # deleted between the two queries
            continue
        source = doc.text if not doc.summary else f"{doc.summary} {doc.text}"
        title = _hit_title(doc, record)
        hits.append(
            Hit(
                type=doc.object_type,
                object_id=doc.object_id,
                title=title,
                url=doc.url,
                snippet=snippet(source or doc.title, words),
                score=round(scores[doc.pk], 6),
                date=doc.date,
                type_label=types.get(doc.object_type, doc.object_type),
                kind=doc.kind,
                kind_label=kinds.get(doc.kind, doc.kind),
                language=doc.language,
                title_html=highlight(title, words),
                record=record,
            )
        )
    return SearchResults(
        query=query or "",
        filters=chosen,
        hits=hits,
        total=total,
        facets=_label_facets(counts),
        page=page,
        per_page=per_page,
    )
