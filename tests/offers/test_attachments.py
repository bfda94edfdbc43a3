"""An offer's one PDF attachment: attached, replaced and removed by whoever may edit the offer,
checked to be a PDF by its content, and never leaving a row without its file or a file
without its row."""

from __future__ import annotations

import pytest

from models.accounts.tables import AccountRole
from models.errors import UserErrors
from models.offers.attachments import (
    MAX_ATTACHMENT_BYTES,
    attach_offer_pdf,
    remove_offer_attachment,
)
from models.offers.editing import archive_offer, create_offer, publish_offer
from models.offers.queries import attachment_of
from models.offers.tables import Offer, OfferAttachment, OfferChange, OfferChangeKind
from models.storage import file_storage
from tests.accounts.helpers import new_candidate
from tests.documents.samples import EXECUTABLE, SAMPLES
from tests.offers.test_editing import offer_draft, staff

PDF = SAMPLES["pdf"]
# Another real PDF: what follows %%EOF is ignored by readers, and the bytes differ.
OTHER_PDF = PDF + b"\n% seconde version\n"


def _stored() -> set[str]:
    return {key for key, _ in file_storage().stored_files()}


def _content(attachment: OfferAttachment) -> bytes:
    return file_storage().path(attachment.storage_key).read_bytes()


async def _codes(error: pytest.ExceptionInfo[UserErrors]) -> dict[str | None, str]:
    return {e.field: e.code for e in error.value.errors}


async def test_attach_replace_and_remove_a_published_offers_pdf(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    offer = await create_offer(recruiter, offer_draft())
    await publish_offer(recruiter, offer.reference)
    published = await Offer.get(id=offer.id)
    before = _stored()

    first = await attach_offer_pdf(recruiter, offer.reference, "Fiche de poste.pdf", PDF)
    assert (first.filename, first.content_type, first.size) == (
        "Fiche de poste.pdf",
        "application/pdf",
        len(PDF),
    )
    assert _content(first) == PDF
    shown = await attachment_of(offer.reference, first.id)  # what the public page links to
    assert shown is not None and shown.filename == "Fiche de poste.pdf"
    # An update for the public: `updatedAt` moves and mirrors hear of it.
    touched = await Offer.get(id=offer.id)
    assert published.changed_at is not None and touched.changed_at is not None
    assert touched.changed_at > published.changed_at
    changes = await OfferChange.filter(offer_id=offer.id).order_by("id")
    assert [c.kind for c in changes] == [OfferChangeKind.PUBLISHED, OfferChangeKind.UPDATED]

    second = await attach_offer_pdf(recruiter, offer.reference, "fiche-v2", OTHER_PDF)
    assert second.filename == "fiche-v2.pdf"  # a PDF's name says so
    assert [a.id for a in await OfferAttachment.filter(offer_id=offer.id)] == [second.id]
    assert _content(second) == OTHER_PDF
    assert _stored() == before | {second.storage_key}  # the first file is gone
    assert await attachment_of(offer.reference, first.id) is None

    await remove_offer_attachment(recruiter, offer.reference)
    assert await OfferAttachment.filter(offer_id=offer.id).count() == 0
    assert _stored() == before
    assert await OfferChange.filter(offer_id=offer.id, kind=OfferChangeKind.UPDATED).count() == 3
    await remove_offer_attachment(recruiter, offer.reference)  # nothing left: nothing changes
    assert await OfferChange.filter(offer_id=offer.id, kind=OfferChangeKind.UPDATED).count() == 3


async def test_a_draft_gets_its_pdf_without_a_public_change(db: str) -> None:
    admin = await staff(AccountRole.ADMIN, administration=None)
    offer = await create_offer(admin, offer_draft())
    attachment = await attach_offer_pdf(admin, offer.reference, "../../etc/Note\x00.PDF", PDF)
    assert attachment.filename == "Note.PDF"  # no folders, no control characters
    assert await OfferChange.filter(offer_id=offer.id).count() == 0
    assert (await Offer.get(id=offer.id)).changed_at is None


async def test_refused_files_leave_nothing_behind(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    offer = await create_offer(recruiter, offer_draft())
    kept = await attach_offer_pdf(recruiter, offer.reference, "fiche.pdf", PDF)
    before = _stored()

    with pytest.raises(UserErrors) as error:
        await attach_offer_pdf(recruiter, offer.reference, "fiche.pdf", EXECUTABLE)
    assert await _codes(error) == {"file": "content_mismatch"}
    assert "n'est pas un PDF" in error.value.errors[0].message
    too_big = PDF + b"\0" * (MAX_ATTACHMENT_BYTES - len(PDF) + 1)
    with pytest.raises(UserErrors) as error:
        await attach_offer_pdf(recruiter, offer.reference, "gros.pdf", too_big)
    assert await _codes(error) == {"file": "too_large"}
    assert error.value.errors[0].message == "Fichier trop volumineux : 5 Mo au plus."
    with pytest.raises(UserErrors) as error:
        await attach_offer_pdf(recruiter, offer.reference, "vide.pdf", b"")
    assert await _codes(error) == {"file": "empty"}
    # Just at the limit is fine.
    at_limit = PDF + b"\0" * (MAX_ATTACHMENT_BYTES - len(PDF))
    assert (await attach_offer_pdf(recruiter, offer.reference, "l.pdf", at_limit)).size == (
        MAX_ATTACHMENT_BYTES
    )
    await attach_offer_pdf(recruiter, offer.reference, "fiche.pdf", PDF)

    [now_kept] = await OfferAttachment.filter(offer_id=offer.id)
    assert now_kept.id != kept.id and _content(now_kept) == PDF
    assert _stored() == (before - {kept.storage_key}) | {now_kept.storage_key}


async def test_only_those_who_may_edit_the_offer(db: str) -> None:
    recruiter = await staff(AccountRole.RECRUITER)
    other = await staff(AccountRole.RECRUITER, administration="interieur", n=2)
    candidate = await new_candidate()
    offer = await create_offer(recruiter, offer_draft())
    await attach_offer_pdf(recruiter, offer.reference, "fiche.pdf", PDF)
    before = _stored()

    for who, code in ((other, {"administration": "forbidden"}), (candidate, {None: "forbidden"})):
        with pytest.raises(UserErrors) as error:
            await attach_offer_pdf(who, offer.reference, "autre.pdf", OTHER_PDF)
        assert await _codes(error) == code
        with pytest.raises(UserErrors) as error:
            await remove_offer_attachment(who, offer.reference)
        assert await _codes(error) == code
    with pytest.raises(UserErrors) as error:
        await attach_offer_pdf(recruiter, "S-2020-9999", "fiche.pdf", PDF)
    assert await _codes(error) == {"reference": "not_found"}
    assert _stored() == before
    assert await OfferAttachment.filter(offer_id=offer.id).count() == 1

    await archive_offer(recruiter, offer.reference)
    with pytest.raises(UserErrors) as error:
        await attach_offer_pdf(recruiter, offer.reference, "fiche.pdf", OTHER_PDF)
    assert await _codes(error) == {"reference": "archived"}
    assert _stored() == before
    # A file sent by mistake can still be taken down.
    await remove_offer_attachment(recruiter, offer.reference)
    assert await OfferAttachment.filter(offer_id=offer.id).count() == 0
    assert len(before - _stored()) == 1
