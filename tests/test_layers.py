"""Dependencies run one way (../shared/DESIGN.md):

    core <- audit, notifications <- accounts <- forum <- resources <- config

core has no models (form helpers, pagination, the domain errors, admin mixins, what every API
endpoint shares); audit and notifications are below every app that acts or tells, and beside
each other; config (settings, urls, the admin site) is on top. A layer imports only the layers
below it, migrations included, and no module imports a project app from inside a function to
dodge a cycle (an AppConfig.ready() registering the app's hooks is the one exception: Django
asks apps to import their models there, not at the top of apps.py)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    {"core"},
    {"audit", "notifications"},
    {"accounts"},
    {"forum"},
    {"resources"},
    {"config"},
]
APPS = set().union(*LAYERS)


def _layer(app: str) -> int:
    return next(index for index, layer in enumerate(LAYERS) if app in layer)


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]


def _apps_named(node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names} & APPS
    if node.module and node.level == 0:
        return {node.module.split(".")[0]} & APPS
    return set()


def imported_apps(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    """For each module of `package` (migrations included), the project apps it imports."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        found[str(path.relative_to(root))] = set().union(
            set(), *(_apps_named(node) for node in _imports(tree))
        )
    return found


def late_imports(package: str, root: Path = ROOT) -> list[str]:
    """Imports of a project app made inside a function of `package`, but in AppConfig.ready()
    (and a data migration reading its own app)."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name == "ready" and path.name == "apps.py":
                continue
            for node in _imports(function):
                named = _apps_named(node)
                # A data migration may read its own app's code when it runs, not when loaded.
                if "migrations" in path.parts and named == {package.split("/")[0]}:
                    continue
                if named:
                    found.append(f"{path.relative_to(root)}:{node.lineno} in {function.name}()")
    return found


@pytest.mark.parametrize("package", sorted(APPS))
def test_a_layer_imports_only_the_layers_below_it(package):
    allowed = {app for app in APPS if _layer(app) < _layer(package)} | {package}

    wrong = {
        module: sorted(apps - allowed)
        for module, apps in imported_apps(package).items()
        if apps - allowed
    }

    assert wrong == {}


@pytest.mark.parametrize("package", sorted(APPS))
def test_no_function_imports_an_app_to_dodge_a_cycle(package):
    assert late_imports(package) == []


def test_what_every_endpoint_shares_imports_no_app():
    """core/api/ (authentication, the error shape, parsers, throttles, cursor pages, the
    schema's conventions) is imported by every app's api.py: it imports only core."""
    wrong = {
        module: sorted(apps - {"core"})
        for module, apps in imported_apps("core/api").items()
        if apps - {"core"}
    }

    assert wrong == {}


def test_the_check_sees_an_import_of_a_higher_layer_inside_a_function(tmp_path):
    """The rule's own check: an import of forum from inside one of core's functions is caught,
    by both checks."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "late.py").write_text("def f():\n    from forum import models\n")

    assert imported_apps("core", root=tmp_path) == {"core/late.py": {"forum"}}
    assert late_imports("core", root=tmp_path) == ["core/late.py:2 in f()"]


def test_two_apps_of_one_layer_do_not_import_each_other():
    """audit and notifications sit side by side: neither may lean on the other."""
    assert all("notifications" not in apps for apps in imported_apps("audit").values())
    assert all("audit" not in apps for apps in imported_apps("notifications").values())
