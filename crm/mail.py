"""What every e-mail the application sends shares: which errors mean "not delivered, try again"
and how such an error is written down without the addresses its message may quote."""

from __future__ import annotations

import smtplib

DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def describe_error(error: BaseException) -> str:
    """The error without its message, which may quote addresses: class and SMTP / OS code."""
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    return type(error).__name__ + (f" ({code})" if code else "")
