"""Schema-driven fuzzing of /api/v1/: whatever a client sends, the API answers with a status
and a body that its own OpenAPI document promises, and never with a server error.

schemathesis reads the running app's ``/api/v1/openapi.json`` and generates requests for every
operation, both valid ones (positive) and ones the schema forbids (negative), against the demo
data, once anonymously and once with a Secretariat token (writes included: the database is
thrown away afterwards). The run is deterministic (derandomized Hypothesis, a fixed number of
examples per operation) so a failure shows up again on the next run.

Run by ``make test`` on PostgreSQL only (marker ``fuzz``); ``MUFAKAT_FUZZ_EXAMPLES`` changes
the number of examples per operation and mode.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="fuzzing runs on PostgreSQL, which refuses what SQLite stores (make test-fuzz)",
    ),
]

EXAMPLES = int(os.environ.get("MUFAKAT_FUZZ_EXAMPLES", "5"))
COVERAGE_CASES = int(os.environ.get("MUFAKAT_FUZZ_COVERAGE", "50"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class Report:
    """What one fuzz run saw: requests sent and every broken promise, grouped by cause."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, cause: str, example: str) -> None:
        self.failures[cause] += 1
        self.examples.setdefault(cause, example)

    def summary(self) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        lines = [f"{self.requests} requests ({statuses}), {sum(self.failures.values())} failures"]
        for cause, count in self.failures.most_common():
            lines.append(f"{count:5d}  {cause}\n       e.g. {self.examples[cause][:600]}")
        return "\n".join(lines)


@pytest.fixture
def demo() -> Iterator[None]:
    call_command("load_demo", stdout=StringIO())
    yield
    # The test's rows are flushed afterwards; the search index's version, which PostgreSQL
    # keeps as a comment on the index's table, is not: leave it unrecorded, as after migrate,
    # for the tests that run in this database next (make test-postgres).
    with connection.cursor() as cursor:
        cursor.execute("COMMENT ON TABLE search_searchdocument IS NULL")


def _secretariat_key() -> str:
    from mufakat.accounts.models import ApiToken, User

    _token, key = ApiToken.issue(User.objects.get(username="secretariat"), name="fuzz")
    return key


def _first_pk(model_path: str, **filters: Any) -> str:
    from django.apps import apps

    model = apps.get_model(model_path)
    pk = model._default_manager.filter(**filters).order_by("pk").values_list("pk", flat=True)
    return str(pk.first() or 1)


def _demo_path_values() -> dict[str, dict[str, str]]:
    """Real records of the demo data for each path parameter, per path prefix (a code means a
    party, a body or a crime area depending on the path), so that writes get past the 404."""
    from mufakat.meetings.models import Meeting
    from mufakat.registry.models import Body, CrimeArea, Party

    meetings = list(Meeting.objects.order_by("start_date").values_list("pk", flat=True)[:2])
    ids = {
        "meeting_id": str(meetings[0]),
        "to_meeting_id": str(meetings[-1]),
        "outcome_id": _first_pk("meetings.Outcome"),
        "instrument_id": _first_pk("workplans.Instrument"),
        "area_id": _first_pk("workplans.PriorityArea"),
        "activity_id": _first_pk("workplans.Activity"),
        "link_id": _first_pk("workplans.InstrumentLink"),
        "round_id": _first_pk("monitoring.ReportingRound"),
        "report_id": _first_pk("monitoring.ProgressReport"),
        "snapshot_id": _first_pk("monitoring.Snapshot"),
        "item_id": _first_pk("library.KnowledgeItem"),
        "attachment_id": _first_pk("library.Attachment"),
        "follow_id": _first_pk("library.Follow"),
        "draft_id": _first_pk("ingest.IngestDraft"),
    }
    codes = {
        "/parties/": str(Party.objects.order_by("code").values_list("code", flat=True).first()),
        "/bodies/": str(Body.objects.order_by("code").values_list("code", flat=True).first()),
        "/crime-areas/": str(
            CrimeArea.objects.order_by("code").values_list("code", flat=True).first()
        ),
    }
    return {"ids": ids, "codes": codes}


def _path_values(operation: Any, known: dict[str, dict[str, str]]) -> dict[str, str]:
    values = {}
    for name in (parameter.name for parameter in operation.path_parameters):
        if name == "code":
            prefix = next((p for p in known["codes"] if p in operation.path), None)
            if prefix:
                values[name] = known["codes"][prefix]
        elif name in known["ids"]:
            values[name] = known["ids"][name]
    return values


def _fuzz(headers: dict[str, str], *, negative_checks: bool = True) -> Report:
    """Every operation, positive then negative, ``EXAMPLES`` requests each."""
    headers = {"Accept-Encoding": "identity", **headers}  # compressed bodies stay unread
    app = WSGIHandler()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    report = Report()
    raised: list[BaseException] = []
    known = _demo_path_values()

    def on_exception(sender: Any, request: Any = None, **kwargs: Any) -> None:
        import sys

        exc = sys.exc_info()[1]
        if exc is not None:
            raised.append(exc)

    got_request_exception.connect(on_exception, weak=False)
    logging.getLogger("django.request").disabled = True  # the report below says it shorter
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            real = _path_values(operation, known)
            _cover_operation(schema, operation, real, headers, report, raised)
            _run_operation(
                operation, GenerationMode.POSITIVE, real, headers, CHECKS, report, raised
            )
            negative = [*CHECKS, negative_data_rejection] if negative_checks else CHECKS
            _run_operation(
                operation, GenerationMode.NEGATIVE, {}, headers, negative, report, raised
            )
    finally:
        got_request_exception.disconnect(on_exception)
        logging.getLogger("django.request").disabled = False
    return report


def _check(
    case: Any,
    label: str,
    headers: dict[str, str],
    checks: list[Callable[..., Any]],
    report: Report,
    raised: list[BaseException],
) -> None:
    """Send one case and record each promise its answer breaks."""
    raised.clear()
    response = case.call(headers=headers)
    report.requests += 1
    report.statuses[response.status_code] += 1
    try:
        case.validate_response(response, checks=checks, headers=headers)
    except (Exception, BaseExceptionGroup) as exc:  # every broken promise is collected
        names = sorted({type(e).__name__ for e in getattr(exc, "exceptions", [exc])})
        cause = f"{case.operation.label} [{label}] {response.status_code}"
        if raised:
            cause += f" {type(raised[-1]).__name__}: {str(raised[-1])[:120]}"
        else:
            cause += " " + ",".join(names)
        report.add(cause, f"{case.as_curl_command()}\n{str(exc)[:400]}")


def _cover_operation(
    schema: Any,
    operation: Any,
    path_values: dict[str, str],
    headers: dict[str, str],
    report: Report,
    raised: list[BaseException],
) -> None:
    """schemathesis' coverage cases: boundary values, missing and wrong-typed fields, huge
    numbers and strings, for every parameter and body field in turn (deterministic)."""
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(path_parameters=path_values),
        feedback=NO_FEEDBACK,
    )
    for number, case in enumerate(generator):
        if number >= COVERAGE_CASES:
            break
        _check(case, "coverage", headers, [*CHECKS], report, raised)


def _run_operation(
    operation: Any,
    mode: GenerationMode,
    path_values: dict[str, str],
    headers: dict[str, str],
    checks: list[Callable[..., Any]],
    report: Report,
    raised: list[BaseException],
) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_values or None))
    def run(case: Any) -> None:
        _check(case, mode.value, headers, checks, report, raised)

    # Nothing to get wrong when no such request exists (e.g. negative, without any input).
    with contextlib.suppress(Unsatisfiable):
        run()


def test_anonymous_callers_get_only_documented_answers(demo: None) -> None:
    started = time.monotonic()
    report = _fuzz({})
    print(f"anonymous: {report.summary()} in {time.monotonic() - started:.0f}s")
    assert not report.failures, report.summary()


def test_the_secretariat_gets_only_documented_answers(demo: None) -> None:
    started = time.monotonic()
    report = _fuzz({"Authorization": f"Bearer {_secretariat_key()}"})
    print(f"secretariat: {report.summary()} in {time.monotonic() - started:.0f}s")
    assert not report.failures, report.summary()
