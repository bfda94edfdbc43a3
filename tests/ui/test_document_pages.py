"""« Mes documents » as a candidate uses it, through NiceGUI's simulated user.

Files are sent as the browser sends them: a multipart POST to the page's own upload element
(its URL is in its props), so NiceGUI builds the upload event itself and the page hands the
file to the domain exactly as it does in production.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from models.accounts.config import AccountConfig, configure_accounts
from models.accounts.sessions import close_other_sessions
from models.accounts.tables import Account
from models.documents.library import add_document
from models.documents.tables import Document
from tests.accounts.helpers import PASSWORD, answer_proof_of_work_in_python, new_candidate
from tests.conftest import SITE_URL
from tests.documents.samples import EXECUTABLE, SAMPLES, stream
from tests.waiting import wait_until
from ui.formatting import french_date

EDIT = "/mon-compte/modifier"


def set_input(user: User, label: str, value: str) -> None:
    """Types into the one input whose visible label is exactly `label`."""
    (element,) = {
        e for e in user.find(kind=ui.input, content=label).elements if e.props.get("label") == label
    }
    element.value = value


async def sign_in(user: User) -> Account:
    candidate = await new_candidate()
    await user.open("/connexion")
    set_input(user, "Identifiant ou adresse e-mail", "zoe.durand")
    set_input(user, "Mot de passe", PASSWORD)
    user.find(kind=ui.button, content="Se connecter").click()
    await user.should_see("Mes informations personnelles")
    return candidate


def uploader(user: User, category: str) -> ui.upload:
    with user.scope(marker=f"documents-{category}"):
        (element,) = user.find(kind=ui.upload).elements
    return element


async def send(
    user: User, category: str, name: str, data: bytes, content_type: str = "application/pdf"
) -> httpx.Response:
    """What the browser's uploader does with a chosen file."""
    url = uploader(user, category).props["url"]
    return await user.http_client.post(url, files={"file": (name, data, content_type)})


def delete_button(user: User, filename: str) -> UserInteraction[ui.button]:
    found = {
        b
        for b in user.find(kind=ui.button, content="Supprimer").elements
        if b.props.get("aria-label") == f"Supprimer {filename}"
    }
    assert len(found) == 1, f"{len(found)} « Supprimer » buttons for {filename}"
    return UserInteraction(user, found, "Supprimer")


def download_links(user: User) -> dict[str, str]:
    return {
        link.text: link.props["href"]
        for link in user.find(kind=ui.link).elements
        if str(link.props.get("aria-label", "")).startswith("Télécharger ")
    }


def alerts(user: User, category: str) -> list[str]:
    with user.scope(marker=f"documents-{category}"):
        labels = user.find(kind=ui.label).elements
    return [label.text for label in labels if label.props.get("role") == "alert" and label.text]


async def test_the_rules_of_the_manual_are_said_once(db: str, user: User) -> None:
    await sign_in(user)
    await user.open(EDIT)
    await user.should_see("Mes documents")
    with user.scope(marker="documents-rules"):
        await user.should_see("Format PDF à privilégier.")
        await user.should_see("3 fichiers au plus par catégorie, 150 Mo au plus par fichier.")
        await user.should_see(
            "Types acceptés : pdf, doc, docx, odt, jpg, png, jpeg pour les CV et les lettres de "
            "motivation ; pdf, jpg, png, jpeg, doc, docx pour les autres documents."
        )
        await user.should_see("Les recruteurs ne voient jamais ces documents : ils restent privés.")
    for category, title in (
        ("cv", "CV"),
        ("cover_letter", "Lettre(s) de motivation"),
        ("other", "Autre(s) document(s)"),
    ):
        with user.scope(marker=f"documents-{category}"):
            await user.should_see(title)
            await user.should_see("0 fichier sur 3")
    assert uploader(user, "cv").props["accept"] == ".pdf,.doc,.docx,.odt,.jpg,.png,.jpeg"
    assert uploader(user, "other").props["accept"] == ".pdf,.jpg,.png,.jpeg,.doc,.docx"
    assert uploader(user, "cv").props["max-file-size"] == 150_000_000


async def test_an_uploaded_file_is_listed(db: str, user: User) -> None:
    candidate = await sign_in(user)
    await user.open(EDIT)
    response = await send(user, "cv", "Mon CV 2025.pdf", SAMPLES["pdf"])
    assert response.status_code == 200

    await user.should_see("« Mon CV 2025.pdf » a été ajouté.")
    with user.scope(marker="documents-cv"):
        await user.should_see("Mon CV 2025.pdf")
        await user.should_see("PDF")
        await user.should_see("3,1 Ko")  # 3 081 octets
        await user.should_see(f"ajouté le {french_date(datetime.now(UTC))}")
        await user.should_see("1 fichier sur 3")
    (document,) = await Document.filter(candidate=candidate)
    assert (document.category, document.filename, document.size) == ("cv", "Mon CV 2025.pdf", 3081)
    links = download_links(user)
    assert links["Mon CV 2025.pdf"].startswith(f"/mes-documents/{document.id}/")

    # Another category, another type: listed there, not under « CV ».
    await send(user, "cover_letter", "lettre.docx", SAMPLES["docx"], "application/octet-stream")
    with user.scope(marker="documents-cover_letter"):
        await user.should_see("« lettre.docx » a été ajouté.")
        await user.should_see("Word (DOCX)")
        await user.should_see("267 octets")
    with user.scope(marker="documents-cv"):
        await user.should_not_see("lettre.docx")


async def test_an_executable_named_pdf_is_refused(db: str, user: User) -> None:
    await sign_in(user)
    await user.open(EDIT)
    await send(user, "cv", "cv.pdf", EXECUTABLE)

    refusal = (
        "« cv.pdf » n'a pas été ajouté. Le contenu de ce fichier ne correspond pas à un "
        "fichier .pdf : il a été refusé."
    )
    await user.should_see(refusal)
    assert alerts(user, "cv") == [refusal]
    assert download_links(user) == {}
    assert not await Document.all().exists()
    with user.scope(marker="documents-cv"):
        await user.should_see("0 fichier sur 3")

    # A type the category does not take: refused by its name, before anything is stored.
    await send(user, "other", "notes.odt", SAMPLES["odt"])
    await user.should_see("Type de fichier refusé pour « Autre document ».")
    assert not await Document.all().exists()


async def test_a_fourth_file_is_refused(db: str, user: User) -> None:
    candidate = await sign_in(user)
    for name in ("un.pdf", "deux.pdf"):
        await add_document(candidate, "cv", name, stream(SAMPLES["pdf"]))
    await user.open(EDIT)
    await send(user, "cv", "trois.png", SAMPLES["png"], "image/png")
    await user.should_see("« trois.png » a été ajouté.")
    with user.scope(marker="documents-cv"):
        await user.should_see("3 fichiers sur 3")
        await user.should_see(
            "Vous avez atteint la limite de 3 fichiers : supprimez-en un pour en ajouter un autre."
        )
        await user.should_not_see(kind=ui.upload)

    # A page opened before the third file was added (another tab) still offers to add one:
    # the domain refuses the fourth.
    await Document.filter(filename="trois.png").delete()
    await user.open(EDIT)
    await add_document(candidate, "cv", "trois.pdf", stream(SAMPLES["pdf"]))
    await send(user, "cv", "quatre.pdf", SAMPLES["pdf"])
    await user.should_see(
        "« quatre.pdf » n'a pas été ajouté. Vous avez déjà 3 fichiers dans « CV » : "
        "supprimez-en un pour en ajouter un autre."
    )
    assert await Document.filter(candidate=candidate, category="cv").count() == 3
    assert not await Document.filter(filename="quatre.pdf").exists()


def _open_dialogs(user: User) -> list[ui.dialog]:
    return [d for d in user.find(kind=ui.dialog).elements if d.value]


def _open_dialog(user: User) -> ui.dialog:
    dialogs = _open_dialogs(user)
    assert len(dialogs) == 1, f"{len(dialogs)} open dialogs"
    return dialogs[0]


def dialog_button(user: User, text: str) -> UserInteraction[ui.button]:
    """A button of the open confirmation dialog (not the list's « Supprimer … » buttons)."""
    dialog = _open_dialog(user)
    found = {
        b
        for b in user.find(kind=ui.button, content=text).elements
        if b.text == text and dialog in b.ancestors()
    }
    assert len(found) == 1, f"{len(found)} « {text} » buttons in the dialog"
    return UserInteraction(user, found, text)


async def test_supprimer_asks_first_and_annuler_keeps_the_file(db: str, user: User) -> None:
    candidate = await sign_in(user)
    await add_document(candidate, "cv", "cv.pdf", stream(SAMPLES["pdf"]))
    await user.open(EDIT)
    await user.should_see("1 fichier sur 3")

    delete_button(user, "cv.pdf").click()
    await wait_until("the dialog to open", lambda: bool(_open_dialogs(user)))
    await user.should_see("Supprimer « cv.pdf » ?")
    await user.should_see("Le fichier sera retiré de vos documents. Cette action est définitive.")
    (card,) = _open_dialog(user).default_slot.children
    assert card.props["role"] == "alertdialog"
    assert "autofocus" in dialog_button(user, "Annuler").elements.pop().props
    dialog_button(user, "Annuler").click()
    await wait_until("the dialog to close", lambda: not _open_dialogs(user))
    await user.should_not_see("a été supprimé")
    assert set(download_links(user)) == {"cv.pdf"}
    assert await Document.filter(candidate=candidate).count() == 1


async def test_supprimer_removes_the_file(db: str, user: User) -> None:
    candidate = await sign_in(user)
    # Quotes in a name must not break the button's accessible name.
    gone = 'l\'ancien "CV" <2019>.pdf'
    for name in ("garder.pdf", gone):
        await add_document(candidate, "cv", name, stream(SAMPLES["pdf"]))
    await user.open(EDIT)
    await user.should_see("2 fichiers sur 3")
    assert set(download_links(user)) == {"garder.pdf", gone}

    delete_button(user, gone).click()
    await user.should_see(f"Supprimer « {gone} » ?")
    assert set(download_links(user)) == {"garder.pdf", gone}  # nothing removed before « yes »
    dialog_button(user, "Supprimer").click()
    await user.should_see(f"« {gone} » a été supprimé.")
    await user.should_see("1 fichier sur 3")
    assert set(download_links(user)) == {"garder.pdf"}
    assert [d.filename for d in await Document.filter(candidate=candidate)] == ["garder.pdf"]


async def test_a_body_too_large_is_refused_while_it_arrives(db: str, user: User) -> None:
    """The browser's own size check is a courtesy: a client may skip it."""
    configure_accounts(
        AccountConfig(secret="test secret", site_url=SITE_URL, max_document_bytes=2_000_000)
    )
    await sign_in(user)
    await user.open(EDIT)
    too_large = "Fichier trop volumineux : 2 Mo au plus."

    # Announced too large: refused before a byte of it is read.
    response = await send(user, "cv", "gros.pdf", b"%PDF-" + b"\0" * 3_000_000)
    assert response.status_code == 413
    await user.should_see(too_large)

    # Sent without a length (chunked): refused once the count goes past the limit.
    boundary = "frontiere"

    async def chunked() -> AsyncIterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="gros.pdf"'
            "\r\nContent-Type: application/pdf\r\n\r\n%PDF-"
        ).encode()
        for _ in range(30):
            yield b"\0" * 100_000
        yield f"\r\n--{boundary}--\r\n".encode()

    response = await user.http_client.post(
        uploader(user, "cv").props["url"],
        content=chunked(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413

    # Just past the limit, within the multipart allowance: the domain's exact count refuses it.
    await send(user, "cv", "juste.pdf", b"%PDF-" + b"\0" * 1_999_996)
    await user.should_see(f"« juste.pdf » n'a pas été ajouté. {too_large}")
    assert not await Document.all().exists()

    await send(user, "cv", "cv.pdf", SAMPLES["pdf"])
    await user.should_see("« cv.pdf » a été ajouté.")


async def test_mon_compte_lists_the_documents(db: str, user: User) -> None:
    candidate = await sign_in(user)
    await add_document(candidate, "cv", "cv.pdf", stream(SAMPLES["pdf"]))
    await add_document(candidate, "other", "photo.jpg", stream(SAMPLES["jpg"]))
    await user.open("/mon-compte")
    with user.scope(marker="documents-summary"):
        await user.should_see("Les recruteurs ne voient jamais ces documents : ils restent privés.")
        await user.should_see("cv.pdf")
        await user.should_see("3,1 Ko")
        await user.should_see("photo.jpg")
        await user.should_see("Image JPEG")
        await user.should_see("213 octets")
        await user.should_see(f"ajouté le {french_date(datetime.now(UTC))}")
        await user.should_see("Aucun fichier.")  # no cover letter
        await user.should_not_see(kind=ui.upload)
        await user.should_not_see("Supprimer")
        await user.should_see("Ajouter ou retirer des documents")
    links = download_links(user)
    assert set(links) == {"cv.pdf", "photo.jpg"}
    assert all(href.startswith("/mes-documents/") for href in links.values())


async def test_registration_says_where_documents_go(db: str, user: User) -> None:
    answer_proof_of_work_in_python(user)
    await user.open("/inscription")
    with user.scope(marker="documents-later"):
        await user.should_see("Mes documents (facultatif)")
        await user.should_see("Les recruteurs ne voient jamais ces documents : ils restent privés.")
    user.find("Madame").click()
    for label, value in {
        "Nom": "Durand",
        "Prénom": "Zoé",
        "Adresse e-mail": "zoe.durand@exemple.fr",
        "Identifiant": "zoe.durand",
        "Mot de passe": PASSWORD,
        "Confirmation du mot de passe": PASSWORD,
    }.items():
        set_input(user, label, value)
    (question,) = user.find(marker="captcha-question").elements
    assert isinstance(question, ui.label)
    asked = re.fullmatch(r"Vérification : combien font (\d+) \+ (\d+) \?", question.text)
    assert asked is not None, question.text
    set_input(user, "Résultat du calcul", str(int(asked[1]) + int(asked[2])))
    user.find(kind=ui.button, content="Créer mon compte").click()

    await user.should_see("Votre compte est créé.")
    await user.should_see(
        "Ajoutez dès maintenant vos CV, lettres de motivation et autres documents (facultatif), "
        "ou plus tard depuis"
    )
    # The documents block itself, on the page that created the account.
    for category in ("cv", "cover_letter", "other"):
        with user.scope(marker=f"documents-{category}"):
            await user.should_see("0 fichier sur 3")
            await user.should_see(kind=ui.upload)
    assert {
        link.props["href"] for link in user.find(kind=ui.link, content="Mon compte").elements
    } >= {"/mon-compte"}


async def test_a_file_sent_after_the_session_ended_is_not_kept(db: str, user: User) -> None:
    candidate = await sign_in(user)
    await user.open(EDIT)
    await close_other_sessions(candidate, keep=None)  # signed out from another device

    await send(user, "cv", "cv.pdf", SAMPLES["pdf"])
    await user.should_see("Identifiant ou adresse e-mail")
    assert user.back_history[-1] == "/connexion?suite=/mon-compte/modifier"
    assert not await Document.all().exists()
