"""What bench/pages.py measures a server under load with: gunicorn on loopback, wrk, and the CPU
the server and the rest of the machine used meanwhile (from /proc)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_REQUESTS = re.compile(r"(\d+) requests in")
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)")


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # the server's CPU time per request
    others: float  # share of the machine other processes used meanwhile
    errors: int


class Server:
    """gunicorn with deploy/gunicorn.conf.py, on loopback, as long as the `with` lasts."""

    def __init__(self, env: dict, port: int, comments_per_page: int, log: Path):
        self.env = {
            **os.environ,
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "FORUM_COMMENTS_PER_PAGE": str(comments_per_page),
        }
        self.port = port
        self.log = log

    def __enter__(self) -> "Server":
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603 - our own program, fixed arguments
            [str(gunicorn), "--config", str(ROOT / "deploy" / "gunicorn.conf.py")],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._answers():
                return self
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log}")
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer in 30 s; see {self.log}")

    def _answers(self) -> bool:
        import httpx

        try:
            httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
        except httpx.HTTPError:
            return False
        return True

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _server_ticks(server: "Server") -> int:
    """CPU ticks the server has used so far: the master's own and its reaped workers' (gunicorn
    replaces a worker after max_requests; its time then counts in the master's cutime and
    cstime), and the live workers'."""
    master = _stat(server.process.pid)
    total = sum(int(value) for value in master[11:15])  # utime, stime, cutime, cstime
    for pid in server.workers():
        try:
            fields = _stat(pid)
        except FileNotFoundError:
            continue  # it ended between the listing and the reading; the master counts it
        total += int(fields[11]) + int(fields[12])
    return total


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    server: Server, path: str, *, host: str, cookie: str | None, connections: int, duration: int
) -> Load:
    """Load `path` on `server` with wrk (two threads) and measure what it cost the server."""
    headers = ["-H", f"Host: {host}", "-H", "X-Forwarded-Proto: https"]
    if cookie:
        headers += ["-H", f"Cookie: {cookie}"]
    cpu_before, (busy_before, total_before) = _server_ticks(server), _machine_ticks()
    children_before = os.times()
    wrk = subprocess.run(  # noqa: S603 - wrk, fixed arguments
        [
            shutil.which("wrk") or "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            *headers,
            f"http://127.0.0.1:{server.port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    server_ticks = _server_ticks(server) - cpu_before
    busy, total = _machine_ticks()
    requests = int(WRK_REQUESTS.search(wrk.stdout).group(1))
    percentiles = {
        match[0]: _ms(match[1], match[2]) for match in WRK_PERCENTILE.findall(wrk.stdout)
    }
    # wrk is busy too (its own CPU, in seconds); what is left beside it and the server is the
    # other processes'.
    children = os.times()
    wrk_seconds = (children.children_user - children_before.children_user) + (
        children.children_system - children_before.children_system
    )
    others_ticks = (busy - busy_before) - server_ticks - wrk_seconds * CLOCK_TICKS
    others = max(0.0, others_ticks) / max(1, total - total_before)
    errors = WRK_ERRORS.search(wrk.stdout)
    return Load(
        rps=float(WRK_LINE.search(wrk.stdout).group(1)),
        p50_ms=percentiles.get("50", 0.0),
        p99_ms=percentiles.get("99", 0.0),
        cpu_ms=server_ticks / CLOCK_TICKS * 1000 / max(1, requests),
        others=others,
        errors=int(errors.group(1)) if errors else 0,
    )
