"""The crisis-support message every page can show: the forum's words with the directory's
helplines, read only when a crisis-support notification is shown."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum.moderation import policy
from resources import selectors


def crisis_support(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"emergency_numbers": policy.EMERGENCY_NUMBERS}
    return {
        "emergency_numbers": policy.EMERGENCY_NUMBERS,
        "crisis_support": {
            "intro": policy.CRISIS_SUPPORT_INTRO,
            "emergency": policy.EMERGENCY_ADVICE,
            "fallback": policy.FALLBACK_HELPLINES,
            "helplines": SimpleLazyObject(lambda: selectors.helplines(viewer=user)),
        },
    }
