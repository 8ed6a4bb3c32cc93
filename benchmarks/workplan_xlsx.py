"""Benchmark: a 2,000-activity work plan through its workbook.

    .venv/bin/python benchmarks/workplan_xlsx.py [--activities 2000] [--indicators 2]

In a fresh SQLite database (a temporary ``MUFAKAT_DATA_DIR``; ``DATABASE_URL`` to use another
server) it writes an instrument with 20 priority areas, ``--activities`` activities (each with
lead and participating parties and ``--indicators`` indicators), then measures, as the
Secretariat:

- the download (the whole workbook written);
- the upload of that workbook edited in openpyxl (100 activities changed, 50 added, 20
  removed): reading, checking every cell and working out the preview — what the person waits
  for before the preview page — and, in a second run, its peak Python memory (tracemalloc);
- the confirmation of that upload (applied through the services, one version).

Target: the upload (validate + preview) under 5 s.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--indicators", type=int, default=2)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="mufakat-bench-xlsx-")
    os.environ.setdefault("MUFAKAT_DATA_DIR", data_dir)
    os.environ.setdefault("MUFAKAT_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    os.environ.setdefault("MUFAKAT_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(args.activities, args.indicators)


def run(activities: int, indicators: int) -> None:
    from openpyxl import load_workbook

    from mufakat.accounts.models import Role
    from mufakat.core.audience import TLP, Audience
    from mufakat.registry.models import CrimeArea, Party
    from mufakat.testing.factories import UserFactory
    from mufakat.workplans.models import Activity, Indicator, Instrument, PriorityArea
    from mufakat.workplans.services import record_version
    from mufakat.workplans.spreadsheet import services

    codes = ["ASEC", "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "JPN"]
    parties = [Party.objects.get_or_create(code=c, defaults={"name": c})[0] for c in codes]
    crime = CrimeArea.objects.get_or_create(code="terrorism", defaults={"name": "Terrorism"})[0]
    user = UserFactory(username="bench.secretariat", party=parties[0], role=Role.SECRETARIAT)
    instrument = Instrument.objects.create(
        key="bench-wp",
        title="Benchmark work plan",
        kind="work_plan",
        start_year=2023,
        end_year=2027,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    areas = PriorityArea.objects.bulk_create(
        PriorityArea(instrument=instrument, position=n, title=f"Area {n}") for n in range(1, 21)
    )
    for area in areas:
        area.crime_areas.set([crime])
    rows = Activity.objects.bulk_create(
        Activity(
            priority_area=areas[n % len(areas)],
            code=f"A-{n:05d}",
            title=f"Activity {n} on regional cooperation",
            description="A workshop series for practitioners of the region. " * 3,
            start_year=2024,
            end_year=2026,
            outputs="A report and a handbook",
        )
        for n in range(activities)
    )
    lead = Activity.lead_parties.through
    part = Activity.participating_parties.through
    lead.objects.bulk_create(
        lead(activity_id=a.pk, party_id=parties[n % len(parties)].pk) for n, a in enumerate(rows)
    )
    part.objects.bulk_create(
        part(activity_id=a.pk, party_id=p.pk) for a in rows for p in parties[3:6]
    )
    Indicator.objects.bulk_create(
        Indicator(activity=a, name=f"Indicator {k}", kind="numeric", baseline="0", target="10")
        for a in rows
        for k in range(indicators)
    )
    record_version(actor=user, instrument=instrument, note="Benchmark")

    started = time.perf_counter()
    content, _name = services.workbook_for(user=user, instrument=instrument)
    download = time.perf_counter() - started

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["activities"]
    for row in range(2, 102):  # 100 changed
        sheet.cell(row=row, column=9, value="A revised handbook")
    for n in range(50):  # 50 added
        sheet.append([f"N-{n:03d}", 1, f"New activity {n}", "", "IDN, JPN", "THA", 2026, 2027, ""])
    removed = [row[0].value for row in sheet.iter_rows(min_row=200, max_row=219)]
    sheet.delete_rows(200, 20)  # 20 removed (and their indicators)
    ind = workbook["indicators"]
    for row in reversed(range(2, ind.max_row + 1)):
        if ind.cell(row=row, column=1).value in removed:
            ind.delete_rows(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    edited = buffer.getvalue()

    started = time.perf_counter()
    preview = services.preview_upload(
        actor=user, instrument=instrument, data=edited, filename="bench.xlsx"
    )
    upload = time.perf_counter() - started
    # Memory apart: tracemalloc slows every allocation down.
    tracemalloc.start()
    preview = services.preview_upload(  # the one confirmed below: it replaces the first
        actor=user, instrument=instrument, data=edited, filename="bench.xlsx"
    )
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert preview.ok, preview.problems[:5]
    counts = preview.diff.counts()

    assert preview.upload is not None
    started = time.perf_counter()
    applied = services.confirm_upload(
        actor=user, upload=preview.upload, fingerprint=preview.fingerprint
    )
    confirm = time.perf_counter() - started

    print(f"activities: {activities}, indicators: {activities * indicators}")
    print(f"workbook: {len(content) / 2**20:.2f} MiB")
    print(f"download (write the workbook): {download:.2f} s")
    print(
        f"upload (read, validate, preview): {upload:.2f} s "
        f"(target < 5 s), peak memory {peak / 2**20:.1f} MiB"
    )
    print(
        f"preview: {counts['added']} added, {counts['changed']} changed, {counts['removed']} removed"
    )
    print(f"confirm (apply through the services, version {applied.version}): {confirm:.2f} s")


if __name__ == "__main__":
    main()
