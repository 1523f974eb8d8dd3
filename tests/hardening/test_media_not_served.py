"""Files under MEDIA_ROOT (import uploads, exports, documents) are reached only through views
that check who may see them: not by their path, not even in development (DEBUG)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches


@pytest.mark.django_db
def test_a_file_under_media_root_is_not_served_by_its_path_with_debug(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "umowa.pdf").write_bytes(b"%PDF-1.4 poufne")
    with override_settings(DEBUG=True):
        clear_url_caches()
        import importlib

        import config.urls

        importlib.reload(config.urls)
        try:
            response = Client().get("/media/documents/umowa.pdf")
        finally:
            clear_url_caches()
    assert response.status_code == 404
    assert b"poufne" not in b"".join(getattr(response, "streaming_content", [response.content]))
