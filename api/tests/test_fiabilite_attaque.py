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


def test_delai_depasse_pendant_la_finalisation_503(systeme):
    """Le délai expire pendant un after_request (réponse en cours de finalisation) : 503, pas 500."""
    import time

    from api import create_app

    app = create_app(systeme, {"DELAI_CALCUL": 0.05, "TIMEOUT": 0})
    fin = {}

    @app.after_request
    def finalisation_lente(response):
        if fin.get("deja"):
            return response  # réponse d'erreur : finalisée sans attente
        fin["deja"] = True
        # Attend le signal du délai, quelle que soit la vitesse de la machine (borne de sécurité : 30 s).
        limite = time.monotonic() + 30
        while time.monotonic() < limite:
            time.sleep(0.001)
        fin["atteinte"] = True
        return response

    reponse = app.test_client().get("/entities")
    assert "atteinte" not in fin
    assert reponse.status_code == 503
    assert reponse.get_json()["error"]["code"] == "delai_depasse"
