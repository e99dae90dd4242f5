"""How a web page runs a form through a service: the member's text always comes back to them
(the web's translator of core.errors).

Shared by every app's views, so a refusal, a rate limit or a validation error reads the same on
every page.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from core.errors import PersonalDataWarning, RateLimited

# The longest reason a moderator may give: it is stored with the comment and read by the member.
REASON_MAX_LENGTH = 500


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on POST (even when empty, so the form shows what is missing)."""
    return request.POST if request.method == "POST" else None


def refuse(form, refusal: str) -> None:
    """Show a refusal (suspended, thread locked...) above the form the member filled in, so
    nothing they typed is lost; the page answers 403."""
    form.add_error(None, refusal)
    form.refused = True


def refusal_for(request: HttpRequest, form, refusal: str | None) -> bool:
    """Apply a permission refusal: on GET the page itself is refused (there is nothing to keep);
    on POST the filled-in form comes back with the reason. True when refused."""
    if refusal and request.method != "POST":
        raise PermissionDenied(refusal)
    if refusal:
        refuse(form, refusal)
    return bool(refusal)


def apply_service(form, call):
    """Run a service call, turning its refusals into form errors, so what the member typed is
    shown back to them, never lost. Returns the call's result, or None."""
    try:
        return call()
    except RateLimited as error:
        form.add_error(None, str(error))
        form.retry_after = error.retry_after
        return None
    except PermissionDenied as error:
        refuse(form, str(error))
        return None
    except PersonalDataWarning as error:
        form.offer_personal_data_confirmation()
        form.add_error("body", error.message_dict["body"])
        return None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error.messages)
        return None


def render_form(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A form page; 400 when the form has errors, 403 when the member may not do this (their
    text kept in the form), 429 (with Retry-After) when they are posting too fast."""
    form = context["form"]
    retry_after = getattr(form, "retry_after", None)
    if retry_after:
        response = render(request, template, context, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    if getattr(form, "refused", False):
        return render(request, template, context, status=403)
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


def clean_reason(reason: str, action: str, *, required: bool = True) -> str:
    """A moderator's reason, stripped; refused when missing (if required) or too long."""
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(f"Please give a reason to {action}: the member will read it.")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(f"Please keep the reason under {REASON_MAX_LENGTH} characters.")
    return reason
