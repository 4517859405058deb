"""Population synthétique reproductible (graine), calée sur des parts publiées par l'Insee, la Dares, la Drees…

Sert aux démonstrations, aux tests et aux mesures de performance ; ce n'est pas un échantillon
représentatif : chaque part est tirée indépendamment des autres (pas de corrélations fines entre
âge, qualification, temps partiel, exposition…), sauf quand la mécanique l'impose (un ESAT ou
un indépendant n'a pas d'heures salariées ; le C2P ne concerne que les salariés).

Chaque part est citée dans `PARTS` avec sa source, son année et son adresse. Une part qu'aucune
source n'a pu étayer porte ``source = "HYPOTHÈSE"`` : c'est un choix de modélisation à revoir.

Carrières complètes : chaque individu a une ligne pour chaque année de `debut` à `fin`
(2015-2026 par défaut) ; l'activité commence l'année de ses 18 ans plus un délai d'études et
cesse à 64 ans. Les individus sont tirés par blocs de 50 000 avec une graine dérivée de
(graine, numéro de bloc) : la population ne dépend pas de la taille des lots d'écriture.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from tqdm import tqdm

from openfisca_cpa.population.erreurs import ErreurPopulation


@dataclass(frozen=True)
class Part:
    cle: str
    valeur: float
    libelle: str
    source: str
    annee: int | None
    url: str | None


HYPOTHESE = "HYPOTHÈSE"

_PARTS = [
    Part(
        "age_15_24",
        0.100,
        "Part des 15-24 ans dans la population active (2 846 k / 28 390 k)",
        "Insee, enquête Emploi 2011, Population active et taux d'activité selon le sexe et l'âge",
        2011,
        "http://www.insee.fr/fr/themes/tableau.asp?reg_id=0&ref_id=NATCCF03170",
    ),
    Part(
        "age_25_49",
        0.642,
        "Part des 25-49 ans dans la population active (18 214 k / 28 390 k)",
        "Insee, enquête Emploi 2011, Population active et taux d'activité selon le sexe et l'âge",
        2011,
        "http://www.insee.fr/fr/themes/tableau.asp?reg_id=0&ref_id=NATCCF03170",
    ),
    Part(
        "age_50_64",
        0.251,
        "Part des 50-64 ans dans la population active (7 132 k / 28 390 k)",
        "Insee, enquête Emploi 2011, Population active et taux d'activité selon le sexe et l'âge",
        2011,
        "http://www.insee.fr/fr/themes/tableau.asp?reg_id=0&ref_id=NATCCF03170",
    ),
    Part(
        "age_65_plus",
        0.007,
        "Part des 65 ans ou plus dans la population active (198 k / 28 390 k)",
        "Insee, enquête Emploi 2011, Population active et taux d'activité selon le sexe et l'âge",
        2011,
        "http://www.insee.fr/fr/themes/tableau.asp?reg_id=0&ref_id=NATCCF03170",
    ),
    Part(
        "independants",
        0.112,
        "Non-salariés parmi les personnes en emploi (3,4 M / 30,4 M fin 2023)",
        "Insee Références, Emploi, chômage, revenus du travail, édition 2024 : Le marché du travail en 2023",
        2023,
        "https://www.insee.fr/fr/statistiques/7767113?sommaire=7767424",
    ),
    Part(
        "chomage",
        0.073,
        "Taux de chômage BIT : année entière sans activité",
        "Insee Références, Emploi, chômage, revenus du travail, édition 2024",
        2023,
        "https://www.insee.fr/fr/statistiques/7767113?sommaire=7767424",
    ),
    Part(
        "temps_partiel",
        0.173,
        "Salariés à temps partiel dans leur emploi principal",
        "Dares, Le temps partiel (données 2022, enquête Emploi de l'Insee)",
        2022,
        "https://dares.travail-emploi.gouv.fr/donnees/le-temps-partiel",
    ),
    Part(
        "quotite_moins_mi_temps",
        0.242,
        "Parmi les temps partiels : moins d'un mi-temps",
        "Dares 2023 (chiffres repris par toutpourlemploi.fr ; source secondaire)",
        2023,
        "https://toutpourlemploi.fr/2024/04/temps-partiel-2023",
    ),
    Part(
        "quotite_mi_temps",
        0.155,
        "Parmi les temps partiels : exactement un mi-temps",
        "Dares 2023 (source secondaire, idem)",
        2023,
        "https://toutpourlemploi.fr/2024/04/temps-partiel-2023",
    ),
    Part(
        "quotite_50_80",
        0.252,
        "Parmi les temps partiels : entre 50 % et 80 %",
        "Dares 2023 (source secondaire, idem)",
        2023,
        "https://toutpourlemploi.fr/2024/04/temps-partiel-2023",
    ),
    Part(
        "quotite_80_plus",
        0.351,
        "Parmi les temps partiels : 80 % ou plus",
        "Dares 2023 (source secondaire, idem)",
        2023,
        "https://toutpourlemploi.fr/2024/04/temps-partiel-2023",
    ),
    Part(
        "interim",
        0.032,
        "Intérimaires parmi les salariés (798 600 fin du 3e trimestre 2018)",
        "Dares Indicateurs n° 057, décembre 2018, L'emploi intérimaire diminue au 3e trimestre 2018",
        2018,
        "https://pt.slideshare.net/ParmenideInnovation/intrim-baisse-de-lemploi-au-3e-trimestre-2018-125694688",
    ),
    Part(
        "plusieurs_employeurs",
        0.064,
        "Salariés cumulant plusieurs emplois salariés chez des employeurs différents",
        "Insee Références, Emploi, chômage, revenus du travail, édition 2023, fiche Pluriactivité (fin 2020)",
        2020,
        "https://www.insee.fr/fr/statistiques/7456901?sommaire=7456956",
    ),
    Part(
        "salarie_et_independant",
        0.023,
        "Salariés à titre principal ayant aussi un emploi non salarié",
        "Insee Références, édition 2023, fiche Pluriactivité (fin 2020)",
        2020,
        "https://www.insee.fr/fr/statistiques/7456901?sommaire=7456956",
    ),
    Part(
        "micro_entrepreneurs",
        0.42,
        "Micro-entrepreneurs parmi les non-salariés hors agriculture (1,36 M fin 2018)",
        "Acoss Stat n° 289, juillet 2019, Les micro-entrepreneurs en 2018",
        2018,
        "https://pdfslide.fr/documents/n-289-a-juillet-2019-2015-61-en-2016-107-en-2017-et-154-en-2018.html",
    ),
    Part(
        "peu_qualifies",
        0.16,
        "Peu ou pas diplômés (au plus le brevet) parmi les participants au marché du travail",
        "Insee Références, Emploi, chômage, revenus du travail, édition 2020 (C. Picart), données 2018",
        2018,
        "https://recherche-naf.insee.fr/fr/statistiques/4501168?sommaire=4504425",
    ),
    Part(
        "oeth",
        0.036,
        "Personnes avec une reconnaissance administrative du handicap parmi les personnes en emploi",
        "Dares Analyses n° 23, mai 2022, Quelle cible pour l'obligation d'emploi des travailleurs handicapés ? (données 2020)",
        2020,
        "https://fr.slideshare.net/aviecapemploi/daresanalysesquelleciblepourlobligationdemploidestravailleurshandicapespdf",
    ),
    Part(
        "esat",
        0.0039,
        "Travailleurs en ESAT (environ 120 000) rapportés aux 30,4 M personnes en emploi",
        "IGAS-IGF, Les établissements et services d'aide par le travail, octobre 2019 ; Insee 2023 pour le dénominateur",
        2019,
        "https://igas-production2.cegedim.cloud/Les-etablissements-et-services-d-aide-par-le-travail-ESAT",
    ),
    Part(
        "travail_nuit",
        0.106,
        "Salariés ayant travaillé au moins une fois de nuit (0 h-5 h) sur quatre semaines",
        "Dares, Le travail de nuit (données 2024, enquête Emploi)",
        2024,
        "https://dares.travail-emploi.gouv.fr/donnees/le-travail-de-nuit",
    ),
    Part(
        "equipes_alternantes",
        0.07,
        "Salariés en équipes successives alternantes (2x8, 3x8…) avec des nuits",
        HYPOTHESE,
        None,
        None,
    ),
    Part("travail_repetitif", 0.05, "Salariés exposés au travail répétitif", HYPOTHESE, None, None),
    Part("temperatures_extremes", 0.03, "Salariés exposés aux températures extrêmes", HYPOTHESE, None, None),
    Part("bruit", 0.03, "Salariés exposés au bruit ≥ 81 dB(A)", HYPOTHESE, None, None),
    Part("cretes_bruit", 0.005, "Salariés exposés à des crêtes de bruit ≥ 135 dB(C)", HYPOTHESE, None, None),
    Part("hyperbare", 0.0005, "Salariés intervenant en milieu hyperbare", HYPOTHESE, None, None),
    Part(
        "benevoles",
        0.25,
        "Bénévoles dans une association au cours des douze derniers mois (16 ans ou plus)",
        "Injep, Deux tiers des Français impliqués dans la vie associative (enquête ENEAD 2021)",
        2021,
        "http://injep.fr/publication/deux-tiers-des-francais-impliques-dans-la-vie-associative/",
    ),
    Part(
        "service_civique",
        0.018,
        "Jeunes de 16-25 ans en service civique dans l'année (145 000 fin 2019 / environ 8 M de 16-25 ans)",
        "Assemblée nationale, intervention du 5 novembre 2019 (145 000 jeunes) ; dénominateur Insee RP 2020 (15-24 ans) arrondi",
        2019,
        "https://2017-2022.nosdeputes.fr/15/intervention/685345",
    ),
    Part(
        "reserve_militaire",
        0.0013,
        "Réservistes opérationnels (plus de 40 000) rapportés aux 30,4 M personnes en emploi ; environ 37 jours par an",
        "Assemblée nationale, commission de la défense (2020)",
        2020,
        "https://2017-2022.nosdeputes.fr/15/intervention/1179810",
    ),
    Part("reserve_sanitaire", 0.0002, "Réservistes sanitaires mobilisés dans l'année", HYPOTHESE, None, None),
    Part("maitre_apprentissage", 0.02, "Salariés maîtres d'apprentissage", HYPOTHESE, None, None),
    Part(
        "mobilisation_cpf",
        0.041,
        "Dossiers CPF validés (1,34 M en 2023) rapportés à la population active (≈ 32,8 M)",
        "France compétences, rapport sur l'usage des fonds 2023",
        2023,
        "https://francecompetences.fr/?p=52254",
    ),
    Part(
        "prix_formation_cpf",
        1610.0,
        "Coût moyen d'une action financée par le CPF (€)",
        "France compétences, rapport sur l'usage des fonds 2023",
        2023,
        "https://francecompetences.fr/?p=52254",
    ),
    Part(
        "mobilisation_cpf_heures",
        0.017,
        "Salariés du privé ayant utilisé leur CPF en 2018 (appliqué à 2015-2018)",
        "Titre d'un article repris par alvinet.com (source secondaire, chiffre non vérifié à la source)",
        2018,
        "https://www.alvinet.com/similaires/pourquoi-le-compte-personnel-de-formation-n-a-t-il-ete-utilise-que-par-1-7-des-salaries-du-prive-en-2018/53783469",
    ),
    Part("dif", 0.20, "Titulaires ayant inscrit des heures de DIF (20 à 120 h)", HYPOTHESE, None, None),
    Part(
        "absences_assimilees",
        0.03,
        "Salariés ayant un congé assimilé (maternité, parental, AT/MP) dans l'année",
        HYPOTHESE,
        None,
        None,
    ),
    Part(
        "population_active",
        32_800_000,
        "Population active (30,4 M en emploi / (1 - 7,3 %)) : total des poids",
        "Insee Références, édition 2024 (calcul)",
        2023,
        "https://www.insee.fr/fr/statistiques/7767113?sommaire=7767424",
    ),
]

#: Les parts utilisées, par clé.
PARTS = {p.cle: p for p in _PARTS}

DUREE_REFERENCE = 1607.0
TAILLE_BLOC = 50_000
AGE_DEBUT_ACTIVITE = 18  # HYPOTHÈSE : premier emploi à 18 ans plus 0 à 5 ans d'études
AGE_FIN_ACTIVITE = 64  # HYPOTHÈSE : plus d'activité à partir de 64 ans (âge légal de départ)


def _p(cle):
    return PARTS[cle].valeur


def _bloc(graine, numero, taille, annees, premier_id):
    """Un bloc d'individus : dict variable -> tableau (années × n) ou (n,) pour les permanentes."""
    rng = np.random.default_rng([graine, numero])
    ny, n = len(annees), taille
    annees_col = np.asarray(annees)[:, None]
    milieu = annees[len(annees) // 2]

    # Âge à l'année médiane selon la structure par âge de la population active.
    bandes = np.array([[15, 25], [25, 50], [50, 65], [65, 70]])
    parts_age = np.array([_p("age_15_24"), _p("age_25_49"), _p("age_50_64"), _p("age_65_plus")])
    bande = rng.choice(4, size=n, p=parts_age / parts_age.sum())
    age_milieu = rng.integers(bandes[bande, 0], bandes[bande, 1])
    annee_naissance = milieu - age_milieu
    jour = rng.integers(0, 365, size=n)
    naissance = (annee_naissance - 1970).astype("datetime64[Y]").astype("datetime64[D]") + jour
    age = annees_col - annee_naissance[None, :]
    entree = AGE_DEBUT_ACTIVITE + rng.integers(0, 6, size=n)
    en_age = (age >= entree[None, :]) & (age < AGE_FIN_ACTIVITE)

    # Statut principal, permanent sur la carrière.
    u = rng.random(n)
    esat = u < _p("esat")
    independant = ~esat & (u < _p("esat") + _p("independants"))
    salarie = ~esat & ~independant
    micro = independant & (rng.random(n) < _p("micro_entrepreneurs"))
    partiel = salarie & (rng.random(n) < _p("temps_partiel"))
    interim = salarie & ~partiel & (rng.random(n) < _p("interim"))
    multi = salarie & ~interim & (rng.random(n) < _p("plusieurs_employeurs"))
    secondaire = salarie & (rng.random(n) < _p("salarie_et_independant"))
    peu_qualifie = rng.random(n) < _p("peu_qualifies")
    oeth = rng.random(n) < _p("oeth")

    actif = en_age & (rng.random((ny, n)) >= _p("chomage"))

    # Quotité des temps partiels (tranches de la Dares), permanente.
    tranches = np.array(
        [_p(k) for k in ("quotite_moins_mi_temps", "quotite_mi_temps", "quotite_50_80", "quotite_80_plus")]
    )
    tranche = rng.choice(4, size=n, p=tranches / tranches.sum())
    bornes = np.array([[0.2, 0.5], [0.5, 0.5], [0.5, 0.8], [0.8, 0.95]])
    quotite = rng.uniform(bornes[tranche, 0], bornes[tranche, 1])
    quotite = np.where(partiel, quotite, 1.0)
    # HYPOTHÈSES : intérim 10 à 100 % d'un temps plein selon l'année ; deux emplois à temps partiel.
    quotite_annee = np.broadcast_to(quotite, (ny, n)).copy()
    quotite_annee = np.where(interim, rng.uniform(0.1, 1.0, (ny, n)), quotite_annee)
    second_emploi = rng.uniform(0.2, 0.7, n) + rng.uniform(0.1, 0.5, n)
    quotite_annee = np.where(multi, second_emploi, quotite_annee)
    heures = np.where(salarie & actif, np.rint(quotite_annee * DUREE_REFERENCE), 0.0)

    absences = salarie & actif & (rng.random((ny, n)) < _p("absences_assimilees"))
    heures_absences = np.where(absences, np.rint(rng.uniform(200, 800, (ny, n))), 0.0)
    heures = np.maximum(heures - heures_absences, 0.0)

    mois_independant = np.where(micro, rng.integers(1, 13, (ny, n)), 12)
    mois_independant = np.where(secondaire, rng.integers(1, 13, (ny, n)), mois_independant)
    mois_independant = np.where((independant | secondaire) & actif, mois_independant, 0).astype(float)

    # Droits mobilisés : heures jusqu'en 2018, euros ensuite ; le modèle borne le débit au solde.
    taux = np.where(annees_col <= 2018, _p("mobilisation_cpf_heures"), _p("mobilisation_cpf"))
    mobilise = en_age & (rng.random((ny, n)) < taux)
    prix = rng.lognormal(np.log(_p("prix_formation_cpf")) - 0.5 * 0.6**2, 0.6, (ny, n))
    heures_mobilisees = rng.integers(20, 101, (ny, n)).astype(float)
    droits = np.where(mobilise, np.where(annees_col <= 2018, heures_mobilisees, np.round(prix, 2)), 0.0)

    dif = np.where(rng.random(n) < _p("dif"), rng.integers(20, 121, n), 0).astype(float)

    colonnes = {
        "date_naissance": naissance,
        "cpf_heures_dif": dif,
        "heures_travaillees": heures,
        "heures_absences_assimilees": heures_absences,
        "duree_travail_reference": np.full((ny, n), DUREE_REFERENCE),
        "peu_qualifie": np.broadcast_to(peu_qualifie & salarie, (ny, n)) & actif,
        "beneficiaire_oeth": np.broadcast_to(oeth & salarie, (ny, n)) & actif,
        "travailleur_esat": np.broadcast_to(esat, (ny, n)) & en_age,
        "mois_activite_independante": mois_independant,
        "cpf_droits_mobilises": droits,
    }

    # Compte d'engagement citoyen.
    jeune = (age >= 16) & (age <= 25)
    benevole = rng.random(n) < _p("benevoles")
    heures_benevolat = np.where(benevole[None, :] & (age >= 16), np.rint(rng.lognormal(np.log(60), 1.0, (ny, n))), 0.0)
    # La queue de la loi log-normale dépassait les heures d'une année (10 058 h pour une graine de
    # 1 000 000 d'individus), refusées par les règles des entrées : bornée à la durée légale d'un
    # temps plein (1 607 h, la valeur par défaut de duree_travail_reference).
    heures_benevolat = np.minimum(heures_benevolat, 1607.0)
    colonnes["cec_benevolat_heures"] = heures_benevolat
    colonnes["cec_benevolat_heures_association_principale"] = np.rint(heures_benevolat * rng.uniform(0.6, 1.0, (ny, n)))
    colonnes["cec_service_civique_mois"] = np.where(
        jeune & (rng.random((ny, n)) < _p("service_civique")), rng.integers(6, 13, (ny, n)), 0
    ).astype(float)
    reserviste = rng.random(n) < _p("reserve_militaire")
    colonnes["cec_reserve_militaire_jours"] = np.where(
        reserviste[None, :] & en_age, rng.integers(10, 61, (ny, n)), 0
    ).astype(float)
    colonnes["cec_reserve_sanitaire_jours"] = np.where(
        en_age & (rng.random((ny, n)) < _p("reserve_sanitaire")), rng.integers(5, 31, (ny, n)), 0
    ).astype(float)
    colonnes["cec_maitre_apprentissage_mois"] = np.where(
        salarie & actif & (rng.random((ny, n)) < _p("maitre_apprentissage")), rng.integers(6, 13, (ny, n)), 0
    ).astype(float)

    # Compte professionnel de prévention (salariés seulement).
    expose = salarie & actif

    def exposition(cle, bas, haut):
        concerne = rng.random(n) < _p(cle)
        return np.where(expose & concerne[None, :], rng.integers(bas, haut, (ny, n)), 0).astype(float)

    colonnes["c2p_nuits_travail_nuit"] = exposition("travail_nuit", 10, 251)
    colonnes["c2p_nuits_equipes_alternantes"] = exposition("equipes_alternantes", 10, 151)
    colonnes["c2p_heures_travail_repetitif"] = exposition("travail_repetitif", 300, 1601)
    colonnes["c2p_heures_temperatures_extremes"] = exposition("temperatures_extremes", 200, 1401)
    colonnes["c2p_heures_bruit"] = exposition("bruit", 200, 1201)
    colonnes["c2p_nb_cretes_bruit"] = exposition("cretes_bruit", 20, 301)
    colonnes["c2p_nb_interventions_hyperbares"] = exposition("hyperbare", 10, 121)
    mois_exposition = np.where(interim, np.clip(np.rint(quotite_annee * 12), 1, 12), 12.0)
    colonnes["c2p_mois_exposition"] = np.where(expose, mois_exposition, 12.0)

    ids = np.arange(premier_id, premier_id + n, dtype=np.int64)
    return ids, colonnes


def _table(ids, colonnes, annees, forme, systeme, poids):
    ny, n = len(annees), len(ids)
    variables = systeme.variables if systeme is not None else None
    garder = {nom: valeurs for nom, valeurs in colonnes.items() if variables is None or nom in variables}
    donnees = {}
    if forme == "longue":
        donnees["id"] = pa.array(np.repeat(ids, ny))
        donnees["annee"] = pa.array(np.tile(np.asarray(annees, dtype=np.int32), n))
        donnees["poids"] = pa.array(np.full(n * ny, poids))
        for nom, valeurs in garder.items():
            valeurs = np.repeat(valeurs, ny) if valeurs.ndim == 1 else np.ascontiguousarray(valeurs.T).reshape(-1)
            donnees[nom] = pa.array(_arrondi(valeurs))
    else:
        donnees["id"] = pa.array(ids)
        donnees["poids"] = pa.array(np.full(n, poids))
        for nom, valeurs in garder.items():
            if valeurs.ndim == 1:
                donnees[nom] = pa.array(_arrondi(valeurs))
            else:
                for j, annee in enumerate(annees):
                    donnees[f"{nom}_{annee}"] = pa.array(_arrondi(valeurs[j]))
    return pa.table(donnees)


def _arrondi(valeurs):
    if valeurs.dtype.kind == "f":
        return np.round(valeurs, 2).astype(np.float32)
    return np.ascontiguousarray(valeurs)


def blocs(n, graine=0, debut=2015, fin=2026, forme="longue", systeme=None, taille_bloc=TAILLE_BLOC):
    """Les blocs (pyarrow.Table) d'une population de `n` individus, dans l'ordre des identifiants."""
    if n < 1:
        raise ErreurPopulation("nombre d'individus invalide", valeur=n, attendu="au moins 1")
    if debut > fin:
        raise ErreurPopulation("années invalides", valeur=f"{debut}-{fin}", attendu="début ≤ fin")
    if forme not in ("longue", "large"):
        raise ErreurPopulation(f"forme « {forme} » inconnue", attendu="longue ou large")
    annees = list(range(debut, fin + 1))
    poids = _p("population_active") / n
    for numero, premier in enumerate(range(0, n, taille_bloc)):
        taille = min(taille_bloc, n - premier)
        ids, colonnes = _bloc(graine, numero, taille, annees, premier + 1)
        yield _table(ids, colonnes, annees, forme, systeme, poids)


def generer(n, graine=0, debut=2015, fin=2026, forme="longue", systeme=None, dataframe=False):
    """La population entière en une table Arrow, ou en DataFrame pandas si `dataframe` (petites populations)."""
    table = pa.concat_tables(list(blocs(n, graine, debut, fin, forme, systeme)))
    return table.to_pandas() if dataframe else table


def ecrire_population(chemin, n, graine=0, debut=2015, fin=2026, forme="longue", systeme=None, progression=False):
    """Écrit la population bloc par bloc (mémoire bornée) ; renvoie le nombre de lignes écrites."""
    chemin = Path(chemin)
    suffixe = chemin.suffix.lower()
    if suffixe not in (".parquet", ".pq", ".csv"):
        raise ErreurPopulation(
            f"format « {suffixe or 'sans extension'} » non pris en charge",
            fichier=str(chemin),
            attendu="un fichier .parquet ou .csv",
        )
    chemin.parent.mkdir(parents=True, exist_ok=True)
    ecrivain, lignes = None, 0
    barre = tqdm(
        total=n,
        unit=" individus",
        unit_scale=True,
        desc="Génération",
        disable=None if progression else True,
    )
    try:
        for table in blocs(n, graine, debut, fin, forme, systeme):
            barre.update(table.num_rows // (len(range(debut, fin + 1)) if forme == "longue" else 1))
            if ecrivain is None:
                if suffixe == ".csv":
                    ecrivain = pacsv.CSVWriter(chemin, table.schema)
                else:
                    ecrivain = pq.ParquetWriter(chemin, table.schema)
            ecrivain.write_table(table)
            lignes += table.num_rows
    finally:
        barre.close()
        if ecrivain is not None:
            ecrivain.close()
    return lignes


def tableau_des_parts():
    """Les parts et leurs sources, pour la documentation et la commande « openfisca-cpa sources »."""
    return [
        {
            "cle": p.cle,
            "valeur": p.valeur,
            "libelle": p.libelle,
            "source": p.source,
            "annee": p.annee,
            "url": p.url,
        }
        for p in _PARTS
    ]
