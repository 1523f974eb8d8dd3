"""django-axes' backend, for sign-ins that come with a request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class AxesBackend(AxesStandaloneBackend):
    """Counts and locks out sign-ins over HTTP (every form and the admin pass the request).

    ``authenticate()`` called by code without a request (a test client's ``login``, a script)
    is no sign-in attempt anyone could repeat from outside: axes would refuse it with an
    error, here it is simply not counted.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> Any:  # fmt: skip
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
