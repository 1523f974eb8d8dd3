"""Every e-mail setting from one ``EMAIL_URL``: kept apart so tests can call it without settings."""

import urllib.parse
from pathlib import Path
from typing import Any

import environ


def email_config(url: str, var_dir: Path) -> dict[str, Any]:
    """Every e-mail setting from one ``EMAIL_URL``, as django-environ parses it.

    ``filemail:///var/mail/siec`` writes each message to a file in ``/var/mail/siec``
    (django-environ drops the path's leading slash; an empty path means ``var/mail``);
    ``smtp+tls://`` (or ``smtps://``) is STARTTLS, port 587 unless given; ``smtp+ssl://`` is
    TLS from the first byte, port 465; ``?timeout=10`` sets the SMTP timeout (30 s by default).
    """
    parsed = environ.Env.email_url_config(url)
    if parsed["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        parsed["EMAIL_FILE_PATH"] = path if path not in ("", "/") else str(var_dir / "mail")
    use_ssl = bool(parsed.get("EMAIL_USE_SSL", False))
    use_tls = bool(parsed.get("EMAIL_USE_TLS", False))
    options = parsed.get("OPTIONS") or {}
    return {
        "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
        "EMAIL_FILE_PATH": parsed.get("EMAIL_FILE_PATH") or None,
        "EMAIL_HOST": parsed.get("EMAIL_HOST") or "localhost",
        "EMAIL_PORT": parsed.get("EMAIL_PORT") or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": parsed.get("EMAIL_HOST_USER") or "",
        "EMAIL_HOST_PASSWORD": parsed.get("EMAIL_HOST_PASSWORD") or "",
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": int(options.get("TIMEOUT", 30)),
    }
