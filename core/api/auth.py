"""Who is calling: the mobile app's allauth session token, or the browser's own session."""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed

TOKEN_HEADER = "X-Session-Token"  # noqa: S105 (a header name, not a secret)


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's session token, as its headless API hands it to the app. A token that signs
    nobody in (signed out, expired, or its account closed) is refused with 401, rather than
    treated as a visitor: the app must know to sign in again."""

    def authenticate(self, request):
        token = self.get_session_token(request)
        if not token:
            return None
        result = super().authenticate(request)
        if result is None:
            raise AuthenticationFailed(
                "This session token signs nobody in: it has ended, or its sign-in is not "
                "finished (verify the email address first). Please sign in again.",
                code="session_expired",
            )
        return result

    def authenticate_header(self, request) -> str:
        # Without it DRF answers 403 where 401 is right (allauth's class has none).
        return TOKEN_HEADER


class BrowserSessionAuthentication(SessionAuthentication):
    """The web session, for a browser calling the API: CSRF is enforced for every write."""


class SessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = SessionTokenAuthentication
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": TOKEN_HEADER,
            "description": (
                "The session token from allauth's headless API (`meta.session_token` of the "
                "latest sign-in, sign-up or verification answer at /_allauth/app/v1/)."
            ),
        }


class BrowserSessionScheme(OpenApiAuthenticationExtension):
    target_class = BrowserSessionAuthentication
    name = "browserSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
