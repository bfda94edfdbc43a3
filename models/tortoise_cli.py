"""The configuration the `tortoise` command line reads: `tortoise -c models.tortoise_cli.CONFIG`."""

import os

from models.db import tortoise_config

CONFIG = tortoise_config(os.environ.get("DATABASE_URL", "sqlite://:memory:"))
