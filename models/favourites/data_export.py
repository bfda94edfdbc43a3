"""The candidate's saved offers in « Télécharger mes données » (`favoris.json`)."""

from __future__ import annotations

from models.accounts.config import account_config
from models.accounts.tables import Account
from models.clock import PARIS
from models.favourites.tables import SavedOffer
from models.personal_data.export import on_data_export
from models.site_paths import offer_path

__all__: list[str] = []

_STATES = {"open": "ouverte", "expired": "expirée", "withdrawn": "archivée"}


async def _saved_offers_file(account: Account) -> object:
    # Imported here: the tables module registers this file and `saved` imports the tables.
    from models.favourites.saved import state_of

    # Bounded by the favourites' own cap per account.
    rows = (
        await SavedOffer.filter(candidate_id=account.id)
        .order_by("-saved_at", "-id")
        .prefetch_related("offer")
    )
    site = account_config().site_url
    return [
        {
            "offre_reference": row.offer.reference,
            "offre_titre": row.offer.title,
            "adresse": site + offer_path(row.offer.reference),
            "etat": _STATES[state_of(row.offer).value],
            "sauvegardee_le": row.saved_at.astimezone(PARIS).isoformat(timespec="seconds"),
            "rappel_avant_date_limite": row.remind,
        }
        for row in rows
    ]


on_data_export("favoris.json", _saved_offers_file)
