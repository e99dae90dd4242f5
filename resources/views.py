"""The directory's pages: browse and search it, read an entry, suggest one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import apply_service, posted, refusal_for, render_form
from resources import permissions, selectors, services
from resources.forms import DirectoryFilterForm, SuggestionForm
from resources.models import ResourceKind

FILTERS = ("region", "kind", "topic")


def _filter_links(request: HttpRequest, chosen: dict, name: str, options) -> list[dict]:
    """One plain link per option of a filter, keeping the other (valid) filters, so they work
    without JavaScript and can be bookmarked. The chosen option's link clears it."""
    links = []
    for value, label in options:
        query = {key: chosen_value for key, chosen_value in chosen.items() if chosen_value}
        if value == chosen.get(name):
            query.pop(name, None)
        else:
            query[name] = value
        links.append(
            {
                "label": label,
                "url": f"?{urlencode(query)}" if query else request.path,
                "current": value == chosen.get(name),
            }
        )
    return links


def directory(request: HttpRequest) -> HttpResponse:
    regions, topics = selectors.regions(), selectors.topics()
    form = DirectoryFilterForm(request.GET, regions=regions, topics=topics)
    valid = form.is_valid()
    filters = form.filters()
    groups = selectors.directory(**filters)
    # What the quick links carry forward: only what was valid, so one bad value is not kept.
    chosen = {**{key: filters[key] for key in FILTERS}, "q": " ".join(filters["words"])}
    context = {
        "form": form,
        "groups": groups,
        "count": sum(len(group.resources) for group in groups),
        "filtered": any(filters.values()),
        "filter_links": [
            (
                "By region",
                _filter_links(request, chosen, "region", [(r.slug, r.name) for r in regions]),
            ),
            (
                "By topic",
                _filter_links(request, chosen, "topic", [(t.slug, t.name) for t in topics]),
            ),
            ("By kind", _filter_links(request, chosen, "kind", ResourceKind.choices)),
        ],
    }
    return render(request, "resources/directory.html", context, status=200 if valid else 400)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.resource_for_viewer(slug=slug, viewer=request.user)
    mentioning = selectors.threads_mentioning(resource=resource, viewer=request.user)
    related = selectors.threads_in_topics(
        resource=resource, viewer=request.user, exclude=mentioning
    )
    return render(
        request,
        "resources/detail.html",
        {"resource": resource, "mentioning": mentioning, "related": related},
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest) -> HttpResponse:
    refusal = permissions.suggest_resource_refusal(request.user)
    form = SuggestionForm(posted(request))
    if request.method == "POST" and not refusal_for(request, form, refusal) and form.is_valid():
        suggestion = apply_service(
            form, lambda: services.suggestion_create(member=request.user, **form.cleaned_data)
        )
        if suggestion is not None:
            messages.success(
                request,
                f"Thank you for suggesting \u201c{suggestion.name}\u201d. A moderator will check "
                "it; you will see what became of it here and in your notifications.",
            )
            return redirect(f"{request.path}#suggestion-{suggestion.pk}")
    context = {
        # A member who may not post still sees what became of their earlier suggestions.
        "form": form if request.method == "POST" or refusal is None else None,
        "refusal": refusal,
        "suggestions": selectors.member_suggestions(request.user),
    }
    if context["form"] is None:
        return render(request, "resources/suggest.html", context)
    return render_form(request, "resources/suggest.html", context)
