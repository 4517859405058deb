# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Guide de la microsimulation du compte personnel d'activité
#
# Ce guide se lit comme un carnet Jupyter (format « percent » de jupytext : `jupytext --to notebook
# docs/guide_microsimulation.py`) ou s'exécute d'un bloc (`python docs/guide_microsimulation.py`) ;
# les tests l'exécutent (openfisca_cpa/tests/population/test_guide_microsimulation.py).
#
# On y construit une population de carrières dans un DataFrame pandas, on obtient des séries
# pondérées (`MicroSeries` de microdf, la bibliothèque de PolicyEngine), puis on compare la
# législation en vigueur à une réforme écrite dans le même fichier YAML que la commande
# `openfisca-cpa simuler --reforme`.

# %%
import tempfile
from pathlib import Path

import pandas as pd

from openfisca_cpa.population import ErreurPopulation, Microsimulation, generer

# %% [markdown]
# ## 1. Des carrières dans un DataFrame
#
# Forme longue : une ligne par individu et par année, une colonne `id`, une colonne `annee` et une
# colonne par entrée du modèle (`heures_travaillees`, `peu_qualifie`, `date_naissance`…). La colonne
# `poids` pondère chaque individu. Ici, une population synthétique sourcée (`generer`), mais tout
# DataFrame de même forme convient, par exemple lu d'une enquête.

# %%
carrieres = generer(500, graine=2026, dataframe=True)
carrieres[["id", "annee", "poids", "date_naissance", "heures_travaillees", "peu_qualifie"]].head()

# %% [markdown]
# ## 2. Un solde pondéré en trois lignes

# %%
sim = Microsimulation(carrieres, poids="poids")
solde = sim.calculate("cpf_solde", 2026)
print(f"{len(sim)} individus représentant {solde.weights.sum():,.0f} personnes")
print(f"Droits CPF totaux fin 2026 : {solde.sum() / 1e9:,.1f} milliards d'euros")
print(f"Solde moyen : {solde.mean():,.0f} € ; médian : {solde.median():,.0f} €")

# %% [markdown]
# La série est indexée par l'identifiant des individus et garde ses poids : `sum`, `mean`,
# `median`, `quantile`, `decile_rank` sont pondérés.

# %%
print(solde.quantile([0.1, 0.5, 0.9]))

# %% [markdown]
# ## 3. Plusieurs comptes à la fois

# %%
comptes = sim.calculate_dataframe(["cpf_solde", "cec_solde", "c2p_solde_points"], 2026)
comptes.head()

# %% [markdown]
# ## 4. Une réforme, base et réforme côte à côte
#
# Le fichier de réforme est celui de la commande `openfisca-cpa simuler --reforme` : des
# paramètres du modèle, une date d'effet, une valeur.

# %%
dossier = Path(tempfile.mkdtemp())
reforme = dossier / "reforme.yaml"
reforme.write_text(
    "nom: Crédit annuel CPF porté à 600 €\n"
    "modifications:\n"
    "  - parametre: cpf.euros.salarie.credit_annuel\n"
    "    depuis: 2025-01-01\n"
    "    valeur: 600\n",
    encoding="utf-8",
)
sim = Microsimulation(carrieres, poids="poids", reforme=reforme)
comparaison = sim.comparer("cpf_solde", 2026)
print(
    f"Coût de la réforme pour les droits inscrits fin 2026 : {comparaison['ecart'].sum() / 1e9:,.2f} milliards d'euros"
)
print(f"Part des titulaires gagnants : {(comparaison['ecart'] > 0).mean():.1%}")

# %% [markdown]
# ## 5. La forme large, comme l'API web
#
# Une ligne par individu, une colonne par `<variable>@<période>` (`heures_travaillees@2024`,
# `date_naissance@ETERNITY`), exactement les colonnes de `POST /calculate/population`.

# %%
large = pd.DataFrame(
    {
        "id": ["a", "b"],
        "date_naissance@ETERNITY": ["1980-05-01", "1995-01-15"],
        "heures_travaillees@2024": [1607.0, 800.0],
        "heures_travaillees@2025": [1607.0, 1607.0],
    }
)
Microsimulation(large).calculate("cpf_solde", 2025)

# %% [markdown]
# ## 6. Une valeur fautive est refusée comme par l'API web
#
# Les règles des entrées (bornes, types, horizon des périodes 2010-2100) sont celles de
# `openfisca_cpa/entrees.py`, communes aux trois portes ; l'erreur nomme la colonne et la ligne.

# %%
fautif = large.copy()
fautif.loc[1, "heures_travaillees@2024"] = 99_999
try:
    Microsimulation(fautif)
except ErreurPopulation as erreur:
    print(erreur)

# %% [markdown]
# ## 7. Le relevé d'un titulaire, ou de toute la population
#
# `releve(annees=…, ids=…)` rend le relevé des comptes en format long : pour chaque individu,
# compte et année, le solde de début, chaque mouvement (crédit, plafonnement, abondement, débit,
# conversion…) avec sa règle et son article, et le solde de fin. Ce sont les variables de mouvement
# du modèle, lues par la même vue que la route `/releve` de l'API web : mêmes chiffres.

# %%
releve = sim.releve(annees=range(2019, 2027), ids=[1])
cpf = releve[releve["compte"] == "cpf"]
print(cpf.pivot_table(index="annee", columns="mouvement", values="montant", aggfunc="sum").round(2))

# %% [markdown]
# Chaque année s'additionne : solde de début + mouvements = solde de fin.

# %%
par_annee = cpf.groupby("annee")
ecart = (
    par_annee.apply(lambda lignes: lignes.loc[lignes["mouvement"] == "solde_debut", "montant"].sum())
    + par_annee.apply(
        lambda lignes: lignes.loc[~lignes["mouvement"].isin(["solde_debut", "solde_fin"]), "montant"].sum()
    )
    - par_annee.apply(lambda lignes: lignes.loc[lignes["mouvement"] == "solde_fin", "montant"].sum())
)
print(f"Plus grand écart du relevé : {ecart.abs().max():.2f} €")

# %% [markdown]
# ## 8. Des plans de financement pour une population
#
# Les demandes de formation se donnent dans un DataFrame (ou un fichier CSV/Parquet) aux colonnes de
# `openfisca-cpa simuler --formations` : l'identifiant, `date`, `prix` et, facultatifs, `type_action`,
# `points_c2p`, `demandeur_emploi`, les cofinancements… Les mêmes contrôles s'appliquent : une
# demande invalide ou d'un individu absent lève une erreur qui nomme la colonne et la ligne.
# `plans()` rend un plan par demande (ce que paie chaque source dans l'ordre de la loi), les mêmes
# chiffres que le fichier `<sortie>_plans.csv` de la commande et que la route `/plan-de-financement` ;
# `totaux_plans()` les totaux pondérés par source, en float64.

# %%
demandes = pd.DataFrame(
    {
        "id": [1, 2, 3, 4, 5],
        "date": "2026-06-15",
        "prix": [1500.0, 3000.0, 800.0, 5000.0, 1200.0],
        "type_action": [None, None, "bilan_competences", None, None],
        "cofinancement_autres_tiers": [None, 500.0, None, None, None],
    }
)
avec_plans = Microsimulation(carrieres, poids="poids", formations=demandes)
plans = avec_plans.plans()
print(plans[["id", "date", "prix", "achat_possible", "cpf_droits_statutaires", "titulaire"]])
totaux = avec_plans.totaux_plans()
print(f"Totaux pondérés par source :\n{totaux.round(2)}")

# %% [markdown]
# Les achats débitent les droits : le relevé de l'année de l'achat porte le débit.

# %%
debits = avec_plans.releve(annees=[2026], ids=[1])
print(debits[(debits["compte"] == "cpf") & (debits["mouvement"] == "debit")][["id", "annee", "montant"]])

# %% [markdown]
# ## 9. Des cellules vides : la formule ou la valeur par défaut, comptées
#
# Une cellule vide (NaN, None, cellule vide d'un CSV, nulle d'un Parquet) veut dire « non
# renseignée » : la formule du modèle s'applique, sinon la valeur par défaut, par les trois portes
# (la commande, `POST /calculate/population` et `Microsimulation`). Rien n'est perdu en silence :
# `cellules_vides` compte les cellules vides par colonne (la réponse de l'API porte le même compte,
# la synthèse de la commande aussi). `vides="refuser"` les refuse, avec la ligne et la colonne.

# %%
a_trous = large.copy()
a_trous.loc[1, "heures_travaillees@2024"] = None
avec_trous = Microsimulation(a_trous)
print(avec_trous.calculate("cpf_solde", 2025))
print(avec_trous.cellules_vides)
try:
    Microsimulation(a_trous, vides="refuser")
except ErreurPopulation as erreur:
    print(erreur.code, ":", erreur)

# %% [markdown]
# ## 10. Une grande population en flux : la commande en Python
#
# `flux=True` lit un fichier par lots (`taille_lot` individus à la fois) sans rien garder d'un lot
# au suivant : la mémoire est celle d'un lot, pas de la population (10 millions d'individus). `simuler`
# écrit les résultats (CSV ou Parquet, forme longue ou large, base et réforme côte à côte) et rend la
# synthèse pondérée : c'est exactement ce que fait `openfisca-cpa simuler`, qui n'est qu'une mince
# surcouche de cet objet. `calculate` marche aussi en flux, au prix d'une relecture du fichier.

# %%
with tempfile.TemporaryDirectory() as dossier:
    fichier = Path(dossier) / "population.parquet"
    carrieres.to_parquet(fichier, index=False)
    en_flux = Microsimulation(fichier, flux=True, taille_lot=200)
    synthese = en_flux.simuler(Path(dossier) / "resultats.parquet", sorties=["cpf_solde"], progression=False)
    ligne = synthese["par_annee"]["cpf_solde"]["base"]["2026"]
    print(
        f"{synthese['meta']['individus']} individus en {len(synthese['meta']['lots'])} lots ; total {ligne['total']:,.0f} €"
    )
    print(f"Même total que la Microsimulation en mémoire : {sim.calculate('cpf_solde', 2026).sum():,.0f} €")
