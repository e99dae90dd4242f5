"""`manage.py check --deploy`, in production mode, warns of nothing the README does not explain.

Run as an operator runs it: a new process, DJANGO_ENV=production and only the variables
production requires, so nothing from the developer's shell or from the test settings leaks in.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent

# Warnings of deliberate defaults: README.md explains each one (the test checks it names them).
EXPLAINED = {
    # HSTS includeSubDomains is off unless SECURE_HSTS_INCLUDE_SUBDOMAINS=1: it would hold every
    # subdomain of the operator's domain to HTTPS, those a charity does not run too.
    "security.W005",
    # HSTS preload is off unless SECURE_HSTS_PRELOAD=1: browsers build the domain in, which takes
    # months to undo, and it needs includeSubDomains.
    "security.W021",
}
CHECK_ID = re.compile(r"\(([\w.]+\.[WE]\d{3})\)")


def check_deploy(**variables: str) -> str:
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "MFA_SECRET_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "example.org",
        "SITE_URL": "https://example.org",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        **variables,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_production_deploy_check_warns_only_of_the_defaults_the_readme_explains():
    output = check_deploy()

    assert set(CHECK_ID.findall(output)) <= EXPLAINED, output
    readme = (ROOT / "README.md").read_text()
    unexplained = [check for check in EXPLAINED if check not in readme]
    assert not unexplained, f"README.md does not explain {unexplained}"


def test_production_deploy_check_is_silent_with_subdomains_and_preload_turned_on():
    output = check_deploy(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1")

    assert CHECK_ID.findall(output) == [], output
    assert "System check identified no issues" in output
