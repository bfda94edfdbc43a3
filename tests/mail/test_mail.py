"""Account e-mails: French texts, the outbox folder, real SMTP delivery, the outbox command."""

from __future__ import annotations

import asyncio
import html
import os
import re
import subprocess
import sys
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

import aiosmtplib
import jinja2
import pytest

from models.mail.messages import MailKind, render_mail
from server.mailers import OutboxMailer, SmtpMailer, mailer_for
from server.outbox import main, read_outbox
from tests.mail_server import (
    REFUSED_DOMAIN,
    MailCatcher,
    _free_port,
    html_of,
    links_in,
    mail_catcher,  # noqa: F401
    text_of,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SENDER = "PASS <ne-pas-repondre@pass.example.fr>"
TO = "Zoé Martin <zoe.martin@example.org>"
SITE = "https://pass.example.fr"
SIGNATURE = "L'équipe PASS – Place de l'apprentissage et des stages"

CONTEXTS: dict[MailKind, dict[str, object]] = {
    MailKind.WELCOME: {
        "civility": "Madame",
        "first_name": "Zoé",
        "last_name": "Martin",
        "username": "zoe.martin-42",
        "site_url": SITE,
        "sign_in_url": f"{SITE}/acces-candidat?onglet=connexion",
    },
    MailKind.EMAIL_CHANGE_CONFIRM: {
        "first_name": "Zoé",
        "new_email": "zoe.nouvelle@example.org",
        "confirm_url": f"{SITE}/compte/adresse/confirmer?jeton=Abc123_xyz",
        "expires_hours": 24,
        "site_url": SITE,
    },
    MailKind.EMAIL_CHANGE_NOTICE: {
        "first_name": "Zoé",
        "new_email": "zoe.nouvelle@example.org",
        "site_url": SITE,
    },
    MailKind.PASSWORD_RESET: {
        "first_name": "Zoé",
        "reset_url": f"{SITE}/mot-de-passe/nouveau?jeton=Rst987_abc",
        "expires_minutes": 30,
        "site_url": SITE,
    },
    MailKind.PASSWORD_CHANGED: {"first_name": "Zoé", "site_url": SITE},
    MailKind.ACCOUNT_DELETED: {"first_name": "Zoé", "site_url": SITE},
    MailKind.OFFER_ALERT: {
        "first_name": "Zoé",
        "site_url": SITE,
        "offer_title": "Stage – data analyst (F/H)",
        "offer_reference": "S-2026-0042",
        "offer_type": "Stage",
        "offer_place": "Paris, Île-de-France, FRANCE",
        "offer_level": "Niveau 7 – (Bac+5)",
        "offer_start": "Février 2027",
        "offer_url": f"{SITE}/offres/S-2026-0042",
        "searches": [
            {
                "name": "Data à Paris",
                "criteria": "Stage · mots-clés « data » · à 10 km d'Aubervilliers",
                "unsubscribe_url": f"{SITE}/alertes/arret/4/sig4",
            },
            {"name": "Numérique", "unsubscribe_url": f"{SITE}/alertes/arret/9/sig9"},
        ],
        "unsubscribe_url": f"{SITE}/alertes/arret/4-9/sig49",
    },
    MailKind.OFFER_DIGEST: {
        "first_name": "Zoé",
        "site_url": SITE,
        "day": "23 novembre 2026",
        "offers": [
            {
                "title": "Apprenti développeur (F/H)",
                "reference": "A-2026-0007",
                "type": "Apprentissage",
                "place": "Rennes, Bretagne, FRANCE",
                "level": "Niveau 5 – (Bac+2)",
                "start": "Septembre 2027",
                "url": f"{SITE}/offres/A-2026-0007",
                "searches": ["Numérique"],
            },
            {
                "title": "Stage – data analyst (F/H)",
                "reference": "S-2026-0042",
                "type": "Stage",
                "place": "Paris, Île-de-France, FRANCE",
                "level": "Niveau 7 – (Bac+5)",
                "start": "Février 2027",
                "url": f"{SITE}/offres/S-2026-0042",
                "searches": ["Data à Paris", "Numérique"],
            },
        ],
        "searches": [
            {
                "name": "Data à Paris",
                "criteria": "Stage · mots-clés « data » · à 10 km d'Aubervilliers",
                "unsubscribe_url": f"{SITE}/alertes/arret/4/sig4",
            },
            {"name": "Numérique", "unsubscribe_url": f"{SITE}/alertes/arret/9/sig9"},
        ],
        "unsubscribe_url": f"{SITE}/alertes/arret/4-9/sig49",
    },
    MailKind.OFFER_DEADLINE_REMINDER: {
        "first_name": "Zoé",
        "site_url": SITE,
        "saved_offers_url": f"{SITE}/mon-compte/offres-sauvegardees",
        "offers": [
            {
                "title": "Stage – data analyst (F/H)",
                "reference": "S-2026-0042",
                "administration": "Ministère de la Culture",
                "place": "Paris, Île-de-France, FRANCE",
                "deadline": "3 décembre 2026",
                "url": f"{SITE}/offres/S-2026-0042",
            },
            {
                "title": "Apprenti développeur (F/H)",
                "reference": "A-2026-0007",
                "administration": "",
                "place": "Rennes, Bretagne, FRANCE",
                "deadline": "4 décembre 2026",
                "url": f"{SITE}/offres/A-2026-0007",
            },
        ],
    },
    MailKind.STAFF_INVITATION: {
        "first_name": "Zoé",
        "site_url": SITE,
        "role_label": "recruteur",
        "administration": "Ministère de la Culture",
        "username": "zmartin",
        "reset_url": f"{SITE}/nouveau-mot-de-passe?jeton=Inv123",
        "expires_days": 7,
    },
    MailKind.RECRUITER_INVITATION: {
        "site_url": SITE,
        "inviter": "Jean Dupont",
        "role_label": "recruteur",
        "administration": "Ministère de la Culture",
        "accept_url": f"{SITE}/invitation?jeton=Inv456",
        "expires_days": 7,
    },
    MailKind.DATA_EXPORT_READY: {
        "first_name": "Zoé",
        "site_url": SITE,
        "download_url": f"{SITE}/mes-donnees/telechargement?jeton=Exp789",
        "expires_hours": 48,
    },
    MailKind.INACTIVITY_WARNING: {
        "first_name": "Zoé",
        "site_url": SITE,
        "sign_in_url": f"{SITE}/connexion",
        "deletion_date": "1er mars 2028",
    },
    MailKind.INACTIVE_ACCOUNT_DELETED: {"first_name": "Zoé", "site_url": SITE},
    MailKind.APPLICATION_REMINDER: {
        "first_name": "Zoé",
        "site_url": SITE,
        "tracker_url": f"{SITE}/mes-candidatures",
        "offers": [
            {
                "title": "Stage – data analyst (F/H)",
                "reference": "S-2026-0042",
                "administration": "Ministère de la Culture",
                "written_on": "3 novembre 2026",
                "contact": "Service RH (rh@culture.gouv.fr)",
                "url": f"{SITE}/offres/S-2026-0042",
            },
            {
                "title": "Apprenti développeur (F/H)",
                "reference": "A-2026-0007",
                "administration": "",
                "written_on": "5 novembre 2026",
                "contact": "M. Martin",
                "url": "",
            },
        ],
    },
}

SUBJECTS = {
    MailKind.WELCOME: "Bienvenue sur PASS",
    MailKind.EMAIL_CHANGE_CONFIRM: "Confirmez votre nouvelle adresse e-mail",
    MailKind.EMAIL_CHANGE_NOTICE: "Demande de changement d'adresse e-mail",
    MailKind.PASSWORD_RESET: "Réinitialisation de votre mot de passe",
    MailKind.PASSWORD_CHANGED: "Votre mot de passe a été modifié",
    MailKind.ACCOUNT_DELETED: "Votre compte PASS a été supprimé",
    MailKind.OFFER_ALERT: "Nouvelle offre : Stage – data analyst (F/H)",
    MailKind.OFFER_DIGEST: "2 nouvelles offres du 23 novembre 2026 pour vos recherches",
    MailKind.OFFER_DEADLINE_REMINDER: "Date limite proche pour 2 offres sauvegardées",
    MailKind.STAFF_INVITATION: "Votre compte recruteur sur PASS",
    MailKind.RECRUITER_INVITATION: "Invitation à ouvrir votre compte recruteur sur PASS",
    MailKind.DATA_EXPORT_READY: "Vos données PASS sont prêtes à télécharger",
    MailKind.INACTIVITY_WARNING: "Votre compte PASS sera supprimé le 1er mars 2028",
    MailKind.INACTIVE_ACCOUNT_DELETED: "Votre compte PASS inutilisé a été supprimé",
    MailKind.APPLICATION_REMINDER: "Relancer vos 2 candidatures ?",
}

# What each mail must tell the reader, in words a French reader would look for.
MUST_SAY = {
    MailKind.WELCOME: ["a bien été créé", "Votre identifiant", "jamais envoyé par e-mail"],
    MailKind.EMAIL_CHANGE_CONFIRM: [
        "confirmer",
        "ne prendra effet qu'après votre confirmation",
        "valable 24 heures",
        "ignorez simplement ce message",
    ],
    MailKind.EMAIL_CHANGE_NOTICE: ["nouvelle adresse demandée", "changez-le sans attendre"],
    MailKind.PASSWORD_RESET: [
        "qu'une seule fois",
        "valable 30 minutes",
        "ignorez simplement ce message",
    ],
    MailKind.PASSWORD_CHANGED: ["vient d'être modifié", "autres sessions", "déconnectées"],
    MailKind.ACCOUNT_DELETED: ["a bien été supprimé", "toutes les données"],
    MailKind.OFFER_ALERT: [
        "vos recherches sauvegardées",
        "Data à Paris",
        "« Data à Paris » (Stage · mots-clés « data » · à 10 km d'Aubervilliers)",
        "Numérique",
        "S-2026-0042",
        "Février 2027",
        "ne plus recevoir",
    ],
    MailKind.OFFER_DIGEST: [
        "les 2 nouvelles offres du 23 novembre 2026",
        "de la plus récente à la plus ancienne",
        "A-2026-0007",
        "Data à Paris",
        "(Stage · mots-clés « data » · à 10 km d'Aubervilliers)",
        "ne plus recevoir ce récapitulatif",
    ],
    MailKind.APPLICATION_REMINDER: [
        "Ces candidatures sont toujours au statut « envoyée »",
        "Stage – data analyst (F/H) (S-2026-0042)",
        "Écrit le 3 novembre 2026 à Service RH (rh@culture.gouv.fr)",
        "Ministère de la Culture",
        "Offre archivée",
        "qu'une fois par candidature",
    ],
    MailKind.OFFER_DEADLINE_REMINDER: [
        "Les candidatures aux 2 offres suivantes, que vous avez sauvegardées, se terminent dans "
        "3 jours au plus",
        "S-2026-0042 · Ministère de la Culture",
        "Date limite de candidature : 3 décembre 2026",
        "Apprenti développeur (F/H)",
        "qu'une fois par offre",
    ],
    MailKind.STAFF_INVITATION: [
        "compte recruteur",
        "Ministère de la Culture",
        "zmartin",
        "qu'une seule fois",
        "valable 7 jours",
    ],
    MailKind.RECRUITER_INVITATION: [
        "Jean Dupont vous invite",
        "compte recruteur",
        "Ministère de la Culture",
        "qu'une seule fois",
        "valable 7 jours",
        "aucun compte n'est créé sans vous",
    ],
    MailKind.DATA_EXPORT_READY: ["elle est prête", "valable 48 heures", "vos documents"],
    MailKind.INACTIVITY_WARNING: [
        "sera supprimé le 1er mars 2028",
        "il vous suffit de vous connecter",
        "télécharger vos données",
    ],
    MailKind.INACTIVE_ACCOUNT_DELETED: ["inutilisé depuis deux ans", "toutes les données"],
}


def _render(kind: MailKind, **changes: object) -> EmailMessage:
    return render_mail(kind, to=TO, sender=SENDER, context={**CONTEXTS[kind], **changes})


def _visible(markup: str) -> str:
    """The HTML part as read on screen: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_every_kind_is_covered() -> None:
    assert set(CONTEXTS) == set(MailKind) == set(SUBJECTS) == set(MUST_SAY)


@pytest.mark.parametrize("kind", list(MailKind))
def test_mail_has_french_text_and_html_parts(kind: MailKind) -> None:
    message = _render(kind, first_name="Zoé")

    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert message["Subject"] == SUBJECTS[kind]
    assert message["From"] == SENDER
    assert message["To"] == TO
    assert message["Content-Language"] == "fr"
    assert message["Auto-Submitted"] == "auto-generated"
    assert parsedate_to_datetime(message["Date"]).utcoffset() is not None
    assert re.fullmatch(r"<[^<>@\s]+@pass\.example\.fr>", message["Message-ID"])

    text, markup = text_of(message), html_of(message)
    visible = _visible(markup)
    assert text.startswith("Bonjour ")
    assert SIGNATURE in text and SIGNATURE in visible
    assert '<html lang="fr">' in markup
    for sentence in MUST_SAY[kind]:
        assert sentence in " ".join(text.split()), sentence
        assert sentence in visible, sentence
    for key, value in CONTEXTS[kind].items():
        if isinstance(value, list):  # a list is checked through its items' own words
            continue
        if value == "":
            continue
        assert str(value) in text, key
        assert html.escape(str(value)) in markup, key
    # The HTML must load nothing from elsewhere: no images, stylesheets or scripts.
    assert not re.search(r"<(img|link|script|style)\b", markup)
    assert "src=" not in markup


@pytest.mark.parametrize("kind", list(MailKind))
def test_links_are_clickable_in_both_parts(kind: MailKind) -> None:
    message = _render(kind)
    text, markup = text_of(message), html_of(message)
    urls = [value for key, value in CONTEXTS[kind].items() if key.endswith("_url")]
    for item in CONTEXTS[kind].get("searches", []):  # type: ignore[attr-defined]
        urls.append(item["unsubscribe_url"])
    for item in CONTEXTS[kind].get("offers", []):  # type: ignore[attr-defined]
        if item["url"]:  # an archived offer is named, not linked
            urls.append(item["url"])
    assert SITE in urls
    for url in urls:
        assert url in links_in(text)
        assert f'href="{html.escape(str(url))}"' in markup
    # Every link of the text part is one we gave: no stray or broken address.
    allowed = set(map(str, urls))
    if kind in (MailKind.OFFER_ALERT, MailKind.OFFER_DIGEST):
        allowed.add(f"{SITE}/mes-recherches")  # where alerts are managed
    assert set(links_in(text)) <= allowed


def test_html_part_escapes_what_the_candidate_typed() -> None:
    message = _render(MailKind.WELCOME, first_name="<b>Zoé</b>", last_name='O"Neil & fils')
    markup = html_of(message)
    assert "&lt;b&gt;Zoé&lt;/b&gt;" in markup
    assert "<b>Zoé</b>" not in markup
    assert "O&#34;Neil &amp; fils" in markup
    # The text part is not HTML: the reader sees exactly what was typed.
    assert 'Bonjour Madame <b>Zoé</b> O"Neil & fils,' in text_of(message)


def test_ampersand_in_a_link_is_escaped_in_href_only() -> None:
    url = f"{SITE}/compte/adresse/confirmer?jeton=abc&source=mail"
    message = _render(MailKind.EMAIL_CHANGE_CONFIRM, confirm_url=url)
    assert url in links_in(text_of(message))
    assert 'href="https://pass.example.fr/compte/adresse/confirmer?jeton=abc&amp;source=mail"' in (
        html_of(message)
    )


@pytest.mark.parametrize(("civility", "greeting"), [("Madame", "Bonjour Madame Zoé Martin,"),
                                                    ("Monsieur", "Bonjour Monsieur Zoé Martin,"),
                                                    ("", "Bonjour Zoé Martin,")])  # fmt: skip
def test_welcome_greets_with_the_civility(civility: str, greeting: str) -> None:
    message = _render(MailKind.WELCOME, civility=civility)
    assert text_of(message).splitlines()[0] == greeting
    assert greeting in _visible(html_of(message))


def test_welcome_gives_the_username_and_no_password() -> None:
    message = _render(MailKind.WELCOME)
    text, visible = text_of(message), _visible(html_of(message))
    assert "Votre identifiant : zoe.martin-42" in text
    assert "Votre identifiant : zoe.martin-42" in visible
    for content in (text, visible):
        assert not re.search(r"mot de passe\s*:", content, re.IGNORECASE)
        assert "password" not in content.lower()


@pytest.mark.parametrize("key", ["password", "new_password", "Password_hash"])
def test_a_password_in_the_context_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="password"):
        _render(MailKind.WELCOME, **{key: "Tr0ub4dor&3"})


@pytest.mark.parametrize(
    ("kind", "key"), [(kind, key) for kind, context in CONTEXTS.items() for key in context]
)
def test_a_missing_context_variable_raises(kind: MailKind, key: str) -> None:
    context = {name: value for name, value in CONTEXTS[kind].items() if name != key}
    with pytest.raises(jinja2.UndefinedError, match=key):
        render_mail(kind, to=TO, sender=SENDER, context=context)


def test_durations_are_singular_for_one() -> None:
    confirm = _render(MailKind.EMAIL_CHANGE_CONFIRM, expires_hours=1)
    assert "valable 1 heure." in text_of(confirm)
    reset = _render(MailKind.PASSWORD_RESET, expires_minutes=1)
    assert "valable 1 minute." in text_of(reset)


def test_message_id_is_kept_when_given_and_needs_a_sender_domain() -> None:
    given = "<account-welcome-42@pass.example.fr>"
    context = CONTEXTS[MailKind.PASSWORD_CHANGED]
    message = render_mail(
        MailKind.PASSWORD_CHANGED, to=TO, sender=SENDER, context=context, message_id=given
    )
    assert message["Message-ID"] == given
    with pytest.raises(ValueError, match="domain"):
        render_mail(MailKind.PASSWORD_CHANGED, to=TO, sender="PASS <robot>", context=context)


def test_message_is_seven_bit_clean() -> None:
    data = _render(MailKind.WELCOME).as_bytes()
    assert data.isascii()
    assert b"\n" in data


# --- outbox folder ---------------------------------------------------------------------------


def _mail(number: int, kind: MailKind = MailKind.PASSWORD_CHANGED) -> EmailMessage:
    return render_mail(
        kind, to=f"candidat{number}@example.org", sender=SENDER, context=CONTEXTS[kind],
        message_id=f"<mail-{number}@pass.example.fr>",
    )  # fmt: skip


async def test_outbox_writes_a_parseable_eml_file(tmp_path: Path) -> None:
    folder = tmp_path / "outbox" / "not-yet-created"
    message = _render(MailKind.WELCOME)
    await OutboxMailer(folder).send(message)

    files = sorted(folder.iterdir())
    assert len(files) == 1 and files[0].suffix == ".eml"
    assert b"\r\n" in files[0].read_bytes()
    [stored] = read_outbox(folder)
    assert stored["Message-ID"] == message["Message-ID"]
    assert stored["Subject"] == "Bienvenue sur PASS"
    assert stored["To"] == TO
    assert text_of(stored) == text_of(message)
    assert html_of(stored) == html_of(message)


async def test_outbox_keeps_one_file_per_message_id(tmp_path: Path) -> None:
    mailer = OutboxMailer(tmp_path)
    await mailer.send(_mail(1))
    [name] = os.listdir(tmp_path)
    written = os.stat(tmp_path / name).st_mtime_ns
    await mailer.send(_mail(1))
    # Concurrent retries of the same job must not produce duplicates either.
    await asyncio.gather(*(mailer.send(_mail(1)) for _ in range(5)))

    assert os.listdir(tmp_path) == [name]
    assert os.stat(tmp_path / name).st_mtime_ns == written
    assert len(read_outbox(tmp_path)) == 1


async def test_outbox_lists_newest_first_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    mailer = OutboxMailer(tmp_path)
    for number in range(1, 6):
        await mailer.send(_mail(number))

    assert [message["To"] for message in read_outbox(tmp_path)] == [
        f"candidat{number}@example.org" for number in range(5, 0, -1)
    ]
    names = os.listdir(tmp_path)
    assert len(names) == 5
    assert all(name.endswith(".eml") and not name.startswith(".") for name in names)


def test_read_outbox_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert read_outbox(tmp_path / "nothing-here") == []


def test_mailer_for_chooses_by_configuration(tmp_path: Path) -> None:
    assert isinstance(mailer_for(None, tmp_path), OutboxMailer)
    assert isinstance(mailer_for("", tmp_path), OutboxMailer)
    assert isinstance(mailer_for("smtp://mail.example.fr", tmp_path), SmtpMailer)


# --- SMTP ------------------------------------------------------------------------------------


async def test_smtp_mailer_delivers_to_a_real_server(mail_catcher: MailCatcher) -> None:  # noqa: F811
    message = _render(MailKind.PASSWORD_RESET)
    await SmtpMailer(mail_catcher.url).send(message)

    [received] = await mail_catcher.wait_for(1)
    assert mail_catcher.caught[0].recipients == ("zoe.martin@example.org",)
    assert mail_catcher.caught[0].sender == "ne-pas-repondre@pass.example.fr"
    assert received["To"] == TO
    assert received["Subject"] == "Réinitialisation de votre mot de passe"
    assert received["Message-ID"] == message["Message-ID"]
    assert received["Content-Language"] == "fr"
    text = text_of(received)
    assert CONTEXTS[MailKind.PASSWORD_RESET]["reset_url"] in links_in(text)
    assert "valable 30 minutes" in text
    assert html_of(received) == html_of(message)


# The catcher has no certificate, so AUTH goes over plain text, which aiosmtpd rightly warns about.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
async def test_smtp_mailer_logs_in_with_the_url_credentials() -> None:
    catcher = MailCatcher(credentials=("pass-robot", "s3cr:t@/pw"))
    catcher.start()
    try:
        good = f"smtp://pass-robot:s3cr%3At%40%2Fpw@127.0.0.1:{catcher.port}"
        await SmtpMailer(good).send(_mail(1))
        assert len(await catcher.wait_for(1)) == 1

        bad = f"smtp://pass-robot:wrong@127.0.0.1:{catcher.port}"
        with pytest.raises(aiosmtplib.SMTPAuthenticationError):
            await SmtpMailer(bad).send(_mail(2))
        assert len(catcher.messages) == 1
    finally:
        catcher.stop()


async def test_smtp_mailer_raises_when_the_server_is_down() -> None:
    with pytest.raises(aiosmtplib.SMTPConnectError):
        await SmtpMailer(f"smtp://127.0.0.1:{_free_port()}").send(_mail(1))


async def test_mail_catcher_reports_what_arrived(mail_catcher: MailCatcher) -> None:  # noqa: F811
    await SmtpMailer(mail_catcher.url).send(_mail(1))
    with pytest.raises(AssertionError, match=r"got 1: .*candidat1@example\.org"):
        await mail_catcher.wait_for(2, timeout=0.3)
    mail_catcher.clear()
    assert mail_catcher.messages == []


@pytest.mark.parametrize(
    ("url", "host", "port", "tls", "starttls", "user"),
    [
        ("smtp://mail.example.fr", "mail.example.fr", 25, False, False, None),
        ("smtp://mail.example.fr:2525", "mail.example.fr", 2525, False, False, None),
        ("smtp://mail.example.fr:587?starttls=1", "mail.example.fr", 587, False, True, None),
        ("smtp://mail.example.fr?starttls=0", "mail.example.fr", 25, False, False, None),
        ("smtps://mail.example.fr", "mail.example.fr", 465, True, False, None),
        ("smtps://mail.example.fr:4650/", "mail.example.fr", 4650, True, False, None),
        ("SMTP://u%40x:p@Mail.Example.fr", "mail.example.fr", 25, False, False, "u@x"),
        ("smtp://[::1]:26", "::1", 26, False, False, None),
    ],
)  # fmt: skip
def test_smtp_url_is_parsed(
    url: str, host: str, port: int, tls: bool, starttls: bool, user: str | None
) -> None:
    mailer = SmtpMailer(url)
    assert (mailer.hostname, mailer.port, mailer.use_tls, mailer.start_tls, mailer.username) == (
        host, port, tls, starttls, user,
    )  # fmt: skip


def test_smtp_password_stays_out_of_repr() -> None:
    mailer = SmtpMailer("smtp://robot:tres-secret@mail.example.fr:587?starttls=1")
    assert "tres-secret" not in repr(mailer)
    assert repr(mailer) == "SmtpMailer('smtp://robot:***@mail.example.fr:587?starttls=1')"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://mail.example.fr", "scheme"),
        ("mail.example.fr:25", "scheme"),
        ("smtp://", "host"),
        ("smtp://mail.example.fr:notaport", "port"),
        ("smtp://mail.example.fr:70000", "port"),
        ("smtp://mail.example.fr:0", "port"),
        ("smtp://mail.example.fr/inbox", "path"),
        ("smtp://mail.example.fr?starttls=maybe", "starttls"),
        ("smtp://mail.example.fr?tls=1", "unknown"),
        ("smtps://mail.example.fr?starttls=1", "starttls"),
        ("smtp://robot@mail.example.fr", "password"),
    ],
)
def test_invalid_smtp_url_is_refused_clearly(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        SmtpMailer(url)


def test_invalid_smtp_url_error_does_not_show_the_password() -> None:
    with pytest.raises(ValueError) as raised:
        SmtpMailer("smtp://robot:tres-secret@mail.example.fr:notaport")
    assert "tres-secret" not in str(raised.value)


# --- python -m server.outbox ----------------------------------------------------------------


async def test_outbox_command_lists_newest_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mailer = OutboxMailer(tmp_path)
    await mailer.send(_mail(1, MailKind.WELCOME))
    await mailer.send(_mail(2, MailKind.PASSWORD_RESET))

    assert main(["--folder", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1 ") and "candidat2@example.org" in lines[0]
    assert "Réinitialisation de votre mot de passe" in lines[0]
    assert lines[1].startswith("2 ") and "candidat1@example.org" in lines[1]
    assert "Bienvenue sur PASS" in lines[1]


async def test_outbox_command_shows_one_mail_decoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mailer = OutboxMailer(tmp_path)
    await mailer.send(_mail(1, MailKind.WELCOME))
    await mailer.send(_mail(2, MailKind.PASSWORD_RESET))

    assert main(["--folder", str(tmp_path), "--show", "2"]) == 0
    out = capsys.readouterr().out
    assert "Subject: Bienvenue sur PASS" in out
    assert "To: candidat1@example.org" in out
    assert "Message-ID: <mail-1@pass.example.fr>" in out
    assert "la Place de l'apprentissage et des stages, a bien été créé." in out
    assert "=C3=A9" not in out and "<html" not in out


def test_outbox_command_refuses_a_wrong_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--folder", str(tmp_path), "--show", "1"]) == 1
    assert "No mail number 1" in capsys.readouterr().err
    assert main(["--folder", str(tmp_path)]) == 0
    assert "No mail in" in capsys.readouterr().out


async def test_outbox_command_runs_as_a_module(tmp_path: Path) -> None:
    await OutboxMailer(tmp_path).send(_mail(1, MailKind.ACCOUNT_DELETED))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.outbox", "--folder", str(tmp_path),
        stdout=subprocess.PIPE, cwd=PROJECT_ROOT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0
    assert "Votre compte PASS a été supprimé" in out.decode()


async def test_smtp_mailer_sends_a_batch_over_one_connection(mail_catcher: MailCatcher) -> None:  # noqa: F811
    messages = [_mail(n) for n in range(5)]
    refused = _mail(5)
    refused.replace_header("To", f"Personne <nobody@{REFUSED_DOMAIN}>")
    mailer = SmtpMailer(mail_catcher.url)
    outcomes = [o async for o in mailer.send_each([*messages[:2], refused, *messages[2:]])]
    assert [type(o).__name__ if o else None for o in outcomes] == [
        None, None, "SMTPRecipientsRefused", None, None, None,
    ]  # fmt: skip
    arrived = await mail_catcher.wait_for(5)
    assert [m["Message-ID"] for m in arrived] == [m["Message-ID"] for m in messages]
    assert mail_catcher.connections == 1


async def test_smtp_mailer_batch_reports_every_message_when_the_server_is_down() -> None:
    mailer = SmtpMailer(f"smtp://127.0.0.1:{_free_port()}")
    outcomes = [o async for o in mailer.send_each([_mail(1), _mail(2)])]
    assert [type(o).__name__ for o in outcomes] == ["SMTPConnectError", "SMTPConnectError"]


async def test_outbox_writes_a_batch(tmp_path: Path) -> None:
    mailer = OutboxMailer(tmp_path)
    messages = [_mail(n) for n in range(3)]
    assert [o async for o in mailer.send_each(messages)] == [None, None, None]
    assert sorted(await asyncio.to_thread(os.listdir, tmp_path)) == sorted(
        mailer.path_for(m).name for m in messages
    )


@pytest.mark.parametrize("kind", [MailKind.OFFER_ALERT, MailKind.OFFER_DIGEST])
def test_alert_mails_queued_before_searches_had_their_criteria_still_render(
    kind: MailKind,
) -> None:
    searches = [{k: v for k, v in s.items() if k != "criteria"} for s in CONTEXTS[kind]["searches"]]  # type: ignore[attr-defined]
    text = text_of(_render(kind, searches=searches))
    assert "« Data à Paris »" in text and "Aubervilliers" not in text
