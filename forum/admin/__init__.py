"""The moderator's home: the review queue, decisions with a reason, thread tools, appeals, flags
and the audit log.

The admin shows every forum record read-only. Each change is an admin action that calls a service
in forum.services, once per selected object, so the admin is checked, audited and notified exactly
as the site and the API are; a refusal becomes a message, never an error page.
"""

# Importing each module registers its admins; Django autodiscovers this package.
from forum.admin import comments, queue, records, threads  # noqa: F401
