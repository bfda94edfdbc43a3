"""Operators' commands: `python -m server.admin …`.

    create-account --role recruiter --administration CODE --civility madame \
        --last-name Martin --first-name Zoé --email zoe.martin@exemple.gouv.fr --username zmartin
    import-offers offres.json [--publish]

They use the same settings as the site (DATABASE_URL, REDIS_URL, PASS_SITE_URL…). Mails and
alert work are written to the database and sent by the worker; with REDIS_URL set they are also
enqueued at once and live subscribers hear of published offers.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from models.accounts import AccountRole, StaffAccount, create_staff_account
from models.db import migrate_database
from models.errors import UserErrors
from models.offers import import_offers, read_offer_file
from server.runtime import Role, open_runtime
from server.settings import Settings, load_settings

__all__ = ["main"]


@asynccontextmanager
async def _site(config: Settings) -> AsyncIterator[None]:
    config.data_dir.mkdir(parents=True, exist_ok=True)
    await migrate_database(config.database_url)  # never the demo catalogue: this may be production
    async with open_runtime(config, Role.COMMAND):
        yield


def _print_errors(error: UserErrors) -> None:
    for fault in error.errors:
        where = f"{fault.field} : " if fault.field else ""
        print(f"  - {where}{fault.message}", file=sys.stderr)


async def _create_account(args: argparse.Namespace, config: Settings) -> int:
    form = StaffAccount(
        role=AccountRole(args.role),
        civility=args.civility,
        last_name=args.last_name,
        first_name=args.first_name,
        email=args.email,
        username=args.username,
        administration=args.administration,
    )
    async with _site(config):
        try:
            account, link = await create_staff_account(form)
        except UserErrors as error:
            print("Compte non créé :", file=sys.stderr)
            _print_errors(error)
            return 1
    print(
        f"Compte {account.role.value} « {account.username} » créé ; invitation envoyée à "
        f"{account.email}."
    )
    print(f"Lien pour choisir le mot de passe (valable 7 jours) : {link}")
    return 0


async def _import(args: argparse.Namespace, config: Settings) -> int:
    async with _site(config):
        try:
            report = await import_offers(read_offer_file(Path(args.file)), publish=args.publish)
        except UserErrors as error:
            print("Aucune offre importée :", file=sys.stderr)
            _print_errors(error)
            return 1
    state = "publiées" if report.published else "enregistrées en brouillon"
    print(f"{len(report.references)} offres {state} : {', '.join(report.references)}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m server.admin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    account = commands.add_parser("create-account", help="a recruiter or admin account")
    account.add_argument("--role", choices=["recruiter", "admin"], required=True)
    account.add_argument("--administration", help="code of the recruiter's administration")
    account.add_argument("--civility", choices=["madame", "monsieur"], required=True)
    account.add_argument("--last-name", required=True)
    account.add_argument("--first-name", required=True)
    account.add_argument("--email", required=True)
    account.add_argument("--username", required=True)
    offers = commands.add_parser("import-offers", help="offers from a .json or .csv file")
    offers.add_argument("file")
    offers.add_argument("--publish", action="store_true", help="publish them at once")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    config = load_settings()
    run = _create_account if args.command == "create-account" else _import
    return asyncio.run(run(args, config))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
