"""The application tracker through the domain, on both engines: recording, validation, the cap,
ownership, archived offers and deleted documents, paging, and the account's deletion."""

from __future__ import annotations

import base64
import json
import zipfile
from datetime import date, timedelta

import pytest

from models.accounts.deletion import delete_account
from models.applications import (
    KEEP,
    MAX_APPLICATIONS,
    ApplicationChanges,
    ApplicationForm,
    ApplicationStatus,
    InvalidApplicationCursor,
    application_for_offer,
    applications_page,
    delete_application,
    is_offer_open,
    record_application,
    update_application,
)
from models.applications.tables import Application
from models.clock import now, today
from models.documents.library import delete_document
from models.errors import UserErrors
from models.offers.publishing import archive_offers
from models.offers.tables import Offer
from models.personal_data import DataExport, build_data_export, request_data_export
from models.storage import file_storage
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.applications.helpers import pdf, published_offers


async def _fails(coroutine: object) -> list[tuple[str | None, str]]:
    with pytest.raises(UserErrors) as raised:
        await coroutine  # type: ignore[misc]
    return [(e.field, e.code.value) for e in raised.value.errors]


async def test_recording_keeps_a_snapshot_and_prefills_from_the_offer(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    cv = await pdf(zoe)
    recorded = await record_application(
        zoe, offer.reference, ApplicationForm(document_ids=[cv.id, cv.id], notes=" Merci\r\n ")
    )
    assert recorded.offer_reference == offer.reference
    assert recorded.offer_title == offer.title
    assert recorded.administration_name  # the administration's label, not its code
    assert recorded.contact == "Service RH (rh1@exemple.gouv.fr)"
    assert recorded.written_on == today()
    assert recorded.documents == [{"id": cv.id, "name": "cv.pdf", "category": "cv"}]
    assert recorded.notes == "Merci"
    assert recorded.status is ApplicationStatus.SENT
    assert recorded.follow_up_after_days == 10
    assert recorded.follow_up_on == today() + timedelta(days=10)
    assert (await application_for_offer(zoe, offer)) is not None


async def test_every_mistake_is_reported_at_once_and_nothing_is_written(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    form = ApplicationForm(
        written_on=today() + timedelta(days=1),
        contact="   ",
        notes="x" * 5001,
        follow_up_after_days=61,
    )
    assert await _fails(record_application(zoe, offer.reference, form)) == [
        ("written_on", "invalid"),
        ("contact", "required"),
        ("notes", "too_long"),
        ("follow_up_after_days", "invalid"),
    ]
    old = ApplicationForm(written_on=date(1999, 12, 31), contact="x" * 301, follow_up_after_days=0)
    assert await _fails(record_application(zoe, offer.reference, old)) == [
        ("written_on", "invalid"),
        ("contact", "too_long"),
        ("follow_up_after_days", "invalid"),
    ]
    unknown = record_application(zoe, "S-1999-9999", ApplicationForm())
    assert await _fails(unknown) == [("offer_reference", "not_found")]
    assert await Application.all().count() == 0
    # The limits themselves are accepted.
    edge = ApplicationForm(
        written_on=date(2000, 1, 1), contact="x" * 300, notes="y" * 5000, follow_up_after_days=60
    )
    assert (await record_application(zoe, offer.reference, edge)).follow_up_after_days == 60


async def test_one_record_per_offer_and_no_reminder_when_asked(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    quiet = ApplicationForm(follow_up_after_days=None)
    first = await record_application(zoe, offer.reference, quiet)
    assert first.follow_up_on is None
    again = record_application(zoe, offer.reference, ApplicationForm())
    assert await _fails(again) == [("offer_reference", "already_recorded")]
    assert await Application.all().count() == 1


async def test_another_candidates_documents_are_refused(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    [offer] = await published_offers()
    theirs = await pdf(paul)
    refused = record_application(zoe, offer.reference, ApplicationForm(document_ids=[theirs.id]))
    assert await _fails(refused) == [("document_ids", "not_found")]
    recorded = await record_application(zoe, offer.reference, ApplicationForm())
    stolen = update_application(zoe, recorded.id, ApplicationChanges(document_ids=[theirs.id]))
    assert await _fails(stolen) == [("document_ids", "not_found")]
    assert (await Application.get(id=recorded.id)).documents == []


async def test_another_candidate_cannot_reach_a_record(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    [offer] = await published_offers()
    recorded = await record_application(zoe, offer.reference, ApplicationForm(notes="À moi"))
    for attempt in (
        update_application(paul, recorded.id, ApplicationChanges(notes="Volée")),
        delete_application(paul, recorded.id),
        update_application(zoe, recorded.id + 1000, ApplicationChanges(notes="?")),
    ):
        assert await _fails(attempt) == [("id", "not_found")]
    assert (await Application.get(id=recorded.id)).notes == "À moi"
    assert (await applications_page(paul)).applications == []
    # Paul may track the same offer: records are per candidate.
    assert await record_application(paul, offer.reference, ApplicationForm())


async def test_updates_change_only_what_is_given(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    cv = await pdf(zoe)
    recorded = await record_application(zoe, offer.reference, ApplicationForm(document_ids=[cv.id]))
    week_ago = today() - timedelta(days=7)
    changed = await update_application(
        zoe,
        recorded.id,
        ApplicationChanges(
            status=ApplicationStatus.INTERVIEW, written_on=week_ago, follow_up_after_days=3
        ),
    )
    assert changed.status is ApplicationStatus.INTERVIEW
    assert changed.follow_up_on == week_ago + timedelta(days=3)
    stored = await Application.get(id=recorded.id)
    assert (stored.contact, stored.documents[0]["name"]) == (recorded.contact, "cv.pdf")
    off = await update_application(zoe, recorded.id, ApplicationChanges(follow_up_after_days=None))
    assert (off.follow_up_after_days, off.follow_up_on) == (None, None)
    wrong = update_application(zoe, recorded.id, ApplicationChanges(notes="z" * 5001, contact=""))
    assert await _fails(wrong) == [("contact", "required"), ("notes", "too_long")]
    assert (await Application.get(id=recorded.id)).notes == ""
    assert KEEP is not None


async def test_the_record_outlives_the_offers_archiving_and_the_documents_deletion(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    cv = await pdf(zoe)
    letter = await pdf(zoe, "lettre.pdf", "cover_letter")
    recorded = await record_application(
        zoe, offer.reference, ApplicationForm(document_ids=[cv.id, letter.id])
    )
    [listed] = (await applications_page(zoe)).applications
    assert is_offer_open(listed)
    await archive_offers([offer])
    await delete_document(zoe, cv.id)
    [listed] = (await applications_page(zoe)).applications
    assert not is_offer_open(listed)
    assert listed.offer_title == offer.title and listed.offer_reference == offer.reference
    assert [d["name"] for d in listed.documents] == ["cv.pdf", "lettre.pdf"]
    # Saving the record again keeps the deleted document's name.
    kept = await update_application(
        zoe, recorded.id, ApplicationChanges(document_ids=[cv.id, letter.id], notes="relu")
    )
    assert [d["name"] for d in kept.documents] == ["cv.pdf", "lettre.pdf"]
    # Even an offer removed from the table leaves the record readable.
    await Offer.filter(id=offer.id).delete()
    [listed] = (await applications_page(zoe)).applications
    assert listed.offer is None and not is_offer_open(listed)
    assert listed.offer_title == offer.title


async def test_pages_newest_first_and_the_cap(db: str) -> None:
    zoe = await new_candidate()
    offers = await published_offers(5)
    for days, offer in zip((3, 1, 1, 0, 7), offers, strict=True):
        await record_application(
            zoe, offer.reference, ApplicationForm(written_on=today() - timedelta(days=days))
        )
    first = await applications_page(zoe, first=2)
    assert first.total_count == 5 and first.has_next_page
    second = await applications_page(zoe, first=2, after=first.end_cursor)
    third = await applications_page(zoe, first=2, after=second.end_cursor)
    assert not third.has_next_page
    seen = [a.offer_reference for p in (first, second, third) for a in p.applications]
    assert seen == [o.reference for o in (offers[3], offers[2], offers[1], offers[0], offers[4])]
    with pytest.raises(InvalidApplicationCursor):
        await applications_page(zoe, after="pas un curseur")

    # The cap: rows written directly, then the next record is refused.
    await Application.bulk_create(
        [
            Application(
                candidate=zoe,
                offer=None,
                offer_reference=f"S-2020-{n:04d}",
                offer_title="Ancienne",
                written_on=date(2020, 1, 1),
                contact="RH",
            )
            for n in range(MAX_APPLICATIONS - 5)
        ]
    )
    [extra] = await published_offers_more()
    assert await _fails(record_application(zoe, extra.reference, ApplicationForm())) == [
        (None, "limit_reached")
    ]


async def published_offers_more() -> list[Offer]:
    from models.clock import today as day
    from models.demo.generator import generate_offers
    from models.offers.publishing import create_offers, publish_offers

    [draft] = generate_offers(apprenticeships=1, stages=0, seed=11, today=day())
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    return [offer]


async def test_deleting_the_account_deletes_its_records(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    [offer] = await published_offers()
    await record_application(zoe, offer.reference, ApplicationForm(notes="à effacer"))
    await record_application(paul, offer.reference, ApplicationForm())
    await delete_account(zoe, password=PASSWORD)
    assert await Application.filter(candidate_id=zoe.id).count() == 0
    assert await Application.all().count() == 1  # Paul's stays


async def test_the_data_export_holds_the_candidates_applications_only(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    first, second = await published_offers(2)
    cv = await pdf(zoe)
    await record_application(
        zoe, first.reference, ApplicationForm(document_ids=[cv.id], notes="Appelée lundi")
    )
    await record_application(paul, second.reference, ApplicationForm(notes="secret de Paul"))
    export = await request_data_export(zoe)
    assert await build_data_export(export.id) is True

    row = await DataExport.get(id=export.id)
    assert row.storage_key is not None
    with zipfile.ZipFile(file_storage().path(row.storage_key)) as archive:
        listed = json.loads(archive.read("candidatures.json"))
    assert listed == [
        {
            "offre_reference": first.reference,
            "offre_titre": first.title,
            "administration": listed[0]["administration"],
            "ecrit_le": today().isoformat(),
            "contact": "Service RH (rh1@exemple.gouv.fr)",
            "documents_envoyes": ["cv.pdf"],
            "statut": "envoyée",
            "notes": "Appelée lundi",
            "relance_apres_jours": 10,
            "rappel_envoye_le": None,
        }
    ]


async def test_control_characters_leave_the_contact_and_cursors_beyond_row_ids_are_refused(
    db: str,
) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    recorded = await record_application(
        zoe, offer.reference, ApplicationForm(contact="Mme\x00 Dupont\u202e (RH)\n")
    )
    assert recorded.contact == "Mme Dupont (RH)"
    changed = await update_application(zoe, recorded.id, ApplicationChanges(contact="a\x07b"))
    assert (await Application.get(id=changed.id)).contact == "a b"
    for number in ("99999999999999999999", "0", "-3"):
        cursor = base64.urlsafe_b64encode(f"2026-01-01~{number}".encode()).decode()
        with pytest.raises(InvalidApplicationCursor):
            await applications_page(zoe, after=cursor)


async def test_a_new_follow_up_date_asks_for_a_new_reminder(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    recorded = await record_application(zoe, offer.reference, ApplicationForm())
    await Application.filter(id=recorded.id).update(reminded_at=now())
    same = await update_application(zoe, recorded.id, ApplicationChanges(notes="Relancée"))
    assert same.reminded_at is not None  # nothing about the date changed
    later = await update_application(zoe, recorded.id, ApplicationChanges(follow_up_after_days=20))
    assert later.reminded_at is None
    assert (await Application.get(id=recorded.id)).reminded_at is None
