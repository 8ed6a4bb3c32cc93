"""The settings of the test suite and the type checker: Mufakat's settings in the test environment.

pytest (``DJANGO_SETTINGS_MODULE`` in pyproject.toml) and mypy's Django plugin load this module.
Setting ``MUFAKAT_ENV`` here, before the import, lets the settings accept the demo key and hands
the variable on to any process a test starts; everything else is the production settings.
"""

import os

os.environ["MUFAKAT_ENV"] = "test"

from mufakat.settings import *  # noqa: F403
