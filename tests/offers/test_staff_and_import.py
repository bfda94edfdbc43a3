"""Recruiter accounts made by the admin command, and offers imported from JSON or CSV: all rows
or none, checked like the API's input; the commands run as an operator would run them."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from models.accounts.recovery import reset_password
from models.accounts.signin import sign_in
from models.accounts.staff import StaffAccount, create_staff_account
from models.accounts.tables import Account, AccountRole
from models.alerts.tables import PendingMatch
from models.clock import today
from models.errors import UserErrors
from models.mail.tables import OutgoingMail
from models.offers.importing import FIELDS, import_offers, read_offer_file
from models.offers.tables import Offer, OfferStatus

NEW_PASSWORD = "pervenche-orage-tuile"


def rows(count: int = 2) -> list[dict[str, str]]:
    return [
        {
            "type": "apprentissage" if n % 2 else "stage",
            "title": f"Offre importée {n}",
            "diploma_level": "5",
            "domain": "numerique",
            "administration": "interieur",
            "service": "Préfecture du Nord",
            "post_description": f"<p>Missions {n}</p><img src=x onerror=alert(1)>",
            "department_code": "59",
            "city": "Lille",
            "contact_email": "recrutement@nord.gouv.fr",
            "contract_start": "2027-09-01",
            "expires_on": (today() + timedelta(days=60)).isoformat(),
        }
        for n in range(1, count + 1)
    ]


async def test_recruiter_invitation_lets_them_choose_a_password(db: str) -> None:
    form = StaffAccount(
        role=AccountRole.RECRUITER,
        civility="monsieur",
        last_name="Leroy",
        first_name="Marc",
        email="marc.leroy@culture.gouv.fr",
        username="mleroy",
        administration="culture",
    )
    account, link = await create_staff_account(form)
    assert account.role is AccountRole.RECRUITER and account.administration_id == "culture"  # type: ignore[attr-defined]
    [mail] = await OutgoingMail.filter(to_address="marc.leroy@culture.gouv.fr")
    assert mail.kind == "staff_invitation" and mail.context["reset_url"] == link
    token = parse_qs(urlparse(link).query)["jeton"][0]
    await reset_password(token, new_password=NEW_PASSWORD, confirmation=NEW_PASSWORD)
    signed, _ = await sign_in("mleroy", NEW_PASSWORD, client_address="198.51.100.1")
    assert signed.id == account.id

    with pytest.raises(UserErrors) as error:
        await create_staff_account(
            StaffAccount(
                role=AccountRole.RECRUITER,
                civility="madame",
                last_name="Dupont",
                first_name="Ana",
                email="marc.leroy@culture.gouv.fr",
                username="mleroy",
                administration="nulle-part",
            )
        )
    assert {e.field: e.code for e in error.value.errors} == {
        "email": "taken",
        "username": "taken",
        "administration": "unknown",
    }
    assert await Account.all().count() == 1


async def test_import_stores_every_row_or_none(db: str, tmp_path: Path) -> None:
    good = tmp_path / "offres.json"
    good.write_text(json.dumps({"offers": rows(3)}), encoding="utf-8")
    report = await import_offers(read_offer_file(good), publish=True)
    assert [r[:2] for r in report.references] == ["A-", "S-", "A-"]
    stored = await Offer.filter(reference__in=report.references)
    assert {o.status for o in stored} == {OfferStatus.PUBLISHED}
    assert all("onerror" not in o.post_description for o in stored)
    assert {o.region_code for o in stored} == {"HDF"}
    assert await PendingMatch.all().count() == 3  # alerts owed for each

    bad = rows(3)
    bad[1]["domain"] = "astrologie"
    bad[2]["expires_on"] = "31/12/2027"
    bad[2]["couleur"] = "bleu"
    del bad[0]["service"]
    path = tmp_path / "offres.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*bad[2]])
        writer.writeheader()
        writer.writerows(bad)
    with pytest.raises(UserErrors) as error:
        await import_offers(read_offer_file(path), publish=True)
    assert {(e.field, e.code) for e in error.value.errors} == {
        ("offre 1.service", "required"),
        ("offre 2.domain", "unknown"),
        ("offre 1.couleur", "unknown"),  # once for the column
        ("offre 3.expires_on", "invalid"),
    }
    assert await Offer.all().count() == 3  # nothing of the bad file

    multi = rows(1)
    multi[0]["post_description"] = "<p>ligne un\nligne deux</p>"
    multi[0]["reference"] = "  EXT-2026-7  "
    source = tmp_path / "multi.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*multi[0]])
        writer.writeheader()
        writer.writerows(multi)
    [reference] = (await import_offers(read_offer_file(source), publish=False)).references
    assert reference == "EXT-2026-7"
    kept = await Offer.get(reference=reference)
    assert kept.post_description == "<p>ligne un\nligne deux</p>"
    multi[0]["reference"] = "X" * 21
    source.write_text(json.dumps(multi), encoding="utf-8")
    with pytest.raises(UserErrors) as error:
        await import_offers(read_offer_file(source.rename(tmp_path / "long.json")), publish=False)
    assert [(e.field, e.code) for e in error.value.errors] == [("offre 1.reference", "invalid")]

    drafts = tmp_path / "brouillons.csv"
    with drafts.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*rows(1)[0]])
        writer.writeheader()
        writer.writerows(rows(2))
    report = await import_offers(read_offer_file(drafts), publish=False)
    assert {o.status for o in await Offer.filter(reference__in=report.references)} == {
        OfferStatus.DRAFT
    }
    for name, content in (("x.txt", "?"), ("x.json", "{"), ("x.json", "[1]"), ("x.json", "[]")):
        (tmp_path / name).write_text(content)
        with pytest.raises(UserErrors):
            await import_offers(read_offer_file(tmp_path / name), publish=False)


async def test_import_names_each_fault_by_the_column_written_in_the_file(
    db: str, tmp_path: Path
) -> None:
    """The checks shared with the API report the file's own names (`contact_email`), never
    the API's spelling (`contactEmail`)."""
    bad = rows(3)
    bad[0]["contact_email"] = "pas-une-adresse"
    bad[0]["contact_phone"] = "12"
    bad[1]["department_code"] = "999"
    bad[1]["diploma_level"] = "9"
    bad[2].update(post_description=" ", expires_on="2020-01-01", title="x" * 201)
    path = tmp_path / "offres.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*bad[0]])
        writer.writeheader()
        writer.writerows(bad)
    with pytest.raises(UserErrors) as error:
        await import_offers(read_offer_file(path), publish=False)
    assert {(e.field, e.code) for e in error.value.errors} == {
        ("offre 1.contact_email", "invalid"),
        ("offre 1.contact_phone", "invalid"),
        ("offre 2.department_code", "unknown"),
        ("offre 2.diploma_level", "unknown"),
        ("offre 3.post_description", "required"),
        ("offre 3.expires_on", "past"),
        ("offre 3.title", "too_long"),
    }
    assert all(str(e.field).split(".")[1] in FIELDS for e in error.value.errors)
    assert await Offer.all().count() == 0


def _command(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PASS_DATA_DIR": str(tmp_path)}
    # PASS_DEMO_DATA left at its default (on): an operator's command must not load the demo.
    for name in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "PASS_DEMO_DATA"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "server.admin", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_admin_commands(tmp_path: Path) -> None:
    created = _command(
        tmp_path, "create-account", "--role", "recruiter", "--administration", "interieur",
        "--civility", "madame", "--last-name", "Morel", "--first-name", "Inès",
        "--email", "ines.morel@interieur.gouv.fr", "--username", "imorel",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert "« imorel » créé" in created.stdout and "nouveau-mot-de-passe?jeton=" in created.stdout
    refused = _command(
        tmp_path, "create-account", "--role", "recruiter", "--administration", "mars",
        "--civility", "madame", "--last-name", "Morel", "--first-name", "Inès",
        "--email", "autre@interieur.gouv.fr", "--username", "imorel",
    )  # fmt: skip
    assert refused.returncode == 1
    assert "Cet identifiant est déjà pris." in refused.stderr
    assert "Administration inconnue : « mars »." in refused.stderr

    source = tmp_path / "offres.json"
    source.write_text(json.dumps(rows(2)), encoding="utf-8")
    imported = _command(tmp_path, "import-offers", str(source), "--publish")
    assert imported.returncode == 0, imported.stderr
    assert "2 offres publiées" in imported.stdout
    wrong = rows(1)
    wrong[0]["department_code"] = "999"
    source.write_text(json.dumps(wrong), encoding="utf-8")
    failed = _command(tmp_path, "import-offers", str(source))
    assert failed.returncode == 1 and "Aucune offre importée" in failed.stderr
    assert "offre 1.department_code" in failed.stderr

    with sqlite3.connect(tmp_path / "pass.sqlite3") as database:
        statuses = database.execute("SELECT status FROM offer").fetchall()
        roles = database.execute("SELECT username, role, administration_id FROM account")
        assert statuses == [("published",), ("published",)]
        assert roles.fetchall() == [("imorel", "recruiter", "interieur")]
