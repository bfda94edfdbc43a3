"""The look of the frame's header and footer (ui/frame.py), drawn with the DSFR's logo, skip link
and footer classes (ui/dsfr.py serves them).

On a phone (below 62em, DSFR's « lg » breakpoint) the header is one line: the République
française block, the service name, and a « Menu » button that opens the links under it. Its sizes
are in px there, not rem: the A+/A- buttons scale the root font size up to 150 %, and the header
must keep to 64 px at every size so that the page keeps the screen. The links the menu opens
follow the text size. On a wider screen everything follows the text size.
"""

from __future__ import annotations

__all__ = ["FRAME_CSS"]

FRAME_CSS = """
.pass-header { background: #fff; color: #161616; padding: 0;
  box-shadow: 0 1px 3px rgba(0, 0, 18, .16); }
.pass-header-inner { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem;
  width: 100%; max-width: 78rem; margin: 0 auto; padding: .75rem 1rem; }
.pass-header .fr-skiplinks { flex-basis: 100%; padding: .5rem 0; }
.pass-home { display: flex; align-items: center; gap: 1.5rem; flex: 1 1 auto; min-width: 0;
  color: #161616; --underline-img: none; text-decoration: none; }
/* The logo's marks, in em of its own font size (DSFR sizes them in rem). */
.pass-header .fr-logo::before { width: 2.619em; height: .952em; margin-bottom: .317em;
  background-size: 2.619em 1.071em, 2.619em .952em, 0; background-position: 0 -.06em, 0 0, 0 0; }
.pass-header .fr-logo::after { min-width: 2.5em; background-size: 5em 3.571em;
  background-position: 0 calc(100% + 1.786em); padding-top: 2.103em; }
.pass-service { display: flex; flex-direction: column; min-width: 0; }
.pass-service-title { font-size: 1.25rem; line-height: 1.2; font-weight: 700; }
.pass-tagline { font-size: .875rem; line-height: 1.3; }
.pass-menu-button { display: none; }
.pass-nav { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem; }
.pass-nav a { padding: .5rem; color: #000091; --underline-img: none; text-decoration: none; }
.pass-nav a:hover { text-decoration: underline; }
.pass-nav .q-btn { color: #000091; font-weight: 400; }
@media (max-width: 61.99em) {
  .pass-header-inner { gap: 4px 8px; padding: 4px 12px; }
  .pass-header .fr-skiplinks { font-size: 16px; }
  .pass-home { gap: 10px; }
  .pass-header .fr-logo { font-size: 10px; }
  .pass-service-title { font-size: 18px; }
  .pass-tagline { font-size: 11px; line-height: 1.25; }
  .pass-menu-button { display: inline-flex; align-items: center; gap: 4px; font-size: 14px;
    line-height: 20px; padding: 8px 10px; color: #000091; border: 1px solid #000091;
    background: #fff; font-weight: 500; }
  .pass-menu-button::before { content: "☰"; font-size: 16px; }
  .pass-menu-button[aria-expanded="true"]::before { content: "✕"; }
  .pass-nav { display: none; flex-basis: 100%; flex-direction: column; align-items: stretch;
    gap: 0; padding-bottom: 8px; }
  .pass-nav--open { display: flex; }
  .pass-nav a, .pass-nav .q-btn { border-top: 1px solid #ddd; padding: .75rem .25rem; }
  .pass-nav .q-btn .q-btn__content { justify-content: flex-start; }
  .pass-nav .pass-sizes { display: flex; gap: .5rem; border-top: 1px solid #ddd;
    padding-top: .5rem; }
  .pass-nav .pass-sizes .q-btn { border: 1px solid #ddd; padding: .5rem 1rem; }
}
@media (max-width: 35.99em) {
  .pass-tagline-more { display: none; }
}
.pass-footer { background: #fff; color: #161616; padding: 0; }
.pass-footer .fr-footer { padding-bottom: 1rem; }
"""
