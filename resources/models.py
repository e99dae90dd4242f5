import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

NAME_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 80
URL_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 2000


class WebURLValidator(URLValidator):
    """Only web links that a member's browser opens, on a public site: the link checker requests
    every published one from our server, so it must never be pointed at the server itself or its
    private network. Django's validator also lets a port of 0 or 99999 and a backslash through."""

    def __call__(self, value) -> None:
        super().__call__(value)
        if "\\" in value or not _public_host(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})


def _public_host(url: str) -> bool:
    try:
        parts = urlsplit(url)
        port, host = parts.port, (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    if port == 0 or not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a name; where it resolves is the link checker's business
    return address.is_global


validate_web_url = WebURLValidator(
    schemes=["http", "https"], message="Enter a web address that starts with http:// or https://."
)


class WebURLField(models.URLField):
    """A URLField that accepts http and https only, with one clear message for anything else."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        # An address typed without its scheme is taken as https, as browsers do.
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def url_key(url: str) -> str:
    """The part of a web address that says which page it is, so that "https://www.MDA.org/" and
    "http://mda.org" are known for the same link: no scheme, no "www.", no default port, no
    fragment, no trailing slash, the host in lower case."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:
        # Not an address a browser could open ("http://[::1/", a port of 99999): its text is
        # its key, and validation refuses it with a message.
        return url.strip().lower()
    key = f"{host}:{port}" if port else host
    key += parts.path.rstrip("/")
    if parts.query:
        key += f"?{parts.query}"
    return key


class ResourceAuditAction(models.TextChoices):
    """What moderators do to the directory, as the audit log names it (registered in apps.py)."""

    RESOURCE_ADD = "resource_add", "Added a resource"
    RESOURCE_EDIT = "resource_edit", "Edited a resource"
    RESOURCE_PUBLISH = "resource_publish", "Published a resource"
    RESOURCE_UNPUBLISH = "resource_unpublish", "Unpublished a resource"
    SUGGESTION_ACCEPT = "suggestion_accept", "Accepted a resource suggestion"
    SUGGESTION_DECLINE = "suggestion_decline", "Declined a resource suggestion"
    TOPIC_EDIT = "topic_edit", "Changed where a resource topic is shown"


class ResourceNotificationKind(models.TextChoices):
    """What members are told about their suggestions (resources.notification_kinds: the words)."""

    SUGGESTION_ACCEPTED = "suggestion_accepted", "Suggestion added to the directory"
    SUGGESTION_DECLINED = "suggestion_declined", "Suggestion declined"


class ResourceKind(models.TextChoices):
    # In the order the directory shows them: the helplines first, for whoever needs one now.
    HELPLINE = "helpline", "Helpline"
    CHARITY = "charity", "Charity or support group"
    GOVERNMENT = "government", "Government or health service"
    CLINICAL_INFO = "clinical-info", "Clinical information"
    RESEARCH = "research", "Research"


KIND_HEADINGS = {
    ResourceKind.HELPLINE: "Helplines",
    ResourceKind.CHARITY: "Charities and support groups",
    ResourceKind.GOVERNMENT: "Government and health services",
    ResourceKind.CLINICAL_INFO: "Clinical information",
    ResourceKind.RESEARCH: "Research",
}


class Region(models.Model):
    """Where a resource serves people: UK, US, EU or worldwide ("global")."""

    GLOBAL = "global"

    slug = models.SlugField(max_length=16, unique=True)
    name = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """What a resource helps with. A thread's category decides which topics appear beside it."""

    slug = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    categories = models.ManyToManyField(
        "forum.Category",
        blank=True,
        related_name="resource_topics",
        help_text="Threads in these categories show resources on this topic beside them.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", "Not checked yet"
    OK = "ok", "Working"
    REDIRECTED = "redirected", "Working, after a redirect"
    BROKEN = "broken", "Broken"
    TIMED_OUT = "timed_out", "Timed out"
    # 403, 405 or 429: often a site that refuses robots, not a dead page. Only a person opening
    # it in a browser can tell, so members are not warned; moderators are asked to look.
    TURNED_AWAY = "turned_away", "Turned the check away"


# What members are warned about: the link failed its last check.
LINK_FAILED = (LinkStatus.BROKEN, LinkStatus.TIMED_OUT)
# What a moderator should look at: a failed link, or one that would not let us check it.
LINK_NEEDS_ATTENTION = (*LINK_FAILED, LinkStatus.TURNED_AWAY)


class Resource(models.Model):
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True)
    url = WebURLField("web address", max_length=URL_MAX_LENGTH)
    url_key = models.CharField(
        max_length=URL_MAX_LENGTH,
        unique=True,
        editable=False,
        help_text="The address without scheme, www. or trailing slash; one entry per link.",
    )
    kind = models.CharField(max_length=16, choices=ResourceKind.choices)
    regions = models.ManyToManyField(Region, related_name="resources")
    topics = models.ManyToManyField(Topic, related_name="resources", blank=True)
    description = models.TextField(max_length=DESCRIPTION_MAX_LENGTH)
    is_published = models.BooleanField(
        "published", default=True, help_text="Only published entries appear to members."
    )
    link_status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    link_status_code = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    link_detail = models.CharField(max_length=300, blank=True, editable=False)
    link_final_url = models.URLField(max_length=URL_MAX_LENGTH, blank=True, editable=False)
    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_verified_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the link last answered."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["is_published", "kind", "name"], name="resources_directory"),
            models.Index(fields=["link_status"], name="resources_link_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"slug": self.slug})

    @property
    def link_failed(self) -> bool:
        return self.link_status in LINK_FAILED

    @property
    def link_needs_attention(self) -> bool:
        return self.link_status in LINK_NEEDS_ATTENTION

    def forget_link_check(self) -> None:
        """A new link has not been checked: the old link's result must not be shown for it."""
        self.link_status = LinkStatus.UNCHECKED
        self.link_status_code = None
        self.link_detail = ""
        self.link_final_url = ""
        self.link_checked_at = None
        self.last_verified_at = None


class SuggestionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a moderator"
    ACCEPTED = "accepted", "Added to the directory"
    DECLINED = "declined", "Declined"


class ResourceSuggestion(models.Model):
    """An organisation or link a member proposes; a moderator accepts it into a Resource or
    declines it with a reason the member reads."""

    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_suggestions"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    url = WebURLField("web address", max_length=URL_MAX_LENGTH)
    url_key = models.CharField(max_length=URL_MAX_LENGTH, editable=False)
    note = models.TextField(max_length=NOTE_MAX_LENGTH)
    status = models.CharField(
        max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.WAITING
    )
    created_at = models.DateTimeField(default=timezone.now)
    resource = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The entry this suggestion created or updated.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One waiting suggestion per link: a second member is told it is already suggested.
            models.UniqueConstraint(
                fields=["url_key"],
                condition=Q(status="waiting"),
                name="resources_one_waiting_suggestion_per_link",
            ),
        ]
        indexes = [
            models.Index(fields=["suggested_by", "-created_at"], name="resources_suggestion_by"),
            models.Index(fields=["status", "created_at"], name="resources_suggestion_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display().lower()})"
