"""Exploitation (issue 15, et les clients lents de l'issue 13) : un vrai serveur gunicorn dans un sous-processus.

Métriques additionnées sur deux processus, identifiant de requête, disponibilité, rechargement des
paramètres par SIGHUP sous trafic, arbre invalide refusé, arrêt gracieux, clients lents. Aucune
assertion de durée : les attentes sont des garde-fous larges (la machine peut être chargée).
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from api import journal, metriques, service
from fiabilite.serveur import Serveur, port_libre

RACINE = Path(__file__).resolve().parents[2]
PARAMETRES = RACINE / "openfisca_cpa" / "parameters"
CREDIT = Path("cpf/euros/salarie/credit_annuel.yaml")
SITUATION = {"individus": {"a": {"heures_travaillees": {"2024": 1607}, "cpf_alimentation": {"2024": None}}}}
#: Garde-fou des attentes (secondes) : jamais une mesure, seulement une borne pour ne pas attendre toujours.
GARDE_FOU = 120


def requete(port, methode, chemin, corps=None, entetes=None, delai=60):
    """(statut, en-têtes, corps décodé) d'une requête sur une connexion neuve."""
    connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=delai)
    try:
        donnees = json.dumps(corps).encode() if corps is not None else None
        tous = {"Content-Type": "application/json"} if donnees is not None else {}
        connexion.request(methode, chemin, body=donnees, headers={**tous, **(entetes or {})})
        reponse = connexion.getresponse()
        brut = reponse.read()
        type_ = reponse.getheader("Content-Type", "")
        return reponse.status, dict(reponse.getheaders()), json.loads(brut) if "json" in type_ else brut.decode()
    finally:
        connexion.close()


def lire_metriques(port, chemin="/metrics") -> dict[str, float]:
    """Les échantillons Prometheus, par nom et étiquettes (`nom{a="b",…}`)."""
    statut, _, texte = requete(port, "GET", chemin)
    assert statut == 200
    echantillons = {}
    for ligne in texte.splitlines():
        if ligne and not ligne.startswith("#"):
            nom, valeur = ligne.rsplit(" ", 1)
            echantillons[nom] = float(valeur)
    return echantillons


def attendre(condition, message):
    fin = time.monotonic() + GARDE_FOU
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(message)


def copier_parametres(tmp_path: Path) -> Path:
    dossier = tmp_path / "parametres"
    shutil.copytree(PARAMETRES, dossier)
    return dossier


def credit_calcule(port) -> tuple[int, float | None]:
    statut, _, corps = requete(port, "POST", "/calculate", SITUATION)
    if statut != 200:
        return statut, None
    return statut, corps["individus"]["a"]["cpf_alimentation"]["2024"]


# --- Sans serveur ---------------------------------------------------------------------------------


def test_identifiant_recu_garde_s_il_est_sain():
    assert journal.choisir("portail-2026.12.02:abc_1") == "portail-2026.12.02:abc_1"
    for douteux in (None, "", "a b", "x" * 129, "é", "a\r\nX-Injecte: 1", "<script>"):
        nouveau = journal.choisir(douteux)
        assert nouveau != douteux and re.fullmatch(r"[0-9a-f]{32}", nouveau)


def test_version_des_parametres_suit_le_contenu(tmp_path):
    dossier = copier_parametres(tmp_path)
    avant = service.version_parametres(dossier)
    assert avant == service.version_parametres(PARAMETRES)
    fichier = dossier / CREDIT
    fichier.write_text(fichier.read_text(encoding="utf-8").replace("value: 500", "value: 600"), encoding="utf-8")
    assert service.version_parametres(dossier) != avant


def test_ready_repond_503_tant_que_le_modele_n_est_pas_pret(app):
    client = app.test_client()
    etat = app.extensions[service.EXTENSION]
    reponse = client.get("/ready")
    assert reponse.status_code == 200
    assert reponse.json["parametres_version"] == service.version_parametres(PARAMETRES)
    etat.pret = False
    try:
        reponse = client.get("/ready")
        assert reponse.status_code == 503
        assert reponse.json["error"]["code"] == "service_non_pret"
        assert client.get("/health").status_code == 200
    finally:
        etat.pret = True


def test_format_json_des_journaux():
    import logging

    enregistrement = logging.LogRecord("api.essai", logging.WARNING, __file__, 1, "bonjour %s", ("toi",), None)
    enregistrement.request_id = "abc"
    ligne = json.loads(journal.FormatJson().format(enregistrement))
    assert (ligne["niveau"], ligne["journal"], ligne["message"], ligne["request_id"]) == (
        "WARNING",
        "api.essai",
        "bonjour toi",
        "abc",
    )


def test_calcul_attend_un_creneau_libre(systeme):
    """Un calcul par processus : si le créneau reste pris, 503 service_occupe (la documentation, elle, répond)."""
    from api import create_app

    app = create_app(systeme, {"DELAI_CALCUL": 1})
    etat = app.extensions[service.EXTENSION]
    client = app.test_client()
    assert etat.prendre_creneau()
    try:
        reponse = client.post("/calculate", json=SITUATION)
        assert reponse.status_code == 503
        assert reponse.json["error"]["code"] == "service_occupe"
        assert reponse.headers["Retry-After"]
        assert client.get("/parameter/cpf.euros.salarie.plafond").status_code == 200
    finally:
        etat.rendre_creneau()
    assert client.post("/calculate", json=SITUATION).status_code == 200


def test_limites_comptees_par_code():
    avant = metriques.REFUS.labels(limite="cout")._value.get()
    metriques.compter_erreur("calcul_trop_couteux", 413)
    assert metriques.REFUS.labels(limite="cout")._value.get() == avant + 1
    metriques.compter_erreur("code_de_limite_futur", 413)
    assert metriques.REFUS.labels(limite="code_de_limite_futur")._value.get() == 1


# --- Vrai serveur ---------------------------------------------------------------------------------


@pytest.mark.serveur
def test_metriques_additionnees_sur_les_deux_processus(tmp_path):
    """Chaque processus écrit ses compteurs ; /metrics donne la somme, égale aux requêtes envoyées."""
    dossier_metriques = tmp_path / "metriques"
    environnement = {"PROMETHEUS_MULTIPROC_DIR": str(dossier_metriques), "CPA_MAX_PERSONNES_SITUATION": "2"}
    with Serveur(workers=2, environnement=environnement, journal=tmp_path / "gunicorn.log") as serveur:
        envoyees, refusees = 40, 3
        resultats = []

        def envoyer(n):
            for _ in range(n):
                resultats.append(requete(serveur.port, "POST", "/calculate", SITUATION)[0])

        fils = [threading.Thread(target=envoyer, args=(envoyees // 4,)) for _ in range(4)]
        for fil in fils:
            fil.start()
        for fil in fils:
            fil.join()
        trois = {"individus": {nom: {"heures_travaillees": {"2024": 1}} for nom in "abc"}}
        for _ in range(refusees):
            assert requete(serveur.port, "POST", "/calculate", trois)[0] == 413
        assert resultats == [200] * envoyees
        # Les deux processus ont servi des requêtes : chacun a son fichier de compteurs.
        pids = serveur.processus()
        fichiers = {f.name for f in dossier_metriques.glob("counter_*.db")}
        assert {f"counter_{pid}.db" for pid in pids} <= fichiers, (pids, fichiers)

        m = lire_metriques(serveur.port)
        assert m['cpa_requetes_total{methode="POST",route="/calculate",statut="200"}'] == envoyees
        assert m['cpa_requetes_total{methode="POST",route="/calculate",statut="413"}'] == refusees
        assert m['cpa_requete_duree_secondes_count{route="/calculate"}'] == envoyees + refusees
        assert m['cpa_personnes_calculees_total{route="/calculate"}'] == envoyees
        assert m['cpa_valeurs_calculees_total{route="/calculate"}'] == envoyees
        assert m['cpa_erreurs_total{code="trop_de_personnes",statut="413"}'] == refusees
        assert m['cpa_refus_limite_total{limite="personnes"}'] == refusees
        version = service.version_parametres(PARAMETRES)
        assert m[f'cpa_parametres_version{{paquet="0.1.0",version="{version}"}}'] == 1
        # Étiquettes bornées : la règle d'URL, jamais le chemin reçu.
        requete(serveur.port, "GET", "/parameter/cpf.euros.salarie.plafond")
        requete(serveur.port, "GET", "/nimporte/quoi/123")
        m = lire_metriques(serveur.port)
        assert m['cpa_requetes_total{methode="GET",route="/parameter/<path:parameter_id>",statut="200"}'] == 1
        assert m['cpa_requetes_total{methode="GET",route="<inconnue>",statut="404"}'] == 1
        assert not any("nimporte" in nom for nom in m)


@pytest.mark.serveur
@pytest.mark.parametrize("mode", ["port", "non"])
def test_exposition_des_metriques_reglable(tmp_path, mode):
    port_metriques = port_libre()
    environnement = {"CPA_METRIQUES": mode, "CPA_METRIQUES_PORT": str(port_metriques)}
    with Serveur(workers=2, environnement=environnement, journal=tmp_path / "gunicorn.log") as serveur:
        assert requete(serveur.port, "POST", "/calculate", SITUATION)[0] == 200
        assert requete(serveur.port, "GET", "/metrics")[0] == 404
        if mode == "port":
            m = lire_metriques(port_metriques)
            assert m['cpa_requetes_total{methode="POST",route="/calculate",statut="200"}'] == 1
        else:
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.1", port_metriques), timeout=5).close()


@pytest.mark.serveur
def test_identifiant_de_requete_en_tete_erreur_et_journaux(tmp_path):
    environnement = {"CPA_JOURNAL_FORMAT": "json", "CPA_LOG_LEVEL": "DEBUG"}
    with Serveur(workers=1, environnement=environnement, journal=tmp_path / "gunicorn.log") as serveur:
        statut, entetes, corps = requete(
            serveur.port, "GET", "/variable/cpf_sold", entetes={"X-Request-Id": "portail-42"}
        )
        assert statut == 404
        assert entetes["X-Request-Id"] == "portail-42"
        assert corps["error"]["request_id"] == "portail-42"
        statut, entetes, _ = requete(serveur.port, "POST", "/calculate", SITUATION, entetes={"X-Request-Id": "a b"})
        assert statut == 200
        nouveau = entetes["X-Request-Id"]
        assert re.fullmatch(r"[0-9a-f]{32}", nouveau)
        statut, entetes, _ = requete(serveur.port, "GET", "/health")
        assert re.fullmatch(r"[0-9a-f]{32}", entetes["X-Request-Id"]) and entetes["X-Request-Id"] != nouveau

        def lignes():
            return [json.loads(ligne) for ligne in serveur.lire_journal().splitlines() if ligne.startswith("{")]

        attendre(lambda: any(li.get("request_id") == nouveau for li in lignes()), "ligne d'accès absente")
        acces = [li for li in lignes() if li["journal"] == "gunicorn.access"]
        portail = [li for li in acces if li["request_id"] == "portail-42"]
        assert [(li["methode"], li["chemin"], li["statut"]) for li in portail] == [("GET", "/variable/cpf_sold", 404)]
        assert [li["statut"] for li in acces if li["request_id"] == nouveau] == [200]
        # Une ligne de l'application écrite pendant la requête porte son identifiant.
        applicatives = [li for li in lignes() if li["journal"].startswith("api") and li["request_id"] == "portail-42"]
        assert applicatives, lignes()


@pytest.mark.serveur
def test_journal_texte_porte_l_identifiant(tmp_path):
    with Serveur(workers=1, journal=tmp_path / "gunicorn.log") as serveur:
        requete(serveur.port, "GET", "/health", entetes={"X-Request-Id": "sonde-7"})
        attendre(lambda: "request_id=sonde-7" in serveur.lire_journal(), "identifiant absent du journal d'accès")
        assert '"GET /health HTTP/1.1" 200' in serveur.lire_journal()


@pytest.mark.serveur
def test_disponibilite_apres_chargement(tmp_path):
    """/ready passe à 200 une fois le modèle chargé et vérifié (le port n'est ouvert qu'ensuite)."""
    serveur = Serveur(workers=1, journal=tmp_path / "gunicorn.log")
    statuts = []
    fil_arret = threading.Event()

    def sonder():
        while not fil_arret.is_set():
            try:
                statuts.append(requete(serveur.port, "GET", "/ready", delai=5)[0])
            except OSError:
                statuts.append(0)  # connexion refusée : pas encore prêt
            if statuts[-1] == 200:
                return
            time.sleep(0.05)

    fil = threading.Thread(target=sonder)
    fil.start()
    try:
        with serveur:
            attendre(lambda: statuts and statuts[-1] == 200, "/ready n'est jamais passé à 200")
            statut, entetes, corps = requete(serveur.port, "GET", "/ready")
            assert statut == 200
            assert corps["parametres_version"] == service.version_parametres(PARAMETRES)
            assert corps["country_package_version"] == "0.1.0"
            assert entetes["Parametres-Version"] == corps["parametres_version"]
    finally:
        fil_arret.set()
        fil.join()
    assert statuts[0] in (0, 503) and set(statuts[:-1]) <= {0, 503}


@pytest.mark.serveur
def test_deux_corps_envoyes_a_moitie_n_affament_pas_health(tmp_path):
    """Issue 13 : deux connexions qui envoient la moitié d'un corps puis se taisent ; /health répond.

    Avec les anciens workers synchrones (2 processus), /health attendait qu'un processus soit tué à
    CPA_TIMEOUT : les délais du serveur sont ici portés au-delà du garde-fou du client, pour que
    seul le modèle de processus puisse faire répondre /health.
    """
    environnement = {"CPA_TIMEOUT": "600", "CPA_DELAI_LECTURE": "600"}
    with Serveur(workers=2, environnement=environnement, journal=tmp_path / "gunicorn.log") as serveur:
        lentes = []
        for _ in range(2):
            prise = socket.create_connection(("127.0.0.1", serveur.port), timeout=GARDE_FOU)
            prise.sendall(
                b"POST /calculate HTTP/1.1\r\nHost: essai\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"individus": {"a": '
            )
            lentes.append(prise)
        try:
            for _ in range(5):
                assert requete(serveur.port, "GET", "/health", delai=60)[0] == 200
            assert credit_calcule(serveur.port) == (200, 500.0)
        finally:
            for prise in lentes:
                prise.close()


@pytest.mark.serveur
def test_client_muet_recoit_408(tmp_path):
    with Serveur(workers=1, environnement={"CPA_DELAI_LECTURE": "1"}, journal=tmp_path / "gunicorn.log") as serveur:
        prise = socket.create_connection(("127.0.0.1", serveur.port), timeout=GARDE_FOU)
        prise.sendall(b"POST /calculate HTTP/1.1\r\nHost: essai\r\nContent-Length: 1000\r\n\r\n{")
        reponse = b""
        while b"}}" not in reponse:
            morceau = prise.recv(65536)
            if not morceau:
                break
            reponse += morceau
        prise.close()
        assert reponse.startswith(b"HTTP/1.1 408")
        assert b'"code":"delai_lecture_depasse"' in reponse
        assert "Traceback" not in serveur.lire_journal()


@pytest.mark.serveur
def test_rechargement_par_sighup_sans_requete_perdue(tmp_path):
    """SIGHUP : l'arbre modifié est vérifié puis servi, sans requête échouée ; un arbre invalide est refusé."""
    dossier = copier_parametres(tmp_path)
    fichier = dossier / CREDIT
    environnement = {"CPA_PARAMETRES_DIR": str(dossier)}
    with Serveur(workers=2, environnement=environnement, journal=tmp_path / "gunicorn.log") as serveur:
        assert credit_calcule(serveur.port) == (200, 500.0)
        version_avant = requete(serveur.port, "GET", "/ready")[2]["parametres_version"]
        resultats: list[tuple[int, float | None]] = []
        echecs: list[str] = []
        arret = threading.Event()

        def trafic():
            while not arret.is_set():
                try:
                    resultats.append(credit_calcule(serveur.port))
                except OSError as erreur:
                    echecs.append(repr(erreur))

        fils = [threading.Thread(target=trafic) for _ in range(3)]
        for fil in fils:
            fil.start()
        try:
            texte = fichier.read_text(encoding="utf-8")
            fichier.write_text(texte.replace("value: 500", "value: 600"), encoding="utf-8")
            serveur.processus_maitre.send_signal(signal.SIGHUP)
            attendre(lambda: resultats and resultats[-1] == (200, 600.0), "le nouveau montant n'est jamais servi")
            # Les anciens processus sont partis : tout ce qui suit vient du nouvel arbre.
            attendre(lambda: len(serveur.processus()) == 2, "processus non remplacés")
            n = len(resultats)
            attendre(lambda: len(resultats) > n + 10, "plus de trafic")
        finally:
            arret.set()
            for fil in fils:
                fil.join()
        assert echecs == []
        assert {statut for statut, _ in resultats} == {200}
        assert {montant for _, montant in resultats} <= {500.0, 600.0}
        assert resultats[-1] == (200, 600.0)
        statut, _, parametre = requete(serveur.port, "GET", "/parameter/cpf.euros.salarie.credit_annuel")
        assert statut == 200
        assert parametre["values"]["2019-01-01"] == 600
        _, _, page = requete(serveur.port, "GET", "/navigateur/parametres/cpf.euros.salarie.credit_annuel")
        assert "600" in page
        version_apres = requete(serveur.port, "GET", "/ready")[2]["parametres_version"]
        assert version_apres == service.version_parametres(dossier) != version_avant

        # Arbre invalide : refusé, l'ancien reste servi, le journal donne fichier:ligne:colonne.
        fichier.write_text(texte.replace("value: 500", "valeur: 700"), encoding="utf-8")
        serveur.processus_maitre.send_signal(signal.SIGHUP)
        attendre(lambda: "Rechargement refusé" in serveur.lire_journal(), "refus non journalisé")
        assert f"{fichier}:13:5" in serveur.lire_journal()
        attendre(lambda: len(serveur.processus()) == 2, "processus non remplacés")
        for _ in range(5):
            assert credit_calcule(serveur.port) == (200, 600.0)
        assert requete(serveur.port, "GET", "/ready")[2]["parametres_version"] == version_apres
        m = lire_metriques(serveur.port)
        assert m['cpa_rechargements_total{resultat="accepte"}'] == 1
        assert m['cpa_rechargements_total{resultat="refuse"}'] == 1
        assert m[f'cpa_parametres_version{{paquet="0.1.0",version="{version_apres}"}}'] == 1
        attendre(
            lambda: f'version="{version_avant}"' not in requete(serveur.port, "GET", "/metrics")[2],
            "version ancienne encore publiée",
        )


@pytest.mark.serveur
def test_arret_gracieux_termine_la_requete_en_cours(tmp_path):
    """SIGTERM pendant qu'une requête arrive : elle est servie avant que le processus ne s'arrête."""
    with Serveur(workers=1, journal=tmp_path / "gunicorn.log") as serveur:
        corps = json.dumps(SITUATION).encode()
        prise = socket.create_connection(("127.0.0.1", serveur.port), timeout=GARDE_FOU)
        prise.sendall(
            b"POST /calculate HTTP/1.1\r\nHost: essai\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(corps)}\r\n\r\n".encode()
            + corps[:10]
        )
        time.sleep(0.5)  # la requête est acceptée et en cours de lecture
        serveur.processus_maitre.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        prise.sendall(corps[10:])
        reponse = b""
        while True:
            morceau = prise.recv(65536)
            if not morceau:
                break
            reponse += morceau
        prise.close()
        assert reponse.startswith(b"HTTP/1.1 200"), reponse[:300]
        assert b'"cpf_alimentation":{"2024":500.0}' in reponse
        assert serveur.processus_maitre.wait(timeout=GARDE_FOU) == 0
