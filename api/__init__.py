"""Web API of openfisca-cpa: Flask application factory.

    gunicorn -c api/gunicorn.conf.py            # production (see api/README.md)
    flask --app 'api:create_app()' run          # development

The app is not an installed distribution: it runs from the repository root. The computation
modules (api.compute, api.releve, api.population…) do not import Flask.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from api import budget, cors, delai, errors, journal, memoire, metadata, metriques, securite, service
from api.config import load_config
from api.population import PopulationLimits
from api.situation import Limits

logger = logging.getLogger(__name__)

#: Key of the shared state in app.extensions.
EXTENSION = "openfisca_cpa"


@dataclass
class ApiState:
    """What the routes share: built once per app."""

    data: metadata.ApiData
    limits: Limits
    trace_limits: Limits
    population_limits: PopulationLimits
    spec: dict

    @property
    def system(self):
        return self.data.system


class DemarrageImpossibleError(RuntimeError):
    """The API cannot start: French message, without stack trace (gunicorn prints « Error: … », exit 1)."""


def _build_system(parametres_dir: str = ""):
    """Check every parameter file first: a broken file never starts a server serving wrong figures.

    `parametres_dir` (CPA_PARAMETRES_DIR): the parameters to check and serve; the package's by
    default. Then every variable is computed once for one person (api/budget.py): a formula that
    cannot compute (a parameter file missing…) stops the start too.
    """
    from openfisca_cpa import CountryTaxBenefitSystem
    from openfisca_cpa.outils.verification import PARAMETRES, ParametresInvalidesError, verifier_ou_echouer

    securite.proteger_yaml_openfisca()
    dossier = parametres_dir or str(PARAMETRES)
    try:
        avertissements = verifier_ou_echouer(dossier)  # ParametresInvalidesError: fichier:ligne:colonne, in French
    except ParametresInvalidesError as error:
        lignes = "\n".join(f"  {probleme}" for probleme in error.problemes)
        raise DemarrageImpossibleError(
            f"L'API ne démarre pas : {len(error.problemes)} erreur(s) dans les paramètres ({dossier}) :\n{lignes}\n"
            "Corrigez-les (python -m openfisca_cpa.outils.verification ; guide : docs/guide_juristes.md)."
        ) from None
    if avertissements:
        logger.warning(
            "%d avertissement(s) dans les paramètres (python -m openfisca_cpa.outils.verification)",
            len(avertissements),
        )
    system = CountryTaxBenefitSystem()
    if parametres_dir:
        system.load_parameters(dossier)
    try:
        budget.remember(system, budget.build_cost_model(system, strict=True))
    except budget.ModeleNonCalculableError as error:
        raise DemarrageImpossibleError(f"L'API ne démarre pas : {error}") from None
    return system


def create_app(tax_benefit_system=None, config: dict | None = None):
    """Build the Flask app. `config` overrides the environment variables read by api/config.py.

    Flask is imported here, not at module level: `import api.compute` stays free of Flask.
    """
    from flask import Flask

    from api.json_provider import JSONProvider

    started = time.perf_counter()
    settings = load_config()
    settings.update(config or {})

    app = Flask(__name__)
    app.config.update(settings)
    app.json = JSONProvider(app)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.url_map.strict_slashes = False

    dossier = service.dossier_parametres(str(app.config.get("PARAMETRES_DIR") or ""))
    version = service.version_parametres(dossier)  # the hash of what is checked and served
    if tax_benefit_system is not None:
        system = tax_benefit_system
    else:
        system = _build_system(str(app.config.get("PARAMETRES_DIR") or ""))
        if service.version_parametres(dossier) != version:  # a file saved while loading: load again
            version = service.version_parametres(dossier)
            system = _build_system(str(app.config.get("PARAMETRES_DIR") or ""))
            if service.version_parametres(dossier) != version:
                raise DemarrageImpossibleError(
                    f"L'API ne démarre pas : les paramètres ({dossier}) changent pendant leur chargement. "
                    "Réessayez une fois les fichiers enregistrés."
                )
    data = metadata.build(
        system,
        repository_url=str(app.config.get("REPOSITORY_URL") or ""),
        source_url=str(app.config.get("SOURCE_URL") or ""),
    )

    from api.spec import build_spec

    max_cost = int(app.config.get("BUDGET_CALCUL") or 0)
    max_memory = int(app.config.get("MEMOIRE_REQUETE") or 0)
    app.extensions[EXTENSION] = ApiState(
        data=data,
        limits=Limits(
            max_persons=int(app.config["MAX_PERSONNES_SITUATION"]),
            max_periods=int(app.config["MAX_PERIODES"]),
            max_cost=max_cost,
            max_memory=max_memory,
        ),
        trace_limits=Limits(
            max_persons=int(app.config["MAX_PERSONNES_TRACE"]),
            max_periods=int(app.config["MAX_PERIODES"]),
            max_cost=max_cost,
            max_memory=max_memory,
            persons_setting="CPA_MAX_PERSONNES_TRACE",
        ),
        population_limits=PopulationLimits(
            max_persons=int(app.config["MAX_PERSONNES"]),
            max_periods=int(app.config["MAX_PERIODES"]),
            max_cost=max_cost,
            max_memory=max_memory,
        ),
        spec=build_spec(data),
    )

    from api.routes import register_blueprints

    register_blueprints(app)
    errors.register(app)
    # Before the deadline: request id first, then metrics, then body read and computation slot.
    journal.install(app)
    metriques.install(app, str(app.config.get("METRIQUES") or "app"))
    etat_service = service.install(app, version, str(data.package.get("version", "")), dossier)
    app.config["DELAI_CALCUL_EFFECTIF"] = delai.effective_deadline(
        float(app.config.get("DELAI_CALCUL") or 0), float(app.config.get("TIMEOUT") or 0)
    )
    delai.install(app, app.config["DELAI_CALCUL_EFFECTIF"])
    securite.install_headers(app)
    memoire.install(app)

    package_name = str(data.package.get("name", ""))
    package_version = str(data.package.get("version", ""))

    @app.after_request
    def package_headers(response):
        response.headers["Country-Package"] = package_name
        response.headers["Country-Package-Version"] = package_version
        return response

    # Metadata readable from any origin; computations only from CPA_CORS_ORIGINS (api/cors.py).
    cors.install(app, tuple(app.config.get("CORS_ORIGINS") or ()))

    etat_service.pret = True
    logger.info(
        "API openfisca-cpa prête en %.2f s (%s %s, paramètres %s)",
        time.perf_counter() - started,
        package_name,
        package_version,
        version,
    )
    return app
