"""« Créer un compte »: the manual's form, its arithmetic question, then a welcome mail.

The account is created without signing in: the candidate signs in with the identifiant the
welcome mail repeats, which also shows them the sign-in page they will use from then on.
"""

from __future__ import annotations

from nicegui import ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Captcha, Registration, new_captcha, open_session, register
from models.documents import MAX_PER_CATEGORY
from models.errors import UserErrors
from models.site_paths import PERSONAL_DATA, REGISTER, WELCOME
from ui.account_forms import (
    FormFeedback,
    civility_radio,
    field_group,
    form_card,
    heading,
    one_at_a_time,
    password_match_indicator,
    text_input,
)
from ui.account_session import ACCOUNT_HOME, SIGN_IN, current_candidate, remember_session
from ui.documents_block import PRIVACY_SENTENCE, documents_editor
from ui.frame import frame
from ui.pages.account.proof_of_work import BrowserProofOfWork

USERNAME_HINT = "Lettres, chiffres, espaces et les signes . - ' @ (de 3 à 50 caractères)."
PASSWORD_HINT = (
    "Au moins 12 caractères. Le mieux : une phrase de passe de quelques mots peu courants."
)


# What the law asks to tell where personal data is collected, in short, with the full page.
PERSONAL_DATA_NOTICE = (
    "<p>Vos nom, prénom, adresse e-mail et téléphone servent à gérer votre compte et à vous "
    "écrire ; vous pourrez y ajouter des documents (CV, lettres). Ils ne sont transmis à "
    "personne et sont effacés avec votre compte, que vous pouvez supprimer à tout moment. "
    f'<a href="{PERSONAL_DATA}" class="underline">En savoir plus sur vos données personnelles '
    "et vos droits</a>.</p>"
)


def captcha_sentence(captcha: Captcha) -> str:
    """« 13 + 4 = » asked as a sentence, for the eye and for a screen reader alike."""
    return f"Vérification : combien font {captcha.question.removesuffix('=').strip()} ?"


class RegistrationForm:
    def __init__(self, client_address: str) -> None:
        # Sign-ups are counted per client address.
        self.client_address = client_address
        self.submit = one_at_a_time(self._submit)
        self.captcha = new_captcha()
        # Exists from the start, so that screen readers announce the success when it appears.
        self.done = ui.label("").props('role="status"').classes("w-full max-w-2xl")
        with ui.column().classes("w-full gap-4") as self.body:
            ui.label(
                "Tous les champs sont obligatoires, sauf le numéro de téléphone. Un compte "
                "n'est nécessaire ni pour consulter les offres ni pour postuler."
            ).classes("max-w-2xl")
            with form_card("Mes informations personnelles"):
                with field_group("Identité"):
                    self.civility = civility_radio()
                    with ui.grid().classes("w-full gap-3 grid-cols-1 sm:grid-cols-2"):
                        self.last_name = text_input("Nom", autocomplete="family-name")
                        self.first_name = text_input("Prénom", autocomplete="given-name")
                with field_group("Coordonnées"):
                    self.phone = text_input(
                        "Téléphone (facultatif)",
                        autocomplete="tel",
                        hint="Par exemple 06 12 34 56 78, ou +44 20 7946 0958 hors de France.",
                    )
                    self.email = text_input(
                        "Adresse e-mail",
                        autocomplete="email",
                        hint="Les e-mails du site vous sont envoyés à cette adresse, qui reste "
                        "privée.",
                    )
                with field_group("Identifiants de connexion"):
                    self.username = text_input(
                        "Identifiant", autocomplete="username", hint=USERNAME_HINT
                    )
                    self.password = text_input(
                        "Mot de passe",
                        password=True,
                        autocomplete="new-password",
                        hint=PASSWORD_HINT,
                    )
                    self.confirmation = text_input(
                        "Confirmation du mot de passe", password=True, autocomplete="new-password"
                    )
                    password_match_indicator(self.password, self.confirmation)
            # The manual's optional « Mes documents » block: files need an account to belong
            # to, so the block opens on this page as soon as the account exists.
            with form_card(
                "Mes documents (facultatif)", landmark="region", marker="documents-later"
            ):
                ui.label(
                    f"Dès votre compte créé, cette page vous propose d'y déposer jusqu'à "
                    f"{MAX_PER_CATEGORY} CV, {MAX_PER_CATEGORY} lettres de motivation et "
                    f"{MAX_PER_CATEGORY} autres documents. {PRIVACY_SENTENCE}"
                )
            with form_card("Vérification"):
                ui.label(
                    "Cette question permet de vérifier que vous n'êtes pas un robot et de "
                    "prévenir les envois abusifs."
                )
                self.question = ui.label(captcha_sentence(self.captcha)).classes("font-bold")
                self.question.mark("captcha-question")
                self.answer = text_input(
                    "Résultat du calcul",
                    hint="Saisissez le résultat en chiffres : pour 1 + 3, saisissez 4.",
                    kept=False,  # a reload asks another question
                )
                self.answer.props["inputmode"] = "numeric"
                self.answer.props["aria-describedby"] = self.question.html_id
                # The second check needs nobody: the browser solves a proof-of-work
                # challenge meanwhile, and this says something only if it cannot.
                self.proof_of_work = BrowserProofOfWork()
            self.feedback = FormFeedback()
            self.feedback.fields = {
                "civility": self.civility,
                "last_name": self.last_name,
                "first_name": self.first_name,
                "phone": self.phone,
                "email": self.email,
                "username": self.username,
                "password": self.password,
                "password_confirmation": self.confirmation,
                "captcha_answer": self.answer,
            }
            ui.html(PERSONAL_DATA_NOTICE, sanitize=False).classes("text-sm text-gray-700")
            with ui.row().classes("items-center gap-4"):
                ui.button("Créer mon compte", on_click=self.submit).props(
                    "unelevated color=primary"
                )
                ui.link("Vous avez déjà un compte ? Se connecter", SIGN_IN)

    def registration(self, altcha_payload: str) -> Registration:
        return Registration(
            civility=self.civility.value,
            last_name=self.last_name.value or "",
            first_name=self.first_name.value or "",
            phone=self.phone.value or "",
            email=self.email.value or "",
            username=self.username.value or "",
            password=self.password.value or "",
            password_confirmation=self.confirmation.value or "",
            captcha_token=self.captcha.token,
            captcha_answer=self.answer.value or "",
            altcha_payload=altcha_payload,
        )

    async def _submit(self) -> None:
        payload = await self.proof_of_work.solution()
        try:
            candidate = await register(
                self.registration(payload), client_address=self.client_address
            )
        except UserErrors as refused:
            # Every failed submission spends its question and its challenge: new ones.
            self.proof_of_work.renew()
            self.captcha = new_captcha()
            self.question.text = captcha_sentence(self.captcha)
            self.answer.value = ""
            self.feedback.failure(refused)
            return
        # Signed in at once, and on to a page of its own so that the header shows it; the
        # optional documents block waits there.
        remember_session(await open_session(candidate))
        ui.navigate.to(WELCOME)


@ui.page(WELCOME)
async def welcome_page() -> RedirectResponse | None:
    candidate = await current_candidate()
    if candidate is None:
        return RedirectResponse(SIGN_IN, status_code=303)
    with frame("Compte créé"):
        heading("Bienvenue sur PASS", 1).classes("mb-2")
        ui.label("Votre compte est créé. Un e-mail de bienvenue vous a été envoyé.").props(
            'role="status"'
        ).classes("p-3 border-l-4 border-green-700 bg-green-50 text-green-900 font-bold")
        ui.label(
            f"Votre identifiant est « {candidate.username} ». Vous êtes connecté(e) : "
            "vous pouvez sauvegarder vos recherches et recevoir des alertes."
        )
        with ui.element("p"):
            ui.label(
                "Ajoutez dès maintenant vos CV, lettres de motivation et autres documents "
                "(facultatif), ou plus tard depuis "
            ).classes("inline")
            ui.link("Mon compte", ACCOUNT_HOME)
            ui.label(".").classes("inline")
        await documents_editor(candidate, back_to=WELCOME)
        ui.link("Continuer vers Mon compte", ACCOUNT_HOME).classes("text-lg font-bold")
    return None


@ui.page(REGISTER)
async def register_page(request: Request) -> RedirectResponse | None:
    if await current_candidate() is not None:
        return RedirectResponse(ACCOUNT_HOME, status_code=303)
    address = request.client.host if request.client is not None else "inconnue"
    with frame("Créer un compte"):
        heading("Créer un compte", 1).classes("mb-2")
        RegistrationForm(address)
    return None
