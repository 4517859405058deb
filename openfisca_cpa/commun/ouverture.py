"""Ouverture du compte et fin de son alimentation (L5151-2, L6323-3 C. trav. ; décret n° 2017-928).

Le compte est ouvert au 31 décembre de l'année N si son titulaire a seize ans à cette date (quinze ans
s'il est apprenti pendant N). Il reste ouvert jusqu'au décès. L'alimentation cesse quand le titulaire
remplit les conditions de L5421-4 1° à 3° (ici : liquidation à taux plein ou anticipée, ou âge du taux
plein automatique) ; pour le compteur public, à toute liquidation sauf pour invalidité. Les soldes sont
gelés, jamais remis à zéro.
"""

import numpy as np

#: Année « jamais » pour une cessation qui n'a pas eu lieu.
JAMAIS = 9999

#: Date « jamais » (même convention que la valeur par défaut de date_liquidation_retraite).
JAMAIS_DATE = np.datetime64("9999-12-31")


def annee_de(dates):
    """Année civile d'un tableau de dates numpy (datetime64)."""
    return np.asarray(dates, dtype="datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def age_au_31_decembre(individu, annee):
    """Âge atteint au 31 décembre de `annee` (en années révolues)."""
    return annee - individu("annee_naissance", str(annee))


def date_taux_plein_automatique(individu):
    """Jour où le titulaire atteint l'âge du taux plein automatique (L351-8 1° CSS), selon sa génération.

    Le paramètre est daté par date de naissance : chaque valeur vaut pour les générations nées à partir
    de sa date. L'âge est atteint le jour anniversaire (jour de naissance du mois atteint ; un jour qui
    n'existe pas dans ce mois, 31 ou 29 février, passe aux premiers jours du mois suivant).
    """
    parametre = individu.simulation.tax_benefit_system.parameters.cpf.cloture.age_taux_plein_automatique
    naissances = np.asarray(individu("date_naissance", "2015"), dtype="datetime64[D]")
    mois = np.zeros(naissances.shape, dtype=np.int64)
    for valeur in sorted(parameter_values(parametre), key=lambda v: v[0]):
        debut, nombre = valeur
        if nombre is not None:
            mois[naissances >= np.datetime64(debut)] = int(nombre)
    mois_naissance = naissances.astype("datetime64[M]")
    jour_du_mois = naissances - mois_naissance.astype("datetime64[D]")
    return (mois_naissance + mois.astype("timedelta64[M]")).astype("datetime64[D]") + jour_du_mois


def annee_taux_plein_automatique(individu):
    """Année où le titulaire atteint l'âge du taux plein automatique (L351-8 1° CSS), selon sa génération."""
    return annee_de(date_taux_plein_automatique(individu).astype("datetime64[M]"))


def parameter_values(parametre):
    """(date, valeur) de chaque valeur datée d'un paramètre."""
    return [(v.instant_str, v.value) for v in parametre.values_list]


def date_fin_code_du_travail(individu):
    """Jour où le titulaire du CPF du Code du travail remplit les conditions de cessation (JAMAIS_DATE sinon).

    Une seule détermination sert à la fin de l'alimentation (année : annee_fin_code_du_travail) et à la fin
    de l'usage des droits (L6323-3 al. 3, cpf_droits_mobilisables). Règle en vigueur à la date de la
    liquidation : avant 2019, toute liquidation de l'ensemble des pensions ; depuis 2019, liquidation à taux
    plein ou anticipée (L5421-4 1° et 3°). Toujours : l'âge du taux plein automatique (L5421-4 2°). Les
    conditions sont remplies dès le jour de la liquidation (date d'effet, où le titulaire « bénéficie »
    de la retraite) ou de l'anniversaire ; une fois remplies, elles le restent.
    """
    parametre = individu.simulation.tax_benefit_system.parameters.cpf.cloture.toute_liquidation
    dates = np.asarray(individu("date_liquidation_retraite", "2015"), dtype="datetime64[D]")
    taux_plein = np.asarray(individu("retraite_taux_plein", "2015"), dtype=bool)
    valeurs = sorted(parameter_values(parametre), key=lambda v: v[0])
    toute = np.full(dates.shape, bool(valeurs[0][1]))
    for debut, valeur in valeurs:
        if valeur is not None:
            toute[dates >= np.datetime64(debut)] = bool(valeur)
    par_liquidation = np.where(taux_plein | toute, dates, JAMAIS_DATE)
    return np.minimum(par_liquidation, date_taux_plein_automatique(individu))


def annee_fin_code_du_travail(individu, annee=None):
    """Année où le CPF du Code du travail cesse d'être alimenté (JAMAIS si elle n'arrive pas).

    Lue dans la variable cpf_annee_fin_alimentation (calculée une fois par simulation, reprise les autres
    années) ; calculée par calculer_annee_fin_code_du_travail.
    """
    return individu("cpf_annee_fin_alimentation", str(annee or 2015))


def calculer_annee_fin_code_du_travail(individu, periode):
    """Année de date_fin_code_du_travail (JAMAIS si elle n'arrive pas).

    L'âge du taux plein automatique compte pour l'année du mois où il est atteint. Une alimentation
    arrêtée ne reprend jamais.
    """
    return np.minimum(annee_de(date_fin_code_du_travail(individu)), annee_taux_plein_automatique(individu))


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
