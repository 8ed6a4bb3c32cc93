"""The registry the extractor's benchmarks read, as their gazetteer."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def demo_registry(data_dir: Path | None, prefix: str) -> Iterator[None]:
    """Django set up on ``data_dir`` (an existing data directory such as var/demo) or, without
    one, on a fresh SQLite database in a temporary directory, migrated and loaded with the demo
    data, and removed afterwards. Never the production database: DATABASE_URL is dropped."""
    with contextlib.ExitStack() as stack:
        fresh = data_dir is None
        folder = (
            Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))
            if fresh
            else data_dir
        )
        os.environ["MUFAKAT_DATA_DIR"] = str(folder)
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
        import django

        django.setup()
        if fresh:
            from django.core.management import call_command

            from mufakat.demo.loader import load_demo

            call_command("migrate", verbosity=0)
            load_demo()
        yield
