"""``mufakat audit verify`` checks the hash chain (and checkpoints); ``mufakat audit anchor``
prints a signed checkpoint to keep off the server."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.audit.services import (
    CHECKPOINT_PREFIX,
    Checkpoint,
    make_checkpoint,
    verify_log,
)


def read_checkpoints(value: str) -> list[Checkpoint]:
    """One checkpoint given on the command line, or a file of them (one per line)."""
    path = Path(value)
    if not value.strip().startswith(CHECKPOINT_PREFIX) and path.is_file():
        lines = [line for line in path.read_text().splitlines() if line.strip()]
    else:
        lines = [value]
    return [Checkpoint.parse(line) for line in lines]


class Command(BaseCommand):
    help = "Audit log tools: verify the hash chain, print a checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Verify the hash chain and the checkpoints of the audit log."
        )
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="CHECKPOINT_OR_FILE",
            help="A checkpoint printed by `audit anchor`, or a file of them; may be repeated.",
        )
        anchor = sub.add_parser(
            "anchor",
            help="Print a signed checkpoint of the log; keep it off the server.",
        )
        anchor.add_argument(
            "--store",
            action="store_true",
            help="Also keep the checkpoint in the database (verify checks stored ones too).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "anchor":
                self.stdout.write(str(make_checkpoint(store=options["store"])))
                return
            checkpoints = [c for value in options["anchor"] for c in read_checkpoints(value)]
        except (ImproperlyConfigured, ValueError) as error:
            raise CommandError(str(error)) from error
        self._verify(checkpoints)

    def _verify(self, checkpoints: list[Checkpoint]) -> None:
        try:
            result = verify_log(checkpoints=checkpoints)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        chain = result.chain
        if not chain.ok:
            raise CommandError(
                f"Audit chain broken at event #{chain.broken_at}: {chain.reason}. "
                f"{chain.checked} event(s) before it verified."
            )
        if result.failed_checkpoint is not None:
            raise CommandError(
                f"Audit log does not match the checkpoint at event "
                f"#{result.failed_checkpoint.event_id} ({result.failed_checkpoint.at}): "
                f"{result.reason}."
            )
        message = f"Audit chain intact: {chain.checked} event(s) verified."
        if result.checkpoints_checked:
            message += f" {result.checkpoints_checked} checkpoint(s) hold."
        self.stdout.write(message)
