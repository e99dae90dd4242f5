from allauth.account.adapter import DefaultAccountAdapter

from accounts.services import member_apply_signup_details


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The display name is unique and required, so it is set before the first save.
        data = form.cleaned_data
        member_apply_signup_details(
            user=user,
            display_name=data["display_name"],
            role=data["role"],
            region=data.get("region", ""),
        )
        return super().save_user(request, user, form, commit=commit)
