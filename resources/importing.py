"""Curated entries from a CSV file into the directory, matched by slug.

The data migration loads resources/data/resources.csv with this module, and
`manage.py import_resources FILE` updates from a file of the same shape. A bad row is reported
with its line number and skipped; every good row is still imported.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as installed_apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone

from resources.models import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    URL_MAX_LENGTH,
    ResourceKind,
    url_key,
    validate_web_url,
)

COLUMNS = ("slug", "name", "url", "kind", "regions", "topics", "description")
CURATED_FILE = Path(__file__).resolve().parent / "data" / "resources.csv"


class ImportFileError(Exception):
    """The file as a whole cannot be read: missing, not UTF-8 text, or without the columns."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Row:
    line: int
    slug: str
    name: str
    url: str
    kind: str
    regions: list[str]
    topics: list[str]
    description: str


def read_file(path: Path | str) -> list[tuple[int, dict]]:
    """The file's records with the line each starts on (a quoted description may span lines)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
            if missing:
                raise ImportFileError(
                    f"{path}: the first line must name the columns {', '.join(COLUMNS)}; "
                    f"missing: {', '.join(missing)}."
                )
            records, start = [], reader.line_num + 1
            for record in reader:
                records.append((start, record))
                start = reader.line_num + 1
            return records
    except FileNotFoundError as error:
        raise ImportFileError(f"{path}: no such file.") from error
    except IsADirectoryError as error:
        raise ImportFileError(f"{path}: a folder, not a file.") from error
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror or error}).") from error
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path}: not UTF-8 text (save the CSV as UTF-8).") from error
    except csv.Error as error:
        raise ImportFileError(f"{path}: not a readable CSV file ({error}).") from error


def _split(value: str | None) -> list[str]:
    return [part.strip().lower() for part in (value or "").split(";") if part.strip()]


def _parse(line: int, record: dict, *, regions: set[str], topics: set[str]) -> Row:
    """The record as a Row, or ValidationError naming everything wrong with it."""
    values = {name: (record.get(name) or "").strip() for name in COLUMNS}
    problems = [f"the {name} contains a NUL character" for name, v in values.items() if "\x00" in v]
    try:
        validate_slug(values["slug"])
    except ValidationError:
        problems.append(
            f"the slug \u201c{values['slug']}\u201d must be letters, numbers, hyphens or "
            "underscores"
            if values["slug"]
            else "no slug"
        )
    if len(values["slug"]) > SLUG_MAX_LENGTH:
        problems.append(f"the slug is longer than {SLUG_MAX_LENGTH} characters")
    if not values["name"]:
        problems.append("no name")
    elif len(values["name"]) > NAME_MAX_LENGTH:
        problems.append(f"the name is longer than {NAME_MAX_LENGTH} characters")
    try:
        validate_web_url(values["url"])
        if len(values["url"]) > URL_MAX_LENGTH:
            problems.append(f"the URL is longer than {URL_MAX_LENGTH} characters")
    except ValidationError:
        problems.append(f"the URL \u201c{values['url']}\u201d is not an http or https address")
    kind = values["kind"].lower()
    if kind not in ResourceKind.values:
        problems.append(
            f"unknown kind \u201c{values['kind']}\u201d (one of {', '.join(ResourceKind.values)})"
        )
    row_regions = _split(values["regions"])
    unknown = [region for region in row_regions if region not in regions]
    if unknown or not row_regions:
        problems.append(
            f"unknown region \u201c{', '.join(unknown)}\u201d" if unknown else "no region"
        )
    row_topics = _split(values["topics"])
    unknown = [topic for topic in row_topics if topic not in topics]
    if unknown:
        problems.append(f"unknown topic \u201c{', '.join(unknown)}\u201d")
    if not values["description"]:
        problems.append("no description")
    elif len(values["description"]) > DESCRIPTION_MAX_LENGTH:
        problems.append(f"the description is longer than {DESCRIPTION_MAX_LENGTH} characters")
    if problems:
        raise ValidationError("; ".join(problems))
    return Row(
        line=line,
        slug=values["slug"],
        name=values["name"],
        url=values["url"],
        kind=kind,
        regions=row_regions,
        topics=row_topics,
        description=values["description"],
    )


def _rows(records, *, regions, topics, report: ImportReport) -> Iterator[Row]:
    seen_slugs: dict[str, int] = {}
    seen_links: dict[str, int] = {}
    for line, record in records:
        try:
            row = _parse(line, record, regions=regions, topics=topics)
        except ValidationError as error:
            report.problems.append((line, " ".join(error.messages)))
            continue
        key = url_key(row.url)
        if row.slug in seen_slugs:
            report.problems.append(
                (line, f"the slug {row.slug} is already on line {seen_slugs[row.slug]}")
            )
            continue
        if key in seen_links:
            report.problems.append((line, f"the URL is already on line {seen_links[key]}"))
            continue
        seen_slugs[row.slug], seen_links[key] = line, line
        yield row


def import_records(records: Iterable[tuple[int, dict]], *, apps=installed_apps) -> ImportReport:
    """Create or update one Resource per good record, matched by slug, in one transaction.
    `apps` is the model registry: the installed one, or a migration's historical one. A new entry
    is published; an existing one keeps what moderators decided (published or not, link status)."""
    Resource = apps.get_model("resources", "Resource")
    Region = apps.get_model("resources", "Region")
    Topic = apps.get_model("resources", "Topic")
    regions = {region.slug: region for region in Region.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    report = ImportReport()
    with transaction.atomic():
        rows = list(_rows(records, regions=set(regions), topics=set(topics), report=report))
        existing = {
            resource.slug: resource
            for resource in Resource.objects.prefetch_related("regions", "topics").filter(
                slug__in=[row.slug for row in rows]
            )
        }
        for row in rows:
            key = url_key(row.url)
            clash = Resource.objects.filter(url_key=key).exclude(slug=row.slug).first()
            if clash is not None:
                report.problems.append(
                    (row.line, f"the URL is already in the directory as {clash.slug}")
                )
                continue
            resource = existing.get(row.slug)
            fields = {
                "name": row.name,
                "url": row.url,
                "url_key": key,
                "kind": row.kind,
                "description": row.description,
            }
            if resource is None:
                resource = Resource.objects.create(slug=row.slug, **fields)
                report.created += 1
            elif _differs(resource, fields, row):
                if resource.url_key != key:
                    # A new link: the old one's check says nothing about it.
                    resource.link_status, resource.link_status_code = "unchecked", None
                    resource.link_detail = resource.link_final_url = ""
                    resource.link_checked_at = resource.last_verified_at = None
                for name, value in fields.items():
                    setattr(resource, name, value)
                resource.updated_at = timezone.now()
                resource.save()
                report.updated += 1
            else:
                report.unchanged += 1
                continue
            resource.regions.set([regions[slug] for slug in row.regions])
            resource.topics.set([topics[slug] for slug in row.topics])
    report.problems.sort()
    return report


def _differs(resource, fields: dict, row: Row) -> bool:
    if any(getattr(resource, name) != value for name, value in fields.items()):
        return True
    regions = {region.slug for region in resource.regions.all()}
    topics = {topic.slug for topic in resource.topics.all()}
    return regions != set(row.regions) or topics != set(row.topics)
