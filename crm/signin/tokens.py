"""API tokens that expire: ``API_TOKEN_LIFETIME_DAYS`` after they were created.

One token per person (DRF's ``Token``): its owner makes a new one or revokes it on the page
"Moje tokeny API" (``crm.signin.views``), an administrator revokes it in the admin.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def expires_at(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)


def is_expired(token: Token) -> bool:
    return timezone.now() >= expires_at(token)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("This API token has expired. Create a new one on the page “My API tokens”.")
            )
        return user, token
