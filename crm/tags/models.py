"""A tag, and the field that gives a model tags."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.text import POLISH, fold

NAME_LENGTH = 50


def tag_key(name: str) -> str:
    """What makes two names one tag: no case, Polish letters, quotes or repeated spaces."""
    return " ".join(fold(name.lstrip("#")).split())[: NAME_LENGTH * 2]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=NAME_LENGTH, db_collation=POLISH)
    # "Dobra praktyka", "dobra  praktyka" and "DOBRA PRAKTYKA" are one tag, not three.
    key = models.CharField(max_length=NAME_LENGTH * 2, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class TagsField(models.ManyToManyField):
    """``tags = TagsField(list_url="contacts:organisation_list")``: the model's tags.

    ``list_url`` names the list page that takes ``?tag=`` (the tag page links to it). No
    reverse accessor on ``Tag``: a tag's records are read through each model's own scope.
    """

    def __init__(self, *args: Any, list_url: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("to", "crm.Tag")
        kwargs.setdefault("blank", True)
        kwargs.setdefault("related_name", "+")
        kwargs.setdefault("verbose_name", _("tags"))
        self.list_url = list_url
        super().__init__(*args, **kwargs)
