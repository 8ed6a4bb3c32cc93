"""The workplans fixtures (the ASEAN–Japan Work Plan, its restricted cyber annex, the Bali Work
Plan) serve the framework tests too."""

from mufakat.workplans.tests.conftest import *  # noqa: F403
