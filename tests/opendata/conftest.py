"""The open data folder and the public address, as the runtime sets them, for one test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.opendata import open_data_dir, use_open_data_dir
from models.site_identity import SiteIdentity, configure_site, site_identity

SITE = "https://pass.example.gouv.fr"


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    before, folder_before = site_identity(), open_data_dir()
    configure_site(SiteIdentity(site_url=SITE))
    use_open_data_dir(tmp_path / "donnees")
    yield tmp_path / "donnees"
    configure_site(before)
    use_open_data_dir(folder_before)
