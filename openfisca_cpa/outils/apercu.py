"""Aperçu d'une modification des paramètres : paramètres changés, tests YAML qui changent, impact sur une population.

Usage :
    python -m openfisca_cpa.outils.apercu --parametres <dossier édité>
    python -m openfisca_cpa.outils.apercu --revision <révision git>
    python -m openfisca_cpa.outils.apercu --base HEAD --parametres openfisca_cpa/parameters

La référence est le dossier de paramètres actuel du paquet (ou, avec `--base REV`, celui d'une
révision git) ; la version modifiée est le dossier donné, ou celui de la révision donnée. Les
révisions sont extraites avec `git archive` dans un dossier temporaire : le dossier de travail et
l'index git ne sont pas touchés. Les variables (formules) sont les mêmes des deux côtés.

Les tests YAML sont lus et construits avec la machinerie d'openfisca-core
(`openfisca_core.tools.test_runner`) ; chaque sortie attendue est calculée avec les deux systèmes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.tools import assert_near, test_runner

from openfisca_cpa import CountryTaxBenefitSystem
from openfisca_cpa.outils.argparse_fr import AnalyseurFr
from openfisca_cpa.outils.lecture import afficher_chemin
from openfisca_cpa.outils.verification import PARAMETRES, formater, verifier_parametres

PAQUET = Path(__file__).resolve().parents[1]
TESTS = PAQUET / "tests"
#: Écart en dessous duquel deux montants sont tenus pour égaux (le modèle calcule en float32).
TOLERANCE = 0.005


# ----- Sources des paramètres ----- #


@contextlib.contextmanager
def parametres_de_revision(revision: str) -> Iterator[Path]:
    """Le dossier de paramètres d'une révision git, extrait dans un dossier temporaire."""
    racine = Path(_git(["rev-parse", "--show-toplevel"], PAQUET).strip())
    relatif = PARAMETRES.relative_to(racine).as_posix()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "--", relatif],
        cwd=racine,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise ValueError(f"révision git « {revision} » illisible : {archive.stderr.decode(errors='replace').strip()}")
    with tempfile.TemporaryDirectory(prefix="apercu-") as dossier:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dossier, filter="data")
        yield Path(dossier) / relatif


def _git(arguments: list[str], dossier: Path) -> str:
    return subprocess.run(["git", *arguments], cwd=dossier, capture_output=True, text=True, check=True).stdout


def systeme_avec_parametres(dossier: str | Path | None) -> CountryTaxBenefitSystem:
    """Le système du paquet ; ses paramètres sont relus depuis `dossier` s'il est donné."""
    systeme = CountryTaxBenefitSystem()
    if dossier is not None and Path(dossier).resolve() != PARAMETRES:
        systeme.load_parameters(str(dossier))
    return systeme


# ----- 1. Paramètres modifiés ----- #


@dataclasses.dataclass
class ChangementParametre:
    nom: str
    avant: dict[str, object]  # date -> valeur (None : supprimé)
    apres: dict[str, object]

    def lignes(self) -> list[str]:
        if not self.avant:
            return ["nouveau paramètre : " + _serie(self.apres)]
        if not self.apres:
            return ["paramètre retiré (il valait " + _serie(self.avant) + ")"]
        lignes = []
        for jour in sorted(set(self.avant) | set(self.apres)):
            if jour not in self.avant:
                lignes.append(f"{jour} : nouvelle valeur {_valeur(self.apres[jour])}")
            elif jour not in self.apres:
                lignes.append(f"{jour} : valeur {_valeur(self.avant[jour])} retirée")
            elif self.avant[jour] != self.apres[jour]:
                lignes.append(f"{jour} : {_valeur(self.avant[jour])} → {_valeur(self.apres[jour])}")
        return lignes


def _serie(valeurs: dict[str, object]) -> str:
    return ", ".join(f"{j} : {_valeur(v)}" for j, v in sorted(valeurs.items()))


def _valeur(valeur) -> str:
    return "null (supprimé)" if valeur is None else str(valeur)


def _feuilles(noeud, prefixe=""):
    """{nom pointé: {date: valeur}} de toutes les feuilles (les tranches de barème à plat)."""
    resultat = {}
    for nom, enfant in noeud.children.items():
        complet = f"{prefixe}{nom}"
        if isinstance(enfant, ParameterNode):
            resultat.update(_feuilles(enfant, complet + "."))
        elif isinstance(enfant, ParameterScale):
            for i, tranche in enumerate(enfant.brackets):
                for cle, serie in tranche.children.items():
                    resultat[f"{complet}[{i}].{cle}"] = {v.instant_str: v.value for v in serie.values_list}
        elif isinstance(enfant, Parameter):
            resultat[complet] = {v.instant_str: v.value for v in enfant.values_list}
    return resultat


def comparer_parametres(reference, modifie) -> list[ChangementParametre]:
    avant, apres = _feuilles(reference.parameters), _feuilles(modifie.parameters)
    return [
        ChangementParametre(nom, avant.get(nom, {}), apres.get(nom, {}))
        for nom in sorted(set(avant) | set(apres))
        if avant.get(nom) != apres.get(nom)
    ]


# ----- 2. Tests YAML ----- #


@dataclasses.dataclass
class Verification:
    """Une sortie attendue d'un test, calculée avec les deux systèmes."""

    variable: str
    periode: str
    attendu: object
    avant: list | None
    apres: list | None
    ok_avant: bool
    ok_apres: bool

    @property
    def change(self) -> bool:
        if self.avant is None or self.apres is None:
            return self.avant != self.apres
        try:
            return bool(np.any(np.abs(np.asarray(self.apres, float) - np.asarray(self.avant, float)) > TOLERANCE))
        except (TypeError, ValueError):
            return self.avant != self.apres

    def texte(self) -> str:
        ecart = ""
        with contextlib.suppress(TypeError, ValueError):
            if self.avant is None or self.apres is None:
                raise ValueError
            difference = np.asarray(self.apres, float) - np.asarray(self.avant, float)
            ecart = " (" + ", ".join(f"{d:+.2f}" for d in np.atleast_1d(difference)) + ")"
        return (
            f"{self.variable}@{self.periode} : attendu {_court(self.attendu)}, "
            f"avant {_court(self.avant)}, après {_court(self.apres)}{ecart}"
        )


def _court(valeur) -> str:
    if isinstance(valeur, list):
        valeurs = [_court(v) for v in valeur]
        return valeurs[0] if len(valeurs) == 1 else "[" + ", ".join(valeurs) + "]"
    if isinstance(valeur, float):
        return f"{valeur:.2f}".rstrip("0").rstrip(".")
    return "erreur" if valeur is None else str(valeur)


@dataclasses.dataclass
class ResultatTest:
    fichier: str
    nom: str
    erreur_avant: str | None
    erreur_apres: str | None
    verifications: list[Verification]

    @property
    def reussi_avant(self) -> bool:
        return self.erreur_avant is None and all(v.ok_avant for v in self.verifications)

    @property
    def reussi_apres(self) -> bool:
        return self.erreur_apres is None and all(v.ok_apres for v in self.verifications)

    @property
    def change(self) -> bool:
        return (
            self.reussi_avant != self.reussi_apres
            or self.erreur_avant != self.erreur_apres
            or any(v.change for v in self.verifications)
        )

    @property
    def etiquette(self) -> str:
        if self.reussi_avant and not self.reussi_apres:
            return "réussissait → échoue"
        if not self.reussi_avant and self.reussi_apres:
            return "échouait → réussit"
        if self.reussi_apres:
            return "réussit toujours, valeur changée"
        return "échoue toujours, valeur changée"


def fichiers_de_tests(chemins: list[Path]) -> list[Path]:
    fichiers = test_runner.discover_test_files([str(c) for c in chemins])
    return [Path(f) for f in fichiers if f.endswith((".yaml", ".yml"))]


def executer_tests(reference, modifie, chemins: list[Path]) -> list[ResultatTest]:
    resultats = []
    for fichier in fichiers_de_tests(chemins):
        with open(fichier, encoding="utf-8") as flux:
            tests = test_runner.yaml.load(flux, Loader=test_runner.Loader)
        for numero, donnees in enumerate(tests if isinstance(tests, list) else [tests], start=1):
            nom = str(donnees.get("name") or f"test n° {numero}")
            avant, erreur_avant = _calculer(reference, donnees)
            apres, erreur_apres = _calculer(modifie, donnees)
            verifications = [
                Verification(variable, periode, attendu, a, b, ok_a, ok_b)
                for (variable, periode, attendu, a, ok_a), (_, _, _, b, ok_b) in zip(
                    avant or _vides(apres), apres or _vides(avant), strict=True
                )
            ]
            resultats.append(ResultatTest(str(fichier), nom, erreur_avant, erreur_apres, verifications))
    return resultats


def _vides(autre):
    return [(v, p, a, None, False) for v, p, a, _, _ in (autre or [])]


def _calculer(systeme_de_base, donnees: dict):
    """Les sorties attendues d'un test : (variable, période, attendu, obtenu, conforme) ; ou l'erreur."""
    try:
        test = test_runner.build_test(dict(donnees))
        systeme = test_runner._get_tax_benefit_system(systeme_de_base, test.reforms, test.extensions)
        if test.parameters:
            systeme = test_runner.InYamlTestReform(systeme, test.parameters)
        constructeur = SimulationBuilder()
        constructeur.set_default_period(test.period)
        simulation = constructeur.build_from_dict(systeme, test.input)
        if test.max_spiral_loops:
            simulation.max_spiral_loops = test.max_spiral_loops
        resultats = []
        for variable, periode, attendu, indice in _sorties_attendues(test, simulation, systeme):
            obtenu = simulation.calculate(variable, periode)
            if indice is not None:
                obtenu = obtenu[indice]
            try:
                assert_near(
                    obtenu,
                    attendu,
                    test.absolute_error_margin[variable],
                    "",
                    test.relative_error_margin[variable],
                )
                conforme = True
            except AssertionError:
                conforme = False
            resultats.append((variable, str(periode), attendu, _en_liste(obtenu), conforme))
        return resultats, None
    except Exception as erreur:  # une erreur de test est un résultat à comparer, pas un plantage de l'outil
        return None, f"{type(erreur).__name__} : {str(erreur).strip().splitlines()[0] if str(erreur).strip() else ''}"


def _sorties_attendues(test, simulation, systeme):
    """Même parcours de `output` que YamlItem.check_output d'openfisca-core."""

    def par_periode(variable, attendu, periode, indice):
        if isinstance(attendu, dict):
            for sous_periode, valeur in attendu.items():
                yield from par_periode(variable, valeur, sous_periode, indice)
        else:
            yield variable, periode, attendu, indice

    for cle, attendu in (test.output or {}).items():
        if systeme.get_variable(cle):
            yield from par_periode(cle, attendu, test.period, None)
        elif simulation.populations.get(cle):
            for variable, valeur in attendu.items():
                yield from par_periode(variable, valeur, test.period, None)
        else:
            population = simulation.get_population(plural=cle)
            if population is None:
                raise KeyError(f"variable ou entité inconnue : {cle}")
            for identifiant, valeurs in attendu.items():
                for variable, valeur in valeurs.items():
                    yield from par_periode(variable, valeur, test.period, population.get_index(identifiant))


def _en_liste(valeurs) -> list:
    tableau = np.atleast_1d(np.asarray(valeurs))
    if tableau.dtype.kind in "fiu":
        return [round(float(v), 4) for v in tableau]
    if hasattr(valeurs, "decode_to_str"):
        return [str(v) for v in valeurs.decode_to_str()]
    return [v.item() if hasattr(v, "item") else v for v in tableau.tolist()]


# ----- 3. Population ----- #


@dataclasses.dataclass
class ImpactVariable:
    variable: str
    periode: str
    unite: str
    total_avant: float
    total_apres: float
    concernes: int
    gagnants: int
    perdants: int
    par_profil: dict[str, tuple[int, float]]  # profil -> (personnes concernées, écart total)
    erreur: str | None = None  # calcul impossible d'un côté ou de l'autre
    ecart_pondere: float | None = None  # écart extrapolé avec les poids de la population, s'il y en a
    concernes_ponderes: float | None = None

    @property
    def ecart(self) -> float:
        return self.total_apres - self.total_avant


@dataclasses.dataclass
class ImpactPopulation:
    annee: int
    taille: int
    description: str
    variables: list[ImpactVariable]
    concernes: int  # personnes dont au moins une des variables change


def population_synthetique(annee: int, taille: int, systeme):
    """La population simulée : celle du générateur du projet (`openfisca_cpa/population`) s'il est là.

    Sinon, la population interne de repli (`outils/population_interne.py`). Dans les deux cas, un achat
    de formation daté est ajouté (`population_interne.ajouter_achat`).
    """
    from openfisca_cpa.outils import population_interne

    try:
        generateur = importlib.import_module("openfisca_cpa.population.generateur")
    except ImportError:
        return population_interne.generer(annee, taille)
    table = generateur.generer(
        taille, graine=2026, debut=population_interne.PREMIERE_ANNEE, fin=annee, forme="large", systeme=systeme
    )
    entrees: dict[str, dict[str, np.ndarray]] = {}
    for colonne in table.column_names:
        nom, _, annee_colonne = colonne.rpartition("_")
        if nom in systeme.variables and annee_colonne.isdigit():
            entrees.setdefault(nom, {})[annee_colonne] = table.column(colonne).to_numpy(zero_copy_only=False)
        elif colonne in systeme.variables:
            entrees[colonne] = {"ETERNITY": table.column(colonne).to_numpy(zero_copy_only=False)}
    jour = population_interne.ajouter_achat(entrees, annee, taille)
    poids = (
        table.column("poids").to_numpy(zero_copy_only=False).astype(float) if "poids" in table.column_names else None
    )
    return population_interne.Population(
        taille=taille,
        profils=None,
        entrees=entrees,
        description=(
            f"population synthétique du projet (openfisca_cpa/population/generateur.py, graine 2026) : {taille} "
            f"carrières de {population_interne.PREMIERE_ANNEE} à {annee}, plus un achat de formation le {jour} "
            "pour 5 % d'entre elles (hypothèse non sourcée de l'aperçu)"
        ),
        jour_achat=jour,
        poids=poids,
    )


def _profils(simulation, systeme, annee: int, taille: int) -> np.ndarray:
    """Le statut de l'année de chaque personne, selon les groupes d'analyse de `openfisca_cpa/population`."""
    try:
        from openfisca_cpa.population.simulation import STATUTS, groupes

        return np.array(STATUTS)[groupes(simulation, systeme, annee)["statut"]]
    except Exception:  # module absent ou changé : pas de détail par profil
        return np.full(taille, "ensemble")


def _variables_simulees(systeme, population, annee: int) -> list[tuple[str, str]]:
    """(variable, période) comparées : alimentation et solde de l'année, puis l'achat daté s'il y en a un."""
    variables = [("cpf_alimentation", str(annee)), ("cpf_solde_heures" if annee <= 2017 else "cpf_solde", str(annee))]
    if population.jour_achat and annee >= 2019:
        variables += [
            (v, population.jour_achat) for v in ("cpf_montant_mobilise", "cpf_reste_a_charge") if v in systeme.variables
        ]
    return variables


def impact_population(reference, modifie, annee: int, taille: int = 2000) -> ImpactPopulation:
    population = population_synthetique(annee, taille, reference)
    variables = _variables_simulees(reference, population, annee)
    resultats = {}
    for cote, systeme in (("avant", reference), ("apres", modifie)):
        simulation = SimulationBuilder().build_default_simulation(systeme, population.taille)
        for variable, periodes in population.entrees.items():
            if variable in systeme.variables:
                for periode, valeurs in periodes.items():
                    simulation.set_input(variable, periode, valeurs)
        # Le solde disponible à l'achat est calculé par le modèle (cpf_solde_disponible, plan de financement).
        if population.profils is None:
            population.profils = _profils(simulation, systeme, annee, population.taille)
        resultats[cote] = {}
        for variable, periode in variables:
            try:
                resultats[cote][variable, periode] = np.asarray(simulation.calculate(variable, periode), dtype=float)
            except Exception as erreur:  # paramètre absent de l'une des versions, par exemple
                resultats[cote][variable, periode] = f"{type(erreur).__name__} : {erreur}"
    impacts, concernes_total = [], np.zeros(population.taille, dtype=bool)
    for variable, periode in variables:
        avant, apres = resultats["avant"][variable, periode], resultats["apres"][variable, periode]
        if isinstance(avant, str) or isinstance(apres, str):
            erreur = " ; ".join(
                f"{cote} : {r}" for cote, r in (("avant", avant), ("après", apres)) if isinstance(r, str)
            )
            impacts.append(ImpactVariable(variable, periode, "", 0.0, 0.0, 0, 0, 0, {}, erreur))
            continue
        ecart = apres - avant
        concernes = np.abs(ecart) > TOLERANCE
        concernes_total |= concernes
        par_profil = {
            profil: (
                int(np.sum(concernes & (population.profils == profil))),
                float(np.sum(ecart[population.profils == profil])),
            )
            for profil in dict.fromkeys(population.profils.tolist())
        }
        unite = "h" if variable == "cpf_solde_heures" or (variable == "cpf_alimentation" and annee <= 2018) else "€"
        poids = population.poids
        impacts.append(
            ImpactVariable(
                variable,
                periode,
                unite,
                float(avant.sum()),
                float(apres.sum()),
                int(concernes.sum()),
                int(np.sum(ecart > TOLERANCE)),
                int(np.sum(ecart < -TOLERANCE)),
                par_profil,
                ecart_pondere=None if poids is None else float(np.sum(poids * ecart)),
                concernes_ponderes=None if poids is None else float(np.sum(poids * concernes)),
            )
        )
    return ImpactPopulation(annee, population.taille, population.description, impacts, int(concernes_total.sum()))


# ----- Rapport ----- #


@dataclasses.dataclass
class Apercu:
    reference: str
    modifie: str
    parametres: list[ChangementParametre]
    tests: list[ResultatTest]
    population: ImpactPopulation | None

    def texte(self) -> str:
        lignes = [
            "Aperçu de la modification",
            f"  Référence : {self.reference}",
            f"  Modifié   : {self.modifie}",
            "",
            f"1. Paramètres modifiés : {len(self.parametres)}",
        ]
        for changement in self.parametres:
            lignes.append(f"  {changement.nom}")
            lignes += [f"      {ligne}" for ligne in changement.lignes()]
        changes = [t for t in self.tests if t.change]
        lignes += [
            "",
            f"2. Tests YAML : {len(self.tests)} tests, {len(changes)} changent de résultat "
            f"(réussis avant : {sum(t.reussi_avant for t in self.tests)}, après : {sum(t.reussi_apres for t in self.tests)})",
        ]
        for test in sorted(changes, key=lambda t: (t.reussi_avant == t.reussi_apres, t.fichier, t.nom)):
            lignes.append(f"  [{test.etiquette}] {afficher_chemin(test.fichier)} — « {test.nom} »")
            if test.erreur_avant != test.erreur_apres:
                lignes.append(
                    f"      erreur avant : {test.erreur_avant or 'aucune'} ; après : {test.erreur_apres or 'aucune'}"
                )
            lignes += [f"      {v.texte()}" for v in test.verifications if v.change or not v.ok_apres]
        if self.population is not None:
            p = self.population
            lignes += [
                "",
                f"3. Impact sur une population synthétique, année {p.annee} ({p.description})",
                f"  Personnes concernées : {p.concernes} sur {p.taille} ({100 * p.concernes / p.taille:.1f} %)".replace(
                    ".", ","
                ),
            ]
            for v in p.variables:
                if v.erreur:
                    lignes.append(f"  {v.variable}@{v.periode} : calcul impossible ({v.erreur})")
                    continue
                lignes.append(
                    f"  {v.variable}@{v.periode} : total {_montant(v.total_avant, v.unite)} → {_montant(v.total_apres, v.unite)}, "
                    f"écart {_montant(v.ecart, v.unite, signe=True)} ; {v.concernes} personnes concernées "
                    f"({v.gagnants} en hausse, {v.perdants} en baisse)"
                )
                if v.ecart_pondere is not None:
                    lignes.append(
                        f"      extrapolé avec les poids de la population : écart {_montant(v.ecart_pondere, v.unite, signe=True)}, "
                        f"≈ {_montant(v.concernes_ponderes, 'personnes concernées', decimales=0)}"
                    )
                if v.concernes:
                    lignes.append(
                        f"      écart moyen par personne concernée : {_montant(v.ecart / v.concernes, v.unite, signe=True)}"
                    )
                    for profil, (nombre, total) in sorted(v.par_profil.items(), key=lambda e: -abs(e[1][1])):
                        if nombre:
                            lignes.append(
                                f"      {profil} : {nombre} personnes, {_montant(total, v.unite, signe=True)}"
                            )
        return "\n".join(lignes)


def _montant(valeur: float, unite: str, signe: bool = False, decimales: int = 2) -> str:
    texte = f"{valeur:+,.{decimales}f}" if signe else f"{valeur:,.{decimales}f}"
    return texte.replace(",", "\u202f").replace(".", ",") + f" {unite}"


def apercu(
    modifie: Path,
    *,
    reference: Path | None = None,
    tests: list[Path] | None = None,
    annee: int | None = None,
    taille: int = 2000,
    libelles: tuple[str, str] | None = None,
) -> Apercu:
    systeme_reference = systeme_avec_parametres(reference)
    systeme_modifie = systeme_avec_parametres(modifie)
    changements = comparer_parametres(systeme_reference, systeme_modifie)
    resultats = executer_tests(systeme_reference, systeme_modifie, tests or [TESTS])
    if annee is None:
        annee = annee_par_defaut(changements)
    population = impact_population(systeme_reference, systeme_modifie, annee, taille) if taille > 0 else None
    reference_libelle, modifie_libelle = libelles or (
        afficher_chemin(reference or PARAMETRES),
        afficher_chemin(modifie),
    )
    return Apercu(reference_libelle, modifie_libelle, changements, resultats, population)


def annee_par_defaut(changements: list[ChangementParametre], aujourd_hui: date | None = None) -> int:
    """La dernière année où une valeur modifiée s'applique, sans dépasser l'année en cours sauf valeur future.

    Une valeur datée s'applique jusqu'à la date suivante de la série : 500 → 600 au 2019-01-01, sans
    valeur ultérieure, s'applique encore cette année ; une nouvelle valeur au 2027-01-01 donne 2027.
    """
    cette_annee = (aujourd_hui or date.today()).year
    annees = []
    for changement in changements:
        dates = sorted(set(changement.avant) | set(changement.apres))
        for rang, jour in enumerate(dates):
            if changement.avant.get(jour, "absent") == changement.apres.get(jour, "absent"):
                continue
            debut = int(jour[:4])
            if rang + 1 < len(dates):
                fin = date.fromisoformat(dates[rang + 1]).toordinal() - 1
                annees.append(min(date.fromordinal(fin).year, max(cette_annee, debut)))
            else:
                annees.append(max(cette_annee, debut))
    return max(annees) if annees else cette_annee


def main(argv: list[str] | None = None) -> int:
    analyseur = AnalyseurFr(
        prog="python -m openfisca_cpa.outils.apercu",
        description="Compare les paramètres actuels à une version modifiée : tests YAML et population.",
    )
    source = analyseur.add_mutually_exclusive_group(required=True)
    source.add_argument("--parametres", type=Path, help="dossier de paramètres modifié")
    source.add_argument("--revision", help="révision git dont on prend les paramètres (branche, commit, HEAD~1…)")
    analyseur.add_argument(
        "--base", help="révision git de référence (par défaut : les paramètres du dossier de travail)"
    )
    analyseur.add_argument(
        "--tests",
        type=Path,
        action="append",
        help=f"dossier ou fichier de tests YAML (par défaut : {afficher_chemin(TESTS)})",
    )
    analyseur.add_argument(
        "--annee", type=int, help="année simulée sur la population (par défaut : année du dernier changement)"
    )
    analyseur.add_argument(
        "--taille", type=int, default=2000, help="nombre de personnes simulées (0 : pas de population)"
    )
    analyseur.add_argument("--json", action="store_true", help="sortie JSON au lieu du texte")
    arguments = analyseur.parse_args(argv)

    with contextlib.ExitStack() as pile:
        try:
            modifie = arguments.parametres or pile.enter_context(parametres_de_revision(arguments.revision))
            reference = pile.enter_context(parametres_de_revision(arguments.base)) if arguments.base else None
        except (ValueError, subprocess.CalledProcessError) as erreur:
            print(f"Erreur : {erreur}", file=sys.stderr)
            return 2
        problemes = [p for p in verifier_parametres(modifie) if p.bloquant]
        if problemes:
            print("Les paramètres modifiés contiennent des erreurs ; corrigez-les d'abord :", file=sys.stderr)
            print(formater(problemes), file=sys.stderr)
            return 2
        libelles = (
            f"révision {arguments.base}" if arguments.base else afficher_chemin(PARAMETRES),
            f"révision {arguments.revision}" if arguments.revision else afficher_chemin(modifie),
        )
        resultat = apercu(
            modifie,
            reference=reference,
            tests=arguments.tests,
            annee=arguments.annee,
            taille=arguments.taille,
            libelles=libelles,
        )
    if arguments.json:
        print(json.dumps(dataclasses.asdict(resultat), ensure_ascii=False, indent=2, default=str))
    else:
        print(resultat.texte())
    return 0


if __name__ == "__main__":
    sys.exit(main())
