"""Writing an offer: « Déposer une offre » (new, or a copy of another: « Dupliquer ») and
« Modifier » (a draft or a published offer; an archived one is shown, not changed).

Every button goes through the domain's own functions, with the permissions of the API: a
recruiter manages their administration's offers only, an admin any.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Account, AccountRole
from models.errors import UserErrors
from models.offers import (
    Offer,
    OfferAttachment,
    OfferDraft,
    OfferStatus,
    archive_offer,
    attachments_by_offer,
    build_offer,
    check_draft,
    create_offer,
    draft_from_offer,
    managed_offer,
    publish_offer,
    update_offer,
)
from models.reference import vocabulary
from models.site_paths import (
    COPY_PARAMETER,
    RECRUITER_EDIT_OFFER,
    RECRUITER_NEW_OFFER,
    RECRUITER_OFFERS,
    edit_offer_path,
    new_offer_path,
    offer_path,
)
from ui.account_forms import form_card, heading
from ui.account_session import current_candidate, sign_in_redirect
from ui.confirm_dialog import ConfirmDialog
from ui.connection_resilience import FORM_RECONNECT_TIMEOUT
from ui.frame import frame
from ui.offer_attachment import OfferAttachmentBlock, PendingAttachment
from ui.offer_form import EDITOR_SCRIPT, OfferForm
from ui.pages.offer import offer_body
from ui.pages.recruiter.gate import is_staff, refuse
from ui.pages.recruiter.offers import RECRUITERS_ONLY

NEW_TITLE = "Déposer une offre"
EDIT_TITLE = "Modifier une offre"
# What the page says after a button took it to the offer's edit page (?fait=…).
DONE = {
    "brouillon": "Brouillon enregistré. Il n'est pas visible des candidats tant qu'il n'est "
    "pas publié.",
    "publiee": "Offre publiée : elle est visible des candidats et les alertes partent.",
    "modifiee": "Modifications enregistrées : les candidats voient l'offre à jour.",
    # The file was checked when chosen, so only a change since (storage, permissions) lands
    # here; the offer is saved all the same.
    "sans-pdf": "Offre enregistrée comme brouillon, sans son fichier PDF, qui n'a pas pu être "
    "joint : joignez-le de nouveau ci-dessous, puis publiez l'offre.",
}
_CSS = ".pass-editor--invalid { border: 2px solid #b91c1c; }"


async def _staff(request: Request, title: str) -> Account | RedirectResponse | None:
    """The signed-in recruiter or admin; a redirect to sign in; None once refused."""
    account = await current_candidate()
    if account is None:
        return sign_in_redirect(request)
    if not is_staff(account):
        refuse(title, RECRUITERS_ONLY)
        return None
    return account


async def _offer_or_refusal(account: Account, reference: str, title: str) -> Offer | None:
    try:
        return await managed_offer(account, reference)
    except UserErrors as refused:
        refuse(title, " ".join(error.message for error in refused.errors))
        return None


def _head() -> None:
    # A form of the recruiters' space: never a search result (robots.txt says so too).
    ui.add_head_html('<meta name="robots" content="noindex">')
    ui.add_body_html(EDITOR_SCRIPT)
    ui.add_css(_CSS)


@ui.page(RECRUITER_NEW_OFFER, reconnect_timeout=FORM_RECONNECT_TIMEOUT)
async def new_offer_page(request: Request) -> RedirectResponse | None:
    account = await _staff(request, NEW_TITLE)
    if not isinstance(account, Account):
        return account
    source = (request.query_params.get(COPY_PARAMETER) or "").strip()
    draft = None
    if source:
        copied = await _offer_or_refusal(account, source, NEW_TITLE)
        if copied is None:
            return None
        draft = draft_from_offer(copied)
        draft.reference = None
    _head()
    await _editor(account, None, draft, source)
    return None


@ui.page(RECRUITER_EDIT_OFFER, reconnect_timeout=FORM_RECONNECT_TIMEOUT)
async def edit_offer_page(reference: str, request: Request) -> RedirectResponse | None:
    account = await _staff(request, EDIT_TITLE)
    if not isinstance(account, Account):
        return account
    offer = await _offer_or_refusal(account, reference, EDIT_TITLE)
    if offer is None:
        return None
    _head()
    if offer.status is OfferStatus.ARCHIVED:
        await _archived(offer)
        return None
    await _editor(account, offer, draft_from_offer(offer), "", request.query_params.get("fait"))
    return None


async def _archived(offer: Offer) -> None:
    with frame(f"{EDIT_TITLE} – {offer.reference}"):
        heading(f"Offre archivée – {offer.reference}", 1).classes("mb-2")
        ui.label(
            "Cette offre est archivée : elle ne se modifie plus et ne se publie plus. Pour la "
            "proposer de nouveau, dupliquez-la : la copie est un nouveau brouillon."
        ).classes("p-3 border-l-4 border-amber-600 bg-amber-50 font-bold max-w-3xl").props(
            'role="status"'
        )
        with ui.row().classes("gap-4 my-3 items-center"):
            ui.link("Dupliquer", new_offer_path(offer.reference)).classes("font-bold")
            ui.link("Retour à « Mes offres »", RECRUITER_OFFERS)
        offer_body(offer, await vocabulary())


def _status_line(offer: Offer | None, source: str) -> str:
    if offer is None:
        return (
            f"Copie de l'offre {source} : enregistrée, elle devient un nouveau brouillon."
            if source
            else "L'offre est enregistrée comme brouillon, visible de vous seuls, jusqu'à sa "
            "publication."
        )
    if offer.status is OfferStatus.DRAFT:
        return f"Brouillon {offer.reference} : pas encore visible des candidats."
    return (
        f"Offre {offer.reference} publiée : les modifications enregistrées sont aussitôt "
        "visibles des candidats."
    )


async def _editor(
    account: Account,
    offer: Offer | None,
    draft: OfferDraft | None,
    source: str,
    done: str | None = None,
) -> None:
    words = await vocabulary()
    title = NEW_TITLE if offer is None else f"{EDIT_TITLE} – {offer.reference}"
    own = account.administration_id if account.role is AccountRole.RECRUITER else None  # type: ignore[attr-defined]
    with frame(title):
        # The preview first and emptied once closed: the page's one visible level-1 heading
        # is also its first.
        preview = ui.column().classes("w-full gap-2")
        preview.set_visibility(False)
        editing = ui.column().classes("w-full gap-4")
        with editing:
            heading(title, 1)
            with ui.row().classes("gap-4 items-center"):
                ui.link("Retour à « Mes offres »", RECRUITER_OFFERS)
                if offer is not None and offer.status is OfferStatus.PUBLISHED:
                    ui.link("Voir la page de l'offre", offer_path(offer.reference))
            if done in DONE:
                # At the top, where the page opens after the button that led here.
                box = (
                    "border-amber-600 bg-amber-50"
                    if done == "sans-pdf"
                    else "border-green-700 bg-green-50 text-green-900"
                )
                ui.label(DONE[done]).classes(f"p-3 border-l-4 {box} font-bold max-w-3xl").props(
                    'role="status"'
                )
            ui.label(_status_line(offer, source)).classes("max-w-3xl")
            ui.label(
                "Les champs sans la mention « facultatif » sont obligatoires. Le texte se met "
                "en forme avec la barre d'outils : gras, italique, listes, liens."
            ).classes("text-sm text-gray-700 max-w-3xl")
            form = OfferForm(draft, words, administration=own, type_fixed=offer is not None)
            pending = None
            with form_card("Document attaché"):
                if offer is None:
                    pending = PendingAttachment()
                else:
                    await OfferAttachmentBlock(account, offer).show()
            await _buttons(account, offer, form, editing, preview, pending)


async def _buttons(
    account: Account,
    offer: Offer | None,
    form: OfferForm,
    editing: ui.column,
    preview: ui.column,
    pending: PendingAttachment | None,
) -> None:
    """The form's buttons; `pending` holds a new offer's PDF until the offer is saved."""
    words = await vocabulary()

    async def checked() -> OfferDraft | None:
        """The draft the domain accepts, or None with every refusal shown."""
        draft, unread = form.read()
        try:
            clean = await check_draft(draft)
        except UserErrors as refused:
            # A field left empty or unreadable is explained once, by the form's own words.
            told = {error.field for error in unread}
            others = [error for error in refused.errors if error.field not in told]
            form.feedback.failure(UserErrors([*unread, *others]))
            return None
        if unread:
            form.feedback.failure(UserErrors(unread))
            return None
        return clean

    # One action at a time for the whole form, and none once the page is leaving: « Enregistrer »
    # then « Publier » clicked before the first one ended (or before the browser followed
    # it) would otherwise save a new offer twice.
    busy = leaving = False

    def leave(path: str) -> None:
        nonlocal leaving
        leaving = True
        ui.navigate.to(path)

    def guarded(action: Callable[[OfferDraft], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            nonlocal busy
            if busy or leaving:
                return
            busy = True
            try:
                draft = await checked()
                if draft is None:
                    return
                await action(draft)
            except UserErrors as refused:
                form.feedback.failure(refused)
            finally:
                busy = False

        return run

    async def save(draft: OfferDraft) -> Offer:
        if offer is None:
            return await create_offer(account, draft)
        return await update_offer(account, offer.reference, draft)

    async def joined(saved: Offer) -> bool:
        """A new offer's kept PDF joined to it; False (the page then says so) if refused."""
        if pending is None or await pending.join(account, saved.reference):
            return True
        leave(f"{edit_offer_path(saved.reference)}?fait=sans-pdf")
        return False

    async def save_draft(draft: OfferDraft) -> None:
        saved = await save(draft)
        if await joined(saved):
            leave(f"{edit_offer_path(saved.reference)}?fait=brouillon")

    async def publish(draft: OfferDraft) -> None:
        saved = await save(draft)
        if not await joined(saved):
            return
        try:
            await publish_offer(account, saved.reference)
        except UserErrors:
            if offer is not None:
                raise
            # Saved, not published: on its own page, so that another click publishes it
            # rather than saving a second copy.
            leave(f"{edit_offer_path(saved.reference)}?fait=brouillon")
            return
        leave(f"{edit_offer_path(saved.reference)}?fait=publiee")

    async def save_published(draft: OfferDraft) -> None:
        saved = await save(draft)
        leave(f"{edit_offer_path(saved.reference)}?fait=modifiee")

    async def show_preview(draft: OfferDraft) -> None:
        # Unsaved: built as saving would build it (sanitised), neither stored nor counted.
        shown = build_offer(draft, words)
        attachments: list[OfferAttachment] = []
        if offer is not None:
            shown.reference, shown.published_at = offer.reference, offer.published_at
            attachments = (await attachments_by_offer([offer.id])).get(offer.id, [])
            if offer.status is not OfferStatus.PUBLISHED:
                # Downloads serve public offers only: a draft's file is named, not linked.
                attachments = [
                    OfferAttachment(filename=a.filename, size=a.size) for a in attachments
                ]
        elif pending is not None and pending.file is not None:
            name, data = pending.file
            attachments = [OfferAttachment(filename=name, size=len(data))]
        form.feedback.clear()
        preview.clear()
        with preview:
            with ui.element("div").classes(
                "w-full p-3 border-l-4 border-blue-800 bg-blue-50 flex flex-wrap gap-3 "
                "items-center justify-between"
            ):
                ui.label(
                    "Aperçu : l'offre telle que les candidats la verront. Rien n'est encore "
                    "enregistré."
                ).classes("font-bold").props('role="status"')
                back = ui.button("Revenir au formulaire", on_click=hide_preview).props(
                    "unelevated color=primary"
                )
            offer_body(shown, words, attachments)
        editing.set_visibility(False)
        preview.set_visibility(True)
        back.run_method("focus")

    def hide_preview() -> None:
        preview.set_visibility(False)
        preview.clear()
        editing.set_visibility(True)
        preview_button.run_method("focus")

    archived_dialog = ConfirmDialog(
        explanation="L'offre disparaîtra des résultats et des alertes ; sa page restera "
        "consultable avec la mention « Offre expirée ». Une offre archivée ne se modifie plus.",
        confirm="Archiver",
        icon="archive",
    )

    async def archive() -> None:
        assert offer is not None
        try:
            await archive_offer(account, offer.reference)
        except UserErrors as refused:
            form.feedback.failure(refused)
            return
        leave(edit_offer_path(offer.reference))

    with ui.row().classes("w-full max-w-2xl gap-3 items-center flex-wrap"):
        published = offer is not None and offer.status is OfferStatus.PUBLISHED
        if published:
            ui.button("Enregistrer les modifications", on_click=guarded(save_published)).props(
                "unelevated color=primary"
            )
        else:
            ui.button("Enregistrer le brouillon", on_click=guarded(save_draft)).props(
                "outline color=primary"
            )
        preview_button = ui.button("Aperçu", on_click=guarded(show_preview)).props(
            "outline color=primary"
        )
        if not published:
            ui.button("Publier", on_click=guarded(publish)).props("unelevated color=primary")
        if offer is not None:
            ui.link("Dupliquer", new_offer_path(offer.reference)).classes("font-bold px-2")
            ui.button(
                "Archiver",
                on_click=lambda: archived_dialog.ask(
                    f"Archiver l'offre {offer.reference} ?", archive
                ),
            ).props("flat color=negative")


__all__ = ["edit_offer_page", "new_offer_page"]
