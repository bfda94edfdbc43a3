"""The example offer A-2021-0192 of the candidate manual, reproduced field by field.

Its texts are copied from the manual as published, typos included, so that the demo shows what
the manual shows. Only its dates are moved to the present, so that it stays visible.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

from models.offers.publishing import OfferDraft
from models.reference.catalogue import OfferType

__all__ = [
    "EXAMPLE_ATTACHMENT_NAME",
    "EXAMPLE_REFERENCE",
    "example_attachment_pdf",
    "example_offer_draft",
]

EXAMPLE_REFERENCE = "A-2021-0192"
EXAMPLE_ATTACHMENT_NAME = "Fiche+de+poste+apprenti(e)+Marketing+et+experience+client-usager.pdf"

_CONTACT_EMAIL = "antai-recrutement@interieur.gouv.fr"

_EMPLOYER_DESCRIPTION = (
    "<p>L'Agence nationale de traitement automatisé des infractions (ANTAI) est un acteur central"
    " de la politique de sécurité routière menée par le ministère de l'Intérieur. A ce titre,"
    " elle est chargée de piloter l'ensemble de la chaîne de traitement automatisé des"
    " infractions relevées par le dispositif du contrôle automatisé ainsi que par procès-verbal"
    " électronique et d'en exploiter les systèmes d'information. Plus généralement, l'ANTAI agit"
    " en qualité de prestataire de services de l'Etat, des collectivités territoriales ou de"
    " tout organisme public ou privé chargé d'une mission de service public pour le traitement"
    " automatisé d'infractions ou de redevances, de la réception des données à l'envoi postal"
    " ou électronique des documents qu'elle adresse. Dans le cadre de ses missions, l'Agence est"
    " acteur de la modernisation de l'Etat et de la simplification des démarches"
    " administratives. A travers les applications qu'elle développe pour le compte des"
    " administrations et au bénéfice de ses usagers, elle contribue à la dématérialisation des"
    " procédures tout en veillant à leur sécurité juridique et informatique. Le développement"
    " de ses services en ligne inscrit son action dans la transition numérique. Localisée à"
    " Paris et à Rennes où elle administre le Centre national de traitement (CNT), l'ANTAI"
    " évolue au cœur d'un écosystème particulier qui associe des administrations et des"
    " entreprises publiques ou privées. Créée en 2011, l'Agence est une structure légère (50"
    " personnes autour de 3 directions : administrative et financière, de l'innovation et"
    " technique) qui s'est rapidement développée et poursuit actuellement de nombreux projets"
    " de modernisation et de promotion au niveau national et européen. Pour plus"
    " d'informations, n'hésitez pas à consulter notre site"
    ' <a href="http://www.antai.gouv.fr">www.antai.gouv.fr</a></p>'
)

_MISSIONS = (
    "Accompagner la responsable dans l'amélioration du parcours utilisateur et des nouvelles"
    " offres servicielles proposées.",
    "Suivi administratif de la comitologie du centre d'appels et des rapports et tableaux de"
    " bord quotidiens et mensuels.",
    "Mise à jour des outils d'assistance en ligne : FAQ, base de connaissance...",
    "Cartographie, automatisation et suivi des réponses aux usagers",
    "Veille concurrentielle et juridique : production mensuelle d'une synthèse des innovations,"
    " grandes tendances et meilleures pratiques de l'expérience utilisateur et service client.",
)

_POST_DESCRIPTION = (
    "<p>Rattaché(e) au département des Affaires administratives et financières vous aurez pour"
    " mission d'assister la responsable de la transformation numérique et la relation usagers"
    " dans ses différentes tâches qui sera également votre tutrice. Vos missions :</p>"
    ' <ul style="list-style-type: none">'
    + "".join(f"<li>- {mission}</li>" for mission in _MISSIONS)
    + "</ul>"
)

_PROFILE_ITEMS = (
    "Niveau préparé : licence professionnelle ou master",
    "Vous aimez travailler en équipe.",
    "Vous êtes de nature curieux.",
    "Vous êtes sensible aux sujets de l'expérience usager dans le secteur public.",
    "Vous êtes doté d'un bon relationnel, d'une réelle aptitude à rédiger et communiquer de"
    " façon claire et synthétique.",
    "Vous maîtrisez le pack Office (Excel, Powerpoint) et des outils de création graphique :"
    " Canva...",
)

_PROFILE = "<ul>" + "".join(f"<li>{item}</li>" for item in _PROFILE_ITEMS) + "</ul>"

_ADDITIONAL_INFORMATION = (
    "<p>Si êtes motivé(e) par l'opportunité de travailler au sein de notre agence, envoyez votre"
    f' candidature à : <a href="mailto:{_CONTACT_EMAIL}">{_CONTACT_EMAIL}</a>.</p>'
)


def _first_of_month(today: date, months_later: int) -> date:
    years, month_index = divmod(today.month - 1 + months_later, 12)
    return date(today.year + years, month_index + 1, 1)


def example_offer_draft(today: date) -> OfferDraft:
    """The manual's example offer, starting and expiring late enough to be shown as current."""
    return OfferDraft(
        reference=EXAMPLE_REFERENCE,
        type=OfferType.APPRENTISSAGE,
        title="Apprenti Marketing et expérience client/usager (F/H)",
        diploma_level="6",
        domain="numerique",
        administration="interieur",
        service=(
            "Ministère de l'Intérieur - Agence nationale de traitement automatisé des infractions"
        ),
        employer_description=_EMPLOYER_DESCRIPTION,
        post_description=_POST_DESCRIPTION,
        profile=_PROFILE,
        additional_information=_ADDITIONAL_INFORMATION,
        comments="Ancienne référence : 2020-504552",
        workplace="PARIS 14e",
        city="Paris",
        commune_code="75056",
        department_code="75",
        region_code="IDF",
        country_code="FR",
        contract_start=_first_of_month(today, 3),
        duration="12 mois",
        contact_email=_CONTACT_EMAIL,
        expires_on=today + timedelta(days=365),
    )


# The attached job sheet: A4 portrait, in points.
_PAGE_WIDTH = 595
_PAGE_HEIGHT = 842
_MARGIN = 56
_WRAP = 92  # characters of 10 pt Helvetica that fit between the margins


def _pdf_string(text: str) -> bytes:
    # WinAnsiEncoding is Windows-1252 for every character used here (é, è, à, –, ’...).
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def _sheet_lines() -> list[tuple[str, float, str]]:
    """(font, size, text) for each line of the job sheet, top to bottom."""
    lines: list[tuple[str, float, str]] = [
        ("F1", 15, "Fiche de poste – Apprenti(e) Marketing et expérience client/usager"),
        ("F2", 10, ""),
        ("F2", 10, "Ministère de l'Intérieur – Agence nationale de traitement automatisé des"),
        ("F2", 10, "infractions (ANTAI)"),
        ("F2", 10, f"Offre n° {EXAMPLE_REFERENCE} – Apprentissage – Niveau 6 (Bac+3 ou 4)"),
        ("F2", 10, "Lieu d'affectation : PARIS 14e"),
        ("F2", 10, ""),
        ("F1", 11, "Missions"),
    ]
    for mission in _MISSIONS:
        wrapped = textwrap.wrap(mission, _WRAP - 2)
        lines.append(("F2", 10, "– " + wrapped[0]))
        lines.extend(("F2", 10, "   " + rest) for rest in wrapped[1:])
    lines += [
        ("F2", 10, ""),
        ("F1", 11, "Profil recherché"),
    ]
    for item in _PROFILE_ITEMS:
        wrapped = textwrap.wrap(item, _WRAP - 2)
        lines.append(("F2", 10, "– " + wrapped[0]))
        lines.extend(("F2", 10, "   " + rest) for rest in wrapped[1:])
    lines += [
        ("F2", 10, ""),
        ("F1", 11, "Contact"),
        ("F2", 10, _CONTACT_EMAIL),
    ]
    return lines


def _content_stream() -> bytes:
    parts = [b"BT"]
    y = float(_PAGE_HEIGHT - _MARGIN)
    for font, size, text in _sheet_lines():
        y -= size * 1.45
        if text:
            parts.append(
                f"/{font} {size:g} Tf 1 0 0 1 {_MARGIN} {y:.1f} Tm ".encode("ascii")
                + _pdf_string(text)
                + b" Tj"
            )
    parts.append(b"ET")
    return b"\n".join(parts) + b"\n"


def example_attachment_pdf() -> bytes:
    """A one-page PDF 1.4 job sheet for the example offer, built by hand with an exact xref."""
    content = _content_stream()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}]"
            " /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content)} >>\nstream\n".encode("ascii") + content + b"endstream",
        b"<< /Title (Fiche de poste - Apprenti\\(e\\) Marketing et experience client-usager)"
        b" /Author (ANTAI) /Producer (PASS) >>",
    ]
    # The binary comment tells transfer tools the file is not plain text.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref_offset = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode("ascii")
    # Each entry is exactly 20 bytes, its end of line included, as the format requires.
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_offset}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)
