"""Open data: every live offer exported daily as CSV and JSON under the Licence Ouverte 2.0,
the files' columns, and the export the site serves now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.opendata.export import (
        LICENCE,
        LICENCE_URL,
        export_is_due,
        export_open_data,
        live_offer_rows,
    )
    from models.opendata.fields import COLUMNS, Column
    from models.opendata.files import (
        ExportFile,
        OpenDataExport,
        current_export,
        open_data_dir,
        use_open_data_dir,
    )

__all__ = [
    "COLUMNS",
    "LICENCE",
    "LICENCE_URL",
    "Column",
    "ExportFile",
    "OpenDataExport",
    "current_export",
    "export_is_due",
    "export_open_data",
    "live_offer_rows",
    "open_data_dir",
    "use_open_data_dir",
]

__getattr__ = exports_of(__name__, __file__)
