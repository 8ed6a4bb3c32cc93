"""``mufakat generate --scale N [--seed S]``: a synthetic monitoring history for benchmarks."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.monitoring.synthetic import Generator, Sizes, expected_reports


class Command(BaseCommand):
    help = (
        "Build a synthetic but realistic monitoring dataset: --scale 1 is about today's ASEAN "
        "(~20 instruments, ~1,500 activities, 22 parties, 8 rounds, ~100,000 progress reports); "
        "--scale 10 about a million reports. Deterministic for a given --seed. Use a fresh "
        "database: a second run on the same one is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 ≈ today's ASEAN")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--batch-size", type=int, default=5000, help="rows per INSERT")
        parser.add_argument(
            "--no-freeze",
            action="store_true",
            help="leave older rounds closed instead of freezing them into snapshots",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
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
