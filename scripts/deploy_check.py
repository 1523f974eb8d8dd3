#!/usr/bin/env python3
"""Deployment check: the production stack on loopback, started exactly as the README says.

A fresh PostgreSQL database and a Redis database of their own, DJANGO_DEBUG=off; then
migrate, collectstatic, crm_user, gunicorn, one Celery worker and beat. Through the API it
imports the sample partner file and waits for the worker to apply it, adds a follow-up due
today and has the worker send the daily digest to an SMTP sink in this process, and reads
/healthz until the database, Redis, the worker and beat are all ok. Everything it started is
stopped at the end, and the database dropped, whatever happened.

    .venv/bin/python scripts/deploy_check.py   # needs PostgreSQL and Redis on 127.0.0.1

Environment: DEPLOY_CHECK_PG (default postgres://postgres@127.0.0.1:5432),
DEPLOY_CHECK_REDIS (default redis://127.0.0.1:6379/13). Exit status 0 when every step passed.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SAMPLE = ROOT / "tests" / "imports" / "data" / "owes_bielski_2026q3.csv"
PG = os.environ.get("DEPLOY_CHECK_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("DEPLOY_CHECK_REDIS", "redis://127.0.0.1:6379/13")
DATABASE = "siec_deploy_check"
STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpSink:
    """An SMTP server on loopback that keeps what it receives (aiosmtpd)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Any] = []
        self.port = free_port()
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.messages.append(envelope)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class Stack:
    def __init__(self, workdir: Path, smtp_port: int) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
            "PYTHONPATH": str(ROOT),
            "DJANGO_DEBUG": "off",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{PG}/{DATABASE}",
            "REDIS_URL": REDIS,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "DEFAULT_FROM_EMAIL": "Sieć <siec@deploy-check.invalid>",
            "SIEC_VAR_DIR": str(workdir / "var"),
            # Behind the README's reverse proxy: it says the request came over HTTPS.
            "USE_X_FORWARDED_PROTO": "on",
            "ADMIN_PASSWORD": "Spr4wdzenie-" + secrets.token_urlsafe(12),
            "HEALTH_STALE_MINUTES": "2",
        }

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "python"), str(ROOT / "manage.py"), *args], env=self.env,
            cwd=self.workdir, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def start(self, name: str, *command: str) -> None:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append((name, process))

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop on SIGTERM: killed")
                os.killpg(process.pid, signal.SIGKILL)

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                tail = (self.workdir / f"{name}.log").read_text(errors="replace")[-3000:]
                raise SystemExit(f"{name} exited with {process.returncode}:\n{tail}")

    def request(
        self, method: str, path: str, token: str | None = None, **kwargs: Any
    ) -> tuple[int, Any]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Accept-Language": "pl",
            **kwargs.pop("headers", {}),
        }
        if token:
            headers["Authorization"] = f"Token {token}"
        request = urllib.request.Request(self.url + path, method=method, headers=headers, **kwargs)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        except (urllib.error.URLError, ConnectionError):
            return 0, None  # not listening yet
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body


def multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def wait_for(what: str, stack: Stack, check: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack.check_alive()
        result = check()
        if result:
            return result
        time.sleep(1)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True)


def redis_flush() -> None:
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def run(stack: Stack, sink: SmtpSink) -> None:
    say("migrate, collectstatic, crm_user (README: production)")
    stack.manage("migrate", "--noinput")
    stack.manage("collectstatic", "--noinput")
    stack.manage("crm_user", "anna", "--role", "admin", "--password-from-env", "ADMIN_PASSWORD",
                 "--email", "anna@deploy-check.invalid")  # fmt: skip
    stack.manage("check", "--deploy", "--fail-level", "WARNING")
    token = stack.manage("drf_create_token", "anna").split()[2]

    say("gunicorn, a Celery worker and beat")
    stack.start("gunicorn", str(BIN / "gunicorn"), "config.wsgi", "--workers", "2",
                "--bind", f"127.0.0.1:{stack.port}")  # fmt: skip
    stack.start("worker", str(BIN / "celery"), "-A", "config", "worker", "--loglevel", "INFO",
                "--concurrency", "2")  # fmt: skip
    stack.start("beat", str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO")
    wait_for(
        "the web server", stack, lambda: stack.request("GET", "/healthz?scope=web")[0] == 200, 60
    )

    say("import the sample partner file through the API")
    body, content_type = multipart(
        {"source": "OWES subregionu bielskiego"}, SAMPLE.name, SAMPLE.read_bytes()
    )
    status, batch = stack.request("POST", "/api/v1/imports/", token, data=body,
                                  headers={"Content-Type": content_type})  # fmt: skip
    if status != 201:
        raise SystemExit(f"upload: {status} {batch}")
    batch = wait_for(
        "the worker's dry run", stack,
        lambda: (b := stack.request("GET", f"/api/v1/imports/{batch['id']}/", token)[1])
        and b.get("status") in ("planned", "failed") and b, 120,
    )  # fmt: skip
    if batch.get("status") != "planned":
        raise SystemExit(f"dry run: {batch}")
    status, confirmed = stack.request("POST", f"/api/v1/imports/{batch['id']}/confirm/", token)
    if status != 202:
        raise SystemExit(f"confirm: {status} {confirmed}")
    applied = wait_for(
        "the worker to apply the import", stack,
        lambda: (b := stack.request("GET", f"/api/v1/imports/{batch['id']}/", token)[1])
        and b.get("status") == "applied" and b, 180,
    )  # fmt: skip
    status, listed = stack.request("GET", "/api/v1/organisations/?page_size=1", token)
    say(f"applied: {applied['counts']}; {listed['count']} organisations over the API")
    if listed["count"] != applied["counts"]["create"]:
        raise SystemExit("the organisations over the API are not the ones the import created")

    say("a follow-up due today, and the daily digest sent by the worker")
    today = datetime.date.today().isoformat()
    status, follow_up = stack.request(
        "POST", "/api/v1/follow-ups/", token, data=json.dumps({"title": "Sprawdzenie wdrożenia",
        "due_on": today}).encode(), headers={"Content-Type": "application/json"},
    )  # fmt: skip
    if status != 201:
        raise SystemExit(f"follow-up: {status} {follow_up}")
    subprocess.run(
        [str(BIN / "celery"), "-A", "config", "call", "interactions.dispatch_follow_up_digests"],
        env=stack.env, cwd=stack.workdir, check=True, capture_output=True,
    )  # fmt: skip
    wait_for("the digest at the SMTP sink", stack, lambda: sink.messages, 60)
    message = sink.messages[0]
    if message.rcpt_tos != ["anna@deploy-check.invalid"] or b"Sprawdzenie" not in message.content:
        raise SystemExit(f"unexpected e-mail: {message.rcpt_tos}")

    say("/healthz: database, Redis, the worker's heartbeat and beat")
    health = wait_for(
        "a healthy /healthz", stack,
        lambda: (r := stack.request("GET", "/healthz"))[0] == 200 and r[1], 150,
    )  # fmt: skip
    say(f"healthy: {health['checks']}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="siec-deploy-check-") as tmp, SmtpSink() as sink:
        workdir = Path(tmp)
        (workdir / "var").mkdir()
        psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{DATABASE}"')
        redis_flush()
        stack = Stack(workdir, sink.port)
        try:
            run(stack, sink)
        except SystemExit:
            for name, _process in stack.processes:
                tail = (workdir / f"{name}.log").read_text(errors="replace")[-1500:]
                print(f"--- {name}.log (end) ---\n{tail}", file=sys.stderr)
            raise
        finally:
            stack.stop()
            psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            redis_flush()
    say("deployment check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
