"""« Mes offres »: the offers of the recruiter's administration (an admin's: every one, or the
administration picked), newest first, a page at a time, with what each published one brought."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Account, AccountRole
from models.recruiting import (
    PAGE_SIZE,
    DashboardPage,
    DashboardRow,
    ShownStatus,
    administrations,
    recruiter_offers,
)
from models.site_paths import (
    RECRUITER_OFFERS,
    STAFF_INVITATIONS,
    edit_offer_path,
    new_offer_path,
    offer_path,
)
from ui.account_forms import heading
from ui.account_session import current_candidate, sign_in_redirect
from ui.frame import frame
from ui.page_links import page_links_html
from ui.pages.recruiter.cells import CARDS_CSS, TABLE_CSS, count, short_date, table_html
from ui.pages.recruiter.gate import is_staff, refuse

TITLE = "Mes offres"
RECRUITERS_ONLY = (
    "Cette page est réservée aux comptes recruteur. Les comptes recruteur sont ouverts sur "
    "invitation d'un administrateur de PASS."
)
ALL = ""
_COLUMNS = (
    "Référence",
    "Intitulé",
    "Statut",
    "Créée le",
    "Publiée le",
    "Date limite",
    "Candidats alertés",
    "Visites",
)


_STATUS_CLASS = {
    ShownStatus.DRAFT: "draft",
    ShownStatus.PUBLISHED: "published",
    ShownStatus.EXPIRED: "expired",
    ShownStatus.ARCHIVED: "archived",
}


def _url(page: int, administration: str | None) -> str:
    query = [(k, v) for k, v in (("administration", administration or ""),) if v]
    if page > 1:
        query.append(("page", str(page)))
    return f"{RECRUITER_OFFERS}?{urlencode(query)}" if query else RECRUITER_OFFERS


def _row(row: DashboardRow, with_administration: bool) -> tuple[str, ...]:
    # The reference opens the offer's form (a draft's, an archived one's read-only); the title,
    # its public page once published.
    reference = escape(row.reference, quote=False)
    reference = (
        f'<a href="{escape(edit_offer_path(row.reference))}" '
        f'title="Modifier l\'offre {reference}">{reference}</a>'
    )
    title = escape(row.title, quote=False)
    if row.public:
        title = f'<a href="{escape(offer_path(row.reference))}">{title}</a>'
    if with_administration:
        administration = escape(row.administration, quote=False)
        title += f'<br><span class="text-sm text-gray-700">{administration}</span>'
    return (
        reference,
        title,
        f'<span class="pass-status pass-status--{_STATUS_CLASS[row.status]}">'
        f"{escape(row.status, quote=False)}</span>",
        short_date(row.created_at),
        short_date(row.published_at),
        short_date(row.expires_on),
        count(row.alerted_candidates),
        count(row.visits),
    )


def _table(found: DashboardPage, with_administration: bool) -> str:
    first = (found.page - 1) * PAGE_SIZE + 1
    if found.pages > 1:
        shown = f"Offres {first} à {first + len(found.rows) - 1} sur {found.total}"
    else:
        shown = "1 offre" if found.total == 1 else f"{found.total} offres"
    caption = shown if found.total == 1 else f"{shown}, les plus récentes d'abord"
    rows = [_row(row, with_administration) for row in found.rows]
    return table_html(
        "Tableau des offres", caption, _COLUMNS, rows, "pass-offers-table pass-cards", labelled=True
    )


_CSS = """
.pass-offers-table table { min-width: 56rem; }
.pass-offers-table tbody th { white-space: nowrap; }
.pass-offers-table td:nth-child(n+7),
.pass-offers-table th:nth-child(n+7) { text-align: right; }
.pass-status { font-weight: bold; }
.pass-status--published { color: #18753c; }
.pass-status--expired, .pass-status--archived { color: #3a3a3a; }
.pass-status--draft { color: #716043; }
"""


def _explanation() -> None:
    ui.label(
        "Candidats alertés : candidats dont une recherche sauvegardée avec alerte immédiate a "
        "reçu l'offre par e-mail. Visites : affichages de la page publique de l'offre, comptés "
        "par jour sans donnée personnelle (ni adresse, ni cookie\u00a0; robots exclus)."
    ).classes("text-sm text-gray-700 max-w-3xl mt-2")


async def _admin_filter(chosen: str | None) -> None:
    options = {ALL: "Toutes les administrations", **dict(await administrations())}
    ui.select(
        options,
        label="Administration",
        value=chosen if chosen in options else ALL,
        with_input=True,
        on_change=lambda e: ui.navigate.to(_url(1, e.value or None)),
    ).props("outlined stack-label hide-bottom-space").classes("w-full max-w-md")


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 7 else 1


@ui.page(RECRUITER_OFFERS)
async def offers_page(request: Request) -> RedirectResponse | None:
    account = await current_candidate()
    if account is None:
        return sign_in_redirect(request)
    if not is_staff(account):
        refuse(TITLE, RECRUITERS_ONLY)
        return None
    asked = request.query_params.get("administration") or None
    found = await recruiter_offers(
        account, page=_page_number(request.query_params.get("page")), administration=asked
    )
    await _page(account, found)
    return None


async def _page(account: Account, found: DashboardPage) -> None:
    admin = account.role is AccountRole.ADMIN
    with frame(TITLE):
        ui.add_css(TABLE_CSS + _CSS + CARDS_CSS)
        heading(TITLE, 1).classes("mb-2")
        with ui.row().classes("w-full items-end gap-4 mb-3 flex-wrap"):
            ui.link("Déposer une offre", new_offer_path()).classes(
                "pass-action inline-block px-4 py-2 font-bold no-underline"
            ).style("background:#000091;color:white")
            if admin:
                await _admin_filter(found.administration)
                ui.link("Inviter un recruteur", STAFF_INVITATIONS).classes("font-bold")
            else:
                labels = dict(await administrations())
                ui.label(
                    f"Offres de l'administration « {labels.get(found.administration or '', '')} »"
                )
        if not found.rows:
            ui.label("Aucune offre pour le moment.").props('role="status"')
            return
        ui.html(_table(found, with_administration=admin), sanitize=False).classes("w-full")
        _explanation()
        links = page_links_html(found.page, found.pages, lambda n: _url(n, found.administration))
        if links:
            ui.html(links.replace("Pages de résultats", "Pages de mes offres"), sanitize=False)
