"""The search form's filters: in place on a wide screen, in a dialog on a phone.

Six full-width lists pushed a phone's first offer below two screens; there they wait behind
« Filtres (n) », which opens them full screen with the live count on the apply button
(« Afficher 12 offres »). The dialog opens, closes (Escape, « Fermer ») and keeps the focus
inside itself in the browser alone (filters_panel.js); the filters are the same elements at
every width, so nothing is built twice and nothing has to be copied from one to the other.
"""

from __future__ import annotations

from nicegui import ui

from ui.shared_css import shared_css

__all__ = ["NARROW_MAX_PX", "OPEN_FILTERS", "FiltersPanel", "filters_label"]

# Tailwind's `md`: below it, a phone or a narrow window.
NARROW_MAX_PX = 767.98
# A click handler that opens the dialog in the browser (filters_panel.js listens for it).
# The button pressed goes with it, for the focus to return there (Quasar moves the focus of a
# clicked button to an inner helper element).
OPEN_FILTERS = (
    "(e) => window.dispatchEvent(new CustomEvent('pass-filters-open', "
    "{ detail: e.target.closest('button') }))"
)

_CSS = f"""
.pass-filters {{ display: flex; flex-direction: column; gap: .75rem; width: 100%; }}
.pass-filters-bar, .pass-filters-apply, .pass-filters-more {{ display: none; }}
@media (min-width: {NARROW_MAX_PX + 0.02}px) {{
  .pass-filters-opener {{ display: none !important; }}
}}
@media (max-width: {NARROW_MAX_PX}px) {{
  .pass-filters {{ display: none; }}
  .pass-filters.pass-filters--open {{
    display: flex; position: fixed; inset: 0; z-index: 3000; overflow-y: auto;
    background: white; padding: 0 1rem 1rem;
  }}
  .pass-filters--open .pass-filters-bar {{
    display: flex; align-items: center; justify-content: space-between; gap: .5rem;
    position: sticky; top: 0; z-index: 1; background: white; padding: .5rem 0;
    border-bottom: 1px solid #ddd;
  }}
  .pass-filters--open .pass-filters-apply {{
    display: flex; flex-wrap: wrap; gap: .75rem; position: sticky; bottom: 0; z-index: 1;
    background: white; padding: .75rem 0 .25rem; border-top: 1px solid #ddd; margin-top: auto;
  }}
  .pass-filters--open .pass-filters-more {{ display: flex; flex-wrap: wrap; gap: .75rem; }}
  body.pass-filters-shown {{ overflow: hidden; }}
}}
"""


def filters_label(count: int) -> str:
    return f"Filtres ({count})"


class FiltersPanel(ui.element, component="filters_panel.js"):
    """Its default slot holds the filters; `apply_row()` the dialog's own buttons; an element
    of class `pass-filters-more` in it is shown in the dialog only. The button that opens it is
    the form's (`opener`), in the row of the form's buttons."""

    def __init__(self, *, title: str = "Filtres") -> None:
        super().__init__()
        shared_css(_CSS)
        self._props["title"] = title

    @staticmethod
    def opener(count: int) -> ui.button:
        """« Filtres (n) », shown on a narrow screen only."""
        return (
            ui.button(filters_label(count), icon="tune")
            .props('outline color=primary aria-haspopup="dialog"')
            .classes("pass-filters-opener")
            .on("click", js_handler=OPEN_FILTERS)
        )

    def apply_row(self) -> ui.row:
        """The row kept at the dialog's foot (not shown on a wide screen, where the form's own
        buttons are next to the filters)."""
        return ui.row().classes("pass-filters-apply")
