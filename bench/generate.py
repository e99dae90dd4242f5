"""Generated forum content for the benchmarks: members, threads and comments in bulk.

Not demo content (forum/demo_content.py is that): these rows are written straight to the tables
with bulk_create, skipping the services, so 100,000 comments take seconds rather than an hour.
Only ever run against a benchmark database (bench/search.py checks).

The text is assembled from the words a Multifocal Motor Neuropathy community uses, with some
words far commoner than others, as in a real forum, so queries range from "in every other post"
to "in a handful". A fixed seed makes every run write the same forum.
"""

import random
from datetime import timedelta
from html import escape

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Region, Role, User
from accounts.validators import display_name_key
from forum.models import (
    Category,
    Comment,
    CommentStatus,
    Thread,
    ThreadStatus,
    ThreadVisibility,
)
from forum.services.locks import refresh_categories

MEMBER_PREFIX = "bench_member_"
MEMBERS = 400
COMMENTS_PER_THREAD = 25
BATCH = 2_000

# Each slot's words, commonest first: picked with weights 1/1, 1/2, 1/3... (Zipf's law).
WORDS = {
    "treatment": [
        "IVIg",
        "infusion",
        "immunoglobulin",
        "SCIg",
        "steroids",
        "rituximab",
        "cyclophosphamide",
        "plasmapheresis",
        "eculizumab",
        "physiotherapy",
        "occupational therapy",
        "hand therapy",
    ],
    "symptom": [
        "fatigue",
        "weakness",
        "cramps",
        "twitching",
        "wrist drop",
        "foot drop",
        "numbness",
        "grip loss",
        "fasciculations",
        "muscle wasting",
        "cold intolerance",
        "tremor",
    ],
    "body_part": [
        "hand",
        "grip",
        "fingers",
        "wrist",
        "forearm",
        "thumb",
        "ankle",
        "shoulder",
        "foot",
        "arm",
    ],
    "person": [
        "neurologist",
        "GP",
        "infusion nurse",
        "physio",
        "consultant",
        "occupational therapist",
        "partner",
        "employer",
        "pharmacist",
    ],
    "test": [
        "nerve conduction study",
        "EMG",
        "anti-GM1 antibody test",
        "MRI",
        "blood test",
        "lumbar puncture",
        "ultrasound",
    ],
    "place": [
        "hospital",
        "day unit",
        "clinic",
        "home",
        "work",
        "the kitchen",
        "the car",
        "the garden",
    ],
    "time": [
        "three weeks",
        "a month",
        "six weeks",
        "two days",
        "a week",
        "four weeks",
        "a year",
        "ten days",
    ],
    "task": [
        "opening jars",
        "buttoning shirts",
        "typing",
        "writing",
        "driving",
        "cooking",
        "carrying shopping",
        "using a keyboard",
        "turning keys",
        "holding a cup",
    ],
    "feeling": [
        "tired",
        "frustrated",
        "hopeful",
        "anxious",
        "relieved",
        "exhausted",
        "grateful",
        "low",
    ],
}

SENTENCES = [
    "My {treatment} is every {time} at the {place}.",
    "The {symptom} in my {body_part} gets worse before each {treatment}.",
    "Has anyone else had {symptom} after {treatment}?",
    "My {person} suggested trying {treatment} for the {symptom}.",
    "I had a {test} last week and the {person} is reviewing the results.",
    "{task_cap} has become really hard with my {body_part}.",
    "I feel {feeling} most days, but the {treatment} does help.",
    "Since starting {treatment} my {symptom} has eased a little.",
    "The {person} said my {test} showed conduction block in the {body_part}.",
    "I use a splint for my {body_part} when {task}.",
    "Does the {symptom} ever settle down after {time}?",
    "It took {time} for my {treatment} to be approved.",
    "Cold weather makes the {symptom} in my {body_part} much worse.",
    "I keep a diary of my {symptom} to show the {person}.",
    "My {body_part} strength drops towards the end of each {treatment} cycle.",
    "Voice typing has been a lifesaver now that {task} is tiring.",
    "Thank you all, reading this makes me feel less {feeling}.",
    "Our {person} at the {place} was very understanding about the {symptom}.",
    "Wearing-off before the next {treatment} is real: I notice it after {time}.",
    "I was misdiagnosed with MND at first, until the {test} came back.",
    "Pacing myself helps with the fatigue more than anything.",
    "Adaptive kitchen gadgets make {task} possible again.",
    "Ask your {person} about the dose: mine was changed after {time}.",
    "The headache after {treatment} lasts about {time} for me.",
]

TITLES = [
    "{symptom_cap} after {treatment}",
    "How often is your {treatment}?",
    "Tips for {task} with weak {body_part}",
    "Newly diagnosed: {test} results",
    "Talking to my {person} about {symptom}",
    "{treatment} wearing off early",
    "Living with {symptom} at {place}",
    "Feeling {feeling} about {treatment}",
    "{task_cap} and MMN",
    "Questions about the {test}",
]


def _weighted(rng: random.Random, words: list[str]) -> str:
    return rng.choices(words, weights=[1 / (rank + 1) for rank in range(len(words))])[0]


def _fill(rng: random.Random, template: str) -> str:
    values = {slot: _weighted(rng, words) for slot, words in WORDS.items()}
    values.update({f"{slot}_cap": value[:1].upper() + value[1:] for slot, value in values.items()})
    return template.format(**values)


def _body(rng: random.Random) -> str:
    sentences = [_fill(rng, rng.choice(SENTENCES)) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.3:
        return "\n\n".join([" ".join(sentences[:2]), " ".join(sentences[2:])]).strip()
    return " ".join(sentences)


def _html(body: str) -> str:
    # The generated text has no Markdown in it, so this is what forum.rendering would make.
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in body.split("\n\n"))


def _status(rng: random.Random) -> str:
    roll = rng.random()
    for status, share in (
        (CommentStatus.PENDING, 0.02),
        (CommentStatus.HIDDEN, 0.01),
        (CommentStatus.REJECTED, 0.005),
        (CommentStatus.REMOVED, 0.01),
    ):
        if roll < share:
            return status
        roll -= share
    return CommentStatus.PUBLISHED


def generated_members() -> int:
    return User.objects.filter(display_name__startswith=MEMBER_PREFIX).count()


def _members(rng: random.Random, count: int) -> list[User]:
    now = timezone.now()
    members = []
    for number in range(count):
        name = f"{MEMBER_PREFIX}{number:04d}"
        members.append(
            User(
                email=f"{name}@example.org",
                display_name=name,
                display_name_key=display_name_key(name),
                role=rng.choice(Role.values),
                region=rng.choice(Region.values),
                date_joined=now - timedelta(days=rng.randint(30, 1200)),
                password=make_password(None),  # unusable: nobody signs in as these
            )
        )
    User.objects.bulk_create(members, batch_size=BATCH)
    return list(User.objects.filter(display_name__startswith=MEMBER_PREFIX))


def generate(
    *,
    total_comments: int,
    members: int = MEMBERS,
    comments_per_thread: int = COMMENTS_PER_THREAD,
    seed: int = 6,
) -> int:
    """Add generated threads and comments until the forum holds `total_comments` comments:
    `members` authors, threads of `comments_per_thread` comments on average (1 to twice that).
    Returns how many comments were added."""
    wanted = total_comments - Comment.objects.count()
    if wanted <= 0:
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    categories = list(Category.objects.all())
    with transaction.atomic():
        authors = _members(rng, members)
        sizes = []
        while sum(sizes) < wanted:
            sizes.append(min(rng.randint(1, 2 * comments_per_thread - 1), wanted - sum(sizes)))
        threads = []
        for _ in sizes:
            title = _fill(rng, rng.choice(TITLES))
            started = now - timedelta(days=rng.uniform(1, 1000))
            threads.append(
                Thread(
                    category=rng.choice(categories),
                    title=title,
                    slug=slugify(title)[:80] or "thread",
                    author=rng.choice(authors),
                    visibility=(
                        ThreadVisibility.MEMBERS if rng.random() < 0.1 else ThreadVisibility.PUBLIC
                    ),
                    status=ThreadStatus.PUBLISHED,
                    created_at=started,
                    last_activity_at=started,
                )
            )
        threads = Thread.objects.bulk_create(threads, batch_size=BATCH)
        comments: list[Comment] = []
        for thread, size in zip(threads, sizes, strict=True):
            written = thread.created_at
            for position in range(size):
                status = CommentStatus.PUBLISHED if position == 0 else _status(rng)
                body = "" if status == CommentStatus.REMOVED else _body(rng)
                comments.append(
                    Comment(
                        thread=thread,
                        author=thread.author if position == 0 else rng.choice(authors),
                        is_opening=position == 0,
                        body=body,
                        body_html=_html(body) if body else "",
                        status=status,
                        created_at=written,
                        published_at=written if status != CommentStatus.PENDING else None,
                    )
                )
                if status == CommentStatus.PUBLISHED:
                    thread.comment_count += 1
                    thread.last_activity_at = written
                written += timedelta(hours=rng.uniform(0.2, 30))
            if len(comments) >= BATCH:
                Comment.objects.bulk_create(comments, batch_size=BATCH)
                comments = []
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        Thread.objects.bulk_update(threads, ["comment_count", "last_activity_at"], batch_size=BATCH)
        # The rows went in around the services: the home page's numbers are counted as they
        # would have kept them.
        refresh_categories(category.pk for category in categories)
    return wanted
