"""The gate, checked by machine (DESIGN.md §3, "kept by construction, not by habit").

- Every restricted model (an ``audience`` field or ``visibility_parents``) is read through the
  gated manager: its default manager's queryset is a :class:`VisibleQuerySet`.
- Nothing outside selectors, services and the search indexer reads a restricted model around
  the gate: the source is parsed, and each ``Model.objects…`` (or ``_default_manager``) read that
  does not start at ``visible_to(user)``, and each read of a related manager leading to a record
  with an audience of its own, must be in such a module or listed in
  ``mufakat/core/gate_allowlist.toml`` with its reason.
- "Who may do what" lives in permissions modules: no ``.role`` comparison elsewhere.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models

from mufakat.core.visibility import VisibleQuerySet

PACKAGE = Path(__file__).resolve().parents[2]  # …/mufakat
ROOT = PACKAGE.parent
ALLOWLIST = PACKAGE / "core" / "gate_allowlist.toml"

#: Manager attributes that start a read.
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
#: Calls on a manager that do not read around the gate.
GATED = frozenset({"visible_to", "none"})
#: Queryset methods that read through a related manager.
READS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "get",
        "count",
        "exists",
        "values",
        "values_list",
        "first",
        "last",
        "iterator",
        "aggregate",
        "annotate",
        "order_by",
        "select_related",
        "prefetch_related",
        "in_bulk",
        "distinct",
    }
)


def restricted_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if any(f.name == "audience" for f in model._meta.concrete_fields)
        or getattr(model, "visibility_parents", ())
    ]


def _has_own_audience(model: Any) -> bool:
    return any(f.name == "audience" for f in model._meta.concrete_fields)


def related_accessors() -> set[str]:
    """Names of related managers that lead to a record with an audience of its own (a child
    gated only by its parent is safe to read from a parent already found through the gate)."""
    names: set[str] = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if (
                not f.is_relation
                or f.related_model is None
                or not _has_own_audience(f.related_model)
            ):
                continue
            if f.many_to_many and not f.auto_created:
                names.add(f.name)
            elif (f.one_to_many or f.many_to_many) and f.auto_created:
                accessor = f.get_accessor_name()
                if accessor and not accessor.endswith("+"):
                    names.add(accessor)
    return names


def source_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield path


def is_read_module(path: Path) -> bool:
    """Selectors, services and the search indexer: where reads of restricted records live."""
    name = path.name
    return (
        name in {"selectors.py", "services.py"}
        or name.endswith(("_selectors.py", "_services.py"))
        or path == PACKAGE / "search" / "indexing.py"
    )


@dataclass(frozen=True)
class Read:
    file: str  # relative to the repository, e.g. mufakat/monitoring/rollups.py
    line: int
    function: str
    text: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} in {self.function}(): {self.what} — {self.text}"


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node.name
    return "<module>"


def _model_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def reads_around_the_gate(path: Path, names: set[str], accessors: set[str]) -> list[Read]:
    """Reads of restricted models in ``path`` that do not start at the gate."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        parent = parents.get(node)
        then = parent.attr if isinstance(parent, ast.Attribute) else None
        if node.attr in MANAGERS and _model_name(node.value) in names and then not in GATED:
            what = f"{_model_name(node.value)}.{node.attr}" + (f".{then}" if then else "")
        elif node.attr in accessors and then in READS:
            what = f"related manager .{node.attr}.{then}()"
        else:
            continue
        found.append(
            Read(
                file=_relative(path),
                line=node.lineno,
                function=_function(node, parents),
                text=lines[node.lineno - 1].strip(),
                what=what,
            )
        )
    return found


def load_allowlist() -> list[dict[str, str]]:
    with ALLOWLIST.open("rb") as handle:
        return list(tomllib.load(handle).get("entry", []))


def allowed_by(entry: dict[str, str], read: Read) -> bool:
    return (
        entry["file"] == read.file
        and entry.get("function", read.function) == read.function
        and entry.get("contains", "") in read.text
    )


# -- the gated manager ---------------------------------------------------------------------------


def test_every_restricted_model_is_read_through_the_gated_manager() -> None:
    missing = [
        model._meta.label
        for model in restricted_models()
        if not isinstance(model._default_manager.all(), VisibleQuerySet)
    ]
    assert not missing, (
        "These models have an audience or visibility_parents but their default manager is not "
        "gated: " + ", ".join(missing) + ". Give each `objects = VisibleQuerySet.as_manager()` "
        "(or a subclass of VisibleQuerySet) as its first manager."
    )


def test_the_gated_manager_check_knows_the_restricted_models() -> None:
    labels = {model._meta.label for model in restricted_models()}
    assert {"meetings.Meeting", "workplans.Instrument", "monitoring.Snapshot"} <= labels


# -- reads around the gate -----------------------------------------------------------------------


def all_reads() -> list[Read]:
    names = {model.__name__ for model in restricted_models()}
    accessors = related_accessors()
    return [
        read
        for path in source_files()
        if not is_read_module(path)
        for read in reads_around_the_gate(path, names, accessors)
    ]


def test_restricted_models_are_read_only_in_selectors_services_and_the_indexer() -> None:
    entries = load_allowlist()
    unlisted = [read for read in all_reads() if not any(allowed_by(e, read) for e in entries)]
    assert not unlisted, (
        "Reads of restricted records around the gate:\n  "
        + "\n  ".join(str(read) for read in unlisted)
        + "\nMove each read into the app's selectors.py (taking user=) or start it at "
        "`Model.objects.visible_to(user)`. If it is a deliberate exception (the system acting, "
        "not a reader), add an [[entry]] with file, function and reason to "
        "mufakat/core/gate_allowlist.toml."
    )


def test_every_allowlist_entry_has_a_reason_and_is_still_needed() -> None:
    entries = load_allowlist()
    reads = all_reads()
    for entry in entries:
        assert set(entry) <= {"file", "function", "contains", "reason"}, entry
        assert entry.get("reason", "").strip(), f"No reason given for {entry}"
        assert (ROOT / entry["file"]).is_file(), f"No such file: {entry['file']}"
        assert any(allowed_by(entry, read) for read in reads), (
            f"Allowlist entry matches nothing (remove it from gate_allowlist.toml): {entry}"
        )


def test_the_read_check_finds_a_read_around_the_gate(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "def page(request, pk):\n"
        "    meeting = Meeting.objects.get(pk=pk)\n"
        "    gated = Meeting.objects.visible_to(request.user).get(pk=pk)\n"
        "    return meeting.body.meetings.filter(year=1), gated.outcomes.all()\n",
        encoding="utf-8",
    )
    reads = reads_around_the_gate(sample, {"Meeting"}, related_accessors())
    assert [(r.line, r.what) for r in reads] == [
        (2, "Meeting.objects.get"),
        (4, "related manager .meetings.filter()"),
        (4, "related manager .outcomes.all()"),
    ]
    assert reads[0].function == "page"
    assert not is_read_module(sample)
    assert is_read_module(PACKAGE / "registry" / "groups_selectors.py")


# -- who may do what -------------------------------------------------------------------------------


def is_permissions_home(path: Path) -> bool:
    """Where role checks may live: each app's permissions.py, and accounts (roles are its own)."""
    return path.name == "permissions.py" or path.relative_to(PACKAGE).parts[0] == "accounts"


def _is_role_member(node: ast.AST) -> bool:
    """``Role.SECRETARIAT`` and the like (the accounts' Role, not a term's ``Term.Role``)."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
    )


def role_checks(path: Path) -> list[Read]:
    """``x.role`` compared with anything, ``Role.X`` compared, and role sets written out."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Attribute) and o.attr == "role" for o in operands):
                what = "a .role comparison"
            elif any(_is_role_member(o) for o in operands):
                what = "a comparison with Role.*"
        elif (
            isinstance(node, ast.Set | ast.List | ast.Tuple)
            and sum(_is_role_member(e) for e in node.elts) >= 2
        ):
            what = "a role set"
        if what:
            found.append(
                Read(
                    file=_relative(path),
                    line=node.lineno,
                    function=_function(node, parents),
                    text=lines[node.lineno - 1].strip(),
                    what=what,
                )
            )
    return found


def load_role_allowlist() -> list[dict[str, str]]:
    with ALLOWLIST.open("rb") as handle:
        return list(tomllib.load(handle).get("role_entry", []))


def test_role_checks_live_only_in_permissions_modules_and_accounts() -> None:
    entries = load_role_allowlist()
    checks = [
        check
        for path in source_files()
        if not is_permissions_home(path)
        for check in role_checks(path)
    ]
    unlisted = [c for c in checks if not any(allowed_by(e, c) for e in entries)]
    assert not unlisted, (
        "Role checks outside a permissions module:\n  "
        + "\n  ".join(str(c) for c in unlisted)
        + "\nAsk the app's permissions.py instead (a can_* function returning a bool, or a "
        "require_* one raising PermissionDenied), with role sets from mufakat/accounts/roles.py."
    )
    for entry in entries:
        assert entry.get("reason", "").strip(), f"No reason given for {entry}"
        assert any(allowed_by(entry, c) for c in checks), f"Unused role_entry: {entry}"


def test_the_role_check_finds_an_ad_hoc_check(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text(
        "EDITORS = {Role.SECRETARIAT, Role.PLATFORM_ADMIN}\n"
        "def page(request):\n"
        "    if request.user.role == 'secretariat':\n"
        "        return Role.CHAIR in EDITORS\n",
        encoding="utf-8",
    )
    assert [(c.line, c.what) for c in role_checks(sample)] == [
        (1, "a role set"),
        (3, "a .role comparison"),
        (4, "a comparison with Role.*"),
    ]


def test_every_app_with_actions_has_its_permissions_module() -> None:
    for app in ("accounts", "audit", "registry", "meetings", "workplans", "monitoring", "library"):
        assert (PACKAGE / app / "permissions.py").is_file(), app
    assert (PACKAGE / "ingest" / "permissions.py").is_file()


def test_every_action_in_the_table_is_decided_by_a_real_function() -> None:
    import importlib

    from mufakat.accounts.roles import ACTIONS

    for action in ACTIONS:
        module, name = action.decided_by.rsplit(".", 1)
        assert module.endswith("permissions"), action
        function = getattr(importlib.import_module(f"mufakat.{module}"), name)
        assert callable(function), action


def test_the_who_may_do_what_table_in_the_docs_matches_the_role_sets() -> None:
    from mufakat.accounts.roles import action_table

    doc = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    assert "## Who may do what" in doc
    section = doc.split("## Who may do what", 1)[1]
    assert action_table() in section, (
        "docs/access.md's role × action table differs from mufakat/accounts/roles.py. "
        "Regenerate it: .venv/bin/python -c 'import django, os; "
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings"); '
        'os.environ.setdefault("MUFAKAT_ENV", "demo"); django.setup(); '
        "from mufakat.accounts.roles import action_table; print(action_table())' "
        "and paste it under “Who may do what”."
    )
