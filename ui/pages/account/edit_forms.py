"""The four forms of « Modifier mes informations et mes documents », each sent on its own.

Every form asks for the candidate again when sent: the page may have stayed open while the
session was closed (sign-out elsewhere, password changed on another device).
"""

from __future__ import annotations

from nicegui import ui

from models.accounts import (
    Account,
    ProfileChange,
    change_password,
    delete_account,
    request_email_change,
    update_profile,
)
from models.errors import ErrorCode, UserErrors
from models.site_paths import DELETED_ACCOUNT as DELETED_PATH
from ui.account_forms import (
    FormFeedback,
    civility_radio,
    form_card,
    heading,
    one_at_a_time,
    password_match_indicator,
    readable_phone,
    text_input,
)
from ui.account_session import (
    ACCOUNT_EDIT,
    candidate_or_sign_in,
    forget_session,
    session_token,
)
from ui.pages.account.register import PASSWORD_HINT

__all__ = ["DeletionForm", "EmailForm", "PasswordForm", "ProfileForm"]


class ProfileForm:
    def __init__(self, candidate: Account) -> None:
        self.submit = one_at_a_time(self._submit)
        with form_card("Mes informations", marker="profile-form"):
            self.civility = civility_radio(candidate.civility.value)
            with ui.grid().classes("w-full gap-3 grid-cols-1 sm:grid-cols-2"):
                self.last_name = text_input(
                    "Nom", value=candidate.last_name, autocomplete="family-name"
                )
                self.first_name = text_input(
                    "Prénom", value=candidate.first_name, autocomplete="given-name"
                )
            self.phone = text_input(
                "Téléphone (facultatif)", value=readable_phone(candidate.phone), autocomplete="tel"
            )
            self.feedback = FormFeedback()
            self.feedback.fields = {
                "civility": self.civility,
                "last_name": self.last_name,
                "first_name": self.first_name,
                "phone": self.phone,
            }
            ui.button("Enregistrer mes informations", on_click=self.submit).props(
                "unelevated color=primary"
            )

    async def _submit(self) -> None:
        candidate = await candidate_or_sign_in(ACCOUNT_EDIT)
        if candidate is None:
            return
        change = ProfileChange(
            civility=self.civility.value,
            last_name=self.last_name.value or "",
            first_name=self.first_name.value or "",
            phone=self.phone.value or "",
        )
        try:
            saved = await update_profile(candidate, change)
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        # Shown as the domain cleaned them: spaces tidied, the phone number in its usual form.
        self.last_name.value = saved.last_name
        self.first_name.value = saved.first_name
        self.phone.value = readable_phone(saved.phone)
        self.feedback.success("Vos informations sont enregistrées.")


class EmailForm:
    def __init__(self, candidate: Account) -> None:
        self.submit = one_at_a_time(self._submit)
        with form_card("Mon adresse e-mail", marker="email-form"):
            ui.label(f"Adresse actuelle : {candidate.email}").classes("break-words")
            ui.label(
                "Un lien de confirmation est envoyé à la nouvelle adresse : votre adresse "
                "actuelle reste en service jusqu'à ce que vous l'ayez suivi."
            ).classes("text-sm text-gray-700")
            self.new_email = text_input("Nouvelle adresse e-mail", autocomplete="email")
            self.password = text_input(
                "Mot de passe actuel", password=True, autocomplete="current-password"
            )
            self.feedback = FormFeedback()
            self.feedback.fields = {"new_email": self.new_email, "password": self.password}
            ui.button("Changer mon adresse e-mail", on_click=self.submit).props(
                "unelevated color=primary"
            )

    async def _submit(self) -> None:
        candidate = await candidate_or_sign_in(ACCOUNT_EDIT)
        if candidate is None:
            return
        try:
            pending = await request_email_change(
                candidate, new_email=self.new_email.value or "", password=self.password.value or ""
            )
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        self.new_email.value = ""
        self.password.value = ""
        self.feedback.success(
            f"Un lien de confirmation a été envoyé à {pending}. Votre adresse changera quand "
            "vous l'aurez suivi."
        )


class PasswordForm:
    def __init__(self) -> None:
        self.submit = one_at_a_time(self._submit)
        with form_card("Mon mot de passe", marker="password-form"):
            self.current = text_input(
                "Mot de passe actuel", password=True, autocomplete="current-password"
            )
            self.new = text_input(
                "Nouveau mot de passe",
                password=True,
                autocomplete="new-password",
                hint=PASSWORD_HINT,
            )
            self.confirmation = text_input(
                "Confirmation du nouveau mot de passe", password=True, autocomplete="new-password"
            )
            password_match_indicator(self.new, self.confirmation)
            self.feedback = FormFeedback()
            self.feedback.fields = {
                "current_password": self.current,
                "new_password": self.new,
                "new_password_confirmation": self.confirmation,
            }
            ui.button("Changer mon mot de passe", on_click=self.submit).props(
                "unelevated color=primary"
            )

    async def _submit(self) -> None:
        candidate = await candidate_or_sign_in(ACCOUNT_EDIT)
        if candidate is None:
            return
        try:
            await change_password(
                candidate,
                current_password=self.current.value or "",
                new_password=self.new.value or "",
                confirmation=self.confirmation.value or "",
                keep_session=session_token(),  # this browser stays signed in
            )
        except UserErrors as refused:
            self.feedback.failure(refused)
            return
        for field in (self.current, self.new, self.confirmation):
            field.value = ""
        self.feedback.success("Mot de passe modifié. Vos autres sessions ont été déconnectées.")


class DeletionForm:
    """The password first, then a dialog that says what cannot be undone."""

    def __init__(self) -> None:
        self.delete = one_at_a_time(self._delete)
        with form_card("Supprimer mon compte", marker="delete-form"):
            ui.label(
                "La suppression efface votre compte, vos documents et vos recherches "
                "sauvegardées. Elle est définitive."
            )
            self.password = text_input(
                "Mot de passe", password=True, autocomplete="current-password"
            )
            self.feedback = FormFeedback()
            self.feedback.fields = {"password": self.password}
            ui.button("Supprimer mon compte", icon="delete", on_click=self._ask).props(
                "unelevated color=negative"
            )
        with (
            ui.dialog() as self.dialog,
            ui.card().classes("p-4 gap-3 max-w-md").props('role="alertdialog"') as card,
        ):
            title = heading("Supprimer définitivement votre compte ?", 2)
            text = ui.label(
                "Cette action est définitive : votre compte, vos documents et vos recherches "
                "sauvegardées seront effacés et ne pourront pas être récupérés."
            )
            card.props(f'aria-labelledby="{title.html_id}" aria-describedby="{text.html_id}"')
            with ui.row().classes("w-full justify-end gap-2 flex-wrap"):
                ui.button("Annuler", on_click=self.dialog.close).props("flat color=primary")
                ui.button("Oui, supprimer définitivement", on_click=self.delete).props(
                    "unelevated color=negative"
                )

    def _ask(self) -> None:
        if not self.password.value:
            self.feedback.failure(
                UserErrors.one(
                    "password",
                    ErrorCode.REQUIRED,
                    "Indiquez votre mot de passe pour supprimer le compte.",
                )
            )
            return
        self.feedback.clear()
        self.dialog.open()

    async def _delete(self) -> None:
        self.dialog.close()
        candidate = await candidate_or_sign_in(ACCOUNT_EDIT)
        if candidate is None:
            return
        try:
            await delete_account(candidate, password=self.password.value or "")
        except UserErrors as refused:
            self.password.value = ""
            self.feedback.failure(refused)
            return
        forget_session()
        ui.navigate.to(DELETED_PATH)
