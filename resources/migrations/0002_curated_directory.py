"""Every install starts with the curated directory: the regions, the topics (and the forum
categories whose threads show each topic's resources), and the checked entries in
resources/data/resources.csv."""

from django.db import migrations

REGIONS = [("uk", "UK"), ("us", "US"), ("eu", "EU"), ("global", "Worldwide")]

# slug, name, the categories (by slug) whose threads show this topic's resources beside them.
TOPICS = [
    ("diagnosis", "Diagnosis", ["introductions", "diagnosis", "symptoms", "support-and-resources"]),
    ("treatment", "Treatment and IVIg", ["treatment", "support-and-resources"]),
    ("daily-living", "Daily living and aids", ["living-with-mmn", "symptoms", "support-and-resources"]),
    ("carers", "Carers", ["carers-and-family", "support-and-resources"]),
    ("research", "Research", ["research-and-news", "support-and-resources"]),
    ("mental-health", "Mental health", ["living-with-mmn", "carers-and-family", "support-and-resources"]),
    ("crisis", "Urgent and crisis support", []),
]


def load(apps, schema_editor):
    from resources import importing

    Region = apps.get_model("resources", "Region")
    Topic = apps.get_model("resources", "Topic")
    Category = apps.get_model("forum", "Category")
    for position, (slug, name) in enumerate(REGIONS, start=1):
        Region.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    for position, (slug, name, categories) in enumerate(TOPICS, start=1):
        topic, _ = Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        topic.categories.set(Category.objects.filter(slug__in=categories))
    report = importing.import_records(importing.read_file(importing.CURATED_FILE), apps=apps)
    if report.problems:
        raise ValueError(f"The curated resources file has bad rows: {report.problems}")


def unload(apps, schema_editor):
    for model in ("ResourceSuggestion", "Resource", "Topic", "Region"):
        apps.get_model("resources", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("forum", "0002_seed_categories"),
    ]
    operations = [migrations.RunPython(load, unload)]
