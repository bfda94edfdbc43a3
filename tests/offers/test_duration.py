"""An offer's duration (« 6 mois »): free text of at most 100 characters, spaces tidied, kept
through creation, update and import."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from models.accounts.tables import AccountRole
from models.errors import UserErrors
from models.offers.editing import create_offer, update_offer
from models.offers.importing import import_offers, read_offer_file
from models.offers.tables import Offer
from tests.offers.test_editing import offer_draft, staff
from tests.offers.test_staff_and_import import rows


async def test_duration_round_trip_and_limit(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    offer = await create_offer(recruiter, offer_draft(duration="  6\n mois "))
    assert (await Offer.get(id=offer.id)).duration == "6 mois"
    without = await create_offer(recruiter, offer_draft())
    assert without.duration == ""

    await update_offer(recruiter, offer.reference, offer_draft(duration="2 ans"))
    assert (await Offer.get(id=offer.id)).duration == "2 ans"
    await update_offer(recruiter, offer.reference, offer_draft(duration="x" * 100))

    with pytest.raises(UserErrors) as error:
        await update_offer(recruiter, offer.reference, offer_draft(duration="x" * 101))
    assert [(e.field, e.code, e.message) for e in error.value.errors] == [
        ("duration", "too_long", "100 caractères au plus.")
    ]
    assert (await Offer.get(id=offer.id)).duration == "x" * 100  # unchanged


async def test_import_reads_the_duration_column(db: str, tmp_path: Path) -> None:
    lines = rows(2)
    lines[0]["duration"] = "3  mois"
    lines[1]["duration"] = ""
    path = tmp_path / "offres.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*lines[0]])
        writer.writeheader()
        writer.writerows(lines)
    report = await import_offers(read_offer_file(path), publish=False)
    stored = {o.reference: o.duration for o in await Offer.filter(reference__in=report.references)}
    assert [stored[r] for r in report.references] == ["3 mois", ""]

    lines[0]["duration"] = "y" * 101
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*lines[0]])
        writer.writeheader()
        writer.writerows(lines)
    with pytest.raises(UserErrors) as error:
        await import_offers(read_offer_file(path), publish=False)
    assert [(e.field, e.code) for e in error.value.errors] == [("offre 1.duration", "too_long")]
