"""A web worker loads every view and freezes what loading left before its first request."""

import os
import subprocess
import sys
from pathlib import Path


def test_a_worker_has_loaded_every_view_and_frozen_it_before_serving(tmp_path: Path) -> None:
    probe = (
        "import gc, sys\n"
        "from mufakat.wsgi import application\n"
        "assert gc.get_freeze_count() > 50_000, gc.get_freeze_count()\n"
        "assert gc.get_threshold() == (10_000, 10, 10), gc.get_threshold()\n"
        "assert 'mufakat.monitoring.views_compliance' in sys.modules\n"
        "assert 'mufakat.papers.urls' in sys.modules\n"
    )
    env = {**os.environ, "MUFAKAT_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr


def test_a_worker_freezes_its_filled_caches_again_after_so_many_requests() -> None:
    import gc

    from mufakat.core.serving import Settling

    kept: list[object] = []

    def application(environ: dict[str, object], start_response: object) -> list[bytes]:
        kept.append({"cache": "entry"})  # what a request leaves in a process-wide cache
        return [b""]

    served = Settling(application, after=(3,))
    frozen = gc.get_freeze_count()
    try:
        for _ in range(2):
            served({}, None)
        assert gc.get_freeze_count() == frozen
        served({}, None)
        assert gc.get_freeze_count() > frozen
        served({}, None)
        assert served.served == 4
    finally:
        gc.unfreeze()  # the test process's own objects go back to the collector
