"""Tallies of progress reports, kept by the database itself.

A round at ten times today's data holds ~70,000 reports and an instrument ~100,000; the
dashboards, the compliance page and My desk aggregated them on every request (80–120 ms of SQL
on PostgreSQL even from covering indexes). :class:`~mufakat.monitoring.models.ReportTally` and
:class:`~mufakat.monitoring.models.SlotTally` hold the same counts grouped by the keys those
pages read, 15–20 times fewer rows; :class:`~mufakat.monitoring.models.ActivityTally` the
activities each round expects reports on (the compliance pages' rows, counted and paged).

Why triggers: a tally must never drift from its reports, whatever writes them — the services,
the spreadsheet's bulk ``UPDATE … FROM (VALUES …)``, the synthetic data's ``COPY``, a cascade,
an administrator's SQL. A row trigger runs in the writer's transaction, so a tally is committed
(or rolled back) with its report, and no code path can forget it. Each report write moves one
count from its old key to its new key; a count that reaches 0 is deleted. A change of a round's
due date (``due_cutoff``) recounts that round.

The keys are listed once here and the SQL for both databases is generated from them, so the
triggers, the recount and the models cannot disagree (``test_tallies`` compares every tally with
a ``GROUP BY`` over the reports after every kind of write).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection as default_connection
from django.db import transaction

REPORTS = "monitoring_progressreport"
ROUNDS = "monitoring_reportinground"


@dataclass(frozen=True)
class _Table:
    name: str
    #: Key columns: (column, SQL expression over a report row ``{r}`` and its round's
    #: ``{cutoff}``).
    keys: tuple[tuple[str, str], ...]
    #: Counted columns: (column, SQL expression adding one report ``{r}``).
    counts: tuple[tuple[str, str], ...]


_IN_TIME = "CASE WHEN {r}.submitted_at < {cutoff} THEN TRUE ELSE FALSE END"

TABLES: tuple[_Table, ...] = (
    _Table(
        "monitoring_reporttally",
        keys=(
            ("instrument_id", "{r}.instrument_id"),
            ("round_id", "{r}.round_id"),
            ("priority_area_id", "{r}.priority_area_id"),
            ("party_id", "{r}.party_id"),
            ("status", "{r}.status"),
            ("state", "{r}.state"),
            ("in_time", _IN_TIME),
        ),
        counts=(
            ("n", "1"),
            ("pct_n", "CASE WHEN {r}.percent IS NULL THEN 0 ELSE 1 END"),
            ("pct_sum", "COALESCE({r}.percent, 0)"),
        ),
    ),
    _Table(
        "monitoring_slottally",
        keys=(
            ("round_id", "{r}.round_id"),
            ("instrument_id", "{r}.instrument_id"),
            ("party_id", "{r}.party_id"),
            ("state", "{r}.state"),
            (
                "endorsed",
                "CASE WHEN {r}.state = 'submitted' AND {r}.lead_reviewed_at IS NOT NULL"
                " THEN TRUE ELSE FALSE END",
            ),
            (
                "started",
                "CASE WHEN {r}.state = 'draft' AND ({r}.lock_version > 1"
                " OR {r}.status <> 'not_reported' OR {r}.narrative <> ''"
                " OR {r}.percent IS NOT NULL) THEN TRUE ELSE FALSE END",
            ),
            ("in_time", _IN_TIME),
        ),
        counts=(("n", "1"),),
    ),
    _Table(
        "monitoring_activitytally",
        keys=(
            ("round_id", "{r}.round_id"),
            ("instrument_id", "{r}.instrument_id"),
            ("activity_id", "{r}.activity_id"),
        ),
        counts=(("n", "1"),),
    ),
)
#: The tables of migration 0011 (the first two), for undoing the third's migration.
FIRST_TABLES = TABLES[:2]


#: Everything of a report the keys and counts read: an update changing none of it (a narrative
#: edited again, a review comment) leaves every tally as it is, and the triggers skip it.
_READ = (
    "round_id",
    "instrument_id",
    "activity_id",
    "priority_area_id",
    "party_id",
    "status",
    "state",
    "percent",
    "submitted_at",
    "lead_reviewed_at",
    "lock_version > 1",
    "narrative <> ''",
)


def _read(row: str) -> list[str]:
    return [f"{row}.{c}" if c.isidentifier() else f"({row}.{c})" for c in _READ]


def _cutoff(row: str) -> str:
    return f"(SELECT due_cutoff FROM {ROUNDS} WHERE id = {row}.round_id)"


def _add(table: _Table, row: str) -> str:
    """One report's counts added to its key (an upsert)."""
    cutoff = _cutoff(row)
    keys = [k for k, _e in table.keys]
    values = [e.format(r=row, cutoff=cutoff) for _k, e in table.keys]
    values += [e.format(r=row) for _c, e in table.counts]
    columns = ", ".join(keys + [c for c, _e in table.counts])
    sums = ", ".join(f"{c} = {table.name}.{c} + excluded.{c}" for c, _e in table.counts)
    return (
        f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join(values)})"
        f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sums}"
    )


def _remove(table: _Table, row: str) -> list[str]:
    """One report's counts taken from its key, and the key deleted when nothing is left.

    An ``UPDATE``, never an upsert: a tally already gone (a whole table emptied first, as
    Django's test flush does on SQLite) stays gone rather than turning negative."""
    cutoff = _cutoff(row)
    match = " AND ".join(f"{k} = {e.format(r=row, cutoff=cutoff)}" for k, e in table.keys)
    minus = ", ".join(f"{c} = {c} - ({e.format(r=row)})" for c, e in table.counts)
    return [
        f"UPDATE {table.name} SET {minus} WHERE {match}",
        f"DELETE FROM {table.name} WHERE {match} AND n = 0",
    ]


def _count_sql(table: _Table, where: str = "") -> str:
    """The table's tallies computed from the reports, as a ``SELECT``."""
    cutoff = "r.due_cutoff"
    keys = [e.format(r="p", cutoff=cutoff) for _k, e in table.keys]
    sums = ["COUNT(*)" if e == "1" else f"SUM({e.format(r='p')})" for _c, e in table.counts]
    return (
        f"SELECT {', '.join(keys + sums)} FROM {REPORTS} p"
        f" JOIN {ROUNDS} r ON r.id = p.round_id {where}"
        f" GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
    )


def recount_sql(table: _Table, where: str = "") -> str:
    """The table's tallies computed from the reports (``where`` over ``p``, the reports)."""
    columns = ", ".join([k for k, _e in table.keys] + [c for c, _e in table.counts])
    return f"INSERT INTO {table.name} ({columns}) {_count_sql(table, where)}"


# -- triggers ------------------------------------------------------------------------------------


def _postgresql(tables: tuple[_Table, ...]) -> list[str]:
    adds = ";\n    ".join(_add(t, "NEW") for t in tables)
    removes = ";\n    ".join(s for t in tables for s in _remove(t, "OLD"))
    recount = ";\n    ".join(recount_sql(t, "WHERE p.round_id = NEW.id") for t in tables)
    clear = ";\n    ".join(f"DELETE FROM {t.name} WHERE round_id = NEW.id" for t in tables)
    return [
        f"""CREATE FUNCTION monitoring_tally_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {removes};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {adds};
  END IF;
  RETURN NULL;
END $$""",
        f"""CREATE TRIGGER monitoring_tally_report_change AFTER INSERT OR DELETE
ON {REPORTS} FOR EACH ROW EXECUTE FUNCTION monitoring_tally_report()""",
        f"""CREATE TRIGGER monitoring_tally_report AFTER UPDATE ON {REPORTS} FOR EACH ROW
WHEN (({", ".join(_read("OLD"))}) IS DISTINCT FROM ({", ".join(_read("NEW"))}))
EXECUTE FUNCTION monitoring_tally_report()""",
        f"""CREATE FUNCTION monitoring_tally_round() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {clear};
    {recount};
  RETURN NULL;
END $$""",
        f"""CREATE TRIGGER monitoring_tally_round AFTER UPDATE OF due_cutoff ON {ROUNDS}
FOR EACH ROW WHEN (OLD.due_cutoff IS DISTINCT FROM NEW.due_cutoff)
EXECUTE FUNCTION monitoring_tally_round()""",
    ]


def _sqlite(tables: tuple[_Table, ...]) -> list[str]:
    def body(statements: Iterable[str]) -> str:
        return "".join(f"\n  {s};" for s in statements)

    adds = [_add(t, "NEW") for t in tables]
    removes = [s for t in tables for s in _remove(t, "OLD")]
    clear = [f"DELETE FROM {t.name} WHERE round_id = NEW.id" for t in tables]
    # SQLite needs "WHERE true" before an upsert's ON CONFLICT after a SELECT; a recount
    # inserts into emptied keys, so it has no conflict clause at all.
    recount = [recount_sql(t, "WHERE p.round_id = NEW.id") for t in tables]
    return [
        f"CREATE TRIGGER monitoring_tally_report_insert AFTER INSERT ON {REPORTS}"
        f" BEGIN{body(adds)}\nEND",
        f"CREATE TRIGGER monitoring_tally_report_update AFTER UPDATE ON {REPORTS}"
        f" WHEN NOT ({' AND '.join(f'{o} IS {n}' for o, n in zip(_read('OLD'), _read('NEW'), strict=True))})"
        f" BEGIN{body(removes + adds)}\nEND",
        f"CREATE TRIGGER monitoring_tally_report_delete AFTER DELETE ON {REPORTS}"
        f" BEGIN{body(removes)}\nEND",
        f"CREATE TRIGGER monitoring_tally_round AFTER UPDATE OF due_cutoff ON {ROUNDS}"
        f" WHEN OLD.due_cutoff IS NOT NEW.due_cutoff BEGIN{body(clear + recount)}\nEND",
    ]


def create_triggers_sql(vendor: str, tables: tuple[_Table, ...] = TABLES) -> list[str]:
    """The triggers keeping ``tables`` (all of them unless a migration undone says which)."""
    if vendor == "postgresql":
        return _postgresql(tables)
    if vendor == "sqlite":
        return _sqlite(tables)
    raise NotImplementedError(f"Tally triggers are written for PostgreSQL and SQLite, not {vendor}")


def drop_triggers_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS monitoring_tally_report ON {REPORTS}",
            f"DROP TRIGGER IF EXISTS monitoring_tally_report_change ON {REPORTS}",
            f"DROP TRIGGER IF EXISTS monitoring_tally_round ON {ROUNDS}",
            "DROP FUNCTION IF EXISTS monitoring_tally_report()",
            "DROP FUNCTION IF EXISTS monitoring_tally_round()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "monitoring_tally_report_insert",
            "monitoring_tally_report_update",
            "monitoring_tally_report_delete",
            "monitoring_tally_round",
        )
    ]


def recount(connection: Any = default_connection, tables: tuple[_Table, ...] = TABLES) -> None:
    """Every tally computed again from the reports: after a change of ``TIME_ZONE`` (which
    moves every round's cutoff), or to repair a database restored without its triggers."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table.name}")
            cursor.execute(recount_sql(table))


@contextmanager
def counted_after(round_id: int, connection: Any = default_connection) -> Iterator[None]:
    """Bulk-load one round's reports with the triggers off, then count the round once.

    For the synthetic data generator: a round of ~70,000 reports written by ``COPY`` would run
    two upserts per row (about 30 s at ten times today's data); counting it afterwards takes
    under a second. One transaction, so no other writer sees the table without its triggers.
    """
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            for statement in drop_triggers_sql(vendor):
                cursor.execute(statement)
        yield
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table.name} WHERE round_id = %s", [round_id])
                cursor.execute(recount_sql(table, "WHERE p.round_id = %s"), [round_id])
            for statement in create_triggers_sql(vendor):
                cursor.execute(statement)


def refresh_cutoffs() -> int:
    """Store again every round's due cutoff that differs from its due date's (after a change
    of ``TIME_ZONE``); the round trigger recounts each round so moved. Returns how many."""
    from mufakat.monitoring.models import ReportingRound, due_cutoff

    moved = 0
    for round_ in ReportingRound.objects.only("pk", "due_date", "due_cutoff"):
        if round_.due_cutoff != due_cutoff(round_.due_date):
            round_.save(update_fields=["due_date"])
            moved += 1
    return moved


def drift(connection: Any = default_connection) -> dict[str, int]:
    """Per table, how many tallies differ from a count over the reports (missing, extra or
    wrong keys): 0 everywhere unless something wrote around the triggers."""
    found = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            columns = ", ".join([k for k, _e in table.keys] + [c for c, _e in table.counts])
            stored = f"SELECT {columns} FROM {table.name}"
            counted = _count_sql(table)
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM ({stored} EXCEPT {counted}) a)"
                f" + (SELECT COUNT(*) FROM ({counted} EXCEPT {stored}) b)"
            )
            found[table.name] = int(cursor.fetchone()[0])
    return found
