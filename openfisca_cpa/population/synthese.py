"""Synthèse pondérée d'une simulation de population : totaux, moyennes, déciles, plafond, gagnants et perdants.

Tous les agrégats sont calculés en float64. Les sommes sont accumulées lot par lot, dans l'ordre
des lots : le calcul local et le calcul Dask (mêmes lots, même ordre) donnent les mêmes nombres.
Les quantiles demandent la distribution complète : on garde, par solde et par scénario, un
tableau float32 (années × individus), soit 4 octets par individu, par année et par solde.
"""

import numpy as np

from openfisca_cpa.population.contrat import FLUX, SOLDES, est_en_euros, unite
from openfisca_cpa.population.simulation import GROUPES

QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
SEUIL_ECART = 0.005  # un demi-centime (ou demi-heure-centième) : en deçà, « inchangé »
NB_CLASSES_HISTOGRAMME = 40


def quantiles_ponderes(valeurs, poids, probabilites):
    """Quantiles pondérés (inverse de la fonction de répartition, comme numpy « inverted_cdf »), en float64.

    Poids tous égaux (cas d'une population synthétique) : sélection par np.partition, en O(n).
    """
    valeurs = np.asarray(valeurs)
    poids = np.asarray(poids, dtype=np.float64)
    garder = ~np.isnan(valeurs) & (poids > 0)
    if not garder.all():
        valeurs, poids = valeurs[garder], poids[garder]
    n = len(valeurs)
    if n == 0:
        return [None] * len(probabilites)
    probabilites = np.asarray(probabilites, dtype=np.float64)
    if poids[0] > 0 and np.all(poids == poids[0]):
        rangs = np.clip(np.ceil(probabilites * n).astype(np.int64) - 1, 0, n - 1)
        choisis = np.partition(valeurs, np.unique(rangs))
        return choisis[rangs].astype(np.float64).tolist()
    ordre = np.argsort(valeurs, kind="stable")
    cumul = np.cumsum(poids[ordre])
    rangs = np.searchsorted(cumul, probabilites * cumul[-1], side="left")
    rangs = np.clip(rangs, 0, n - 1)
    return valeurs[ordre[rangs]].astype(np.float64).tolist()


def _somme(valeurs, poids):
    """Σ poids·valeurs par ligne, en float64, sans BLAS (même ordre de sommation partout)."""
    return (np.asarray(valeurs, dtype=np.float64) * poids).sum(axis=-1)


def _moyenne(somme, effectif):
    return float(somme / effectif) if effectif > 0 else None


class Synthese:
    """Accumule les résultats des lots (un ou deux scénarios) puis produit un dict JSON-sérialisable."""

    def __init__(self, systeme, sorties, annees, annee_analyse, scenarios=("base",)):
        self.systeme = systeme
        self.sorties = list(sorties)
        self.annees = list(annees)
        self.annee_analyse = annee_analyse
        self.i_analyse = self.annees.index(annee_analyse)
        self.scenarios = list(scenarios)
        self.soldes = [s for s in SOLDES if s in self.sorties]
        self.flux = [f for f in self.sorties if f not in self.soldes]
        ny = len(self.annees)
        self.n = 0
        self.poids_total = 0.0
        self.poids_fournis = False
        self._sommes = {
            (s, v): np.zeros((3, ny)) for s in self.scenarios for v in self.sorties
        }  # [Σw·x, Σw (définie), Σw·(x>0)]
        self._plafond = {
            (s, v): np.zeros((2, ny)) for s in self.scenarios for v in self.soldes
        }  # [Σw·au plafond, Σw (plafond connu)]
        taille = {d: len(m) for d, (_, m) in GROUPES.items()}
        self._groupes = {
            (s, v, d): np.zeros((4, taille[d])) for s in self.scenarios for v in self.sorties for d in GROUPES
        }  # [Σw·x, Σw, Σw·au plafond, Σw (plafond connu)] pour l'année d'analyse
        self._comparaison = {
            (v, d): np.zeros((4, taille[d])) for v in self.sorties for d in GROUPES
        }  # [Σw·gagnant, Σw·perdant, Σw·écart, Σw]
        self._panneaux = {(s, v): [] for s in self.scenarios for v in self.soldes}
        self._poids = []
        self._plans = {}  # scénario -> totaux des plans de financement (demandes de formation)
        self.lots = []
        self._indices = {}

    def indice(self, nom, definies=None):
        """Indice de l'année d'analyse d'une sortie : la dernière année ≤ annee_analyse où elle est définie."""
        if nom not in self._indices and definies is not None:
            possibles = np.flatnonzero(np.asarray(definies)[: self.i_analyse + 1])
            self._indices[nom] = int(possibles[-1]) if len(possibles) else None
        return self._indices.get(nom)

    def annee_de(self, nom):
        i = self.indice(nom)
        return None if i is None else self.annees[i]

    def ajouter(self, resultats):
        """Ajoute les résultats d'un lot : {scénario: ResultatLot}."""
        premier = resultats[self.scenarios[0]]
        poids = np.asarray(premier.poids, dtype=np.float64)
        self.n += premier.n
        self.poids_total += float(poids.sum())
        self.poids_fournis = self.poids_fournis or bool((poids != 1).any())
        self._poids.append(poids)
        self.lots.append(
            {
                "numero": premier.numero,
                "individus": premier.n,
                "duree_s": round(sum(r.duree for r in resultats.values()), 3),
                "memoire_mo": round(max(r.memoire for r in resultats.values()) / 2**20, 1),
            }
        )
        for scenario, resultat in resultats.items():
            if getattr(resultat, "plans", None) is not None:
                self._ajouter_plans(scenario, resultat.plans)
        for scenario, resultat in resultats.items():
            for nom in self.sorties:
                valeurs, definies = resultat.sorties[nom]
                i = self.indice(nom, definies)
                x = valeurs.astype(np.float64)
                sommes = self._sommes[(scenario, nom)]
                sommes[0] += np.where(definies, _somme(x, poids), 0.0)
                sommes[1] += np.where(definies, poids.sum(), 0.0)
                sommes[2] += np.where(definies, _somme(x > 0, poids), 0.0)
                if i is not None:
                    for dimension, codes in resultat.groupes.items():
                        cumul = self._groupes[(scenario, nom, dimension)]
                        k = cumul.shape[1]
                        cumul[0] += np.bincount(codes, poids * x[i], minlength=k)
                        cumul[1] += np.bincount(codes, poids, minlength=k)
            for nom in self.soldes:
                valeurs, definies = resultat.sorties[nom]
                i = self.indice(nom, definies)
                x = np.where(definies[:, None], valeurs.astype(np.float32), np.nan)
                self._panneaux[(scenario, nom)].append(x.astype(np.float32))
                plafond = resultat.plafonds.get(nom)
                if plafond is not None:
                    connu = ~np.isnan(plafond)
                    atteint = connu & (valeurs.astype(np.float64) >= plafond - SEUIL_ECART)
                    self._plafond[(scenario, nom)][0] += _somme(atteint, poids)
                    self._plafond[(scenario, nom)][1] += _somme(connu, poids)
                    for dimension, codes in resultat.groupes.items():
                        if i is None:
                            break
                        cumul = self._groupes[(scenario, nom, dimension)]
                        k = cumul.shape[1]
                        cumul[2] += np.bincount(codes, poids * atteint[i], minlength=k)
                        cumul[3] += np.bincount(codes, poids * connu[i], minlength=k)
        if len(self.scenarios) == 2:
            base, reforme = (resultats[s] for s in self.scenarios)
            for nom in self.sorties:
                valeurs_b, definies = base.sorties[nom]
                i = self.indice(nom, definies)
                if i is None:
                    continue
                ecart = reforme.sorties[nom][0][i].astype(np.float64) - valeurs_b[i].astype(np.float64)
                for dimension, codes in base.groupes.items():
                    cumul = self._comparaison[(nom, dimension)]
                    k = cumul.shape[1]
                    cumul[0] += np.bincount(codes, poids * (ecart > SEUIL_ECART), minlength=k)
                    cumul[1] += np.bincount(codes, poids * (ecart < -SEUIL_ECART), minlength=k)
                    cumul[2] += np.bincount(codes, poids * ecart, minlength=k)
                    cumul[3] += np.bincount(codes, poids, minlength=k)

    # --- Résultat ------------------------------------------------------------------------

    def _par_annee(self, scenario, nom):
        sommes = self._sommes[(scenario, nom)]
        lignes = {}
        for j, annee in enumerate(self.annees):
            if sommes[1, j] <= 0:
                continue
            lignes[str(annee)] = {
                "total": float(sommes[0, j]),
                "moyenne": _moyenne(sommes[0, j], sommes[1, j]),
                "part_positifs": _moyenne(sommes[2, j], sommes[1, j]),
                "unite": unite(self.systeme, nom, annee),
            }
        return lignes

    def _groupes_resultat(self, scenario, nom):
        resultat = {}
        for dimension, (libelle, modalites) in GROUPES.items():
            cumul = self._groupes[(scenario, nom, dimension)]
            resultat[dimension] = {
                "libelle": libelle,
                "modalites": {
                    modalite: {
                        "effectif": float(cumul[1, k]),
                        "moyenne": _moyenne(cumul[0, k], cumul[1, k]),
                        "total": float(cumul[0, k]),
                        "part_au_plafond": _moyenne(cumul[2, k], cumul[3, k]),
                    }
                    for k, modalite in enumerate(modalites)
                    if cumul[1, k] > 0
                },
            }
        return resultat

    def _distribution(self, nom, poids):
        """Quantiles par année, déciles et histogramme (année d'analyse), pour chaque scénario."""
        panneaux = {s: np.concatenate(self._panneaux[(s, nom)], axis=1) for s in self.scenarios}
        i = self.indice(nom)
        if i is None:
            i = self.i_analyse
        valeurs_analyse = [p[i][~np.isnan(p[i])] for p in panneaux.values()]
        maximum = max((float(v.max()) for v in valeurs_analyse if len(v)), default=0.0)
        bords = np.linspace(0.0, max(maximum, 1.0), NB_CLASSES_HISTOGRAMME + 1)
        resultat = {}
        for scenario, panneau in panneaux.items():
            quantiles = {}
            for j, annee in enumerate(self.annees):
                q = quantiles_ponderes(panneau[j], poids, QUANTILES)
                if q[0] is not None:
                    quantiles[str(annee)] = dict(zip(("p10", "p25", "p50", "p75", "p90"), q, strict=True))
            ligne = panneau[i].astype(np.float64)
            garder = ~np.isnan(ligne)
            histogramme, _ = np.histogram(ligne[garder], bords, weights=poids[garder])
            plafond = self._plafond[(scenario, nom)]
            resultat[scenario] = {
                "annee": self.annees[i],
                "quantiles_par_annee": quantiles,
                "deciles": quantiles_ponderes(ligne, poids, np.arange(1, 10) / 10),
                "histogramme": {"bords": bords.tolist(), "poids": histogramme.tolist()},
                "part_au_plafond": {
                    str(a): _moyenne(plafond[0, j], plafond[1, j])
                    for j, a in enumerate(self.annees)
                    if plafond[1, j] > 0
                },
                "par_groupe": self._groupes_resultat(scenario, nom),
            }
        if len(self.scenarios) == 2:
            base, reforme = (panneaux[s][i].astype(np.float64) for s in self.scenarios)
            resultat["gain_par_decile_de_base"] = _gain_par_decile(base, reforme, poids)
        return resultat

    def resultat(self, meta=None):
        """Le dict de synthèse (JSON-sérialisable) lu par le rapport."""
        poids = np.concatenate(self._poids) if self._poids else np.zeros(0)
        synthese = {
            "meta": {
                **(meta or {}),
                "individus": self.n,
                "poids_total": self.poids_total,
                "poids_fournis": self.poids_fournis,
                "annees": self.annees,
                "annee_analyse": self.annee_analyse,
                "scenarios": self.scenarios,
                "sorties": self.sorties,
                "soldes": self.soldes,
                "lots": self.lots,
                "memoire_max_mo": max((lot["memoire_mo"] for lot in self.lots), default=0),
            },
            "par_annee": {nom: {s: self._par_annee(s, nom) for s in self.scenarios} for nom in self.sorties},
            "groupes": {nom: {s: self._groupes_resultat(s, nom) for s in self.scenarios} for nom in self.flux},
            "soldes": {nom: self._distribution(nom, poids) for nom in self.soldes},
        }
        if len(self.scenarios) == 2:
            synthese["comparaison"] = self._comparaison_resultat()
        if self._plans:
            synthese["plans_de_financement"] = self._plans_resultat()
        return synthese

    def _ajouter_plans(self, scenario, colonnes):
        """Cumule, en float64, les montants de chaque source des plans d'un lot (pondérés et non pondérés)."""
        from openfisca_cpa.population.formations import SOURCES

        cumul = self._plans.setdefault(
            scenario,
            {
                "demandes": 0,
                "demandes_ponderees": 0.0,
                "achats_possibles": 0,
                "refus": {},
                "prix": np.zeros(2),
                "participation_forfaitaire": np.zeros(2),
                "sources": {source.id: np.zeros(2) for source in SOURCES},
            },
        )
        poids = np.asarray(colonnes["poids"], dtype=np.float64)
        possibles = np.asarray(colonnes["achat_possible"], dtype=bool)
        cumul["demandes"] += len(poids)
        cumul["demandes_ponderees"] += float(poids.sum())
        cumul["achats_possibles"] += int(possibles.sum())
        motifs, effectifs = np.unique(np.asarray(colonnes["motif_refus"], dtype=str)[~possibles], return_counts=True)
        for motif, effectif in zip(motifs, effectifs, strict=True):
            cumul["refus"][motif] = cumul["refus"].get(motif, 0) + int(effectif)
        for nom, tableau in (
            ("prix", cumul["prix"]),
            ("participation_forfaitaire", cumul["participation_forfaitaire"]),
        ):
            valeurs = np.asarray(colonnes[nom], dtype=np.float64)
            if nom == "participation_forfaitaire":
                valeurs = np.where(possibles, valeurs, 0)
            tableau += (valeurs.sum(), (valeurs * poids).sum())
        for source, tableau in cumul["sources"].items():
            valeurs = np.asarray(colonnes[source], dtype=np.float64)
            tableau += (valeurs.sum(), (valeurs * poids).sum())

    def _plans_resultat(self):
        from openfisca_cpa.population.formations import SOURCES

        libelles = {source.id: source.libelle for source in SOURCES}
        resultat = {}
        for scenario, cumul in self._plans.items():
            resultat[scenario] = {
                "demandes": cumul["demandes"],
                "demandes_ponderees": round(cumul["demandes_ponderees"], 6),
                "achats_possibles": cumul["achats_possibles"],
                "refus": cumul["refus"],
                "prix_total": round(float(cumul["prix"][0]), 2),
                "prix_total_pondere": round(float(cumul["prix"][1]), 2),
                "participation_forfaitaire": round(float(cumul["participation_forfaitaire"][0]), 2),
                "par_source": [
                    {
                        "id": source,
                        "libelle": libelles[source],
                        "montant": round(float(tableau[0]), 2),
                        "montant_pondere": round(float(tableau[1]), 2),
                    }
                    for source, tableau in cumul["sources"].items()
                ],
            }
        return resultat

    def _comparaison_resultat(self):
        base, reforme = self.scenarios
        resultat = {}
        for nom in self.sorties:
            par_groupe = {}
            total = np.zeros(4)
            for dimension, (libelle, modalites) in GROUPES.items():
                cumul = self._comparaison[(nom, dimension)]
                if dimension == "tranche_age":
                    total = cumul.sum(axis=1)
                par_groupe[dimension] = {
                    "libelle": libelle,
                    "modalites": {
                        modalite: {
                            "effectif": float(cumul[3, k]),
                            "part_gagnants": _moyenne(cumul[0, k], cumul[3, k]),
                            "part_perdants": _moyenne(cumul[1, k], cumul[3, k]),
                            "ecart_moyen": _moyenne(cumul[2, k], cumul[3, k]),
                        }
                        for k, modalite in enumerate(modalites)
                        if cumul[3, k] > 0
                    },
                }
            cout = {}
            sommes_b, sommes_r = self._sommes[(base, nom)], self._sommes[(reforme, nom)]
            for j, annee in enumerate(self.annees):
                if sommes_b[1, j] > 0:
                    cout[str(annee)] = {
                        "base": float(sommes_b[0, j]),
                        "reforme": float(sommes_r[0, j]),
                        "ecart": float(sommes_r[0, j] - sommes_b[0, j]),
                        "unite": unite(self.systeme, nom, annee),
                    }
            resultat[nom] = {
                "annee": self.annee_de(nom),
                "part_gagnants": _moyenne(total[0], total[3]),
                "part_perdants": _moyenne(total[1], total[3]),
                "ecart_moyen": _moyenne(total[2], total[3]),
                "ecart_total": float(total[2]),
                "par_groupe": par_groupe,
                "totaux_par_annee": cout,
                "flux": nom in FLUX,
                "cout_euros": sum(
                    v["ecart"] for a, v in cout.items() if nom in FLUX and est_en_euros(self.systeme, nom, int(a))
                ),
            }
        return resultat


def _gain_par_decile(base, reforme, poids):
    """Écart moyen réforme − base par décile du solde de base (rangs pondérés, ex aequo dans l'ordre des lots)."""
    garder = ~np.isnan(base) & ~np.isnan(reforme)
    base, reforme, poids = base[garder], reforme[garder], poids[garder]
    if not len(base) or poids.sum() <= 0:
        return []
    ordre = np.argsort(base, kind="stable")
    cumul = np.cumsum(poids[ordre])
    rang = (cumul - poids[ordre] / 2) / cumul[-1]
    decile = np.minimum((rang * 10).astype(int), 9)
    ecart = (reforme - base)[ordre]
    w = poids[ordre]
    sommes = np.bincount(decile, w * ecart, minlength=10)
    effectifs = np.bincount(decile, w, minlength=10)
    moyennes_base = np.bincount(decile, w * base[ordre], minlength=10)
    return [
        {
            "decile": k + 1,
            "ecart_moyen": _moyenne(sommes[k], effectifs[k]),
            "solde_moyen_base": _moyenne(moyennes_base[k], effectifs[k]),
            "effectif": float(effectifs[k]),
        }
        for k in range(10)
    ]
