"""``mufakat generate --scale N [--seed S] [--body-meetings M]``: a synthetic monitoring history,
and a working group with many meetings, for benchmarks."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.meetings.synthetic import BODY_CODE, generate_body_meetings
from mufakat.monitoring.synthetic import Generator, Sizes, expected_reports


class Command(BaseCommand):
    help = (
        "Build a synthetic but realistic monitoring dataset: --scale 1 is about today's ASEAN "
        "(~20 instruments, ~1,500 activities, 22 parties, 8 rounds, ~100,000 progress reports); "
        "--scale 10 about a million reports. Deterministic for a given --seed. Use a fresh "
        "database: a second run on the same one is refused. --body-meetings M adds a working "
        "group with M meetings (alone, on a database that has the demo or generated data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=None, help="1 ≈ today's ASEAN (the default)"
        )
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--batch-size", type=int, default=5000, help="rows per INSERT")
        parser.add_argument(
            "--no-freeze",
            action="store_true",
            help="leave older rounds closed instead of freezing them into snapshots",
        )
        parser.add_argument(
            "--body-meetings",
            type=int,
            default=0,
            help=f"also create the working group {BODY_CODE} with this many meetings "
            "(without --scale: only that)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale is None and options["body_meetings"]:
            self._body_meetings(options)
            return
        scale = 1.0 if scale is None else scale
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        sizes = Sizes.for_scale(scale)
        self.stdout.write(
            f"Generating scale {scale:g} (seed {options['seed']}): {sizes.instruments} "
            f"instruments, ~{sizes.activities} activities, {sizes.rounds_per_family} rounds per "
            f"family, ~{expected_reports(scale):,} progress reports"
        )
        started = time.perf_counter()
        generator = Generator(
            scale=scale,
            seed=options["seed"],
            batch_size=options["batch_size"],
            freeze=not options["no_freeze"],
            log=self.stdout.write,
        )
        try:
            result = generator.run()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        took = time.perf_counter() - started
        self.stdout.write("Created:")
        for name, n in sorted(result.counts.items()):
            self.stdout.write(f"  {name}: {n:,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {took:.1f} s."))
        if options["body_meetings"]:
            self._body_meetings(options)

    def _body_meetings(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        self.stdout.write(f"Generating {options['body_meetings']:,} meetings of {BODY_CODE}")
        try:
            result = generate_body_meetings(
                count=options["body_meetings"], seed=options["seed"], log=self.stdout.write
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for name, n in sorted(result.counts.items()):
            self.stdout.write(f"  {name}: {n:,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))
