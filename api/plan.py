"""/plan-de-financement: a person's situation plus a training in, the financing plan out. No Flask.

Every figure is a model variable read at the purchase date (openfisca_cpa.plan_financement): the same
variables answer /calculate and the population command. Each line names its variable, its rule and
article (the formula's docstring), its references and the parameter values in force at that date, as the
statement (/releve) does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

import numpy as np

from api.errors import ApiError, InvalidRequestError, describe, json_type_name
from api.releve import LAST_YEAR, PERSON_ID, ParameterReader, _parameter, _references, parse_person
from api.situation import Limits, build_simulation
from openfisca_cpa import plan_financement as plan
from openfisca_cpa.commun.cpf_achat import MotifRefusAchatCPF, TypeActionCPF
from openfisca_cpa.releve import docstring as _docstring

#: Per-action cap parameter of each type of action (D6323-1 A).
CAP_KEYS = {
    TypeActionCPF.repertoire_specifique.name: "repertoire_specifique",
    TypeActionCPF.bilan_competences.name: "bilan_competences",
    TypeActionCPF.permis_groupe_leger.name: "permis_groupe_leger",
    TypeActionCPF.permis_be.name: "permis_groupe_leger",
}
AVAILABLE = (
    ("cpf", "Droits statutaires du CPF disponibles", "cpf_solde_disponible"),
    ("cpf_credits_tiers", "Crédits hors plafond inscrits au CPF disponibles", "cpf_achat_credits_tiers_disponibles"),
    ("cec", "Droits du CEC disponibles", "cec_solde_disponible"),
    ("c2p_points", "Points du C2P disponibles (après les points utilisés ce jour)", "c2p_points_disponibles"),
    (
        "c2p_valeur_formation",
        "Euros de formation que financeraient ces points à cette date",
        "c2p_valeur_formation",
    ),
    (
        "heures_agent_public",
        "Heures du compteur des agents publics (mobilisées avec l'accord de l'administration, hors de ce plan)",
        "cpf_heures_public_disponibles",
    ),
)


def _check_payload(payload: object) -> tuple[Mapping, Mapping, str]:
    if not isinstance(payload, Mapping):
        raise InvalidRequestError(
            'Le corps doit être un objet JSON : {"individu": {…}, "formation": {"date": "2024-06-14", "prix": 1500}}.',
            expected="un objet JSON",
            received=json_type_name(payload),
        )
    for key in payload:
        if key not in ("individu", "formation"):
            raise InvalidRequestError(
                f"Clé inattendue « {describe(key)} ».",
                path=[key],
                expected="individu, formation",
                received=describe(key),
            )
    person = payload.get("individu", {})
    if not isinstance(person, Mapping):
        raise InvalidRequestError(
            '« individu » doit décrire la personne : {"heures_travaillees": {"2023": 1607}, …}, '
            "comme une personne de /calculate.",
            path=["individu"],
            expected="un objet {variable: {période: valeur}}",
            received=json_type_name(person),
        )
    training = payload.get("formation")
    if not isinstance(training, Mapping):
        raise InvalidRequestError(
            '« formation » doit décrire l\'achat : {"date": "2024-06-14", "prix": 1500}.',
            path=["formation"],
            expected="un objet {date, prix, type_action, demandeur_emploi, points_c2p, …}",
            received=json_type_name(training),
        )
    allowed = ("date", *plan.CHAMPS_PAR_NOM)
    for key, value in training.items():
        if key in allowed and value is None:
            raise InvalidRequestError(
                f"« formation/{key} » ne peut pas être null : omettez le champ pour garder sa valeur par défaut.",
                path=["formation", key],
                expected=plan.CHAMPS_PAR_NOM[key].libelle if key in plan.CHAMPS_PAR_NOM else "une date AAAA-MM-JJ",
                received=None,
            )
        if key not in allowed:
            raise InvalidRequestError(
                f"Champ de formation inconnu « {describe(key)} ».",
                path=["formation", key],
                expected=", ".join(allowed),
                received=describe(key),
            )
    raw_date = training.get("date")
    try:
        day = date.fromisoformat(raw_date) if isinstance(raw_date, str) and len(raw_date) == 10 else None
    except ValueError:
        day = None
    if day is None or not 2019 <= day.year <= LAST_YEAR:
        raise InvalidRequestError(
            "« formation/date » doit être la date de l'achat, AAAA-MM-JJ, du 1er janvier 2019 (droits du CPF en "
            f"euros) au 31 décembre {LAST_YEAR}.",
            path=["formation", "date"],
            expected=f"une date AAAA-MM-JJ entre 2019-01-01 et {LAST_YEAR}-12-31",
            received=describe(raw_date),
        )
    price = training.get("prix")
    if isinstance(price, bool) or not isinstance(price, int | float) or not math.isfinite(price) or price <= 0:
        raise InvalidRequestError(
            "« formation/prix » doit être le prix de l'action en euros, un nombre strictement positif.",
            path=["formation", "prix"],
            expected="un nombre > 0",
            received=describe(price),
        )
    return person, training, day.isoformat()


def _inputs(person: Mapping, training: Mapping, day: str) -> tuple[dict, dict[str, str]]:
    """The person's inputs with the training's fields added at the purchase date; {variable: field}."""
    inputs = {name: dict(values) if isinstance(values, Mapping) else values for name, values in person.items()}
    origin: dict[str, str] = {}
    for name, value in training.items():
        if name == "date" or value is None:
            continue
        variable = plan.CHAMPS_PAR_NOM[name].variable
        values = inputs.setdefault(variable, {})
        if not isinstance(values, dict):
            continue  # parse_person reports the malformed person input
        if day in values:
            raise InvalidRequestError(
                f"« {variable} » est donné deux fois pour le {day} : dans « individu » et par « formation/{name} ».",
                path=["formation", name],
                expected=f"une seule valeur, dans « formation/{name} »",
                received=describe(value),
            )
        values[day] = value
        origin[variable] = name
    return inputs, origin


def _located(error: ApiError, origin: dict[str, str], day: str) -> ApiError:
    """An input error on a field of the training is reported under « formation/<champ> »."""
    if error.path:
        for variable, name in origin.items():
            if error.path in (f"individu/{variable}/{day}", f"individu/{variable}"):
                error.path = f"formation/{name}"
    return error


def _value(array) -> float:
    return round(float(np.asarray(array, dtype=np.float64)[0]), 2)


def _described(system, variable_name: str, day: str, reader: ParameterReader, parameter_names=()) -> dict:
    variable = system.variables[variable_name]
    article, rule = _docstring(variable, int(day[:4]))
    if variable.formulas and variable.get_formula(day) is not None:
        formula = variable.get_formula(day)
        text = (formula.__doc__ or "").strip()
        first, separator, rest = text.partition(" : ")
        if separator:
            article, rule = first.strip(), rest.strip()
    year = int(day[:4])
    parameters = []
    for name in parameter_names:
        parameters.extend(reader.entry_at(name, day, year))
    return {
        "variable": variable_name,
        "article": article,
        "regle": rule,
        "references": _references(variable),
        "parametres": parameters,
    }


def _present(system, name: str, day: str) -> bool:
    node = _parameter(system, name)
    if node is None:
        return False
    try:
        return node(day) is not None
    except Exception:  # parameter without a value at that date
        return False


def plan_de_financement(system, payload: object, limits: Limits | None = None) -> dict:
    """/plan-de-financement: how each source pays for the training, in the order of the law."""
    limits = limits or Limits()
    person, training, day = _check_payload(payload)
    inputs, origin = _inputs(person, training, day)
    try:
        columns = parse_person(system, inputs, limits)
    except ApiError as error:
        raise _located(error, origin, day) from None
    simulation = build_simulation(system, 1, columns, [PERSON_ID])
    amounts = plan.montants(simulation, day)
    names = (*plan.VARIABLES_PLAN, *(variable for _, _, variable in AVAILABLE if variable in system.variables))
    get = {name: simulation.calculate(name, day) for name in names}
    reader = ParameterReader(system, {}, None)
    action = get_enum_name(simulation.calculate("cpf_achat_type_action", day))
    cap = CAP_KEYS.get(action)

    eligible = bool(get["cpf_achat_eligible"][0])
    reason = get_enum_name(get["cpf_achat_motif_refus"])
    refusal = None
    # Refus total (achat_possible faux) ou partiel (achat possible, certains droits du CPF exclus : bilan déjà
    # financé, droits du CPF non mobilisables après la retraite où seul le CEC paie).
    if not eligible or reason != "aucun":
        refusal = {
            "motif": reason,
            "libelle": MotifRefusAchatCPF[reason].value,
            **_described(system, "cpf_achat_motif_refus", day, reader),
        }

    c2p_refusal = None
    c2p_reason = get_enum_name(get["c2p_motif_refus_formation"])
    if c2p_reason != "aucun":
        variable = system.variables["c2p_motif_refus_formation"]
        c2p_refusal = {
            "motif": c2p_reason,
            "libelle": variable.possible_values[c2p_reason].value,
            **_described(system, "c2p_motif_refus_formation", day, reader),
        }

    lines = []
    for rank, source in enumerate(plan.sources_dans_l_ordre(system, day), start=1):
        names = [name for name in source.parametres if name != "cpf.usage.plafond_droits"]
        if source is plan.STATUTAIRE and cap and _present(system, f"cpf.usage.plafond_droits.{cap}", day):
            names.insert(0, f"cpf.usage.plafond_droits.{cap}")
        names = [name for name in names if _present(system, name, day)]
        lines.append(
            {
                "id": source.id,
                "rang": rank,
                "libelle": source.libelle,
                "montant": float(amounts[source.id][0]),
                "unite": "currency-EUR",
                **_described(system, source.variable, day, reader, names),
            }
        )
    available = [
        {
            "id": key,
            "libelle": label,
            "montant": _value(get[variable]),
            "unite": system.variables[variable].unit,
            **_described(system, variable, day, reader),
        }
        for key, label, variable in AVAILABLE
        if variable in get
    ]
    price = _value(get["cpf_prix_formation"])
    participation_names = [n for n in ("cpf.usage.participation_forfaitaire",) if _present(system, n, day)]
    return {
        "individu": PERSON_ID,
        "formation": {"date": day, "prix": price, "type_action": action},
        "achat_possible": eligible,
        "refus": refusal,
        "refus_points_c2p": c2p_refusal,
        "droits_disponibles": available,
        "participation_forfaitaire": {
            "montant": _value(get["cpf_achat_participation_forfaitaire"]),
            "exoneree": bool(get["cpf_achat_participation_exoneree"][0]),
            **_described(system, "cpf_achat_participation_forfaitaire", day, reader, participation_names),
        },
        "lignes": lines,
        "cpf_montant_mobilise": _value(get["cpf_montant_mobilise"]),
        "reste_a_charge": _value(get["cpf_reste_a_charge"]),
        "total": round(sum(line["montant"] for line in lines), 2),
    }


def get_enum_name(array) -> str:
    """Name of the first item of an EnumArray."""
    return array.decode()[0].name
