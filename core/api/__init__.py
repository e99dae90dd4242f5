"""What every app's API endpoints share: authentication by session token, the one error shape,
parsers, throttles, cursor pages and the schema's conventions. It imports no app; each app's
api.py builds on it, and config/api/urls.py routes to them."""
