"""The categories come from the sections of the article the community grew from."""

from django.db import migrations

CATEGORIES = [
    ("Introductions", "introductions",
     "New here? Say hello, and tell us as much or as little as you like about how MMN touches your life."),
    ("Newly diagnosed & diagnosis", "diagnosis",
     "Getting a diagnosis: nerve conduction studies, EMG, anti-GM1 antibody tests, and being told it "
     "might be ALS or CIDP first."),
    ("Symptoms", "symptoms",
     "Weakness in the hands and arms, cramps, twitching (fasciculations), fatigue, and how they change "
     "over time."),
    ("Treatment (IVIg, steroids, therapy)", "treatment",
     "IVIg and SCIg schedules, infusion days, side effects, other treatments, physiotherapy and "
     "occupational therapy."),
    ("Living with MMN", "living-with-mmn",
     "Work, home, grip aids and adapted kitchens, driving, rest and pacing: what makes daily life easier."),
    ("Carers & family", "carers-and-family",
     "For partners, parents, children and friends who support someone with MMN, and look after "
     "themselves too."),
    ("Research & news", "research-and-news",
     "Studies, trials, conference news and new treatments, with links to where they came from."),
    ("Support & resources", "support-and-resources",
     "Charities, support groups, helplines, benefits and services that members have found useful."),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    for position, (name, slug, description) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def remove_categories(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    Category.objects.filter(slug__in=[slug for _, slug, _ in CATEGORIES], threads=None).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]
    operations = [migrations.RunPython(create_categories, remove_categories)]
