"""Régressions de la deuxième attaque (issue 13) : mémoire, navigateur, délai, en-têtes, CSV."""

import pytest


@pytest.mark.parametrize("jour", ["9999-12-31", "0001-01-01", "2200-01-01"])
def test_navigateur_date_hors_bornes_400(client, jour):
    for adresse in (
        "/navigateur/parametres/c2p.points.duree_periode_mois",
        "/navigateur/parametres/cpf",
        "/navigateur/",
    ):
        reponse = client.get(f"{adresse}?date={jour}")
        assert reponse.status_code == 400, adresse
        html = reponse.get_data(as_text=True)
        assert "Date hors bornes" in html
        assert "31/12/2199" in html


def test_navigateur_date_limite_acceptee(client):
    assert client.get("/navigateur/parametres/c2p.points.duree_periode_mois?date=2199-12-31").status_code == 200
