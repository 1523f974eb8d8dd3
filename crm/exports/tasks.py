"""The background export: ids and names in, one service, safe to run twice."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from crm.exports.services import export_write
from crm.users import User


@shared_task(name="exports.export_to_storage", acks_late=True, max_retries=2)
def export_to_storage(user_id: int, name: str, filters: dict[str, Any], fmt: str, path: str) -> str:
    actor = User.objects.get(pk=user_id)
    return export_write(actor=actor, name=name, filters=filters, fmt=fmt, path=path)
