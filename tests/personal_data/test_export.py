"""« Télécharger mes données »: the request and its limit, the zip's content (and nothing of
anyone else), the mailed link and its refusals, the sweep, in the domain and the API."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import httpx
import pytest
from arq.worker import Worker

from models.accounts.deletion import delete_account
from models.accounts.sessions import open_session
from models.accounts.staff import StaffAccount, create_staff_account
from models.accounts.tables import Account, AccountRole
from models.documents.library import add_document, sweep_orphan_files
from models.documents.tables import Document
from models.errors import UserErrors
from models.mail.outbox import SEND_MAIL
from models.mail.tables import OutgoingMail
from models.personal_data.export import (
    build_data_export,
    data_export_for_token,
    on_data_export,
    request_data_export,
    sweep_data_exports,
)
from models.personal_data.tables import DataExport
from models.reference.labels import vocabulary
from models.saved_searches.saved import save_search, set_alert
from models.search.criteria import SearchCriteria
from models.storage import file_storage
from server.mailers import SmtpMailer
from server.queue import QUEUE_OPTIONS, ArqJobQueue, open_queue, redis_settings
from server.worker.schedule import JOBS
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.documents.samples import SAMPLES, stream
from tests.mail_server import MailCatcher, links_in, text_of
from tests.schema.graphql import post
from tests.web_app import app

ERRORS = "userErrors { field code message }"
REQUEST = f"mutation {{ requestDataExport {{ requestedAt {ERRORS} }} }}"


def _stored_keys() -> set[str]:
    return {key for key, _ in file_storage().stored_files()}


async def _zoe_with_everything() -> Account:
    zoe = await new_candidate()
    criteria = SearchCriteria.build(
        types=["stage"], keywords="data", regions=["IDF"], vocabulary=await vocabulary()
    )
    saved = await save_search(zoe, "Data en Île-de-France", criteria)
    await set_alert(zoe, saved.id, True)
    await add_document(zoe, "cv", "Mon CV.pdf", stream(SAMPLES["pdf"]))
    await add_document(zoe, "cv", "Mon CV.pdf", stream(SAMPLES["pdf"]))
    await add_document(zoe, "cover_letter", "Lettre mairie.docx", stream(SAMPLES["docx"]))
    await add_document(zoe, "other", "Permis.png", stream(SAMPLES["png"]))
    return zoe


async def _paul() -> Account:
    paul = await new_candidate(
        username="paul", email="paul@exemple.fr", first_name="Paul", last_name="Martin"
    )
    await save_search(
        paul, "Secret de Paul", SearchCriteria.build(keywords="paul", vocabulary=await vocabulary())
    )
    await add_document(paul, "cv", "CV de Paul.pdf", stream(SAMPLES["pdf"] + b"%paul"))
    return paul


async def _mailed_token() -> str:
    mail = await OutgoingMail.filter(kind="data_export_ready").order_by("-id").first()
    assert mail is not None
    url = str(mail.context["download_url"])
    assert url.startswith("http://pass.test/mes-donnees/telechargement?jeton=")
    return url.split("jeton=", 1)[1]


async def _download(token: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        return await client.get("/mes-donnees/telechargement", params={"jeton": token})


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


async def test_the_zip_holds_the_account_its_searches_and_documents_and_nothing_else(
    db: str,
) -> None:
    zoe = await _zoe_with_everything()
    paul = await _paul()
    export = await request_data_export(zoe)
    await request_data_export(paul)  # another candidate's export, built beside

    assert await build_data_export(export.id) is True
    response = await _download(await _mailed_token())

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    assert "pass-mes-donnees-" in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "private, no-store"
    archive = _zip(response.content)
    assert sorted(archive.namelist()) == [
        "candidatures.json",
        "compte.json",
        "documents/autres/Permis.png",
        "documents/cv/Mon CV (2).pdf",
        "documents/cv/Mon CV.pdf",
        "documents/lettres/Lettre mairie.docx",
        "favoris.json",
        "recherches.json",
    ]
    account = json.loads(archive.read("compte.json"))
    assert account == {
        "civilite": "Madame",
        "nom": "Durand",
        "prenom": "Zoé",
        "telephone": "+33612345678",
        "adresse_email": "zoe.durand@exemple.fr",
        "identifiant": "zoe.durand",
        "cree_le": account["cree_le"],
        "modifie_le": account["modifie_le"],
        "derniere_activite_le": None,
    }
    assert account["cree_le"].startswith(str(zoe.created_at.year))
    searches = json.loads(archive.read("recherches.json"))
    assert searches == [
        {
            "nom": "Data en Île-de-France",
            "criteres": {"type": ["stage"], "q": ["data"], "region": ["IDF"]},
            "adresse": searches[0]["adresse"],
            "alerte_active": True,
            "frequence_alerte": "chaque offre",
            "creee_le": searches[0]["creee_le"],
        }
    ]
    assert searches[0]["adresse"].startswith("http://pass.test/recherche?")
    assert archive.read("documents/cv/Mon CV.pdf") == SAMPLES["pdf"]
    assert archive.read("documents/lettres/Lettre mairie.docx") == SAMPLES["docx"]
    assert archive.read("documents/autres/Permis.png") == SAMPLES["png"]
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"paul" not in everything.lower() and b"Paul" not in everything
    assert PASSWORD.encode() not in everything and b"argon2" not in everything


async def test_one_request_per_ten_minutes_then_it_replaces_the_previous_export(
    db: str,
) -> None:
    zoe = await _zoe_with_everything()
    first = await request_data_export(zoe)
    await build_data_export(first.id)
    old_token = await _mailed_token()
    old_key = (await DataExport.get(id=first.id)).storage_key

    with pytest.raises(UserErrors) as refused:
        await request_data_export(zoe)
    [error] = refused.value.errors
    assert error.code == "too_many_attempts"
    assert error.message.startswith("Vous avez déjà demandé vos données il y a moins de 10 minutes")
    assert "réessayez dans 10 minutes" in error.message
    assert await DataExport.all().count() == 1

    await DataExport.filter(id=first.id).update(
        requested_at=first.requested_at - timedelta(minutes=11)
    )
    second = await request_data_export(zoe)
    assert [row.id for row in await DataExport.all()] == [second.id]
    assert old_key not in _stored_keys()
    assert await data_export_for_token(old_token) is None
    assert (await _download(old_token)).status_code == 404


async def test_expired_forged_and_unknown_links_are_refused_with_a_french_page(db: str) -> None:
    zoe = await _zoe_with_everything()
    export = await request_data_export(zoe)
    await build_data_export(export.id)
    token = await _mailed_token()

    for wrong in ("", "forged" + token[6:], token[:-1], "x" * 500):
        response = await _download(wrong)
        assert response.status_code == 404
        assert "Lien expiré ou invalide" in response.text
        assert "Télécharger mes données" in response.text
    assert (await _download(token)).status_code == 200

    built = await DataExport.get(id=export.id)
    assert built.expires_at is not None and built.built_at is not None
    assert round((built.expires_at - built.built_at).total_seconds()) == 48 * 3600
    await DataExport.filter(id=export.id).update(expires_at=built.built_at - timedelta(seconds=1))
    response = await _download(token)
    assert response.status_code == 404 and "48 heures" in response.text

    # The hourly sweep deletes the expired export, its row then its zip.
    assert await sweep_data_exports() == 1
    assert await DataExport.all().count() == 0
    assert built.storage_key not in _stored_keys()


async def test_a_job_run_twice_mails_once_and_a_lost_job_is_built_by_the_sweep(db: str) -> None:
    zoe = await _zoe_with_everything()
    export = await request_data_export(zoe)
    assert await sweep_data_exports() == 0  # just asked: its job may still come
    await DataExport.filter(id=export.id).update(
        requested_at=export.requested_at - timedelta(minutes=6)
    )
    assert await sweep_data_exports() == 1
    assert await build_data_export(export.id) is False
    assert await OutgoingMail.filter(kind="data_export_ready").count() == 1
    key = (await DataExport.get(id=export.id)).storage_key
    # The zip is known to the documents' orphan sweep: it stays until it expires.
    await sweep_orphan_files(older_than=timedelta(seconds=-60))
    assert key in _stored_keys()


async def test_a_document_whose_file_is_gone_is_named_and_the_rest_exported(db: str) -> None:
    zoe = await _zoe_with_everything()
    lost = await Document.get(candidate_id=zoe.id, filename="Permis.png")
    file_storage().path(lost.storage_key).unlink()
    export = await request_data_export(zoe)
    assert await build_data_export(export.id) is True
    archive = _zip((await _download(await _mailed_token())).content)
    assert "documents/autres/Permis.png" not in archive.namelist()
    assert archive.read("documents/cv/Mon CV.pdf") == SAMPLES["pdf"]
    note = archive.read("documents-manquants.txt").decode()
    assert "n'ont pas pu être joints" in note and "- documents/autres/Permis.png" in note


async def test_deleting_the_account_removes_its_export_and_zip(db: str) -> None:
    zoe = await _zoe_with_everything()
    export = await request_data_export(zoe)
    await build_data_export(export.id)
    key = (await DataExport.get(id=export.id)).storage_key
    assert key in _stored_keys()
    await delete_account(zoe, password=PASSWORD)
    assert await DataExport.all().count() == 0
    assert key not in _stored_keys()


async def test_only_candidates_may_ask(db: str) -> None:
    admin, _ = await create_staff_account(
        StaffAccount(
            role=AccountRole.ADMIN,
            civility="madame",
            last_name="Admin",
            first_name="Ada",
            email="admin@exemple.fr",
            username="admin",
        )
    )
    with pytest.raises(UserErrors) as refused:
        await request_data_export(admin)
    assert [e.code for e in refused.value.errors] == ["forbidden"]
    through_the_api = await post(REQUEST, token=await open_session(admin))
    assert through_the_api["data"] is None
    assert through_the_api["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await DataExport.all().count() == 0


def test_other_areas_add_their_file_once_and_under_a_plain_name() -> None:
    async def nothing(account: Account) -> object:
        return []

    for wrong in ("favoris.txt", "documents.json", "a/b.json", "compte.json"):
        with pytest.raises(ValueError):
            on_data_export(wrong, nothing)


async def test_request_data_export_through_the_api(db: str) -> None:
    zoe = await new_candidate()
    token = await open_session(zoe)

    anonymous = await post(REQUEST)
    assert anonymous["data"] is None
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    done = await post(REQUEST, token=token)
    payload = done["data"]["requestDataExport"]
    assert payload["userErrors"] == [] and payload["requestedAt"] is not None
    assert await DataExport.filter(account_id=zoe.id).count() == 1

    again = await post(REQUEST, token=token)
    assert again["data"]["requestDataExport"]["requestedAt"] is None
    [error] = again["data"]["requestDataExport"]["userErrors"]
    assert error["field"] is None and error["code"] == "TOO_MANY_ATTEMPTS"
    assert "moins de 10 minutes" in error["message"]
    assert await DataExport.filter(account_id=zoe.id).count() == 1


def _context(smtp_url: str) -> dict[str, Any]:
    return {"mailer": SmtpMailer(smtp_url), "mail_from": "PASS <ne-pas-repondre@pass.test>"}


async def test_the_worker_builds_the_zip_and_the_mail_arrives_with_a_working_link(
    db: str, redis_url: str, mail_catcher: MailCatcher
) -> None:
    zoe = await _zoe_with_everything()
    await OutgoingMail.all().delete()  # the welcome mail is not this test's
    queue = await open_queue(redis_url)
    jobs = ArqJobQueue(queue)
    export = await request_data_export(zoe)
    await jobs.enqueue("build_data_export", [export.id])
    worker = Worker(
        functions=JOBS, redis_settings=redis_settings(redis_url), burst=True, poll_delay=0.01,
        ctx=_context(mail_catcher.url), max_tries=3, **QUEUE_OPTIONS,
    )  # fmt: skip
    await worker.async_run()
    await worker.close()
    [mail_row] = await OutgoingMail.filter(kind="data_export_ready")
    await jobs.enqueue(SEND_MAIL, [mail_row.id])
    worker = Worker(
        functions=JOBS, redis_settings=redis_settings(redis_url), burst=True, poll_delay=0.01,
        ctx=_context(mail_catcher.url), max_tries=3, **QUEUE_OPTIONS,
    )  # fmt: skip
    await worker.async_run()
    await worker.close()
    await queue.aclose()

    [mail] = await mail_catcher.wait_for(1)
    assert mail["To"] == "zoe.durand@exemple.fr"
    assert mail["Subject"] == "Vos données PASS sont prêtes à télécharger"
    body = text_of(mail)
    assert "valable 48 heures" in body
    [link] = [url for url in links_in(body) if "/mes-donnees/telechargement" in url]
    response = await _download(link.split("jeton=", 1)[1])
    assert response.status_code == 200
    assert _zip(response.content).read("documents/cv/Mon CV.pdf") == SAMPLES["pdf"]
