"""« Télécharger mes données » on « Mon compte », as a candidate uses it."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from models.personal_data.tables import DataExport
from tests.accounts.helpers import answer_proof_of_work_in_python, new_candidate
from tests.ui.test_account_pages import button, sign_in_as


@pytest.fixture(autouse=True)
def _proof_of_work(user: User) -> None:
    answer_proof_of_work_in_python(user)


async def test_the_button_asks_for_the_export_and_says_when_to_wait(db: str, user: User) -> None:
    zoe = await new_candidate()
    await sign_in_as(user)
    await user.should_see("Mes données")
    await user.should_see("valable 48 heures")

    button(user, "Télécharger mes données").click()
    await user.should_see(
        "Demande enregistrée : vous allez recevoir dans quelques minutes, à "
        "zoe.durand@exemple.fr, un e-mail avec le lien pour télécharger vos données."
    )
    assert await DataExport.filter(account_id=zoe.id).count() == 1

    button(user, "Télécharger mes données").click()
    await user.should_see("Vous avez déjà demandé vos données il y a moins de 10 minutes")
    await user.should_see("réessayez dans 10 minutes")
    assert await DataExport.filter(account_id=zoe.id).count() == 1


async def test_the_personal_data_page_states_the_rules(db: str, user: User) -> None:
    await user.open("/donnees-personnelles")
    await user.should_see("depuis deux ans est supprimé")
    await user.should_see("Télécharger mes données")
