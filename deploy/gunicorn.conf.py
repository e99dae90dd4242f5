"""Gunicorn settings for the MMN Community web server (read by deploy/systemd/mmn-web.service).

    gunicorn --config deploy/gunicorn.conf.py

Gunicorn only ever listens on loopback: Caddy (deploy/Caddyfile) is the only client, and the
settings trust the X-Forwarded-Proto header it sets (SECURE_PROXY_SSL_HEADER), which anyone who
could reach this port directly could forge.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

# GUNICORN_BIND: where the proxy reaches this server. Another loopback port runs a second server
# on the same machine; a private address (never a public one) puts it on another machine, and
# then that machine's firewall must let only the proxy in.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers, the number gunicorn's documentation suggests for a machine's cores. Each
# takes one request at a time, so a slow client must never hold one: Caddy reads the whole
# request before passing it on and takes the whole answer at once (buffer_requests and
# buffer_responses in deploy/Caddyfile). Each worker costs about 100 MB of memory: lower
# GUNICORN_WORKERS on a small machine.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A database statement is cut at 5 seconds (DATABASE_STATEMENT_TIMEOUT), so a page that is still
# busy after 30 is stuck elsewhere (a remote service, a loop): the worker is killed and replaced
# rather than lost for good. Caddy waits a little longer (35 s) for an answer, so this limit acts
# first. On a stop or reload, requests under way get the same 30 seconds to finish.
timeout = 30
graceful_timeout = 30

# Replace each worker after about a hundred thousand requests, at staggered times, so a slow leak
# of memory in any library can never grow without bound. Not much sooner: a new worker costs
# about a second of CPU to start, and meanwhile the others carry its share. At 1,000 the restarts
# were a third of the work; at 10,000, with the page cache serving 1,700 visitor pages a second,
# a worker restarted every 12 s and the visitors' p99 rose from 17-19 ms to 140-470 ms in three
# runs of four (bench/README.md). A community's usual traffic restarts a worker every few hours.
max_requests = 100_000
max_requests_jitter = 10_000

# No preload_app: each worker imports the code itself, so `systemctl reload mmn-web` (SIGHUP)
# starts workers on the newly installed release while the old ones finish their requests.
preload_app = False

# Only the proxy on this machine may say that a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log on stdout, errors and Django's own log on stderr: both go to the journal
# (`journalctl -u mmn-web`). Each line has the method, the path without its query string, the
# status, the size, the time taken and the worker's process id. Neither the member's address nor
# the query string is written: searches are about members' health, and the journal keeps lines
# for weeks.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms pid=%(p)s'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
