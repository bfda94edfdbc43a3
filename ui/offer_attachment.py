"""« Document attaché » in the offer form: the offer's one PDF (a job description sheet, say),
sent, replaced or removed at once through the domain's `attach_offer_pdf` and
`remove_offer_attachment`, the functions of the API's mutations: the domain checks the size,
that the file is a PDF by its content, and who may change the offer."""

from __future__ import annotations

from nicegui import ui
from nicegui.events import UploadEventArguments

from models.accounts import Account
from models.errors import UserErrors
from models.offers import (
    MAX_ATTACHMENT_BYTES,
    Offer,
    OfferAttachment,
    attach_offer_pdf,
    attachments_by_offer,
    remove_offer_attachment,
)
from models.site_paths import attachment_path
from ui.account_forms import one_at_a_time
from ui.bounded_upload import UPLOAD_LIST, BoundedUpload, upload_header
from ui.card_list import STATUS_BOX
from ui.documents_block import file_size

__all__ = ["NEW_OFFER_HINT", "OfferAttachmentBlock"]

NEW_OFFER_HINT = (
    "Document attaché (facultatif) : enregistrez d'abord le brouillon, puis joignez un fichier "
    "PDF (une fiche de poste, par exemple)."
)
_MEGABYTES = MAX_ATTACHMENT_BYTES // 1_000_000
_ALERT_BOX = "p-3 border-l-4 border-red-700 bg-red-50 text-red-900 font-bold"


class OfferAttachmentBlock:
    def __init__(self, account: Account, offer: Offer) -> None:
        self.account = account
        self.offer = offer
        self.attachments: list[OfferAttachment] = []
        with ui.column().classes("w-full gap-2") as group:
            group.mark("offer-attachment")
            title = ui.label("Fichier PDF (facultatif)").classes("font-bold")
            group.props(f'role="group" aria-labelledby="{title.html_id}"')
            ui.label(
                f"Un seul fichier PDF, {_MEGABYTES} Mo au plus, affiché sur la page de l'offre. "
                "Il est enregistré dès son envoi ; un nouveau fichier remplace le précédent."
            ).classes("text-sm text-gray-700")
            self.body = ui.column().classes("w-full gap-2")
            with ui.element("div").classes("w-full"):
                self.alert = ui.label("").props('role="alert"')
                self.status = ui.label("").props('role="status"')

    async def show(self) -> None:
        found = await attachments_by_offer([self.offer.id])
        self.attachments = found.get(self.offer.id, [])
        self.body.clear()
        with self.body:
            for attachment in self.attachments:
                with ui.row().classes("items-center gap-x-3 gap-y-1 flex-wrap"):
                    ui.link(
                        attachment.filename, attachment_path(self.offer.reference, attachment.id)
                    ).classes("font-bold break-all")
                    ui.label(f"PDF, {file_size(attachment.size)}").classes("text-sm")
                    remove = ui.button(
                        "Retirer", icon="delete", on_click=one_at_a_time(self._remove)
                    ).props("outline no-caps color=negative")
                    remove.props["aria-label"] = f"Retirer {attachment.filename}"
            label = "Remplacer le PDF" if self.attachments else "Joindre un PDF"
            upload = BoundedUpload(
                auto_upload=True,
                multiple=False,
                max_files=1,
                max_file_size=MAX_ATTACHMENT_BYTES,
                on_upload=self._received,
                on_rejected=self._rejected,
                on_too_large=self._too_large,
                limit=MAX_ATTACHMENT_BYTES,
            )
            upload.props('accept=".pdf,application/pdf" flat bordered')
            upload.classes("w-full max-w-md")
            upload.add_slot("header", upload_header(label))
            upload.add_slot("list", UPLOAD_LIST)

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

    def _rejected(self) -> None:
        self._say(
            alert=f"Ce fichier n'a pas été envoyé : il dépasse {_MEGABYTES} Mo ou ce n'est pas "
            "un PDF."
        )

    def _too_large(self) -> None:
        self._say(alert=f"Fichier trop volumineux : {_MEGABYTES} Mo au plus.")

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
