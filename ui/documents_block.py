"""« Mes documents »: the candidate's CVs, cover letters and other files.

Two views of the same list: `documents_editor` on « Modifier mes informations et mes
documents » (add, download, remove) and `documents_summary` on « Mon compte » (listed, with
their download links). Files reach the domain's `add_document`, the function the GraphQL API
calls too, as a stream of chunks: the domain checks type, size and the three-per-category
limit, never this page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui
from nicegui.events import UploadEventArguments

from models.accounts import Account, account_config
from models.documents import (
    ALLOWED_EXTENSIONS,
    MAX_PER_CATEGORY,
    Document,
    DocumentCategory,
    add_document,
    clean_filename,
    delete_document,
    documents_of,
    download_path,
)
from models.errors import UserErrors
from ui.account_forms import form_card, heading, one_at_a_time
from ui.account_session import candidate_or_sign_in
from ui.bounded_upload import UPLOAD_LIST, BoundedUpload, upload_header
from ui.card_list import STATUS_BOX
from ui.confirm_dialog import ConfirmDialog
from ui.formatting import french_date

__all__ = [
    "CATEGORY_TITLES",
    "PRIVACY_SENTENCE",
    "documents_editor",
    "documents_summary",
    "file_size",
    "file_type",
    "rules_lines",
]

CATEGORY_TITLES = {
    DocumentCategory.CV: "CV",
    DocumentCategory.COVER_LETTER: "Lettre(s) de motivation",
    DocumentCategory.OTHER: "Autre(s) document(s)",
}
_ADD_LABELS = {
    DocumentCategory.CV: "Ajouter un CV",
    DocumentCategory.COVER_LETTER: "Ajouter une lettre de motivation",
    DocumentCategory.OTHER: "Ajouter un autre document",
}
_PLURALS = {
    DocumentCategory.CV: "les CV",
    DocumentCategory.COVER_LETTER: "les lettres de motivation",
    DocumentCategory.OTHER: "les autres documents",
}
_TYPE_NAMES = {
    "application/pdf": "PDF",
    "application/msword": "Word (DOC)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "application/vnd.oasis.opendocument.text": "OpenDocument (ODT)",
    "image/jpeg": "Image JPEG",
    "image/png": "Image PNG",
}
PRIVACY_SENTENCE = "Les recruteurs ne voient jamais ces documents : ils restent privés."

# NiceGUI hands a received file over as bytes up to 1 MB, as a temporary file beyond; it is
# read back and passed on 1 MB at a time, so no upload is ever held whole in memory.
CHUNK_BYTES = 1 << 20

_ALERT_BOX = "p-3 border-l-4 border-red-700 bg-red-50 text-red-900 font-bold"


def file_size(size: int) -> str:
    """« 3,1 Ko », « 1,2 Mo »: decimal units, as the « 150 Mo » limit of the manual."""
    if size < 1000:
        return f"{size} octet" + ("s" if size > 1 else "")
    for unit, factor in (("Ko", 1e3), ("Mo", 1e6), ("Go", 1e9)):
        value = size / factor
        # 999 960 octets would round to « 1000,0 Ko »: that is « 1,0 Mo ».
        if value < 999.95 or unit == "Go":
            return f"{value:.1f}".replace(".", ",") + f" {unit}"
    raise AssertionError("unreachable")


def file_type(document: Document) -> str:
    extension = document.filename.rpartition(".")[2].upper()
    return _TYPE_NAMES.get(document.content_type, extension or "Fichier")


def _max_megabytes() -> int:
    return account_config().max_document_bytes // 1_000_000


def rules_lines() -> list[str]:
    """The manual's rules, said once for the three categories; types grouped where they agree."""
    groups: dict[tuple[str, ...], list[DocumentCategory]] = {}
    for category in DocumentCategory:
        groups.setdefault(ALLOWED_EXTENSIONS[category], []).append(category)
    types = " ; ".join(
        f"{', '.join(extensions)} pour {' et '.join(_PLURALS[c] for c in categories)}"
        for extensions, categories in groups.items()
    )
    return [
        "Format PDF à privilégier.",
        f"{MAX_PER_CATEGORY} fichiers au plus par catégorie, {_max_megabytes()} Mo au plus "
        "par fichier.",
        f"Types acceptés : {types}.",
        PRIVACY_SENTENCE,
    ]


def _accept(category: DocumentCategory) -> str:
    return ",".join(f".{extension}" for extension in ALLOWED_EXTENSIONS[category])


class _SignedLinks:
    """Download links are signed for a short while (15 minutes): on a page left open, they are
    signed again at half their lifetime, so a link on screen always works."""

    def __init__(self) -> None:
        self.links: list[tuple[ui.link, Document]] = []
        lifetime = account_config().download_link_lifetime.total_seconds()
        ui.timer(lifetime / 2, self.refresh, immediate=False)

    def add(self, link: ui.link, document: Document) -> None:
        self.links = [(old, d) for old, d in self.links if not old.is_deleted]
        self.links.append((link, document))

    def refresh(self) -> None:
        self.links = [(link, d) for link, d in self.links if not link.is_deleted]
        for link, document in self.links:
            link.props["href"] = download_path(document)


def _document_rows(
    documents: list[Document],
    links: _SignedLinks,
    on_delete: Callable[[Document], Awaitable[None]] | None = None,
) -> None:
    """One list item per file: its name (the download link), type, size and date; on a phone
    the « Supprimer » button goes under them."""
    with ui.element("ul").classes("w-full flex flex-col gap-2"):
        for document in documents:
            with (
                ui.element("li").classes("w-full"),
                ui.row().classes(
                    "w-full items-center gap-x-3 gap-y-1 p-2 border border-gray-300 rounded"
                ),
            ):
                ui.icon("description", size="sm").classes("text-gray-700").props(
                    'aria-hidden="true"'
                )
                with ui.column().classes("gap-0 min-w-0 flex-1 basis-48"):
                    link = ui.link(document.filename, download_path(document), new_tab=False)
                    # The name keeps the visible file name (WCAG « label in name »).
                    link.props["aria-label"] = f"Télécharger {document.filename}"
                    link.classes("font-bold break-all")
                    links.add(link, document)
                    with ui.row().classes("gap-x-2 gap-y-0 text-sm text-gray-700"):
                        parts = (
                            file_type(document),
                            file_size(document.size),
                            f"ajouté le {french_date(document.created_at)}",
                        )
                        for position, part in enumerate(parts):
                            if position:
                                ui.label("·").props('aria-hidden="true"')
                            ui.label(part).classes("whitespace-nowrap")
                if on_delete is not None:
                    remove = one_at_a_time(_bound(on_delete, document))
                    delete = ui.button("Supprimer", icon="delete", on_click=remove)
                    delete.props("outline no-caps color=negative")
                    # Set as a value, not parsed from a props string: any file name is safe.
                    delete.props["aria-label"] = f"Supprimer {document.filename}"


def _bound(
    handler: Callable[[Document], Awaitable[None]], document: Document
) -> Callable[[], Awaitable[None]]:
    async def call() -> None:
        await handler(document)

    return call


def _by_category(documents: list[Document]) -> dict[DocumentCategory, list[Document]]:
    grouped: dict[DocumentCategory, list[Document]] = {c: [] for c in DocumentCategory}
    for document in documents:
        grouped[DocumentCategory(document.category)].append(document)
    return grouped


def _count(documents: list[Document]) -> str:
    return f"{len(documents)} fichier{'s' if len(documents) > 1 else ''} sur {MAX_PER_CATEGORY}"


def _reset(event: UploadEventArguments) -> None:
    """Empties the uploader that received the file, so that it offers to add another."""
    if isinstance(event.sender, ui.upload):
        event.sender.reset()


class _CategorySection:
    """One category: its files, its add control while fewer than three, and its messages."""

    def __init__(self, editor: _DocumentsEditor, category: DocumentCategory) -> None:
        self.editor = editor
        self.category = category
        with ui.element("div").classes("w-full flex flex-col gap-2") as group:
            group.mark(f"documents-{category.value}")
            self.title = heading(CATEGORY_TITLES[category], 3).props('tabindex="-1"')
            group.props(f'role="group" aria-labelledby="{self.title.html_id}"')
            self.body = ui.column().classes("w-full gap-2")
            # Outside the body, which is rebuilt: a message stays until the next action.
            with ui.element("div").classes("w-full"):
                self.alert = ui.label("").props('role="alert"')
                self.status = ui.label("").props('role="status"')

    def show(self, documents: list[Document]) -> None:
        self.body.clear()
        with self.body:
            ui.label(_count(documents)).classes("text-sm text-gray-700")
            if documents:
                _document_rows(documents, self.editor.links, self._ask_delete)
            if len(documents) < MAX_PER_CATEGORY:
                self._uploader()
            else:
                ui.label(
                    f"Vous avez atteint la limite de {MAX_PER_CATEGORY} fichiers : "
                    "supprimez-en un pour en ajouter un autre."
                ).classes("text-sm")

    def _uploader(self) -> None:
        upload = BoundedUpload(
            auto_upload=True,
            multiple=False,
            max_files=1,  # the add button hides until this file is dealt with
            # A courtesy: the browser refuses at once what the server would refuse anyway.
            max_file_size=account_config().max_document_bytes,
            on_upload=self._received,
            on_rejected=self._rejected,
            on_too_large=self._too_large,
            limit=account_config().max_document_bytes,
        )
        upload.props(f'accept="{_accept(self.category)}" flat bordered')
        upload.classes("w-full max-w-md")
        upload.add_slot("header", upload_header(_ADD_LABELS[self.category]))
        upload.add_slot("list", UPLOAD_LIST)

    def _say(self, *, alert: str = "", status: str = "") -> None:
        for label, text, box in (
            (self.alert, alert, _ALERT_BOX),
            (self.status, status, STATUS_BOX),
        ):
            label.text = text
            if text:
                label.classes(add=box)
            else:
                label.classes(remove=box)

    def _rejected(self) -> None:
        types = ", ".join(ALLOWED_EXTENSIONS[self.category])
        self._say(
            alert=f"Ce fichier n'a pas été envoyé : il dépasse {_max_megabytes()} Mo ou son type "
            f"n'est pas accepté (types acceptés : {types})."
        )

    def _too_large(self) -> None:
        self._say(alert=f"Fichier trop volumineux : {_max_megabytes()} Mo au plus.")

    async def _received(self, event: UploadEventArguments) -> None:
        name = clean_filename(event.file.name)
        try:
            candidate = await candidate_or_sign_in(self.editor.back_to)
            if candidate is None:
                return
            await add_document(
                candidate, self.category.value, name, event.file.iterate(chunk_size=CHUNK_BYTES)
            )
        except UserErrors as refused:
            messages = " ".join(error.message for error in refused.errors)
            self._say(alert=f"« {name} » n'a pas été ajouté. {messages}")
            _reset(event)
            return
        except Exception:
            self._say(
                alert=f"« {name} » n'a pas pu être enregistré à la suite d'une erreur du site. "
                "Réessayez dans quelques minutes."
            )
            _reset(event)
            raise
        # The list first, then the news: when it is read out, the file is on screen.
        await self.editor.reload()
        self._say(status=f"« {name} » a été ajouté.")

    async def _ask_delete(self, document: Document) -> None:
        async def delete() -> None:
            await self._delete(document)

        self.editor.confirm.ask(f"Supprimer « {document.filename} » ?", delete)

    async def _delete(self, document: Document) -> None:
        candidate = await candidate_or_sign_in(self.editor.back_to)
        if candidate is None:
            return
        try:
            await delete_document(candidate, document.id)
        except UserErrors as refused:
            # Already removed, from another tab or device: the list catches up.
            await self.editor.reload()
            self._say(alert=" ".join(error.message for error in refused.errors))
        else:
            await self.editor.reload()
            self._say(status=f"« {document.filename} » a été supprimé.")
        # The button pressed is gone (and the slot this handler ran in with it): keyboard
        # focus goes back to the category's title.
        self.title.client.run_javascript(
            f'document.getElementById("{self.title.html_id}")?.focus()'
        )


class _DocumentsEditor:
    def __init__(self, candidate: Account, back_to: str) -> None:
        self.candidate = candidate
        self.back_to = back_to
        self.links = _SignedLinks()
        # On a phone a long « Ajouter une lettre de motivation » wraps beside its icon, not
        # under it (Quasar's button content is a wrapping row).
        ui.add_css(".pass-add-file .q-btn__content { flex-wrap: nowrap; text-align: left; }")
        with form_card("Mes documents", landmark="region", marker="documents-block"):
            with ui.element("ul").classes("list-disc pl-5 text-sm").mark("documents-rules"):
                for line in rules_lines():
                    with ui.element("li"):
                        ui.label(line)
            self.sections = {c: _CategorySection(self, c) for c in DocumentCategory}
            self.confirm = ConfirmDialog(
                explanation="Le fichier sera retiré de vos documents. Cette action est définitive."
            )

    async def reload(self) -> None:
        grouped = _by_category(await documents_of(self.candidate))
        for category, section in self.sections.items():
            section.show(grouped[category])


async def documents_editor(candidate: Account, *, back_to: str) -> None:
    """The « Mes documents » block with its add and remove controls; `back_to` is the page to
    come back to if the session has ended when a control is used."""
    editor = _DocumentsEditor(candidate, back_to)
    await editor.reload()


async def documents_summary(candidate: Account, *, manage: str | None = None) -> None:
    """« Mes documents » as « Mon compte » recaps it: each category's files, downloadable."""
    grouped = _by_category(await documents_of(candidate))
    links = _SignedLinks()
    with form_card("Mes documents", landmark="region", marker="documents-summary"):
        ui.label(PRIVACY_SENTENCE).classes("text-sm text-gray-700")
        for category, documents in grouped.items():
            with ui.element("div").classes("w-full flex flex-col gap-1") as group:
                title = heading(CATEGORY_TITLES[category], 3)
                group.props(f'role="group" aria-labelledby="{title.html_id}"')
                if documents:
                    _document_rows(documents, links)
                else:
                    ui.label("Aucun fichier.").classes("text-sm text-gray-700")
        if manage is not None:
            ui.link("Ajouter ou retirer des documents", manage)
