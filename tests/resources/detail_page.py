"""The entry whose page at /resources/<slug>/ the tests in test_detail_*.py look at: its slug
(the `resource` fixture in conftest.py makes it) and its page's address."""

SLUG = "infusion-helpers"
PATH = f"/resources/{SLUG}/"
