"""A member's rights over what the site holds of them: each app that keeps something of a
member says what, through two functions it registers from its AppConfig.ready():

- `export(member) -> dict`: the app's sections of the member's data download, JSON-ready, in a
  fixed number of queries however much they wrote;
- `erase(member, *, keep_comments, new_name)`: what erasure does to the app's records, inside
  the erasure's transaction (`new_name` is what the account is called from now on).

accounts.services calls them in the order the apps are installed, so accounts needs no
knowledge of the apps above it, and a new app adds its data without touching accounts."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class MemberData:
    app: str
    export: Callable[..., dict]
    erase: Callable[..., None]


_registered: dict[str, MemberData] = {}


def register(app: str, *, export: Callable[..., dict], erase: Callable[..., None]) -> None:
    """Make an app's export and erasure of a member's data part of the member's rights."""
    _registered[app] = MemberData(app=app, export=export, erase=erase)


def registered() -> list[MemberData]:
    """Each app's hooks, in the order of INSTALLED_APPS."""
    order = {config.name: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_registered.values(), key=lambda data: order.get(data.app, len(order)))


def export_sections(member) -> dict:
    """Every app's sections of the member's data download, in INSTALLED_APPS order. Two apps
    naming the same section would silently drop one: refused."""
    sections: dict = {}
    for hooks in registered():
        for name, data in hooks.export(member).items():
            if name in sections:
                raise ValueError(f"{hooks.app} exports a section {name!r} another app exports.")
            sections[name] = data
    return sections
