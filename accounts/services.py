from django.conf import settings
from django.utils import timezone

from accounts.models import User


def member_apply_signup_details(*, user: User, display_name: str, role: str, region: str) -> None:
    """Fill in a new member's public details and record the texts they agreed to, and when.

    The sign-up form only validates when both the guidelines and the health-data consent boxes
    are ticked, so reaching here means the member agreed to the current version of each.
    """
    now = timezone.now()
    user.display_name = display_name
    user.role = role
    user.region = region
    user.terms_version = settings.TERMS_VERSION
    user.terms_accepted_at = now
    user.health_data_consent_version = settings.HEALTH_DATA_CONSENT_VERSION
    user.health_data_consent_at = now
