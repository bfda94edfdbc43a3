"""What one exported offer says: the columns of the open data files, in order, each with the
description the README and the /donnees page give, and how a row is built from the table.

Names are French (the people who read the files are), in snake_case so that every tool takes
them as identifiers. Reference values come as a code (stable: what the API and search URLs use)
and a label (what a person reads). Rich texts are plain text (models.opendata.plain_text).
Contact names and telephone numbers are left out: they name an agent, and open data is
republished anywhere; the contact address and web page are enough to apply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from models.opendata.plain_text import plain_text
from models.reference import Vocabulary
from models.reference.catalogue import OfferType, diploma_level
from models.reference.geography import country, department, region
from models.site_paths import offer_path

__all__ = ["COLUMNS", "TABLE_COLUMNS", "Column", "row_builder"]

Value = str | float | None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    description: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("reference", "Référence de l'offre, unique et stable (A- apprentissage, S- stage)",
           "A-2021-0192"),
    Column("url", "Adresse de la page de l'offre sur le site", "https://…/offres/A-2021-0192"),
    Column("titre", "Intitulé de l'offre", "Apprenti Marketing (F/H)"),
    Column("type_code", "Type d'offre : apprentissage ou stage", "apprentissage"),
    Column("type_libelle", "Libellé du type d'offre", "Apprentissage"),
    Column("niveau_diplome_code", "Niveau de diplôme préparé ou requis (nomenclature nationale, "
           "3 à 8)", "6"),
    Column("niveau_diplome_libelle", "Libellé du niveau de diplôme", "Niveau 6 – (Bac+3 ou 4)"),
    Column("domaine_code", "Code du domaine d'activité", "communication"),
    Column("domaine_libelle", "Domaine d'activité", "Communication"),
    Column("administration_code", "Code de l'administration qui recrute", "culture"),
    Column("administration_libelle", "Administration qui recrute", "Ministère de la Culture"),
    Column("service", "Service d'affectation", "Direction de la communication"),
    Column("lieu", "Lieu d'affectation, tel que saisi par le recruteur", "182 rue Saint-Honoré"),
    Column("ville", "Ville", "Paris"),
    Column("commune_code_insee", "Code INSEE (COG) de la commune, vide à l'étranger ou si elle "
           "n'est pas connue", "75101"),
    Column("departement_code", "Code du département (COG)", "75"),
    Column("departement_libelle", "Nom du département", "Paris"),
    Column("region_code", "Code de la région (ISO 3166-2 sans « FR- »)", "IDF"),
    Column("region_libelle", "Nom de la région", "Île-de-France"),
    Column("pays_code", "Code ISO 3166-1 alpha-2 du pays", "FR"),
    Column("pays_libelle", "Nom du pays", "France"),
    Column("latitude", "Latitude WGS 84 de la commune, si elle est connue", "48.8626"),
    Column("longitude", "Longitude WGS 84 de la commune, si elle est connue", "2.3363"),
    Column("date_publication", "Date et heure de publication (ISO 8601, UTC)",
           "2026-11-02T08:30:00+00:00"),
    Column("date_mise_a_jour", "Date et heure de la dernière modification (ISO 8601, UTC)",
           "2026-11-03T10:00:00+00:00"),
    Column("date_limite", "Dernier jour où l'offre est en ligne (ISO 8601), vide si aucun",
           "2026-12-31"),
    Column("date_debut", "Date de début du contrat ou du stage (ISO 8601), vide si non "
           "précisée", "2027-09-01"),
    Column("duree", "Durée du contrat ou du stage, telle que saisie par le recruteur, vide si "
           "non précisée", "6 mois"),
    Column("contact_email", "Adresse électronique à laquelle candidater", "recrutement@…gouv.fr"),
    Column("contact_url", "Page web où candidater", "https://…"),
    Column("description_employeur", "Présentation de l'employeur (texte brut)", "…"),
    Column("description_poste", "Description du poste (texte brut)", "…"),
    Column("profil", "Profil recherché (texte brut)", "…"),
    Column("informations_complementaires", "Informations complémentaires (texte brut)", "…"),
    Column("commentaires", "Commentaires (texte brut)", "…"),
)  # fmt: skip

# The offer table's columns a row is built from, read with `values_list` (no model objects).
TABLE_COLUMNS: tuple[str, ...] = (
    "reference", "title", "type", "diploma_level", "domain_id", "administration_id", "service",
    "workplace", "city", "commune_code", "department_code", "region_code", "country_code",
    "latitude", "longitude", "published_at", "updated_at", "expires_on", "contract_start",
    "duration", "contact_email", "contact_url", "employer_description", "post_description",
    "profile", "additional_information", "comments",
)  # fmt: skip


def _when(value: datetime | date | str | None) -> str:
    """ISO 8601, to the second; SQLite gives the stored text, PostgreSQL date objects."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if len(value) == 10:  # a date, stored as ISO 8601 already
            return value
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _label(labels: Mapping[str, str], code: str | None) -> str:
    return labels.get(code, "") if code else ""


def row_builder(
    words: Vocabulary, site_url: str, plain: Callable[[str], str] = plain_text
) -> Callable[[tuple[Any, ...]], list[Value]]:
    """Turns a row of TABLE_COLUMNS into the values of COLUMNS, in their order."""

    def build(row: tuple[Any, ...]) -> list[Value]:
        (reference, title, kind, level, domain, administration, service, workplace, city,
         commune, department_code, region_code, country_code, latitude, longitude, published,
         updated, expires, start, duration, email, url, employer, post, profile, more, notes,
        ) = row  # fmt: skip
        level_of = diploma_level(level)
        department_of = department(department_code) if department_code else None
        region_of = region(region_code) if region_code else None
        country_of = country(country_code) if country_code else None
        return [
            reference,
            site_url + offer_path(reference),
            title,
            str(kind),
            OfferType(kind).label,
            level,
            level_of.label if level_of else "",
            domain,
            _label(words.domains, domain),
            administration,
            _label(words.administrations, administration),
            service,
            workplace,
            city,
            commune or "",
            department_code or "",
            department_of.name if department_of else "",
            region_code or "",
            region_of.name if region_of else "",
            country_code or "",
            country_of.name if country_of else "",
            latitude,
            longitude,
            _when(published),
            _when(updated),
            _when(expires),
            _when(start),
            duration,
            email,
            url,
            plain(employer),
            plain(post),
            plain(profile),
            plain(more),
            plain(notes),
        ]

    return build
