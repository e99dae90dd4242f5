"""The curated directory on every install, and `manage.py import_resources FILE` to update it."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resources.importing import COLUMNS, CURATED_FILE
from resources.models import LinkStatus, Resource

HEADER = ",".join(COLUMNS)


def curated_rows() -> list[dict]:
    with open(CURATED_FILE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def csv_file(tmp_path):
    def write(*lines: str, header: str = HEADER) -> Path:
        path = tmp_path / "resources.csv"
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return write


def run_import(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_resources", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_import_expecting_skips(path) -> tuple[str, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_resources", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(failure.value)


def test_every_install_has_the_curated_entries_published(db):
    rows = curated_rows()

    assert len(rows) >= 15
    for row in rows:
        resource = Resource.objects.get(slug=row["slug"])
        assert resource.is_published
        assert resource.url == row["url"]
        assert resource.description == row["description"]
        assert sorted(r.slug for r in resource.regions.all()) == sorted(
            part.lower() for part in row["regions"].split(";")
        )
        assert sorted(t.slug for t in resource.topics.all()) == sorted(row["topics"].split(";"))


def test_the_crisis_helplines_are_entries_of_kind_helpline(db):
    assert set(Resource.objects.filter(kind="helpline").values_list("slug", flat=True)) == {
        "samaritans",
        "lifeline-988",
        "nhs-111",
    }


def test_importing_the_curated_file_again_changes_nothing(db):
    before = list(Resource.objects.values().order_by("pk"))

    out, err = run_import(CURATED_FILE)

    assert out.strip() == f"Created 0, updated 0, unchanged {len(curated_rows())}, skipped 0."
    assert err == ""
    assert list(Resource.objects.values().order_by("pk")) == before


def test_import_creates_new_entries_and_updates_changed_ones_by_slug(db, csv_file):
    path = csv_file(
        'mind,Mind,https://www.mind.org.uk/,charity,UK,mental-health,"Mental health charity."',
        "mda,Muscular Dystrophy Association (MDA),https://www.mda.org/,charity,US;global,"
        'carers,"Care centres across the US."',
        "samaritans,Samaritans,https://www.samaritans.org/,helpline,UK,mental-health;crisis,"
        '"Free, confidential emotional support 24 hours a day in the UK and Ireland: '
        'call 116 123."',
    )

    out, _ = run_import(path)

    assert out.strip() == "Created 1, updated 1, unchanged 1, skipped 0."
    mind = Resource.objects.get(slug="mind")
    assert mind.is_published and mind.kind == "charity"
    assert [t.slug for t in mind.topics.all()] == ["mental-health"]
    mda = Resource.objects.get(slug="mda")
    assert mda.description == "Care centres across the US."
    assert sorted(r.slug for r in mda.regions.all()) == ["global", "us"]
    assert [t.slug for t in mda.topics.all()] == ["carers"]
    assert run_import(path)[0].strip() == "Created 0, updated 0, unchanged 3, skipped 0."


def test_import_keeps_what_moderators_decided(db, csv_file):
    Resource.objects.filter(slug="mda").update(is_published=False, link_status=LinkStatus.BROKEN)
    path = csv_file(
        'mda,MDA,https://www.mda.org/,charity,US,carers,"New words."',
    )

    run_import(path)

    mda = Resource.objects.get(slug="mda")
    assert mda.description == "New words."
    assert not mda.is_published, "an unpublished entry stays unpublished"
    assert mda.link_status == LinkStatus.BROKEN


def test_bad_rows_are_reported_by_line_and_every_good_row_is_imported(db, csv_file):
    path = csv_file(
        'good-one,Good One,https://good-one.example.org/,charity,UK,carers,"Fine."',
        'no-name,,https://no-name.example.org/,charity,UK,carers,"No name."',
        'ftp-link,FTP,ftp://files.example.org/,charity,UK,carers,"Not the web."',
        'martian,Martian,https://mars.example.org/,charity,Mars,carers,"Far away."',
        'odd-kind,Odd,https://odd.example.org/,shop,UK,carers,"Sells things."',
        'good-two,Good Two,https://good-two.example.org/,research,EU;global,research,"Also fine."',
    )

    out, err, failure = run_import_expecting_skips(path)

    assert out.strip() == "Created 2, updated 0, unchanged 0, skipped 4."
    assert "line 3: no name" in err
    assert "line 4: the URL \u201cftp://files.example.org/\u201d is not an http or https" in err
    assert "line 5: unknown region \u201cmars\u201d" in err
    assert "line 6: unknown kind \u201cshop\u201d" in err
    assert "4 rows not imported" in failure
    assert set(
        Resource.objects.filter(
            slug__in=["good-one", "good-two", "no-name", "ftp-link"]
        ).values_list("slug", flat=True)
    ) == {"good-one", "good-two"}


def test_a_description_over_several_lines_is_reported_at_the_line_its_row_starts(db, csv_file):
    path = csv_file(
        'two-lines,Two lines,https://two.example.org/,charity,UK,carers,"First line.\nSecond."',
        'bad-url,Bad,not-a-url,charity,UK,carers,"Oops."',
    )

    _, err, _ = run_import_expecting_skips(path)

    assert "line 4: the URL \u201cnot-a-url\u201d" in err
    assert Resource.objects.get(slug="two-lines").description == "First line.\nSecond."


def test_a_link_already_in_the_directory_under_another_slug_is_refused(db, csv_file):
    path = csv_file('mda-again,MDA,http://mda.org,charity,US,carers,"The same link."')

    _, err, _ = run_import_expecting_skips(path)

    assert "line 2: the URL is already in the directory as mda" in err
    assert not Resource.objects.filter(slug="mda-again").exists()


def test_a_repeated_slug_in_the_file_is_refused_on_its_second_line(db, csv_file):
    path = csv_file(
        'twice,Twice,https://twice.example.org/,charity,UK,carers,"First."',
        'twice,Twice again,https://twice-again.example.org/,charity,UK,carers,"Second."',
    )

    _, err, _ = run_import_expecting_skips(path)

    assert "line 3: the slug twice is already on line 2" in err
    assert Resource.objects.get(slug="twice").description == "First."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (
            b"name,url\nMDA,https://www.mda.org/\n",
            "missing: slug, kind, regions, topics, description",
        ),
        (b"slug,name,url,kind,regions,topics,description\n\xff\xfe bad bytes\n", "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole_with_a_clear_message(
    db, tmp_path, content, message
):
    path = tmp_path / "resources.csv"
    if content is not None:
        path.write_bytes(content)
    before = Resource.objects.count()

    with pytest.raises(CommandError, match=message):
        call_command("import_resources", str(path), stdout=StringIO(), stderr=StringIO())

    assert Resource.objects.count() == before


def test_rows_the_database_would_refuse_are_reported_not_a_crash(db, csv_file):
    long_slug = "s" * 81
    path = csv_file(
        f'{long_slug},Long,https://long.example.org/,charity,UK,carers,"Too long a slug."',
        'nul-name,Bad\x00name,https://nul.example.org/,charity,UK,carers,"A NUL byte."',
        'fine,Fine,https://fine.example.org/,charity,UK,carers,"Fine."',
    )

    out, err, _ = run_import_expecting_skips(path)

    assert "line 2: the slug is longer than 80 characters" in err
    assert "line 3: the name contains a NUL character" in err
    assert out.strip() == "Created 1, updated 0, unchanged 0, skipped 2."


def test_a_folder_is_refused_with_a_clear_message(db, tmp_path):
    with pytest.raises(CommandError, match="a folder, not a file"):
        call_command("import_resources", str(tmp_path), stdout=StringIO(), stderr=StringIO())


def test_importing_a_new_link_forgets_the_old_links_check(db, csv_file):
    Resource.objects.filter(slug="mda").update(link_status=LinkStatus.BROKEN)
    path = csv_file('mda,MDA,https://www.mda.org/new-home,charity,US,carers,"Moved."')

    run_import(path)

    assert Resource.objects.get(slug="mda").link_status == LinkStatus.UNCHECKED
