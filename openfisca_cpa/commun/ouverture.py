"""Ouverture du compte et fin de son alimentation (L5151-2, L6323-3 C. trav. ; décret n° 2017-928).

Le compte est ouvert au 31 décembre de l'année N si son titulaire a seize ans à cette date (quinze ans
s'il est apprenti pendant N). Il reste ouvert jusqu'au décès. L'alimentation cesse quand le titulaire
remplit les conditions de L5421-4 1° à 3° (ici : liquidation à taux plein ou anticipée, ou âge du taux
plein automatique) ; pour le compteur public, à toute liquidation sauf pour invalidité. Les soldes sont
gelés, jamais remis à zéro.
"""

import numpy as np

from openfisca_cpa.commun.saisies import saisie

#: Année « jamais » pour une cessation qui n'a pas eu lieu.
JAMAIS = 9999

#: Date « jamais » (même convention que la valeur par défaut de date_liquidation_retraite).
JAMAIS_DATE = np.datetime64("9999-12-31")


_DERNIERES_NAISSANCES = (None, None)


def naissances_decomposees(naissances):
    """(mois de naissance en datetime64[M], année, mois×100+jour, jour du mois − 1) de dates de naissance.

    Une seule conversion de jours en mois (lente dans numpy) pour toutes les règles qui lisent les
    naissances : année de naissance, âge du taux plein automatique, âge du C2P. Le dernier résultat
    est gardé pour le même tableau (OpenFisca rend le même objet à chaque lecture de date_naissance,
    variable permanente) ; tableaux en lecture seule, partagés entre appels.
    """
    global _DERNIERES_NAISSANCES
    tableau, resultat = _DERNIERES_NAISSANCES
    if tableau is naissances:
        return resultat
    jours = np.asarray(naissances, dtype="datetime64[D]")
    mois = jours.astype("datetime64[M]")
    mois_entiers = mois.view(np.int64)  # mois depuis janvier 1970
    annee = mois_entiers // 12 + 1970
    jour_du_mois = (jours - mois.astype("datetime64[D]")).view(np.int64)
    mois_jour = (mois_entiers % 12 + 1) * 100 + jour_du_mois + 1
    resultat = (mois, annee, mois_jour, jour_du_mois)
    for valeurs in resultat:
        valeurs.setflags(write=False)
    _DERNIERES_NAISSANCES = (naissances, resultat)
    return resultat


def annee_de(dates):
    """Année civile d'un tableau de dates numpy (datetime64)."""
    return np.asarray(dates, dtype="datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _saisies_absentes(individu, *noms):
    """Vrai si aucune de ces entrées permanentes n'a été saisie : tout le monde a leur valeur par défaut."""
    return all(saisie(individu, nom, "2015") is None for nom in noms)


def _valeurs_par_date(parametre, dates, defaut, type_valeur):
    """Valeur d'un paramètre daté par génération (ou par date) pour chaque date : la dernière valeur datée au plus tard ce jour.

    Une valeur nulle (null) garde la valeur précédente ; `defaut` avant la première date (None : la
    première valeur datée). Recherche dichotomique (np.searchsorted) : une passe sur les dates, quel que
    soit le nombre de valeurs datées.
    """
    valeurs = sorted(parameter_values(parametre), key=lambda v: v[0])
    debuts = np.array([np.datetime64(debut) for debut, _ in valeurs], dtype="datetime64[D]")
    table = [valeurs[0][1] if defaut is None else defaut]
    for _, valeur in valeurs:
        table.append(table[-1] if valeur is None else valeur)
    table = np.asarray(table, dtype=type_valeur)
    return table[np.searchsorted(debuts, dates, side="right")]


def _date_taux_plein(parametres, naissances):
    """Jour où l'âge du taux plein automatique est atteint, pour un tableau de dates de naissance.

    Le paramètre est daté par date de naissance : chaque valeur vaut pour les générations nées à partir
    de sa date. L'âge est atteint le jour anniversaire (jour de naissance du mois atteint ; un jour qui
    n'existe pas dans ce mois, 31 ou 29 février, passe aux premiers jours du mois suivant).
    """
    mois_naissance, _, _, jour_du_mois = naissances_decomposees(naissances)
    jours = np.asarray(naissances, dtype="datetime64[D]")
    mois = _valeurs_par_date(parametres.cpf.cloture.age_taux_plein_automatique, jours, 0, np.int64)
    return (mois_naissance + mois.astype("timedelta64[M]")).astype("datetime64[D]") + jour_du_mois.astype(
        "timedelta64[D]"
    )


def parameter_values(parametre):
    """(date, valeur) de chaque valeur datée d'un paramètre."""
    return [(v.instant_str, v.value) for v in parametre.values_list]


def date_fin_code_du_travail(individu):
    """Jour où le titulaire du CPF du Code du travail remplit les conditions de cessation (JAMAIS_DATE sinon).

    Lue dans la variable cpf_date_fin_alimentation (calculée une fois par simulation, reprise ensuite) ;
    calculée par calculer_date_fin_code_du_travail.
    """
    return individu("cpf_date_fin_alimentation", "2015")


def calculer_date_fin_code_du_travail(individu):
    """Jour où le titulaire du CPF du Code du travail remplit les conditions de cessation (JAMAIS_DATE sinon).

    Une seule détermination sert à la fin de l'alimentation (année : annee_fin_code_du_travail) et à la fin
    de l'usage des droits (L6323-3 al. 3, cpf_droits_mobilisables). Règle en vigueur à la date de la
    liquidation : avant 2019, toute liquidation de l'ensemble des pensions ; depuis 2019, liquidation à taux
    plein ou anticipée (L5421-4 1° et 3°). Toujours : l'âge du taux plein automatique (L5421-4 2°). Les
    conditions sont remplies dès le jour de la liquidation (date d'effet, où le titulaire « bénéficie »
    de la retraite) ou de l'anniversaire ; une fois remplies, elles le restent.

    Sans aucune des trois saisies (date de naissance, liquidation, taux plein), tout le monde a les
    valeurs par défaut : le jour est calculé pour une personne et recopié.
    """
    parametres = individu.simulation.tax_benefit_system.parameters
    noms = ("date_naissance", "date_liquidation_retraite", "retraite_taux_plein")
    if _saisies_absentes(individu, *noms):
        # Valeurs par défaut pour tous : le jour calculé une fois, recopié (sans tableaux par défaut).
        defauts = [np.array([individu.get_holder(nom).variable.default_value]) for nom in noms]
        return np.full(individu.count, _date_fin(parametres, *defauts)[0], dtype="datetime64[D]")
    return _date_fin(parametres, *(individu(nom, "2015") for nom in noms))


def _date_fin(parametres, naissances, liquidations, taux_plein):
    toute_liquidation = parametres.cpf.cloture.toute_liquidation
    dates = np.asarray(liquidations, dtype="datetime64[D]")
    toute = _valeurs_par_date(toute_liquidation, dates, None, bool)  # avant la première date : la première règle
    par_liquidation = np.where(np.asarray(taux_plein, dtype=bool) | toute, dates, JAMAIS_DATE)
    return np.minimum(par_liquidation, _date_taux_plein(parametres, naissances))


def annee_fin_code_du_travail(individu, annee=None):
    """Année où le CPF du Code du travail cesse d'être alimenté (JAMAIS si elle n'arrive pas).

    Lue dans la variable cpf_annee_fin_alimentation (calculée une fois par simulation, reprise les autres
    années) ; calculée par calculer_annee_fin_code_du_travail.
    """
    return individu("cpf_annee_fin_alimentation", str(annee or 2015))


def calculer_annee_fin_code_du_travail(individu, periode):
    """Année de date_fin_code_du_travail (JAMAIS si elle n'arrive pas).

    L'âge du taux plein automatique compte pour l'année du mois où il est atteint : c'est l'année de son
    jour (un anniversaire reporté au début du mois suivant ne change pas d'année, décembre ayant 31 jours).
    Une alimentation arrêtée ne reprend jamais.
    """
    return annee_de(date_fin_code_du_travail(individu))


def date_fin_public(individu, parameters_at, instant):
    """Jour où le compteur public cesse d'être alimenté et ne peut plus être utilisé (JAMAIS_DATE sinon).

    Toute liquidation sauf pour invalidité (décret n° 2017-928 modifié, paramètre
    cpf.agents_publics.cessation) ; sinon la règle du Code du travail.
    """
    if not parameters_at(str(instant)).cpf.agents_publics.cessation:
        return date_fin_code_du_travail(individu)
    dates = np.asarray(individu("date_liquidation_retraite", "2015"), dtype="datetime64[D]")
    return np.where(individu("retraite_pour_invalidite", "2015"), JAMAIS_DATE, dates)


def annee_fin_public(individu, parameters_at, annee):
    """Année où le compteur public cesse d'être alimenté : année de date_fin_public.

    Lue dans la variable annee_liquidation_retraite (calculée une fois) plutôt que reconvertie chaque année.
    """
    if not parameters_at(f"{annee}-01-01").cpf.agents_publics.cessation:
        return annee_fin_code_du_travail(individu, annee)
    liquidation = individu("annee_liquidation_retraite", str(annee))
    return np.where(individu("retraite_pour_invalidite", "2015"), JAMAIS, liquidation)


def droits_inutilisables_au(parameters, jour):
    """Vrai si L6323-3 al. 3 (droits non mobilisables après la cessation) est en vigueur au jour `jour`.

    `parameters` : fonction instant -> paramètres. Faux avant la première valeur du paramètre.
    """
    return bool(getattr(parameters(jour).cpf.cloture, "droits_inutilisables", None) or False)


def alimentation_due(ouvert, annee_fin, annee, parameters_at):
    """L'activité de `annee` est créditée : compte ouvert, et cessation pas encore arrivée."""
    if parameters_at(f"{annee}-01-01").cpf.cloture.annee_de_cessation_creditee:
        return ouvert & (annee <= annee_fin)
    return ouvert & (annee < annee_fin)
