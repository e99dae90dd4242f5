"""/api/v1/'s routes (urls.py). What every endpoint shares lives in core/api/; the endpoints live
beside the code they serve (forum/api.py, notifications/api.py, resources/api.py,
accounts/api.py) and call the same services, selectors and permission rules as the web pages.
"""
