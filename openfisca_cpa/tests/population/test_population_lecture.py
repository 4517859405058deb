"""Lecture des fichiers de population : formes, formats, lots et erreurs en français."""

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from openfisca_cpa.population import generateur
from openfisca_cpa.population.erreurs import ErreurPopulation
from openfisca_cpa.population.execution import executer
from openfisca_cpa.population.lecture import OptionsLecture, SourcePopulation


def _csv(tmp_path, texte, nom="population.csv"):
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def _source(chemin, systeme, **options):
    return SourcePopulation(chemin, systeme, OptionsLecture(**options))


def _erreur(chemin, systeme, **options):
    with pytest.raises(ErreurPopulation) as exc:
        list(_source(chemin, systeme, **options).lots())
    return exc.value


SORTIES = ["cpf_alimentation", "cpf_solde"]


def _sorties(synthese):
    return {k: v for k, v in synthese.items() if k != "meta"}


def _proches(a, b, chemin="synthèse"):
    """Égalité à 1e-9 près (l'ordre des sommes change avec le découpage en lots)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), chemin
        for cle in a:
            _proches(a[cle], b[cle], f"{chemin}.{cle}")
    elif isinstance(a, list):
        assert len(a) == len(b), chemin
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _proches(x, y, f"{chemin}[{i}]")
    elif isinstance(a, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9), chemin
    else:
        assert a == b, chemin


def test_formes_et_formats_equivalents(tmp_path, systeme_population):
    """Longue/large × CSV/Parquet, lots de tailles diverses : les mêmes nombres."""
    longue = generateur.generer(40, graine=5, systeme=systeme_population)
    large = generateur.generer(40, graine=5, forme="large", systeme=systeme_population)
    chemins = {
        "longue.parquet": longue,
        "large.parquet": large,
        "longue.csv": longue,
        "large.csv": large,
    }
    syntheses = []
    for nom, table in chemins.items():
        chemin = tmp_path / nom
        if nom.endswith(".csv"):
            pacsv.write_csv(table, chemin)
        else:
            pq.write_table(table, chemin)
        taille_lot = 7 if nom == "longue.parquet" else 1000
        source = _source(chemin, systeme_population, taille_lot=taille_lot)
        assert source.forme == nom.split(".")[0]
        synthese = executer(source, sorties=SORTIES, progression=False, fils=taille_lot == 7)
        syntheses.append(_sorties(synthese))
    for autre in syntheses[1:]:
        _proches(autre, syntheses[0])


def test_fichier_non_trie_et_annees_desordonnees(tmp_path, systeme_population):
    table = generateur.generer(30, graine=2, systeme=systeme_population)
    trie = tmp_path / "trie.parquet"
    pq.write_table(table, trie)
    melange = tmp_path / "melange.parquet"
    ordre = np.random.default_rng(0).permutation(table.num_rows)
    pq.write_table(table.take(pa.array(ordre)), melange)
    source = _source(melange, systeme_population, taille_lot=4)
    assert source.inventaire()["trie"] is False
    a = executer(_source(trie, systeme_population), sorties=SORTIES, progression=False)
    b = executer(source, sorties=SORTIES, progression=False)
    _proches(_sorties(a), _sorties(b))


def test_cellules_vides_formule_et_defaut(tmp_path, systeme_population):
    """Une durée de référence vide prend la formule (1 607 h) ; des heures vides valent 0."""
    chemin = _csv(
        tmp_path,
        "id,annee,heures_travaillees,duree_travail_reference\n1,2020,1607,\n2,2020,,1607\n3,2020,803.5,1607\n",
    )
    synthese = executer(_source(chemin, systeme_population), sorties=["cpf_alimentation"], progression=False)
    ligne = synthese["par_annee"]["cpf_alimentation"]["base"]["2020"]
    assert ligne["total"] == pytest.approx(500 + 0 + 500)


@pytest.mark.parametrize(
    ("texte", "morceaux"),
    [
        (
            "identifiant,annee,heures_travaillees\n1,2020,10\n",
            ["colonne d'identifiant « id » manquante", "Vouliez-vous dire « identifiant »"],
        ),
        (
            "id,annee,heures_travailles\n1,2020,10\n",
            ["colonne « heures_travailles »", "variable inconnue", "Vouliez-vous dire « heures_travaillees »"],
        ),
        (
            "id,annee,heures_travaillees\n1,2020,10\n2,2020,dix\n",
            ["ligne 3", "colonne « heures_travaillees »", "« dix »", "attendu : un nombre décimal"],
        ),
        (
            "id,annee,peu_qualifie\n1,2020,peut-être\n",
            ["ligne 2", "colonne « peu_qualifie »", "« peut-être »", "un booléen"],
        ),
        (
            "id,annee,date_naissance\n1,2020,1980-02-31\n",
            ["ligne 2", "colonne « date_naissance »", "AAAA-MM-JJ"],
        ),
        (
            "id,annee,date_naissance\n1,2020,1980-02-01\n1,2021,1981-02-01\n",
            ["ligne 3", "valeur différente d'une ligne à l'autre"],
        ),
        (
            "id,annee,heures_travaillees\n1,2020,1\n1,2020,2\n",
            ["ligne 3", "année 2020 en double pour l'individu « 1 »"],
        ),
        (
            "id,annee,heures_travaillees\n1,20x0,1\n",
            ["ligne 2", "colonne « annee »", "« 20x0 »"],
        ),
        (
            "id,annee,cpf_solde\n1,2020,1\n",
            ["colonne « cpf_solde »", "résultat du modèle"],
        ),
        (
            "id,annee,cpf_prix_formation\n1,2020,1\n",
            ["colonne « cpf_prix_formation »", "définie par DAY"],
        ),
        (
            "id,annee,heures_travaillees,poids\n1,2020,1,-3\n",
            ["ligne 2", "colonne « poids »", "poids négatif"],
        ),
        (
            "id,annee,heures_travaillees\n,2020,1\n",
            ["ligne 2", "identifiant vide"],
        ),
    ],
)
def test_erreurs_longue(tmp_path, systeme_population, texte, morceaux):
    message = _erreur(_csv(tmp_path, texte), systeme_population).message
    for morceau in morceaux:
        assert morceau in message, message


@pytest.mark.parametrize(
    ("texte", "morceaux"),
    [
        ("id,heures_travaillees\n1,10\n", ["variable annuelle sans année", "heures_travaillees_2019"]),
        ("id,date_naissance_2019\n1,1980-01-01\n", ["variable permanente (ETERNITY) suffixée"]),
        ("id,heures_travailles_2019\n1,10\n", ["Vouliez-vous dire « heures_travaillees_2019 »"]),
        ("id,heures_travaillees_2019\n1,10\n1,11\n", ["ligne 3", "identifiant « 1 » en double"]),
    ],
)
def test_erreurs_large(tmp_path, systeme_population, texte, morceaux):
    message = _erreur(_csv(tmp_path, texte), systeme_population).message
    for morceau in morceaux:
        assert morceau in message, message


def test_erreur_parquet_numero_de_ligne(tmp_path, systeme_population):
    chemin = tmp_path / "p.parquet"
    pq.write_table(
        pa.table({"id": [1, 1, 2], "annee": [2019, 2020, 2019], "heures_travaillees": [1.0, 2.0, -5.0]}),
        chemin,
    )
    message = _erreur(chemin, systeme_population, taille_lot=1).message
    assert "ligne 3" in message and "« -5 »" in message


def test_parquet_texte_refuse_comme_une_chaine_json(tmp_path, systeme_population):
    """Une seule règle (openfisca_cpa/entrees.py) : un nombre stocké en texte dans un Parquet est refusé."""
    chemin = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": [1], "annee": [2019], "heures_travaillees": [" 1607 "]}), chemin)
    erreur = _erreur(chemin, systeme_population)
    assert erreur.code == "valeur_invalide"
    assert erreur.colonne == "heures_travaillees"


@pytest.mark.parametrize(
    ("contenu", "code", "ligne"),
    [
        ("id,annee,heures_travaillees\n1,2019,-5\n", "valeur_hors_bornes", 2),
        ("id,annee,heures_travaillees\n1,2019,99999\n", "valeur_hors_bornes", 2),
        ("id,annee,heures_travaillees\n1,2019,NaN\n", "valeur_invalide", 2),
        ("id,annee,heures_travaillees\n1,2019,inf\n", "valeur_invalide", 2),
        ("id,annee,heures_travaillees\n1,2019,10\n\n2,2019,20\n", "identifiant_vide", 3),
        ("id,annee,heures_travaillees\n1,9999,10\n", "periode_hors_horizon", 2),
        ("id,annee,cpf_solde_heures_initial\n1,2019,1e308\n", "valeur_hors_bornes", 2),
    ],
)
def test_memes_regles_que_l_api(tmp_path, systeme_population, contenu, code, ligne):
    """Bornes, NaN et infini, ligne vide, horizon : les règles de l'API web, avec la ligne du fichier."""
    erreur = _erreur(_csv(tmp_path, contenu), systeme_population)
    assert erreur.code == code
    assert erreur.ligne == ligne


@pytest.mark.parametrize(
    "entete",
    [
        "id,heures_travaillees@2024,heures_travaillees@2024",
        "id,id,heures_travaillees@2024",
        "id,heures_travaillees@2024,heures_travaillees@year:2024",
        "id,heures_travaillees_2024,heures_travaillees@2024",
    ],
)
def test_colonnes_en_double_refusees(tmp_path, systeme_population, entete):
    n = entete.count(",") + 1
    chemin = _csv(tmp_path, entete + "\n" + ",".join(["1"] * n) + "\n")
    with pytest.raises(ErreurPopulation) as erreur:
        _source(chemin, systeme_population)
    assert erreur.value.code == "entree_en_double"


def test_format_et_colonnes_ignorees(tmp_path, systeme_population):
    with pytest.raises(ErreurPopulation, match=r"format « \.xlsx » non pris en charge"):
        _source(_csv(tmp_path, "x", "p.xlsx"), systeme_population)
    chemin = _csv(tmp_path, "id;annee;heures_travaillees;commentaire\n1;2020;401,75;libre\n")
    source = _source(chemin, systeme_population, separateur=";", decimale=",", ignorer_colonnes_inconnues=True)
    assert source.colonnes_ignorees == ["commentaire"]
    synthese = executer(source, sorties=["cpf_alimentation"], progression=False)
    assert synthese["par_annee"]["cpf_alimentation"]["base"]["2020"]["total"] == pytest.approx(125)


def test_enumeration_entier_et_bom(tmp_path, systeme_population):
    """Énumération par son nom, entier, cellules vides et marque d'ordre d'octets (Excel)."""
    chemin = tmp_path / "bom.csv"
    chemin.write_bytes(
        "\ufeffid,annee,intermittent_spectacle_categorie,intermittent_spectacle_jours,"
        "cpf_annee_solde_initial,cpf_solde_initial\n"
        "1,2020,artiste,70,2019,1000\n"
        "2,2020,,0,,\n"
        "3,2020,technicien,50,0,\n".encode()
    )
    sortie = tmp_path / "sortie.csv"
    executer(_source(chemin, systeme_population), sortie, sorties=["cpf_alimentation", "cpf_solde"], progression=False)
    assert sortie.read_text(encoding="utf-8").splitlines()[1:] == ["1,2020,500,1500", "2,2020,0,0", "3,2020,250,250"]
