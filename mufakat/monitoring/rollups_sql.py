"""The instrument rollup written as bare SQL: the baseline of ``benchmarks/rollup.py``.

Each figure of :func:`mufakat.monitoring.rollups.instrument_rollup` is one hand-written
aggregate, with the gate included (the visible rounds and instruments as Django compiles them
for ``visible_to``, and the draft rule), so the two compute the same figures (a test checks it
for every fixture user) and their timings can be compared.

Two sources: the report tallies (``source="tallies"``, the default: what the dashboards read,
so the least the figures can cost) and the reports themselves (``source="reports"``: the
aggregation the dashboards did before the tallies, kept to check that both agree and to
measure what the tallies save).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from mufakat.monitoring.models import ProgressReport, ReportingRound, ReportTally
from mufakat.monitoring.rollups import (
    Rollup,
    assemble,
    chosen_round_trend,
    due_cutoff,
    instrument_areas,
    instrument_rounds,
    pick_round,
    split_round_tallies,
    split_trend_tallies,
)
from mufakat.registry.models import Party
from mufakat.workplans.models import Instrument


def _gate_sql(user: Any, r: str = "r") -> tuple[str, list[Any]]:
    """The gate of :class:`ProgressReportQuerySet` as a SQL condition on ``r`` (a report row, or
    a tally row, which has the same columns): visible round, visible instrument, and no draft
    of another party. The audience subqueries
    are the ones Django compiles for ``visible_to`` — the audience rules are not copied."""
    rounds_sql, rounds_params = (
        ReportingRound.objects.visible_to(user).values("pk").query.sql_with_params()
    )
    instruments_sql, instruments_params = (
        Instrument.objects.visible_to(user).values("pk").query.sql_with_params()
    )
    party_id = getattr(user, "party_id", None) if user and user.is_authenticated else None
    draft = ProgressReport.State.DRAFT
    if party_id:
        state_sql, state_params = f"({r}.state <> %s OR {r}.party_id = %s)", [draft, party_id]
    else:
        state_sql, state_params = f"{r}.state <> %s", [draft]
    sql = (
        f"{r}.round_id IN ({rounds_sql}) AND {r}.instrument_id IN ({instruments_sql})"
        f" AND {state_sql}"
    )
    return sql, [*rounds_params, *instruments_params, *state_params]


def _as_ints(row: dict[str, Any]) -> dict[str, Any]:
    """Sums as ``int`` (PostgreSQL sums a ``bigint`` column as ``numeric``), as the ORM gives
    them."""
    return {k: int(v) if k in _SUMS else v for k, v in row.items()}


_SUMS = frozenset({"n", "pct_sum", "pct_n", "on_time"})


def _fetch(sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class BareSqlRollup:
    """The rollup's aggregates as hand-written SQL statements, prepared once; :meth:`run`
    executes them (what the benchmark times) and shapes the rows like the ORM version."""

    instrument: Instrument
    rounds: list[ReportingRound]
    selected: ReportingRound | None
    areas: list[dict[str, Any]]
    statements: dict[str, tuple[str, list[Any]]]

    def execute(self) -> dict[str, list[dict[str, Any]]]:
        return {name: _fetch(sql, params) for name, (sql, params) in self.statements.items()}

    def run(self) -> Rollup:
        rows = self.execute()
        if "tallies" in rows:
            round_rows, slot_rows = split_round_tallies(map(_as_ints, rows["tallies"]))
            trend_rows, trend_slots = split_trend_tallies(
                map(_as_ints, rows.get("trend_tallies", []))
            )
        else:
            round_rows = rows.get("round", [])
            slot_rows = rows.get("slots", [])
            trend_rows = [*rows.get("trend", [])]
            trend_slots = {r["round_id"]: r["n"] for r in rows.get("trend_slots", [])}
        # As the dashboard: the chosen round's trend point from its own figures.
        if self.selected is not None:
            trend_rows += chosen_round_trend(self.selected, round_rows)
            trend_slots[self.selected.pk] = sum(r["n"] for r in slot_rows)
        return assemble(
            instrument=self.instrument,
            rounds=self.rounds,
            selected=self.selected,
            areas=self.areas,
            round_rows=round_rows,
            slot_rows=slot_rows,
            trend_rows=trend_rows,
            trend_slots=trend_slots,
        )


def prepare_rollup_sql(
    *, user: Any, instrument: Instrument, round_id: int | None = None, source: str = "tallies"
) -> BareSqlRollup:
    """Write the SQL of :func:`instrument_rollup` by hand: one aggregate per figure, with the
    gate (the visible rounds and instruments as Django compiles them for ``visible_to``, and
    the draft rule) — the baseline the benchmark compares the dashboard with. ``source``:
    ``"tallies"`` (what the dashboards read) or ``"reports"`` (the reports themselves)."""
    rounds = instrument_rounds(user=user, instrument=instrument)
    selected = pick_round(rounds, round_id)
    areas = instrument_areas(user, instrument)
    if selected is None:
        return BareSqlRollup(instrument, rounds, None, areas, {})
    if source == "tallies":
        statements = _tally_statements(user, instrument, selected, rounds)
        return BareSqlRollup(instrument, rounds, selected, areas, statements)
    if source != "reports":
        raise ValueError(f"Unknown source {source!r}: 'tallies' or 'reports'")
    table = ProgressReport._meta.db_table
    party_table = Party._meta.db_table
    gate, gate_params = _gate_sql(user)
    others = [r for r in rounds if r.pk != selected.pk]
    round_ids = [r.pk for r in others]
    ids_sql = ", ".join(["%s"] * len(round_ids))

    def on_time(chosen: list[ReportingRound]) -> tuple[str, list[Any]]:
        cases = " ".join("WHEN r.round_id = %s AND r.submitted_at < %s THEN 1" for _ in chosen)
        params = [
            v
            for r in chosen
            for v in (r.pk, connection.ops.adapt_datetimefield_value(due_cutoff(r.due_date)))
        ]
        return f"SUM(CASE {cases} ELSE 0 END) AS on_time", params

    figures = "COUNT(*) AS n, SUM(r.percent) AS pct_sum, COUNT(r.percent) AS pct_n"
    round_on_time, round_on_time_params = on_time([selected])
    trend_on_time, trend_on_time_params = on_time(others)
    statements = {
        "round": (
            f"SELECT r.priority_area_id, r.party_id, r.status, {figures}, {round_on_time} "
            f"FROM {table} r WHERE r.instrument_id = %s AND r.round_id = %s AND {gate} "
            "GROUP BY r.priority_area_id, r.party_id, r.status",
            [*round_on_time_params, instrument.pk, selected.pk, *gate_params],
        ),
        "slots": (
            "SELECT r.priority_area_id, r.party_id, p.code AS party_code, "
            f"p.name AS party_name, COUNT(*) AS n FROM {table} r "
            f"JOIN {party_table} p ON p.id = r.party_id "
            "WHERE r.instrument_id = %s AND r.round_id = %s "
            "GROUP BY r.priority_area_id, r.party_id, p.code, p.name",
            [instrument.pk, selected.pk],
        ),
    }
    if others:  # the chosen round's trend point comes from its own figures
        statements |= {
            "trend": (
                f"SELECT r.round_id, r.status, {figures}, {trend_on_time} FROM {table} r "
                f"WHERE r.instrument_id = %s AND r.round_id IN ({ids_sql}) AND {gate} "
                "GROUP BY r.round_id, r.status",
                [*trend_on_time_params, instrument.pk, *round_ids, *gate_params],
            ),
            "trend_slots": (
                f"SELECT r.round_id, COUNT(*) AS n FROM {table} r "
                f"WHERE r.instrument_id = %s AND r.round_id IN ({ids_sql}) GROUP BY r.round_id",
                [instrument.pk, *round_ids],
            ),
        }
    return BareSqlRollup(instrument, rounds, selected, areas, statements)


def _tally_statements(
    user: Any, instrument: Instrument, selected: ReportingRound, rounds: list[ReportingRound]
) -> dict[str, tuple[str, list[Any]]]:
    """The chosen round's tallies by (priority area, party, status) and the other rounds' by
    (round, status), each also by ``seen`` (the gate, checked once per tally): all of them are
    expected slots, the ``seen`` ones the reader's figures."""
    table = ReportTally._meta.db_table
    party_table = Party._meta.db_table
    gate, gate_params = _gate_sql(user, "t")
    seen = f"CASE WHEN {gate} THEN 1 ELSE 0 END AS seen"
    sums = (
        "SUM(CASE WHEN t.in_time THEN t.n ELSE 0 END) AS on_time, SUM(t.n) AS n, "
        "SUM(t.pct_sum) AS pct_sum, SUM(t.pct_n) AS pct_n"
    )
    statements = {
        "tallies": (
            "SELECT t.priority_area_id, t.party_id, t.status, p.code AS party_code, "
            f"p.name AS party_name, {seen}, {sums} FROM {table} t "
            f"JOIN {party_table} p ON p.id = t.party_id "
            "WHERE t.instrument_id = %s AND t.round_id = %s GROUP BY 1, 2, 3, 4, 5, 6",
            [*gate_params, instrument.pk, selected.pk],
        )
    }
    round_ids = [r.pk for r in rounds if r.pk != selected.pk]
    if round_ids:  # the chosen round's trend point comes from its own figures
        ids_sql = ", ".join(["%s"] * len(round_ids))
        statements["trend_tallies"] = (
            f"SELECT t.round_id, t.status, {seen}, {sums} FROM {table} t "
            f"WHERE t.instrument_id = %s AND t.round_id IN ({ids_sql}) GROUP BY 1, 2, 3",
            [*gate_params, instrument.pk, *round_ids],
        )
    return statements


def instrument_rollup_sql(
    *, user: Any, instrument: Instrument, round_id: int | None = None, source: str = "tallies"
) -> Rollup:
    """The figures of :func:`instrument_rollup`, computed with bare SQL from ``source``."""
    return prepare_rollup_sql(
        user=user, instrument=instrument, round_id=round_id, source=source
    ).run()
