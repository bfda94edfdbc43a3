"""« Données ouvertes »: what the open data export is, when it was made, how big, where to
download it, under which licence, and what each column means. Plain HTML in the site's frame,
the same with or without JavaScript."""

from __future__ import annotations

from html import escape

from nicegui import ui

from models.clock import PARIS
from models.offers import french_date
from models.opendata import COLUMNS, LICENCE, LICENCE_URL, OpenDataExport, current_export
from models.site_paths import OPEN_DATA, OPEN_DATA_CSV, OPEN_DATA_JSON
from ui.frame import frame

__all__ = ["open_data"]

TITLE = "Données ouvertes"

_CSS = """
.pass-legal h2 { font-size: 1.25rem; font-weight: bold; margin: 1.25rem 0 .5rem; }
.pass-legal a { text-decoration: underline; }
.pass-legal table { border-collapse: collapse; margin: .5rem 0; }
.pass-legal th, .pass-legal td { border: 1px solid #666; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
.pass-legal th[scope=row] { font-weight: normal; }
.pass-legal code { font-family: monospace; overflow-wrap: anywhere; }
.pass-legal .pass-example { color: #3a3a3a; }
"""


def _size(octets: int) -> str:
    """« 12,3 Mo », as French writes sizes."""
    for unit, factor in (("Go", 1e9), ("Mo", 1e6), ("ko", 1e3)):
        if octets >= factor:
            return f"{octets / factor:.1f}".replace(".", ",") + f" {unit}"
    return f"{octets} octets"


def _moment(export: OpenDataExport) -> str:
    local = export.generated_at.astimezone(PARIS)
    return f"{french_date(local)} à {local:%H} h {local:%M}"


def _status(export: OpenDataExport | None) -> str:
    if export is None:
        return (
            "<p>Le premier export est en cours de préparation : revenez dans quelques minutes.</p>"
        )
    csv, json = export.file("csv"), export.file("json")
    offers = f"{export.count:,}".replace(",", "\u202f")
    return (
        f"<p>Dernière mise à jour : {_moment(export)} ; {offers} offre(s) en ligne.</p><ul>"
        f'<li><a href="{OPEN_DATA_CSV}" download>Télécharger les offres au format CSV</a> '
        f"({_size(csv.size)})</li>"
        f'<li><a href="{OPEN_DATA_JSON}" download>Télécharger les offres au format JSON</a> '
        f"({_size(json.size)})</li></ul>"
    )


def open_data_html(export: OpenDataExport | None) -> str:
    rows = "".join(
        # Two columns, the example under its description: three were too narrow on a phone.
        f'<tr><th scope="row"><code>{c.name}</code></th><td>{escape(c.description)}'
        f'<br><span class="pass-example">Exemple : {escape(c.example)}</span></td></tr>'
        for c in COLUMNS
    )
    return (
        "<p>PASS publie chaque jour la liste de toutes les offres de stage et d'apprentissage "
        "en ligne (publiées et dont la date limite n'est pas passée), pour que chacun puisse "
        "les réutiliser : sites d'emploi, études, applications.</p>"
        "<h2>Télécharger</h2>"
        f"{_status(export)}"
        "<p>Ces adresses ne changent pas ; le fichier est refait chaque nuit. Le CSV est séparé "
        "par des virgules, encodé en UTF-8 (avec l'indicateur d'ordre des octets, pour "
        "qu'Excel lise bien les accents : dans Excel, passez par « Données », « À partir d'un "
        "fichier texte/CSV »). Le JSON est un objet avec des « metadonnees » (date, licence, "
        "source, nombre d'offres) et le tableau des « offres ».</p>"
        "<h2>Licence</h2>"
        f'<p>Les données sont publiées sous la <a href="{LICENCE_URL}">{LICENCE}</a> '
        "(Etalab) : vous pouvez les réutiliser librement, y compris à des fins commerciales, "
        "en mentionnant leur source (« PASS – Place de l'apprentissage et des stages ») et la "
        "date de leur dernière mise à jour.</p>"
        "<h2>Champs</h2>"
        "<p>Une ligne (CSV) ou un objet (JSON) par offre. Une valeur absente est une cellule "
        "vide en CSV et <code>null</code> en JSON. Les textes sont en texte brut.</p>"
        '<table><caption class="sr-only">Champs des fichiers de données ouvertes</caption>'
        '<thead><tr><th scope="col">Champ</th><th scope="col">Description</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
        "<p>Pour suivre les offres au fil de l'eau, l'API GraphQL est à "
        '<a href="/graphql">/graphql</a>.</p>'
    )


@ui.page(OPEN_DATA)
def open_data() -> None:
    # A file of a few hundred bytes: read at once, like the legal pages' texts.
    body = open_data_html(current_export())
    ui.add_css(_CSS)
    with (
        frame(TITLE, noscript=f"<h1>{TITLE}</h1>{body}"),
        ui.card().classes("pass-card w-full p-4 sm:p-6"),
    ):
        ui.html(f'<h1 class="text-2xl font-bold pass-brand mb-4">{TITLE}</h1>', sanitize=False)
        ui.html(body, sanitize=False).classes("pass-html pass-legal")
