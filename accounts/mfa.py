"""Two-factor authentication (allauth.mfa): the questions the rest of the site asks about it.

A member proves the second factor by typing a code from their authenticator app (or a recovery
code) when they sign in, when allauth asks them to confirm it is them, or when they activate the
app. allauth writes the first two into the session's authentication records as method "mfa";
`record_totp_activation` writes the third the same way, so one question covers all three.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

TWO_FACTOR_METHOD = "mfa"


def has_two_factor(user) -> bool:
    """True when the member has an authenticator app (TOTP) active. Recovery codes alone do
    not count: they exist only beside an app."""
    return user.is_authenticated and is_mfa_enabled(user, [Authenticator.Type.TOTP])


def session_used_two_factor(request: HttpRequest) -> bool:
    """True when this session's member typed an authenticator or recovery code in it."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == TWO_FACTOR_METHOD for record in records)


def two_factor_satisfied(request: HttpRequest) -> bool:
    """True when this session proved the member's authenticator app, which is still active."""
    return session_used_two_factor(request) and has_two_factor(request.user)


def record_totp_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Activating the app means typing a valid code from it: for this session that proves the
    second factor as surely as signing in with it would. (Receiver of allauth.mfa's
    `authenticator_added`, connected in AccountsConfig.ready.)"""
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(
        request, user, TWO_FACTOR_METHOD, id=authenticator.pk, type=authenticator.type
    )
    # allauth sends this signal from transaction.on_commit, which may run after SessionMiddleware
    # has saved the session (always so in tests, where the test's transaction commits last).
    request.session.save()
