"""The candidate's applications in « Télécharger mes données » (`candidatures.json`)."""

from __future__ import annotations

from models.accounts.tables import Account
from models.applications.tables import Application
from models.clock import PARIS
from models.personal_data.export import on_data_export

__all__: list[str] = []


async def _applications_file(account: Account) -> object:
    # Bounded by the tracker's own cap per account.
    rows = await Application.filter(candidate_id=account.id).order_by("-written_on", "-id")
    return [
        {
            "offre_reference": row.offer_reference,
            "offre_titre": row.offer_title,
            "administration": row.administration_name or None,
            "ecrit_le": row.written_on.isoformat(),
            "contact": row.contact,
            "documents_envoyes": [d.get("name") for d in row.documents],
            "statut": row.status.label.lower(),
            "notes": row.notes,
            "relance_apres_jours": row.follow_up_after_days,
            "rappel_envoye_le": (
                row.reminded_at.astimezone(PARIS).isoformat(timespec="seconds")
                if row.reminded_at
                else None
            ),
        }
        for row in rows
    ]


on_data_export("candidatures.json", _applications_file)
