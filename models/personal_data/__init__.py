"""Personal data self-service: a candidate's export of their data (« Télécharger mes
données »), and the deletion of candidate accounts unused for two years, after a warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.personal_data.export import (
        BUILD_DATA_EXPORT,
        LINK_LIFETIME,
        REQUEST_INTERVAL,
        Collector,
        ExportDownload,
        build_data_export,
        data_export_for_token,
        on_data_export,
        request_data_export,
        sweep_data_exports,
    )
    from models.personal_data.inactivity import (
        DELETE_AFTER,
        NOTICE,
        WARN_AFTER,
        InactivityRun,
        handle_inactive_accounts,
    )
    from models.personal_data.tables import DataExport

__all__ = [
    "BUILD_DATA_EXPORT",
    "DELETE_AFTER",
    "LINK_LIFETIME",
    "NOTICE",
    "REQUEST_INTERVAL",
    "WARN_AFTER",
    "Collector",
    "DataExport",
    "ExportDownload",
    "InactivityRun",
    "build_data_export",
    "data_export_for_token",
    "handle_inactive_accounts",
    "on_data_export",
    "request_data_export",
    "sweep_data_exports",
]

__getattr__ = exports_of(__name__, __file__)
