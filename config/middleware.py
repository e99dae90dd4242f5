"""Django's CommonMiddleware, except that it never redirects an API address to add its slash:
a client following that redirect would turn a POST into a GET and lose what it sent. The API
answers such an address with a JSON 404 that names the right one (config.views)."""

from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware


class CommonMiddleware(DjangoCommonMiddleware):
    def should_redirect_with_slash(self, request) -> bool:
        if request.path_info.startswith("/api/"):
            return False
        return super().should_redirect_with_slash(request)
