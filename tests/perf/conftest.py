"""The walk's tests are not marked ``django_db`` (its world is built once per module, in a
transaction rolled back afterwards); pytest-django sets up the test database only for a session
with a marked test, so one walk test carries the mark whenever none of the collected tests does."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.hookimpl(trylast=True)  # after -k/-m deselected what will not run
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    ours = [item for item in items if HERE in Path(str(item.path)).parents]
    if ours and not any(item.get_closest_marker("django_db") for item in items):
        ours[0].add_marker(pytest.mark.django_db)
