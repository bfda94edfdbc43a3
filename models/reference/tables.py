"""Reference tables whose rows carry stable codes used in URLs, the API and saved searches."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

__all__ = ["Administration", "Domain"]


class Domain(Model):
    """An activity domain: « Numérique, digital », « Ressources humaines »…"""

    code = fields.CharField(primary_key=True, max_length=40)
    label = fields.CharField(max_length=120)

    class Meta:
        table = "domain"
        ordering = ("label",)


class Administration(Model):
    """An administration an offer's service belongs to: a ministry or a public body."""

    code = fields.CharField(primary_key=True, max_length=40)
    label = fields.CharField(max_length=200)

    class Meta:
        table = "administration"
        ordering = ("label",)
