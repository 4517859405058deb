"""Vérification des paramètres : des copies volontairement cassées donnent le message français précis, avec fichier:ligne:colonne."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from openfisca_cpa.outils import verification
from openfisca_cpa.outils.lecture import Probleme
from openfisca_cpa.outils.verification import (
    PARAMETRES,
    ParametresInvalidesError,
    main,
    verifier_ou_echouer,
    verifier_parametres,
)

CREDIT = Path("cpf/euros/salarie/credit_annuel.yaml")
PLAFOND = Path("cpf/euros/salarie/plafond.yaml")
AUJOURD_HUI = date(2026, 11, 29)


@pytest.fixture
def copie(tmp_path):
    """Une copie des paramètres du paquet, à casser."""
    dossier = tmp_path / "parameters"
    shutil.copytree(PARAMETRES, dossier)
    return dossier


@pytest.fixture
def petit(tmp_path):
    """Un petit dossier de paramètres valide : la racine et le nœud cpf.euros.salarie du paquet."""
    dossier = tmp_path / "petit"
    shutil.copytree(PARAMETRES / "cpf/euros/salarie", dossier / "salarie")
    (dossier / "index.yaml").write_text(
        'description: "Essai"\nmetadata:\n  short_label: "Essai"\n  order:\n    - salarie\n', encoding="utf-8"
    )
    return dossier


def remplacer(fichier: Path, ancien: str, nouveau: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert ancien in texte, f"{ancien!r} absent de {fichier}"
    fichier.write_text(texte.replace(ancien, nouveau, 1), encoding="utf-8")


def ligne_de(fichier: Path, debut: str) -> int:
    """Numéro (à partir de 1) de la première ligne du fichier qui commence par `debut`."""
    lignes = fichier.read_text(encoding="utf-8").splitlines()
    return next(n for n, ligne in enumerate(lignes, start=1) if ligne.startswith(debut))


def problemes(dossier: Path, fichier: Path | None = None, **options) -> list[str]:
    """Les problèmes sous la forme `chemin relatif:ligne:colonne: message — correction`."""
    trouves = verifier_parametres(dossier, aujourd_hui=AUJOURD_HUI, **options)
    rendus = []
    for p in trouves:
        relatif = Path(p.fichier).relative_to(dossier)
        if fichier is None or relatif == fichier:
            rendus.append(str(Probleme(str(relatif), p.ligne, p.colonne, p.message, p.correction, p.gravite)))
    return rendus


def erreurs(dossier: Path, fichier: Path) -> list[str]:
    return [p for p in problemes(dossier, fichier) if ": avertissement : " not in p]


def test_les_parametres_du_depot_passent():
    bloquants = [str(p) for p in verifier_parametres(PARAMETRES) if p.bloquant]
    assert bloquants == []


def test_indentation_fausse(copie):
    remplacer(copie / CREDIT, "\n  unit: currency-EUR", "\n   unit: currency-EUR")
    ligne = ligne_de(copie / CREDIT, "   unit:")
    assert erreurs(copie, CREDIT) == [
        f"{CREDIT}:{ligne}:4: indentation incorrecte : « unit » commence à la colonne 4, qui ne correspond "
        "à aucun niveau du bloc — alignez la ligne sur la colonne 3 "
        f'(comme « label_en: "Yearly credit, employee" », ligne {ligne - 1})'
    ]


def test_indentation_entre_deux_niveaux(copie):
    remplacer(copie / CREDIT, "\n  unit: currency-EUR", "\n unit: currency-EUR")
    ligne = ligne_de(copie / CREDIT, " unit:")
    (message,) = erreurs(copie, CREDIT)
    assert message.startswith(f"{CREDIT}:{ligne}:2: indentation incorrecte : « unit » commence à la colonne 2")
    assert "la colonne 3" in message and "la colonne 1" in message


def test_tabulation(copie):
    remplacer(copie / CREDIT, "\n  unit: currency-EUR", "\n\tunit: currency-EUR")
    ligne = ligne_de(copie / CREDIT, "\tunit:")
    assert erreurs(copie, CREDIT) == [
        f"{CREDIT}:{ligne}:1: tabulation interdite en YAML — remplacez-la par des espaces (deux espaces par niveau d'indentation)"
    ]


def test_value_au_niveau_de_la_date(copie):
    remplacer(copie / CREDIT, "\n    value: 500", "\n  value: 500")
    ligne = ligne_de(copie / CREDIT, "  value:")
    assert erreurs(copie, CREDIT) == [
        f"{CREDIT}:{ligne}:3: « value » est au niveau des dates au lieu d'être sous la date 2019-01-01 "
        f"(ligne {ligne - 1}) — ajoutez deux espaces devant « value: »"
    ]


def test_reference_manquante_pour_une_nouvelle_valeur(copie):
    remplacer(copie / PLAFOND, "    value: 5000", "    value: 5000\n  2027-01-01:\n    value: 6000")
    ligne = ligne_de(copie / PLAFOND, "  2027-01-01:")
    assert erreurs(copie, PLAFOND) == [
        f"{PLAFOND}:{ligne}:3: pas de référence juridique pour la valeur du 2027-01-01 — ajoutez sous "
        "metadata.reference une entrée 2027-01-01: avec « - title: … » (texte et article) et « href: https://… »"
    ]


def test_reference_sans_href_ni_title(copie):
    remplacer(
        copie / CREDIT, "        href: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641\n", ""
    )
    remplacer(copie / CREDIT, '      - title: "Code du travail', '      - note: "Code du travail')
    ligne = ligne_de(copie / CREDIT, "      - note:")
    assert erreurs(copie, CREDIT) == [
        f"{CREDIT}:{ligne}:9: clé « note » inattendue dans une référence — clés permises : title, href",
        f"{CREDIT}:{ligne}:9: référence du 2019-01-01 sans href — ajoutez « href: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI… »",
        f'{CREDIT}:{ligne}:9: référence du 2019-01-01 sans title — ajoutez « title: "Code du travail, art. R6323-1 (décret n° …)" »',
    ]


def test_adresses_refusees(copie):
    remplacer(copie / CREDIT, "href: https://www.legifrance", "href: http://www.legifrance")
    remplacer(
        copie / PLAFOND,
        "href: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
        "href: https://www.legifrance.gouv.fr/affichCodeArticle.do;jsessionid=12",
    )
    ligne = ligne_de(copie / CREDIT, "        href:")
    assert erreurs(copie, CREDIT) == [
        f"{CREDIT}:{ligne}:15: adresse en http:// — écrivez https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641"
    ]
    assert erreurs(copie, PLAFOND)[0].endswith(
        "adresse Légifrance périmée (affichCodeArticle ou jsessionid) — utilisez l'adresse stable "
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI…"
    )


@pytest.mark.parametrize(
    ("ecrit", "message"),
    [
        (
            '"500 €"',
            "valeur « 500 € » : un nombre est attendu, pas un texte — écrivez 500 (point décimal, sans espace ni unité : "
            "l'unité est dans metadata.unit)",
        ),
        ('"500"', "nombre « 500 » écrit entre guillemets : c'est un texte pour YAML — écrivez 500 sans guillemets"),
        (
            "500,50",
            "valeur « 500,50 » : un nombre est attendu, pas un texte — écrivez 500.5 (point décimal, sans espace ni "
            "unité : l'unité est dans metadata.unit)",
        ),
        (
            "cinq cents",
            "valeur « cinq cents » : un nombre est attendu, pas un texte — écrivez un nombre (point décimal, sans "
            "unité), ou null pour supprimer le paramètre",
        ),
        (
            "true",
            "valeur « true » : un nombre est attendu, pas vrai/faux — écrivez un nombre, ou mettez l'unité bool si "
            "c'est un interrupteur",
        ),
    ],
)
def test_texte_au_lieu_d_un_nombre(copie, ecrit, message):
    remplacer(copie / CREDIT, "    value: 500", f"    value: {ecrit}")
    ligne = ligne_de(copie / CREDIT, "    value:")
    assert erreurs(copie, CREDIT) == [f"{CREDIT}:{ligne}:12: {message}"]


@pytest.mark.parametrize(
    ("ecrite", "corrigee"),
    [("2019-1-1", "2019-01-01"), ("01/01/2019", "2019-01-01"), ("1.1.2019", "2019-01-01")],
)
def test_date_mal_ecrite(copie, ecrite, corrigee):
    remplacer(copie / CREDIT, "\n  2019-01-01:\n    value", f"\n  {ecrite}:\n    value")
    ligne = ligne_de(copie / CREDIT, f"  {ecrite}:")
    assert erreurs(copie, CREDIT) == [
        f"{CREDIT}:{ligne}:3: date « {ecrite} » mal écrite dans values — écrivez {corrigee} "
        "(forme AAAA-MM-JJ : année, mois et jour sur deux chiffres)"
    ]


def test_date_inexistante_et_date_de_reference_mal_ecrite(copie):
    remplacer(copie / CREDIT, "\n  2019-01-01:\n    value", "\n  2019-02-30:\n    value")
    remplacer(copie / CREDIT, "    2019-01-01:\n      - title", "    2019/01/01:\n      - title")
    (date_reference, date_valeur) = erreurs(copie, CREDIT)
    assert date_reference.endswith(
        "date « 2019/01/01 » mal écrite dans metadata.reference — écrivez 2019-01-01 (forme AAAA-MM-JJ : année, "
        "mois et jour sur deux chiffres)"
    )
    assert date_valeur.endswith("date « 2019-02-30 » inexistante dans le calendrier — corrigez le jour ou le mois")


def test_unite_inconnue(copie):
    remplacer(copie / CREDIT, "unit: currency-EUR", "unit: euros")
    ligne = ligne_de(copie / CREDIT, "  unit:")
    (message,) = erreurs(copie, CREDIT)
    assert message.startswith(
        f"{CREDIT}:{ligne}:9: unité « euros » inconnue de units.yaml — écrivez « currency-EUR » (euros) ; "
        "unités permises : currency-EUR (euros), hour (heures), day (jours)"
    )


def test_unite_mal_orthographiee(copie):
    remplacer(copie / CREDIT, "unit: currency-EUR", "unit: hours")
    remplacer(copie / PLAFOND, "unit: currency-EUR", "unit: curency-EUR")
    assert "— écrivez « hour » (heures) ;" in erreurs(copie, CREDIT)[0]
    assert "— écrivez « currency-EUR » (euros) ;" in erreurs(copie, PLAFOND)[0]


def test_date_de_verification(copie):
    remplacer(copie / CREDIT, 'last_value_still_valid_on: "2026-03-27"', 'last_value_still_valid_on: "27/03/2026"')
    remplacer(copie / PLAFOND, '  last_value_still_valid_on: "2026-03-27"\n', "")
    ligne = ligne_de(copie / CREDIT, "  last_value_still_valid_on:")
    assert erreurs(copie, CREDIT) == [
        f"{CREDIT}:{ligne}:30: last_value_still_valid_on « 27/03/2026 » n'est pas une date valide — écrivez "
        "2026-03-27 (forme AAAA-MM-JJ : année, mois et jour sur deux chiffres)"
    ]
    assert erreurs(copie, PLAFOND) == [
        f"{PLAFOND}:3:3: metadata.last_value_still_valid_on manquant : date de la dernière vérification de la "
        'valeur — ajoutez « last_value_still_valid_on: "2026-11-29" » après avoir vérifié le texte en vigueur'
    ]


def test_date_de_verification_future(copie):
    remplacer(copie / CREDIT, 'last_value_still_valid_on: "2026-03-27"', 'last_value_still_valid_on: "2027-03-27"')
    assert erreurs(copie, CREDIT)[0].endswith(
        "last_value_still_valid_on 2027-03-27 est dans le futur — indiquez la date à laquelle vous avez vérifié "
        "le texte (au plus 2026-11-29)"
    )


def test_reference_sans_valeur(copie):
    remplacer(
        copie / PLAFOND,
        "  last_value_still_valid_on",
        "    2020-01-01:\n      - title: Décret\n        href: https://www.legifrance.gouv.fr/jorf/id/JORFTEXT1\n"
        "  last_value_still_valid_on",
    )
    ligne = ligne_de(copie / PLAFOND, "    2020-01-01:")
    assert erreurs(copie, PLAFOND) == [
        f"{PLAFOND}:{ligne}:5: la référence du 2020-01-01 ne correspond à aucune date de values (dates des "
        "valeurs : 2019-01-01) — corrigez la date de la référence, ou ajoutez la valeur à cette date (si seul le "
        "texte a changé, répétez la même valeur, comme dans cpf/duree_reference/defaut.yaml)"
    ]


def test_order_cite_un_enfant_absent(copie):
    index = Path("cpf/euros/salarie/index.yaml")
    remplacer(copie / index, "    - plafond\n", "    - plafonds\n")
    ligne = ligne_de(copie / index, "    - plafonds")
    assert problemes(copie, index) == [
        f"{index}:5:5: avertissement : « plafond » n'est pas cité dans metadata.order : il sera affiché en "
        "dernier — ajoutez « - plafond » à la liste, à sa place",
        f"{index}:{ligne}:7: metadata.order cite « plafonds », qui n'existe pas dans ce dossier — vouliez-vous "
        "dire « plafond » ?",
    ]


def test_cle_inconnue_cle_en_double_et_nom_de_fichier(copie):
    remplacer(copie / CREDIT, "  short_label:", '  label_fr: "x"\n  short_label:')
    remplacer(copie / PLAFOND, "values:", 'description: "bis"\nvalues:')
    (copie / "cpf/euros/salarie/seuil mi-temps é.yaml").write_text(
        (copie / "cpf/euros/salarie/seuil_mi_temps.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert erreurs(copie, CREDIT)[0].endswith(
        "clé « label_fr » inattendue dans metadata — vouliez-vous dire « label_en » ?"
    )
    ligne = ligne_de(copie / PLAFOND, 'description: "bis"')
    assert erreurs(copie, PLAFOND) == [
        f"{PLAFOND}:{ligne}:1: clé « description » en double (déjà à la ligne 1) — fusionnez les deux entrées ou "
        "corrigez la date"
    ]
    (nom,) = erreurs(copie, Path("cpf/euros/salarie/seuil mi-temps é.yaml"))
    assert nom.endswith(
        "nom « seuil mi-temps é.yaml » invalide : le nom devient l'identifiant du paramètre — renommez en "
        "« seuil_mi_temps_e.yaml » (minuscules sans accent, chiffres et _)"
    )


def test_tous_les_problemes_d_un_coup_tries(petit, capsys):
    credit, plafond = petit / "salarie/credit_annuel.yaml", petit / "salarie/plafond.yaml"
    remplacer(credit, "    value: 500", '    value: "500 €"')
    remplacer(credit, "unit: currency-EUR", "unit: euros")
    remplacer(plafond, "\n  2019-01-01:\n    value", "\n  2019-1-1:\n    value")
    assert main([str(petit), "--date", "2026-11-29"]) == 1
    sortie = capsys.readouterr().out.splitlines()
    assert [ligne.split(": ")[0] for ligne in sortie] == [
        f"{credit}:{ligne_de(credit, '  unit:')}:9",
        f"{credit}:{ligne_de(credit, '    value:')}:12",
        f"{plafond}:{ligne_de(plafond, '  2019-1-1:')}:3",
        "3 erreur(s) dans 2 fichier(s), 0 avertissement(s).",
    ]
    assert "unité « euros »" in sortie[0] and "500 €" in sortie[1] and "2019-1-1" in sortie[2]


def test_sortie_zero_sans_erreur(petit, capsys):
    assert main([str(petit), "--date", "2026-11-29"]) == 0
    assert capsys.readouterr().out == "Paramètres valides (5 fichiers vérifiés), 0 avertissement(s).\n"


def test_demarrage_refuse_des_parametres_invalides(copie):
    remplacer(copie / CREDIT, "    value: 500", "    value: cinq cents")
    with pytest.raises(ParametresInvalidesError) as erreur:
        verifier_ou_echouer(copie, aujourd_hui=AUJOURD_HUI)
    assert "credit_annuel.yaml" in str(erreur.value) and "cinq cents" in str(erreur.value)
    assert all(p.bloquant for p in erreur.value.problemes)


def test_le_refus_d_openfisca_core_est_rattache_au_fichier(copie):
    """Ce que refuse le cœur est signalé sur la ligne qu'il cite (ici sans le prévenir par nos contrôles)."""
    remplacer(copie / CREDIT, "values:", "valeurs: 1\nvalues:")
    (refus,) = verification._charger_avec_openfisca(copie, deja=[])
    assert Path(refus.fichier) == copie / CREDIT
    assert (refus.ligne, refus.colonne) == (ligne_de(copie / CREDIT, "valeurs:"), 1)
    assert refus.message.startswith("openfisca-core refuse ce fichier : Unexpected property 'valeurs'")


def test_bareme(tmp_path):
    """Les barèmes (brackets) : unités par composante, types et références de chaque date."""
    (tmp_path / "b").mkdir()
    (tmp_path / "index.yaml").write_text(
        'description: "R"\nmetadata:\n  short_label: "R"\n  order:\n    - b\n', encoding="utf-8"
    )
    (tmp_path / "b/index.yaml").write_text(
        'description: "B"\nmetadata:\n  short_label: "B"\n  order:\n    - bareme\n', encoding="utf-8"
    )
    (tmp_path / "b/bareme.yaml").write_text(
        'description: "Heures créditées selon le solde"\n'
        "metadata:\n"
        '  short_label: "Barème"\n'
        '  label_en: "Scale"\n'
        "  threshold_unit: hour\n"
        "  amount_unit: heures\n"
        "  reference:\n"
        "    2015-01-01:\n"
        '      - title: "Code du travail, art. L6323-11"\n'
        "        href: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697888\n"
        '  last_value_still_valid_on: "2026-03-27"\n'
        "brackets:\n"
        "  - threshold:\n      2015-01-01:\n        value: 0\n"
        "    amount:\n      2015-01-01:\n        value: 24\n"
        "  - threshold:\n      2015-01-01:\n        value: 120\n"
        '    amount:\n      2016-01-01:\n        value: "12 h"\n',
        encoding="utf-8",
    )
    rendus = [f"{p.ligne}:{p.colonne}: {p.message}" for p in verifier_parametres(tmp_path, aujourd_hui=AUJOURD_HUI)]
    assert rendus == [
        "6:16: unité « heures » inconnue de units.yaml",
        "23:7: pas de référence juridique pour la valeur du 2016-01-01",
        "24:16: valeur « 12 h » : un nombre est attendu, pas un texte",
    ]
