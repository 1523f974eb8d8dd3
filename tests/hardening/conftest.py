"""The hardening tests use the API's personas and organisations."""

from tests.api.conftest import _media_in_tmp, api, org_a, org_b  # noqa: F401
