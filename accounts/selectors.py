from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.validators import display_name_key


def display_name_taken(name: str, *, exclude: User | None = None) -> bool:
    members = User.objects.filter(display_name_key=display_name_key(name))
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return members.exists()


def member_by_display_name(name: str) -> User:
    return get_object_or_404(
        User.objects.filter(is_active=True), display_name_key=display_name_key(name)
    )
