"""Dependencies run one way (../shared/DESIGN.md): core <- audit <- accounts <- forum <- resources,
with config (settings, urls, the API's shared parts) on top. A lower layer never imports a higher
one, not even inside a function.

Checked so far for the layers that are already clean; the rest of the untangling (issue 11) adds
each layer here as it is freed."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "audit", "accounts", "forum", "resources", "config"]
CLEAN = ["core", "audit"]


def imported_apps(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    """For each module of `package` (migrations included), the project apps it imports."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(root))] = names & set(APPS)
    return found


@pytest.mark.parametrize("package", CLEAN)
def test_a_layer_imports_only_the_layers_below_it(package):
    allowed = set(APPS[: APPS.index(package) + 1])

    wrong = {
        module: sorted(apps - allowed)
        for module, apps in imported_apps(package).items()
        if apps - allowed
    }

    assert wrong == {}


def test_what_every_endpoint_shares_imports_no_app():
    """config/api/ (authentication, the error shape, parsers, throttles, cursor pages, the
    schema's conventions) is imported by every app's api.py; only its urls.py, which routes to
    those apps, may import them."""
    wrong = {
        module: sorted(apps - {"config", "core"})
        for module, apps in imported_apps("config/api").items()
        if apps - {"config", "core"} and not module.endswith("urls.py")
    }

    assert wrong == {}


def test_the_check_sees_an_import_of_a_higher_layer_inside_a_function(tmp_path):
    """The rule's own check: an import of forum from inside one of core's functions is caught."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "late.py").write_text("def f():\n    from forum import models\n")

    assert imported_apps("core", root=tmp_path) == {"core/late.py": {"forum"}}
