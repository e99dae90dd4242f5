"""What every endpoint of the REST API shares: authentication, the one error shape, the JSON
parser, throttles, cursor pages, strict serializers and the OpenAPI schema's conventions.

The endpoints themselves live beside the code they serve (forum/api.py, resources/api.py,
accounts/api.py) and call the same services, selectors and permission rules as the web pages.
"""
