"""The personal-data warning finds phone numbers, and never takes dates or doses for them."""

import pytest

from forum.models import Comment
from forum.moderation import policy
from tests.forum.moderation.conftest import reply_url

PHONE_NUMBERS = [
    "+44 7700 900123",
    "07700 900123",
    "(555) 123-4567",
    "555-123-4567",
    "020 7946 0958",
    "+1 555 123 4567",
    "555.123.4567",
    "07700900123",
]

NOT_PHONE_NUMBERS = [
    "2021-04-15",
    "15/04/2021",
    "2000-2400 mg",
    "0.4 g/kg over 5 days",
    "2 g/kg over 5 days, every 21 days",
    "IVIg 2000-2400 mg on 2021-04-15",
    "from 2021-04-15 to 2021-05-01",
    "on 15/04/2021 and 03/05/2021",
    "35 g every 3 weeks since 2019",
    "CMAP 4.2 mV, conduction block 55%",
]


@pytest.mark.parametrize("text", PHONE_NUMBERS)
def test_phone_numbers_are_found(text):
    assert policy.personal_data_found(f"Call me on {text} after six.") == ["a phone number"]


@pytest.mark.parametrize("text", NOT_PHONE_NUMBERS)
def test_dates_and_doses_are_not_taken_for_phone_numbers(text):
    assert policy.personal_data_found(f"My infusion: {text}.") == []


def test_reply_with_a_dose_and_a_date_is_posted_without_a_personal_data_warning(
    signed_in, member, open_thread
):
    body = "IVIg 2000-2400 mg on 2021-04-15, and my grip improved within a week."

    response = signed_in.post(reply_url(open_thread), {"body": body})

    assert response.status_code == 302
    comment = Comment.objects.get(author=member, body=body)
    assert comment.personal_data_confirmed is False
