"""The recruiters' offer form: every field of an offer draft, read back as an `OfferDraft` for
the domain to check (`check_draft`), and the domain's refusals shown under their fields.

The form only turns what was typed into a draft (a date, a commune chosen in the list); what
makes an offer valid is decided by the domain, the same checks as the API's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from nicegui import ui

from models.errors import ErrorCode, UserError
from models.offers import OfferDraft
from models.reference import FRANCE, OfferType, Vocabulary
from ui.account_forms import FormFeedback, RadioField, field_group, form_card, text_input
from ui.connection_resilience import page_draft
from ui.place_field import PlaceField

__all__ = ["EDITOR_SCRIPT", "OfferForm", "RichText"]

# Only what the sanitiser keeps (models.offers.sanitize): anything else would vanish on saving.
_TOOLBAR = [["bold", "italic", "underline"], ["unordered", "ordered"], ["link"], ["undo", "redo"]]
# Quasar's editor is a bare contenteditable, and the toolbar's disabled link button an element
# with a name (Quasar's, in French) but no role: this names the text area by its label (and its
# error, when there is one) and gives that button its role, whenever the page changes.
EDITOR_SCRIPT = (
    "<script>(() => {"
    "const label = () => document.querySelectorAll('.pass-editor').forEach((root) => {"
    "  const area = root.querySelector('.q-editor__content');"
    "  if (!area) return;"
    "  const set = (e, k, v) => { if (v) { if (e.getAttribute(k) !== v) e.setAttribute(k, v); }"
    "    else if (e.hasAttribute(k)) e.removeAttribute(k); };"
    "  set(area, 'role', 'textbox'); set(area, 'aria-multiline', 'true');"
    "  set(area, 'aria-labelledby', root.dataset.labelledby);"
    "  set(area, 'aria-describedby', root.dataset.describedby);"
    "  set(area, 'aria-invalid', root.dataset.invalid);"
    "  root.querySelectorAll('.q-editor__toolbar .q-btn').forEach((b) => {"
    "    if (b.tagName !== 'BUTTON') set(b, 'role', 'button');"
    "    set(b, 'aria-disabled', b.classList.contains('disabled') ? 'true' : null);"
    "  });"
    "});"
    "new MutationObserver(label).observe(document.documentElement, {childList: true,"
    " subtree: true, attributes: true,"
    " attributeFilter: ['class', 'data-describedby', 'data-invalid']});"
    "})();</script>"
)

COMMUNE_HINT = (
    "Tapez les premières lettres, le code postal ou le code INSEE, puis choisissez la commune "
    "dans la liste. Pour un stage à l'étranger, choisissez le pays et tapez le nom de la ville."
)
CHOOSE_COMMUNE = "Choisissez la commune dans la liste proposée."
NO_COMMUNE = "Indiquez la commune du lieu d'affectation."


class RichText:
    """A rich-text field: its label, the editor with the toolbar, and its error line."""

    def __init__(self, name: str, label: str, value: str, hint: str | None = None) -> None:
        with ui.column().classes("w-full gap-1"):
            self.title = ui.label(label).classes("font-bold")
            if hint:
                ui.label(hint).classes("text-sm text-gray-700")
            self.editor = (
                ui.editor(value=value).props('min-height="6rem"').classes("pass-editor w-full")
            )
            self.editor.props["toolbar"] = _TOOLBAR
            self.editor.props(f'data-labelledby="{self.title.html_id}"').mark(name)
            # Most of a recruiter's typing is here: a reload after a long drop brings it back.
            page_draft().keep(f"offer-{name}", self.editor)
            self.error = ui.label("").classes("text-sm text-red-800").props('role="alert"')

    @property
    def value(self) -> str:
        return str(self.editor.value or "")

    def show_error(self, message: str | None) -> None:
        self.error.text = message or ""
        if message:
            self.editor.props(f'data-describedby="{self.error.html_id}" data-invalid="true"')
            self.editor.classes(add="pass-editor--invalid")
        else:
            self.editor.props(remove="data-describedby data-invalid")
            self.editor.classes(remove="pass-editor--invalid")

    def focus(self) -> None:
        self.editor.run_method("focus")  # Quasar's editor's own


def _select(
    label: str, options: Mapping[str, str], value: str | None, *, typed: bool = False
) -> ui.select:
    select = (
        ui.select(dict(options), label=label, value=value, with_input=typed)
        .props("outlined stack-label hide-bottom-space")
        .classes("w-full")
    )
    page_draft().keep(label, select)
    return select


def _date_input(label: str, value: date | None, hint: str) -> ui.input:
    field = text_input(label, value=value.isoformat() if value else "", hint=hint)
    field.props("type=date")
    return field


def _day(errors: list[UserError], name: str, typed: str | None) -> date | None:
    text = (typed or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(UserError(name, ErrorCode.INVALID, "Date non valide (jj/mm/aaaa)."))
        return None


class OfferForm:
    """The fields, in the order the offer page shows them; `feedback` shows the refusals.

    `administration`: the recruiter's own, shown and fixed; None lets an admin choose it."""

    def __init__(
        self,
        draft: OfferDraft | None,
        words: Vocabulary,
        *,
        administration: str | None,
        type_fixed: bool = False,
    ) -> None:
        self.original = draft
        self.words = words
        self.fixed_administration = administration
        d = draft
        with form_card("L'offre"):
            self.type = RadioField(
                "Type de contrat",
                {t.value: t.label for t in OfferType},
                (d.type.value if d else OfferType.STAGE.value),
            )
            if type_fixed:
                self.type.radio.disable()
                ui.label(
                    "Le type d'une offre enregistrée ne change pas : pour l'autre type, "
                    "dupliquez l'offre."
                ).classes("text-sm text-gray-700")
            self.title = text_input("Intitulé de l'offre", value=d.title if d else "")
            self.diploma_level = _select(
                "Niveau de diplôme préparé", words.diploma_levels, d.diploma_level if d else None
            )
            self.domain = _select(
                "Domaine d'activité", words.domains, d.domain if d else None, typed=True
            )
            if administration is None:
                self.administration: ui.select | None = _select(
                    "Administration",
                    words.administrations,
                    d.administration if d else None,
                    typed=True,
                )
            else:
                self.administration = None
                ui.label(
                    f"Administration : {words.administrations.get(administration, administration)}"
                ).classes("font-bold")
        with form_card("L'employeur et le poste"):
            self.employer_description = RichText(
                "employer_description",
                "Description de l'employeur (facultatif)",
                d.employer_description if d else "",
            )
            self.post_description = RichText(
                "post_description",
                "Description du poste",
                d.post_description if d else "",
                "Missions et activités du poste.",
            )
            self.service = text_input("Service d'affectation", value=d.service if d else "")
            self.workplace = text_input(
                "Lieu d'affectation (facultatif)",
                value=d.workplace if d else "",
                hint="Par exemple : Château de Vincennes, 1 avenue de Paris.",
            )
            with field_group("Localisation du poste"):
                code = (d.commune_code or d.city) if d else ""
                self.commune = PlaceField(label="Commune", radius_label=None, code=code or "")
                self.commune.classes("w-full").mark("Commune")
                page_draft().keep("offer-commune", self.commune)
                ui.label(COMMUNE_HINT).classes("text-sm text-gray-700")
                self.country = _select(
                    "Pays", words.countries, d.country_code if d else FRANCE, typed=True
                )
        with form_card("Le profil et les détails"):
            self.profile = RichText(
                "profile", "Descriptif du profil recherché (facultatif)", d.profile if d else ""
            )
            self.additional_information = RichText(
                "additional_information",
                "Informations complémentaires (facultatif)",
                d.additional_information if d else "",
            )
            self.comments = RichText(
                "comments", "Commentaires (facultatif)", d.comments if d else ""
            )
        with form_card("Les dates"):
            self.contract_start = _date_input(
                "Début du contrat (facultatif)",
                d.contract_start if d else None,
                "Le mois et l'année sont affichés aux candidats.",
            )
            self.duration = text_input(
                "Durée (facultatif)",
                value=d.duration if d else "",
                hint="Par exemple : 6 mois, 2 ans.",
            )
            self.expires_on = _date_input(
                "Date limite de candidature (facultatif)",
                d.expires_on if d else None,
                "L'offre est retirée du site le lendemain de cette date.",
            )
        with form_card("Le contact"):
            ui.label(
                "Une adresse e-mail ou une adresse web de candidature au moins : les candidats "
                "écrivent directement au contact."
            ).classes("text-sm text-gray-700")
            self.contact_name = text_input(
                "Nom du contact (facultatif)", value=d.contact_name if d else ""
            )
            self.contact_email = text_input(
                "Adresse e-mail du contact", value=d.contact_email if d else ""
            )
            self.contact_phone = text_input(
                "Téléphone du contact (facultatif)", value=d.contact_phone if d else ""
            )
            self.contact_url = text_input(
                "Adresse web de candidature",
                value=d.contact_url if d else "",
                hint="Commence par https://",
            )
        self.feedback = FormFeedback()
        self.feedback.fields = {
            "type": self.type,
            "title": self.title,
            "diploma_level": self.diploma_level,
            "domain": self.domain,
            **({"administration": self.administration} if self.administration else {}),
            "employer_description": self.employer_description,
            "post_description": self.post_description,
            "service": self.service,
            "workplace": self.workplace,
            "commune_code": self.commune,
            "city": self.commune,
            "department_code": self.commune,
            "region_code": self.commune,
            "country_code": self.country,
            "profile": self.profile,
            "additional_information": self.additional_information,
            "comments": self.comments,
            "contract_start": self.contract_start,
            "duration": self.duration,
            "expires_on": self.expires_on,
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "contact_phone": self.contact_phone,
            "contact_url": self.contact_url,
        }

    def read(self) -> tuple[OfferDraft, list[UserError]]:
        """The draft as typed, and what could not even be read (a date, a commune not chosen
        in the list): the caller shows those with the domain's refusals."""
        errors: list[UserError] = []
        country = str(self.country.value or FRANCE)
        place = self.commune.place
        commune_code: str | None = None
        city = ""
        department = region = None
        original = self.original
        if self.commune.chosen:
            commune_code = place
        elif place and original is not None and place == original.city:
            # An offer stored without a commune (imported): kept as it was.
            city, department, region = original.city, original.department_code, original.region_code
        elif place and country != FRANCE:
            city = place
        elif country == FRANCE:
            # In the form's words, in place of the domain's, which asks for a department (the
            # commune gives it).
            message = CHOOSE_COMMUNE if place else NO_COMMUNE
            errors.append(UserError("department_code", ErrorCode.REQUIRED, message))
        for name, select, message in (
            ("diploma_level", self.diploma_level, "Choisissez le niveau de diplôme préparé."),
            ("domain", self.domain, "Choisissez le domaine d'activité."),
            ("administration", self.administration, "Choisissez l'administration."),
        ):
            if select is not None and not select.value:
                errors.append(UserError(name, ErrorCode.REQUIRED, message))
        administration = (
            self.fixed_administration
            if self.administration is None
            else str(self.administration.value or "")
        )
        draft = OfferDraft(
            type=OfferType(self.type.value or OfferType.STAGE.value),
            title=self.title.value or "",
            diploma_level=str(self.diploma_level.value or ""),
            domain=str(self.domain.value or ""),
            administration=administration or "",
            service=self.service.value or "",
            employer_description=self.employer_description.value,
            post_description=self.post_description.value,
            profile=self.profile.value,
            additional_information=self.additional_information.value,
            comments=self.comments.value,
            workplace=self.workplace.value or "",
            city=city,
            commune_code=commune_code,
            department_code=department,
            region_code=region,
            country_code=country,
            contract_start=_day(errors, "contract_start", self.contract_start.value),
            duration=self.duration.value or "",
            contact_name=self.contact_name.value or "",
            contact_email=self.contact_email.value or "",
            contact_phone=self.contact_phone.value or "",
            contact_url=self.contact_url.value or "",
            expires_on=_day(errors, "expires_on", self.expires_on.value),
            reference=original.reference if original else None,
        )
        return draft, errors
