"""The texts of the pages every State site has, as HTML: shown by the pages and, the same,
without JavaScript (ui.frame's noscript block).

Facts about the deployment (publisher, host, contact) come from configuration
(models.site_identity) and read « à renseigner » when missing; durations are read from the code
that applies them, so the page cannot promise what the site does not do.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from models.accounts import account_config
from models.personal_data import LINK_LIFETIME
from models.site_identity import site_identity
from models.site_paths import (
    ACCESSIBILITY,
    ACCOUNT_EDIT,
    ACCOUNT_HOME,
    APPLICATIONS,
    HOME,
    LEGAL_NOTICE,
    OPEN_DATA,
    PERSONAL_DATA,
    RECRUITER_OFFERS,
    RECRUITER_SIGN_IN,
    REGISTER,
    SAVED_OFFERS,
    SAVED_SEARCHES,
    SEARCH,
    SIGN_IN,
    SITE_PLAN,
)

__all__ = [
    "CONFORMITY",
    "accessibility_html",
    "legal_notice_html",
    "personal_data_html",
    "site_plan_html",
]

# No RGAA audit has been made: the RGAA says such a site declares itself « non conforme ».
CONFORMITY = "non conforme"

# What issue 13's review found (axe-core, keyboard, 390 px) and is not yet shown fixed by a
# test. Gone from the list, each now checked by an end-to-end test: unlabelled file inputs and
# links told only by colour (tests/e2e/test_accessibility.py); invisible focus, no skip link,
# nested mains and the fixed phone header (test_state_frame.py); the count not a heading, many
# live regions, offers under the filters and chips named « Supprimer » (test_phone_search.py).
_KNOWN_PROBLEMS = (
    "les pages n'ont pas encore été essayées avec un lecteur d'écran (NVDA, VoiceOver) ;",
    "sans JavaScript, seules les pages d'offre et les pages d'information sont lisibles.",
)

# The pages tests/e2e/test_accessibility.py checks; said here as a candidate names them.
_TESTED_PAGES = (
    "l'accueil ;",
    "les résultats de recherche, sans critère, avec des critères et sans aucun résultat, et "
    "sur un téléphone avec le panneau des filtres ouvert ;",
    "le menu de l'en-tête ouvert sur un téléphone ;",
    "la page d'une offre, d'une offre expirée et d'une offre introuvable ;",
    "les pages Accessibilité, Mentions légales, Données personnelles et Plan du site ;",
    "la connexion, la création de compte, le mot de passe oublié, le choix d'un nouveau mot "
    "de passe, la confirmation d'une nouvelle adresse e-mail, la page du compte supprimé et "
    "la page d'une adresse inconnue ;",
    "connecté à un compte : Mon compte, la page de bienvenue, la modification des "
    "informations et des documents (avec un document déposé), Mes recherches (avec une "
    "recherche sauvegardée), et les demandes de confirmation de suppression du compte et "
    "d'un document.",
)


def _items(lines: tuple[str, ...]) -> str:
    # A no-break space keeps « ; » on the line of the word before it, as French typesets it.
    return "".join(
        "<li>" + escape(line, quote=False).replace(" ;", "\u00a0;") + "</li>" for line in lines
    )


def _configured(value: str, variable: str) -> str:
    if value:
        return escape(value)
    return f"<em>à renseigner par l'exploitant du site (variable {variable})</em>"


def _contact() -> str:
    email = site_identity().contact_email
    if email:
        return f'<a href="mailto:{escape(email)}">{escape(email)}</a>'
    return _configured("", "PASS_CONTACT_EMAIL")


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} jour{'s' if days > 1 else ''}"
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} heure{'s' if hours > 1 else ''}"
    return f"{seconds // 60} minutes"


def accessibility_html() -> str:
    return (
        "<p>L'administration qui édite PASS s'engage à rendre ce site accessible conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>"
        "<h2>État de conformité</h2>"
        f"<p>PASS est <strong>{CONFORMITY}</strong> avec le référentiel général d'amélioration "
        "de l'accessibilité (RGAA) version 4.1 : aucun audit de conformité n'a encore été "
        "réalisé. Un audit est en cours de préparation ; cette déclaration sera mise à jour "
        "avec son résultat.</p>"
        "<h2>Tests réalisés</h2>"
        "<p>À chaque modification du site, des tests automatiques ouvrent ses pages dans le "
        "navigateur Chromium et les examinent avec l'outil axe-core (version 4.14), selon ses "
        "règles des WCAG 2.0, 2.1 et 2.2, niveaux A et AA, sur un écran d'ordinateur "
        "(1 280 × 800 pixels) et sur un écran de téléphone (390 × 844 pixels), sans être "
        "connecté puis connecté à un compte candidat. Ils vérifient aussi que les titres de "
        "chaque page se suivent sans sauter de niveau. Les pages testées sont :</p>"
        f"<ul>{_items(_TESTED_PAGES)}</ul>"
        "<p>Les formulaires sont testés aussi avec leurs messages d'erreur affichés.</p>"
        "<p>Résultat au 30 novembre 2026 : axe-core ne relève aucune anomalie, quel que soit "
        "son niveau de gravité, sur ces pages, à ces deux tailles d'écran, connecté ou non.</p>"
        "<p>Ce résultat ne vaut pas conformité : un outil automatique ne vérifie qu'une partie "
        "des critères du RGAA (il ne juge pas, par exemple, la pertinence d'un texte de "
        "remplacement, l'ordre de lecture ou l'usage avec un lecteur d'écran). Seul un audit "
        "le peut.</p>"
        "<h2>Contenus non accessibles</h2>"
        "<p>Une revue du site (outil axe-core, navigation au clavier, écran de téléphone) a "
        "relevé les non-conformités suivantes, qui ne sont pas encore corrigées ou dont la "
        "correction n'est pas encore vérifiée ; leur correction est en cours :</p>"
        f"<ul>{_items(_KNOWN_PROBLEMS)}</ul>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous pour être "
        "orienté vers une alternative accessible ou obtenir le contenu sous une autre forme : "
        f"{_contact()}. Précisez la page concernée (son adresse) et le problème rencontré.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un "
        "contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous "
        "pouvez écrire au Défenseur des droits "
        '(<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>), '
        "contacter le délégué du Défenseur des droits de votre région, ou écrire par courrier, "
        "gratuitement, sans timbre, à : Défenseur des droits, Libre réponse 71120, "
        "75342 Paris CEDEX 07.</p>"
    )


def legal_notice_html() -> str:
    identity = site_identity()
    return (
        "<h2>Éditeur</h2>"
        f"<p>{_configured(identity.publisher, 'PASS_PUBLISHER')}</p>"
        "<h2>Directeur ou directrice de la publication</h2>"
        f"<p>{_configured(identity.publication_director, 'PASS_PUBLICATION_DIRECTOR')}</p>"
        "<h2>Hébergement</h2>"
        f"<p>{_configured(identity.hosting, 'PASS_HOSTING')}</p>"
        "<h2>Contenu des offres</h2>"
        "<p>Chaque offre est rédigée et publiée par l'administration qui recrute, qui en est "
        "responsable. PASS ne permet pas de postuler en ligne : chaque offre indique à qui "
        "écrire.</p>"
        "<h2>Contact</h2>"
        f"<p>{_contact()}</p>"
        "<h2>Accessibilité et données personnelles</h2>"
        f'<p>Voir la <a href="{ACCESSIBILITY}">déclaration d\'accessibilité</a> et la page '
        f'<a href="{PERSONAL_DATA}">Données personnelles et cookies</a>.</p>'
    )


def personal_data_html() -> str:
    config = account_config()
    return (
        "<p>Chercher et lire des offres ne demande aucun compte, et PASS ne garde alors rien "
        "qui vous concerne. Ce qui suit concerne les personnes qui créent un compte "
        "candidat.</p>"
        "<h2>Ce que PASS conserve, et pourquoi</h2>"
        "<ul>"
        "<li><strong>Votre compte</strong> : civilité, nom, prénom, adresse e-mail, identifiant, "
        "téléphone si vous le donnez, et votre mot de passe sous une forme chiffrée "
        "irréversible (on ne peut pas le relire). Pour vous reconnaître à la connexion et vous "
        "écrire (confirmation d'adresse, alertes).</li>"
        "<li><strong>Vos documents</strong> (CV, lettres de motivation) : pour que vous les "
        "ayez sous la main quand vous écrivez à un recruteur. Vous seul pouvez les "
        "télécharger, par un lien personnel valable "
        f"{_duration(config.download_link_lifetime)}.</li>"
        "<li><strong>Vos recherches sauvegardées et vos alertes</strong> : pour vous envoyer "
        "par e-mail les nouvelles offres qui y répondent.</li>"
        "<li><strong>Vos candidatures notées</strong> (Mes candidatures : offre, date, "
        "destinataire, documents envoyés, statut, notes) : pour que vous suiviez ce que vous "
        "avez envoyé, et pour vous rappeler par e-mail, si vous le demandez, de relancer un "
        "recruteur resté sans réponse.</li>"
        "<li><strong>Vos offres sauvegardées</strong>, avec la date de leur sauvegarde et, si "
        "vous l'avez demandé, celle du rappel envoyé avant leur date limite : pour que vous les "
        "retrouviez et, si vous le souhaitez, recevoir ce rappel.</li>"
        "<li><strong>Vos sessions de connexion</strong> : pour vous garder connecté.</li>"
        "</ul>"
        "<p>PASS ne transmet ces données à personne : les recruteurs ne les voient pas. Vous "
        "leur écrivez vous-même.</p>"
        "<h2>Combien de temps</h2>"
        "<ul>"
        "<li>Votre compte, vos documents, vos recherches, vos alertes, vos offres "
        "sauvegardées et vos candidatures notées sont gardés tant que votre compte existe, "
        "et effacés, fichiers compris, quand vous le supprimez.</li>"
        "<li><strong>Comptes inutilisés</strong> : un compte candidat dont personne ne s'est "
        "servi (connexion, ou visite en étant connecté) depuis deux ans est supprimé, avec "
        "tout ce qu'il contient, comme si vous l'aviez supprimé vous-même. Un e-mail vous "
        "prévient un mois avant (au bout d'environ 23 mois) et donne la date ; il suffit de "
        "vous connecter avant pour garder votre compte. Les comptes des recruteurs et des "
        "administrateurs, gérés par l'administration, ne sont pas concernés.</li>"
        "<li>Un export de vos données (voir ci-dessous) est effacé au bout de "
        f"{_duration(LINK_LIFETIME)}, ou quand vous en demandez un nouveau.</li>"
        f"<li>Une session de connexion dure {_duration(config.session_lifetime)} ; elle est "
        "effacée à sa fin ou quand vous vous déconnectez.</li>"
        "<li>Un lien de confirmation d'adresse est valable "
        f"{_duration(config.email_link_lifetime)}, un lien de nouveau mot de passe "
        f"{_duration(config.reset_link_lifetime)} ; ils sont effacés quand ils expirent, ou un "
        "jour après avoir servi.</li>"
        "<li>Les compteurs qui limitent les tentatives de connexion répétées (par adresse "
        "e-mail et adresse IP) s'effacent d'eux-mêmes, au plus tard au bout d'une heure.</li>"
        "<li>Le journal des e-mails envoyés par le site (adresse du destinataire, type de "
        "message) n'est aujourd'hui pas purgé automatiquement : c'est un manque connu, qui "
        "sera corrigé.</li>"
        "</ul>"
        "<h2>Cookies</h2>"
        "<p>PASS dépose un seul cookie, « session », nécessaire au fonctionnement du site : il "
        "relie votre navigateur à votre connexion et à vos préférences d'affichage (taille du "
        "texte), gardées sur le serveur. Il expire 14 jours après votre dernière visite. Il "
        "n'y a ni cookie de mesure d'audience ni cookie publicitaire, d'où l'absence de "
        "bandeau de consentement. Les préférences gardées sur le serveur ne sont aujourd'hui "
        "pas purgées automatiquement : c'est un autre manque connu.</p>"
        "<p>Chaque affichage de la page d'une offre ajoute un au nombre de visites de cette "
        "offre pour le jour, montré à son recruteur : rien d'autre n'est gardé, ni adresse IP, "
        "ni cookie, ni identifiant de votre navigateur.</p>"
        "<h2>Vos droits</h2>"
        "<p>Vous pouvez accéder à vos données, les corriger, les effacer, vous opposer à leur "
        "traitement ou en demander la limitation et la portabilité (règlement général sur la "
        "protection des données, articles 15 à 21) :</p>"
        "<ul>"
        f'<li>les voir et les corriger dans <a href="{ACCOUNT_HOME}">Mon compte</a> ;</li>'
        f'<li>en recevoir une copie complète depuis <a href="{ACCOUNT_HOME}">Mon compte</a>, '
        "bouton « Télécharger mes données » : un fichier zip avec vos informations "
        "(compte.json), vos recherches sauvegardées et leurs alertes (recherches.json), "
        "vos offres sauvegardées (favoris.json), vos candidatures notées (candidatures.json) "
        "et vos documents, dont le lien vous est envoyé par e-mail ;</li>"
        f"<li>supprimer votre compte et tout ce qu'il contient depuis la page "
        f'<a href="{ACCOUNT_EDIT}">Modifier mon compte</a> (« Supprimer mon compte ») ;</li>'
        f'<li>arrêter une alerte depuis <a href="{SAVED_SEARCHES}">Mes recherches</a> ou par le '
        "lien présent dans chaque e-mail d'alerte ;</li>"
        f"<li>pour toute autre demande : {_contact()}.</li>"
        "</ul>"
        "<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
        'réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">cnil.fr</a>).</p>'
    )


def site_plan_html() -> str:
    sections = (
        (
            "Offres",
            (("Accueil", HOME), ("Rechercher une offre", SEARCH)),
        ),
        (
            "Espace candidat",
            (
                ("Se connecter", SIGN_IN),
                ("Créer un compte", REGISTER),
                ("Mon compte", ACCOUNT_HOME),
                ("Mes recherches", SAVED_SEARCHES),
                ("Mes candidatures", APPLICATIONS),
                ("Mes offres sauvegardées", SAVED_OFFERS),
            ),
        ),
        (
            "Espace recruteur",
            (
                ("Accès recruteur", RECRUITER_SIGN_IN),
                ("Mes offres", RECRUITER_OFFERS),
            ),
        ),
        (
            "Informations",
            (
                (f"Accessibilité : {CONFORMITY}", ACCESSIBILITY),
                ("Mentions légales", LEGAL_NOTICE),
                ("Données personnelles et cookies", PERSONAL_DATA),
                ("Plan du site", SITE_PLAN),
                ("Données ouvertes", OPEN_DATA),
            ),
        ),
    )
    return "".join(
        f"<h2>{title}</h2><ul>"
        + "".join(f'<li><a href="{href}">{escape(text)}</a></li>' for text, href in links)
        + "</ul>"
        for title, links in sections
    )
