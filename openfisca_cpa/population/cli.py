"""Commande ``openfisca-cpa`` : générer une population, la simuler, appliquer une réforme, faire le rapport."""

import argparse
import json
import logging
import sys
from pathlib import Path

from openfisca_cpa.outils.argparse_fr import AnalyseurFr, ajouter_exemples
from openfisca_cpa.population.erreurs import ErreurPopulation
from openfisca_cpa.projet import VERSION

CODE_ERREUR_ENTREE = 2


def _annees(texte):
    """« 2015-2026 » ou « 2019,2020 » -> liste d'années."""
    try:
        if "-" in texte:
            debut, fin = (int(x) for x in texte.split("-", 1))
            if debut > fin:
                raise ValueError
            return list(range(debut, fin + 1))
        return sorted({int(x) for x in texte.split(",") if x.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"années invalides « {texte} » : attendu DEBUT-FIN (2015-2026) ou une liste (2019,2020)"
        ) from None


def _liste(texte):
    return [x.strip() for x in texte.split(",") if x.strip()]


def _options_lecture(parser):
    groupe = parser.add_argument_group("fichier de population")
    groupe.add_argument("--colonne-id", default="id", help="colonne d'identifiant (défaut : id)")
    groupe.add_argument("--colonne-annee", default="annee", help="colonne d'année, forme longue (défaut : annee)")
    groupe.add_argument("--colonne-poids", default="poids", help="colonne de poids facultative (défaut : poids)")
    groupe.add_argument(
        "--forme", choices=("auto", "longue", "large"), default="auto", help="forme du fichier (défaut : auto)"
    )
    groupe.add_argument("--separateur", default=",", help="séparateur CSV (défaut : ,)")
    groupe.add_argument("--decimale", default=".", help="séparateur décimal CSV (défaut : .)")
    groupe.add_argument("--taille-lot", type=int, default=100_000, help="individus par lot de calcul (défaut : 100000)")
    groupe.add_argument(
        "--vides",
        choices=("completer", "refuser"),
        default="completer",
        help="cellules vides : « completer » (formule du modèle, sinon valeur par défaut ; comptées dans la "
        "synthèse, défaut) ou « refuser » (erreur à la première, avec sa ligne et sa colonne)",
    )
    groupe.add_argument(
        "--ignorer-colonnes-inconnues",
        action="store_true",
        help="ignorer (avec un avertissement) les colonnes qui ne sont pas des variables",
    )


def _options_calcul(parser):
    groupe = parser.add_argument_group("calcul et résultats")
    groupe.add_argument("-o", "--sortie", help="fichier de résultats .parquet ou .csv")
    groupe.add_argument(
        "--forme-sortie", choices=("longue", "large"), default="longue", help="forme des résultats (défaut : longue)"
    )
    groupe.add_argument(
        "--sorties",
        type=_liste,
        help="variables à calculer, séparées par des virgules (défaut : les sorties du contrat présentes dans le modèle)",
    )
    groupe.add_argument("--annees", type=_annees, help="années à calculer, 2015-2026 (défaut : celles du fichier)")
    groupe.add_argument(
        "--annee-analyse", type=int, help="année des déciles, groupes et gagnants (défaut : la dernière)"
    )
    groupe.add_argument("--synthese", help="fichier JSON de synthèse (défaut : à côté des résultats)")
    groupe.add_argument("--rapport", help="dossier du rapport HTML et des graphiques")
    groupe.add_argument(
        "--formations",
        help="fichier des demandes de formation (.csv ou .parquet : id, date, prix, type_action, points_c2p…) ; "
        "plans écrits dans <sortie>_plans.csv, totaux par source dans la synthèse et le rapport",
    )
    groupe.add_argument("--silencieux", action="store_true", help="sans barre de progression")
    dask = parser.add_argument_group("Dask distributed")
    dask.add_argument("--dask", action="store_true", help="calculer sur un LocalCluster Dask")
    dask.add_argument("--workers", type=int, default=2, help="travailleurs du LocalCluster (défaut : 2)")
    dask.add_argument("--scheduler", help="adresse d'un ordonnanceur Dask existant, tcp://hôte:8786 (implique --dask)")


def _source(arguments):
    from openfisca_cpa.population.lecture import OptionsLecture, SourcePopulation
    from openfisca_cpa.population.simulation import systeme_de_base

    options = OptionsLecture(
        colonne_id=arguments.colonne_id,
        colonne_annee=arguments.colonne_annee,
        colonne_poids=arguments.colonne_poids,
        forme=arguments.forme,
        separateur=arguments.separateur,
        decimale=arguments.decimale,
        taille_lot=arguments.taille_lot,
        ignorer_colonnes_inconnues=arguments.ignorer_colonnes_inconnues,
        vides=arguments.vides,
    )
    if options.taille_lot < 1:
        raise ErreurPopulation("taille de lot invalide", valeur=options.taille_lot, attendu="au moins 1")
    return SourcePopulation(arguments.population, systeme_de_base(), options)


def _executer(arguments, reforme=None):
    from openfisca_cpa.population.execution import executer

    source = _source(arguments)
    configuration = None
    if arguments.dask or arguments.scheduler:
        from openfisca_cpa.population.dask_runner import ConfigurationDask

        configuration = ConfigurationDask(scheduler=arguments.scheduler, workers=arguments.workers)
    synthese = executer(
        source,
        arguments.sortie,
        sorties=arguments.sorties,
        annees=arguments.annees,
        annee_analyse=arguments.annee_analyse,
        reforme=reforme,
        forme_sortie=arguments.forme_sortie,
        dask=configuration,
        progression=False if arguments.silencieux else None,
        formations=arguments.formations,
    )
    chemin_synthese = arguments.synthese
    if chemin_synthese is None:
        if arguments.sortie:
            chemin_synthese = str(Path(arguments.sortie).with_suffix("")) + "_synthese.json"
        elif arguments.rapport:
            chemin_synthese = str(Path(arguments.rapport) / "synthese.json")
    if chemin_synthese:
        Path(chemin_synthese).parent.mkdir(parents=True, exist_ok=True)
        Path(chemin_synthese).write_text(json.dumps(synthese, ensure_ascii=False, indent=1), encoding="utf-8")
    _resume(synthese, arguments.sortie, chemin_synthese)
    if arguments.rapport:
        from openfisca_cpa.population.rapport import produire_rapport

        chemin = produire_rapport(synthese, arguments.rapport)
        print(f"Rapport : {chemin}")
    return 0


def _resume(synthese, sortie, chemin_synthese):
    from openfisca_cpa.population.rapport import fr, pourcent

    meta = synthese["meta"]
    print(
        f"{fr(meta['individus'])} individus, années {meta['annees'][0]}-{meta['annees'][-1]}, "
        f"{len(meta['lots'])} lot(s), {fr(meta['duree_s'], 1)} s, mémoire maximale d'un lot {fr(meta['memoire_max_mo'])} Mo ({meta['mode']})."
    )
    annee = str(meta["annee_analyse"])
    for nom in meta["sorties"]:
        for scenario in meta["scenarios"]:
            ligne = synthese["par_annee"][nom][scenario].get(annee)
            if ligne:
                print(
                    f"  {nom} {annee} [{scenario}] : total {fr(ligne['total'])} {ligne['unite']}, "
                    f"moyenne {fr(ligne['moyenne'], 2)} {ligne['unite']}"
                )
    for nom, comparaison in synthese.get("comparaison", {}).items():
        if nom in meta["soldes"] and (comparaison["part_gagnants"] or comparaison["part_perdants"]):
            print(
                f"  {nom} {comparaison['annee']} : gagnants {pourcent(comparaison['part_gagnants'])}, "
                f"perdants {pourcent(comparaison['part_perdants'])}, écart moyen {fr(comparaison['ecart_moyen'], 2)}"
            )
        elif nom not in meta["soldes"] and comparaison["cout_euros"]:
            print(f"  {nom} : coût (droits supplémentaires crédités) {fr(comparaison['cout_euros'])} €")
    _resume_vides(meta.get("cellules_vides"))
    for nom, raison in (meta.get("sorties_ecartees") or {}).items():
        print(f"  (non calculée : {nom}, {raison})")
    if sortie:
        print(f"Résultats : {sortie}")
    if chemin_synthese:
        print(f"Synthèse : {chemin_synthese}")


def _resume_vides(vides):
    """Les cellules vides par colonne : rien n'est perdu en silence (règle « completer »)."""
    if not vides:
        return
    from openfisca_cpa.population.rapport import fr

    detail = ", ".join(f"{colonne} {fr(nombre)}" for colonne, nombre in vides.items())
    print(f"  cellules vides (formule du modèle, sinon valeur par défaut) : {fr(sum(vides.values()))} ({detail})")


def commande_generer(arguments):
    import time

    from openfisca_cpa.population.generateur import ecrire_population
    from openfisca_cpa.population.simulation import systeme_de_base

    debut = time.perf_counter()
    annees = arguments.annees or list(range(2015, 2027))
    lignes = ecrire_population(
        arguments.sortie,
        arguments.personnes,
        graine=arguments.graine,
        debut=annees[0],
        fin=annees[-1],
        forme=arguments.forme,
        systeme=None if arguments.toutes_colonnes else systeme_de_base(),
        progression=not arguments.silencieux,
    )
    print(
        f"{arguments.personnes} individus, {lignes} lignes ({arguments.forme}), graine {arguments.graine} : "
        f"{arguments.sortie} en {time.perf_counter() - debut:.1f} s."
    )
    return 0


def commande_simuler(arguments):
    return _executer(arguments)


def commande_reforme(arguments):
    from openfisca_cpa.population.reformes import lire_reforme
    from openfisca_cpa.population.simulation import systeme_de_base

    definition = lire_reforme(arguments.reforme, systeme_de_base())
    return _executer(arguments, reforme=definition)


def commande_rapport(arguments):
    from openfisca_cpa.population.rapport import produire_rapport

    chemin = Path(arguments.synthese_json)
    if not chemin.exists():
        raise ErreurPopulation("fichier introuvable", fichier=str(chemin))
    try:
        synthese = json.loads(chemin.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ErreurPopulation(f"JSON illisible ({exc.msg})", fichier=str(chemin), ligne=exc.lineno) from None
    if "meta" not in synthese:
        raise ErreurPopulation(
            "ce n'est pas une synthèse d'openfisca-cpa",
            fichier=str(chemin),
            attendu="le fichier *_synthese.json écrit par « simuler » ou « reforme »",
        )
    print(f"Rapport : {produire_rapport(synthese, arguments.sortie)}")
    return 0


def commande_verifier(arguments):
    from openfisca_cpa.population.simulation import systeme_de_base

    chemin = Path(arguments.population)
    if chemin.suffix.lower() in (".yaml", ".yml"):
        from openfisca_cpa.population.reformes import lire_reforme

        definition = lire_reforme(chemin, systeme_de_base())
        print(f"Réforme valide : {definition['nom']} ({len(definition['modifications'])} modification(s)).")
        for m in definition["modifications"]:
            print(f"  {m['parametre']} : {m['valeur_precedente']} -> {m['valeur']} à partir du {m['depuis']}")
        return 0
    source = _source(arguments)
    inventaire = source.inventaire()
    individus = 0
    vides = {}
    for lot in source.lots():
        individus += lot.n
        for colonne, nombre in lot.vides.items():
            vides[colonne] = vides.get(colonne, 0) + nombre
    print(
        f"Fichier valide : {individus} individus, forme {source.forme}, années {inventaire['annees'][0]}-{inventaire['annees'][-1]}, "
        f"{len(source.colonnes)} colonnes de variables"
        + ("" if inventaire["trie"] else " (non trié par identifiant : il sera trié en mémoire)")
        + "."
    )
    _resume_vides(vides)
    return 0


def commande_colonnes(arguments):
    from openfisca_cpa.population.lecture import colonnes_acceptees
    from openfisca_cpa.population.simulation import systeme_de_base

    print("variable\tpériode\ttype\tdéfaut\torigine\tlibellé")
    for ligne in colonnes_acceptees(systeme_de_base()):
        print("\t".join(ligne))
    return 0


def commande_sources(arguments):
    from openfisca_cpa.population.generateur import tableau_des_parts

    for part in tableau_des_parts():
        print(f"{part['cle']}\t{part['valeur']}\t{part['source']}\t{part['annee'] or ''}\t{part['url'] or ''}")
    return 0


def analyseur():
    parser = AnalyseurFr(
        prog="openfisca-cpa",
        description="Simulations de population du compte personnel d'activité (CPF, CEC, C2P).",
        epilog="Aide d'une commande : openfisca-cpa COMMANDE --help (exemple : openfisca-cpa simuler --help).",
        version=VERSION,
    )
    sous = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    p = sous.add_parser("generer", help="écrire une population synthétique reproductible")
    p.add_argument("-n", "--personnes", type=int, default=1000, help="nombre d'individus (défaut : 1000)")
    p.add_argument("--graine", type=int, default=0, help="graine aléatoire (défaut : 0)")
    p.add_argument("--annees", type=_annees, help="années de carrière (défaut : 2015-2026)")
    p.add_argument("--forme", choices=("longue", "large"), default="longue")
    p.add_argument(
        "--toutes-colonnes",
        action="store_true",
        help="écrire toutes les entrées du contrat, même celles que le modèle n'a pas encore",
    )
    p.add_argument("-o", "--sortie", required=True, help="fichier .parquet ou .csv")
    p.add_argument("--silencieux", action="store_true", help="sans barre de progression")
    p.set_defaults(fonction=commande_generer)

    p = sous.add_parser("simuler", help="calculer les sorties du modèle sur une population")
    p.add_argument("population", help="fichier de population .parquet ou .csv")
    _options_lecture(p)
    _options_calcul(p)
    p.set_defaults(fonction=commande_simuler)

    p = sous.add_parser("reforme", help="comparer le droit actuel et une réforme YAML sur une population")
    p.add_argument("reforme", help="fichier YAML de réforme")
    p.add_argument("population", help="fichier de population .parquet ou .csv")
    _options_lecture(p)
    _options_calcul(p)
    p.set_defaults(fonction=commande_reforme)

    p = sous.add_parser("rapport", help="refaire le rapport HTML et les graphiques d'une synthèse")
    p.add_argument("synthese_json", help="fichier *_synthese.json")
    p.add_argument("-o", "--sortie", required=True, help="dossier du rapport")
    p.set_defaults(fonction=commande_rapport)

    p = sous.add_parser("verifier", help="vérifier un fichier de population ou de réforme sans calculer")
    p.add_argument("population", help="fichier de population (.parquet, .csv) ou de réforme (.yaml)")
    _options_lecture(p)
    p.set_defaults(fonction=commande_verifier)

    p = sous.add_parser("colonnes", help="lister les colonnes acceptées dans un fichier de population")
    p.set_defaults(fonction=commande_colonnes)

    p = sous.add_parser("sources", help="lister les parts de la population synthétique et leurs sources")
    p.set_defaults(fonction=commande_sources)
    return ajouter_exemples(parser, EXEMPLES)


#: Un exemple sous l'aide de chaque commande (`openfisca-cpa COMMANDE --help`).
EXEMPLES = {
    "generer": "openfisca-cpa generer -n 20000 --graine 42 -o population.parquet",
    "simuler": "openfisca-cpa simuler population.parquet -o resultats.parquet --rapport rapport/",
    "reforme": "openfisca-cpa reforme reforme.yaml population.parquet -o comparaison.parquet",
    "rapport": "openfisca-cpa rapport resultats_synthese.json -o rapport/",
    "verifier": "openfisca-cpa verifier population.csv\nopenfisca-cpa verifier reforme.yaml",
    "colonnes": "openfisca-cpa colonnes",
    "sources": "openfisca-cpa sources",
}


def _journal():
    """Avertissements d'openfisca-cpa sur la sortie d'erreur, sans toucher à la journalisation des autres."""
    journal = logging.getLogger("openfisca_cpa")
    if not journal.handlers:
        gestionnaire = logging.StreamHandler(sys.stderr)
        gestionnaire.setFormatter(logging.Formatter("Avertissement : %(message)s"))
        journal.addHandler(gestionnaire)
        journal.setLevel(logging.WARNING)
        journal.propagate = False


def main(argv=None):
    _journal()
    arguments = analyseur().parse_args(argv)
    try:
        return arguments.fonction(arguments)
    except ErreurPopulation as exc:
        print(f"Erreur : {exc.message}", file=sys.stderr)
        return CODE_ERREUR_ENTREE


if __name__ == "__main__":
    sys.exit(main())
