"""« Document attaché » in the offer form: the offer's one PDF (a job description sheet, say),
sent, replaced or removed at once through the domain's `attach_offer_pdf` and
`remove_offer_attachment`, the functions of the API's mutations: the domain checks the size,
that the file is a PDF by its content, and who may change the offer. A new offer has no row to
join a file to yet: its form keeps the file, checked as the domain checks it, and joins it
once the offer is saved (`PendingAttachment`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from nicegui import ui
from nicegui.events import UploadEventArguments

from models.accounts import Account
from models.errors import UserErrors
from models.offers import (
    MAX_ATTACHMENT_BYTES,
    Offer,
    OfferAttachment,
    OfferStatus,
    attach_offer_pdf,
    attachments_by_offer,
    check_offer_pdf,
    remove_offer_attachment,
)
from models.site_paths import attachment_path
from ui.account_forms import one_at_a_time
from ui.bounded_upload import UPLOAD_LIST, BoundedUpload, upload_header
from ui.card_list import STATUS_BOX
from ui.documents_block import file_size

__all__ = ["OfferAttachmentBlock", "PendingAttachment"]

log = logging.getLogger(__name__)

_MEGABYTES = MAX_ATTACHMENT_BYTES // 1_000_000
_ALERT_BOX = "p-3 border-l-4 border-red-700 bg-red-50 text-red-900 font-bold"


class _AttachmentGroup:
    """The block's frame: its title, what it takes, the file's line, and where outcomes are
    said (an alert for refusals, a status for the rest)."""

    def __init__(self, explanation: str) -> None:
        with ui.column().classes("w-full gap-2") as group:
            group.mark("offer-attachment")
            title = ui.label("Fichier PDF (facultatif)").classes("font-bold")
            group.props(f'role="group" aria-labelledby="{title.html_id}"')
            ui.label(explanation).classes("text-sm text-gray-700")
            self.body = ui.column().classes("w-full gap-2")
            with ui.element("div").classes("w-full"):
                self.alert = ui.label("").props('role="alert"')
                self.status = ui.label("").props('role="status"')

    def _say(self, *, alert: str = "", status: str = "") -> None:
        for element, text, box in (
            (self.alert, alert, _ALERT_BOX),
            (self.status, status, STATUS_BOX),
        ):
            element.text = text
            if text:
                element.classes(add=box)
            else:
                element.classes(remove=box)

    def _uploader(
        self, label: str, received: Callable[[UploadEventArguments], Awaitable[None]]
    ) -> None:
        upload = BoundedUpload(
            auto_upload=True,
            multiple=False,
            max_files=1,
            max_file_size=MAX_ATTACHMENT_BYTES,
            on_upload=received,
            on_rejected=self._rejected,
            on_too_large=self._too_large,
            limit=MAX_ATTACHMENT_BYTES,
        )
        upload.props('accept=".pdf,application/pdf" flat bordered')
        upload.classes("w-full max-w-md")
        upload.add_slot("header", upload_header(label))
        upload.add_slot("list", UPLOAD_LIST)

    def _rejected(self) -> None:
        self._say(
            alert=f"Ce fichier n'a pas été envoyé : il dépasse {_MEGABYTES} Mo ou ce n'est pas "
            "un PDF."
        )

    def _too_large(self) -> None:
        self._say(alert=f"Fichier trop volumineux : {_MEGABYTES} Mo au plus.")


class PendingAttachment(_AttachmentGroup):
    """A new offer's PDF, kept by its form (checked at once, as the domain checks it) until
    the offer is saved; `join` then attaches it."""

    def __init__(self) -> None:
        super().__init__(
            f"Un seul fichier PDF, {_MEGABYTES} Mo au plus, affiché sur la page de l'offre. Il "
            "est joint à l'offre quand vous l'enregistrez ou la publiez."
        )
        self.file: tuple[str, bytes] | None = None
        self.show()

    def show(self) -> None:
        self.body.clear()
        with self.body:
            if self.file is not None:
                name, data = self.file
                with ui.row().classes("items-center gap-x-3 gap-y-1 flex-wrap"):
                    ui.label(name).classes("font-bold break-all")
                    ui.label(f"PDF, {file_size(len(data))}").classes("text-sm")
                    remove = ui.button("Retirer", icon="delete", on_click=self._remove).props(
                        "outline no-caps color=negative"
                    )
                    remove.props["aria-label"] = f"Retirer {name}"
            self._uploader("Remplacer le PDF" if self.file else "Joindre un PDF", self._received)

    async def _received(self, event: UploadEventArguments) -> None:
        name, data = event.file.name, await event.file.read()
        try:
            cleaned = await check_offer_pdf(name, data)
        except UserErrors as refused:
            messages = " ".join(error.message for error in refused.errors)
            self._say(alert=f"« {name} » n'a pas été retenu. {messages}")
            self.show()
            return
        self.file = (cleaned, data)
        self.show()
        self._say(status=f"« {cleaned} » sera joint à l'offre à son enregistrement.")

    def _remove(self) -> None:
        if self.file is None:
            return
        name = self.file[0]
        self.file = None
        self.show()
        self._say(status=f"« {name} » a été retiré.")

    async def join(self, account: Account, reference: str) -> bool:
        """Attaches the kept file to the offer just saved; False if the domain refused it."""
        if self.file is None:
            return True
        name, data = self.file
        try:
            await attach_offer_pdf(account, reference, name, data)
        except UserErrors:
            return False
        except Exception:
            # The offer is saved: its page says the file is missing rather than the form
            # staying open for a click that would save it a second time.
            log.exception("could not join the kept PDF to %s", reference)
            return False
        self.file = None
        return True


class OfferAttachmentBlock(_AttachmentGroup):
    def __init__(self, account: Account, offer: Offer) -> None:
        super().__init__(
            f"Un seul fichier PDF, {_MEGABYTES} Mo au plus, affiché sur la page de l'offre. "
            "Il est enregistré dès son envoi ; un nouveau fichier remplace le précédent."
        )
        self.account = account
        self.offer = offer
        self.attachments: list[OfferAttachment] = []

    async def show(self) -> None:
        found = await attachments_by_offer([self.offer.id])
        self.attachments = found.get(self.offer.id, [])
        self.body.clear()
        with self.body:
            for attachment in self.attachments:
                with ui.row().classes("items-center gap-x-3 gap-y-1 flex-wrap"):
                    if self.offer.status is OfferStatus.DRAFT:
                        # Downloads serve public offers only: a draft's file is named.
                        ui.label(attachment.filename).classes("font-bold break-all")
                        ui.label(
                            f"PDF, {file_size(attachment.size)} ; téléchargeable depuis la page "
                            "de l'offre une fois publiée"
                        ).classes("text-sm")
                    else:
                        ui.link(
                            attachment.filename,
                            attachment_path(self.offer.reference, attachment.id),
                        ).classes("font-bold break-all")
                        ui.label(f"PDF, {file_size(attachment.size)}").classes("text-sm")
                    remove = ui.button(
                        "Retirer", icon="delete", on_click=one_at_a_time(self._remove)
                    ).props("outline no-caps color=negative")
                    remove.props["aria-label"] = f"Retirer {attachment.filename}"
            self._uploader(
                "Remplacer le PDF" if self.attachments else "Joindre un PDF", self._received
            )

    async def _received(self, event: UploadEventArguments) -> None:
        name = event.file.name
        try:
            stored = await attach_offer_pdf(
                self.account, self.offer.reference, name, await event.file.read()
            )
        except UserErrors as refused:
            messages = " ".join(error.message for error in refused.errors)
            self._say(alert=f"« {name} » n'a pas été joint. {messages}")
            await self.show()
            return
        await self.show()
        self._say(status=f"« {stored.filename} » est joint à l'offre.")

    async def _remove(self) -> None:
        try:
            await remove_offer_attachment(self.account, self.offer.reference)
        except UserErrors as refused:
            self._say(alert=" ".join(error.message for error in refused.errors))
            return
        gone = ", ".join(a.filename for a in self.attachments)
        await self.show()
        self._say(status=f"« {gone} » a été retiré de l'offre.")
