"""Pieces shared by the account forms: labelled inputs, the errors the domain reports, and the
password-match indicator of the manual (« Concordance des mots de passe »)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol, runtime_checkable

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from models.accounts import Civility
from models.errors import UserErrors
from ui.card_list import STATUS_BOX
from ui.connection_resilience import page_draft

__all__ = [
    "CIVILITIES",
    "FormFeedback",
    "RadioField",
    "ShowsErrors",
    "civility_radio",
    "field_group",
    "form_card",
    "heading",
    "one_at_a_time",
    "password_match_indicator",
    "readable_phone",
    "set_field_error",
    "text_input",
]

CIVILITIES = {civility.value: civility.label for civility in Civility}

_ALERT_BOX = "p-3 border-l-4 border-red-700 bg-red-50 text-red-900 font-bold"


def readable_phone(e164: str) -> str:
    """« 06 12 34 56 78 » for a French number, « +44 20 7946 0958 » for another; the domain
    keeps E.164."""
    if not e164:
        return ""
    import phonenumbers  # loaded on first use: a web process starts without it

    try:
        number = phonenumbers.parse(e164, "FR")
    except phonenumbers.NumberParseException:
        return e164
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 33
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def heading(text: str, level: int) -> ui.label:
    size = {1: "text-2xl", 2: "text-xl", 3: "text-lg"}.get(level, "text-base")
    return ui.label(text).classes(f"{size} font-bold").props(f'role="heading" aria-level="{level}"')


@contextmanager
def form_card(
    title: str, *, level: int = 2, landmark: str = "form", marker: str | None = None
) -> Iterator[ui.card]:
    """A titled block of the page, as the manual's « Mes informations personnelles »; a
    landmark named by its title, so a screen reader can list and reach each form."""
    with ui.card().classes("pass-card w-full max-w-2xl p-4 sm:p-6 gap-3") as card:
        title_label = heading(title, level).classes("pass-brand")
        card.props(f'role="{landmark}" aria-labelledby="{title_label.html_id}"')
        if marker:
            card.mark(marker)
        yield card


@contextmanager
def field_group(legend: str) -> Iterator[ui.element]:
    """Fields that go together (who you are, how to reach you, how to sign in) in a fieldset
    its legend names, as RGAA 11.5 asks: a screen reader says the legend on entering it."""
    fieldset = ui.element("fieldset")
    with fieldset.classes("w-full min-w-0 m-0 p-0 border-0 flex flex-col gap-3"):
        with ui.element("legend").classes("font-bold text-gray-900 mb-1"):
            ui.label(legend)
        yield fieldset


def text_input(
    label: str,
    *,
    value: str = "",
    autocomplete: str | None = None,
    hint: str | None = None,
    password: bool = False,
    kept: bool = True,
) -> ui.input:
    """An outlined input whose label stays visible above what is typed; `kept`: typed again
    after a lost connection by itself (see ui.connection_resilience), never a password."""
    # hide-bottom-space puts hints and errors in the flow: a two-line message on a phone
    # pushes the next field down instead of running over it.
    field = ui.input(label, value=value, password=password).props(
        "outlined stack-label hide-bottom-space"
    )
    field.classes("w-full")
    if autocomplete:
        field.props["autocomplete"] = autocomplete  # passed through to the native <input>
    if hint:
        # In a slot of ours rather than Quasar's `hint` prop: the input is described by it.
        line = _slot_line(field, "hint")
        line.text = hint
        _describe(field, [line.html_id], [])
    if kept and not password:
        page_draft().keep(label, field)
    return field


def one_at_a_time(handler: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    """A second click or Enter while the first is still being handled does nothing: a form is
    never sent twice (a second registration would only meet a spent CAPTCHA)."""
    running = False

    async def guarded() -> None:
        nonlocal running
        if running:
            return
        running = True
        try:
            await handler()
        finally:
            running = False

    return guarded


class RadioField:
    """A radio group with its own error line: Quasar's option group has no error slot."""

    def __init__(self, label: str, options: Mapping[str, str], value: str | None) -> None:
        self.title = ui.label(label).classes("font-bold")
        self.radio = ui.radio(dict(options), value=value).props(
            f'inline role="radiogroup" aria-labelledby="{self.title.html_id}"'
        )
        self.error = ui.label("").classes("text-sm text-red-800").props('role="alert"')
        page_draft().keep(label, self.radio)

    @property
    def value(self) -> str:
        return str(self.radio.value or "")


def civility_radio(value: str | None = None) -> RadioField:
    return RadioField("Civilité", CIVILITIES, value)


@runtime_checkable
class ShowsErrors(Protocol):
    """A field of another kind (a rich-text editor, the commune picker) that shows its own
    error line, tied to its input, and can take the focus."""

    def show_error(self, message: str | None) -> None: ...

    def focus(self) -> None: ...


FieldTarget = ValidationElement[str | None] | RadioField | ShowsErrors


class FormFeedback:
    """What a form's last submission gave: every refusal of the domain shown under its input
    (Quasar renders that message with role="alert"), the others in an alert of the form, and
    the success notice in a status line. Create it where those lines belong in the form."""

    def __init__(self) -> None:
        # Keyed by the domain's field names (UserError.field: `last_name`, `new_password`…).
        self.fields: dict[str, FieldTarget] = {}
        # A block, not a flex column: the two lines, empty until needed, add no gaps.
        with ui.element("div").classes("w-full"):
            self.alert = ui.label("").props('role="alert"')
            self.status = ui.label("").props('role="status"')

    def clear(self) -> None:
        for target in self.fields.values():
            _set_error(target, None)
        self._box(self.alert, "", _ALERT_BOX)
        self._box(self.status, "", STATUS_BOX)

    def success(self, message: str) -> None:
        self.clear()
        self._box(self.status, message, STATUS_BOX)

    def failure(self, errors: UserErrors) -> None:
        self.clear()
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for error in errors.errors:
            if error.field is not None and error.field in self.fields:
                by_field.setdefault(error.field, []).append(error.message)
            else:
                general.append(error.message)
        for field, messages in by_field.items():
            _set_error(self.fields[field], " ".join(messages))
        if by_field and not general:
            count = len(by_field)
            general.append(
                "Votre demande n'a pas été enregistrée : "
                + ("un champ est à corriger." if count == 1 else f"{count} champs sont à corriger.")
            )
        self._box(self.alert, " ".join(general), _ALERT_BOX)
        # Keyboard and screen-reader users land on the first field to correct.
        wrong = [self.fields[f] for f in self.fields if f in by_field]
        first = next((t for t in wrong if not isinstance(t, RadioField)), None)
        if isinstance(first, ValidationElement):
            first.run_method("focus")
        elif first is not None:
            first.focus()

    @staticmethod
    def _box(label: ui.label, text: str, classes: str) -> None:
        label.text = text
        if text:
            label.classes(add=classes)
        else:
            label.classes(remove=classes)


def _set_error(target: FieldTarget, message: str | None) -> None:
    if isinstance(target, RadioField):
        target.error.text = message or ""
        invalid = message is not None
        _describe(target.radio, [target.error.html_id] if invalid else [], [target.error.html_id])
        _mark_invalid(target.radio, invalid)
    elif isinstance(target, ValidationElement):
        set_field_error(target, message)
    else:
        target.show_error(message)


def _describe(control: ui.element, add: list[str], remove: list[str]) -> None:
    """Sets which of our messages describe `control`, keeping any other description it has
    (the registration's question)."""
    kept = [i for i in str(control.props.get("aria-describedby", "")).split() if i not in remove]
    described = kept + [i for i in add if i not in kept]
    if described:
        control.props["aria-describedby"] = " ".join(described)
    else:
        control.props.pop("aria-describedby", None)


def _mark_invalid(control: ui.element, invalid: bool) -> None:
    if invalid:
        control.props["aria-invalid"] = "true"
    else:
        control.props.pop("aria-invalid", None)
    control.update()


def _slot_line(field: ui.element, slot_name: str, role: str | None = None) -> ui.label:
    """The label of ours that Quasar shows in the field's `slot_name` slot, made on first use;
    Quasar's own hint and error lines have no id an input could point to."""
    slot = field.slots.get(slot_name)
    if slot is None:
        with field.add_slot(slot_name):
            line = ui.label("")
            if role:
                line.props(f'role="{role}"')
        return line
    existing = slot.children[0]
    assert isinstance(existing, ui.label)
    return existing


def set_field_error(field: ValidationElement[Any], message: str | None) -> None:
    """Shows `message` under the field, or clears it: in an alert read out at once, and tied to
    the input (RGAA 11.10), which is marked invalid and described by the message instead of
    its hint while it is shown, so a screen reader coming back to the field hears what is
    wrong with it."""
    error = _slot_line(field, "error", role="alert")
    error.text = message or ""
    field.error = message
    # Quasar shows its `error-message` prop in place of the slot.
    field.props.pop("error-message", None)
    hint = [field.slots["hint"].children[0].html_id] if "hint" in field.slots else []
    if message is None:
        _describe(field, hint, [error.html_id])
    else:
        _describe(field, [error.html_id], hint)
    _mark_invalid(field, message is not None)


def password_match_indicator(password: ui.input, confirmation: ui.input) -> ui.label:
    """« Les mots de passe correspondent » or not, updated as either field is typed in; said
    in words (not only in colour) and read out politely by screen readers."""
    indicator = ui.label("").classes("text-sm font-bold").props('aria-live="polite"')

    def update() -> None:
        typed = confirmation.value or ""
        matches = typed == (password.value or "")
        indicator.text = (
            "" if not typed
            else "Les mots de passe correspondent" if matches
            else "Les mots de passe ne correspondent pas"
        )  # fmt: skip
        indicator.classes(
            add="text-green-800" if matches else "text-red-800",
            remove="text-red-800" if matches else "text-green-800",
        )

    password.on_value_change(update)
    confirmation.on_value_change(update)
    return indicator
