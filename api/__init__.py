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

from api import errors, metadata
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


def _build_system():
    """Check every parameter file first: a broken file never starts a server serving wrong figures."""
    from openfisca_cpa import CountryTaxBenefitSystem
    from openfisca_cpa.outils.verification import verifier_ou_echouer

    avertissements = verifier_ou_echouer()  # ParametresInvalidesError: fichier:ligne:colonne, in French
    if avertissements:
        logger.warning(
            "%d avertissement(s) dans les paramètres (python -m openfisca_cpa.outils.verification)",
            len(avertissements),
        )
    return CountryTaxBenefitSystem()


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

    system = tax_benefit_system if tax_benefit_system is not None else _build_system()
    data = metadata.build(system, repository_url=str(app.config.get("REPOSITORY_URL") or ""))

    from api.spec import build_spec

    app.extensions[EXTENSION] = ApiState(
        data=data,
        limits=Limits(
            max_persons=int(app.config["MAX_PERSONNES_SITUATION"]),
            max_periods=int(app.config["MAX_PERIODES"]),
        ),
        trace_limits=Limits(
            max_persons=int(app.config["MAX_PERSONNES_TRACE"]),
            max_periods=int(app.config["MAX_PERIODES"]),
        ),
        population_limits=PopulationLimits(
            max_persons=int(app.config["MAX_PERSONNES"]),
            max_periods=int(app.config["MAX_PERIODES"]),
        ),
        spec=build_spec(data),
    )

    from api.routes import register_blueprints

    register_blueprints(app)
    errors.register(app)

    package_name = str(data.package.get("name", ""))
    package_version = str(data.package.get("version", ""))

    @app.after_request
    def package_headers(response):
        response.headers["Country-Package"] = package_name
        response.headers["Country-Package-Version"] = package_version
        return response

    origins = tuple(app.config.get("CORS_ORIGINS") or ())
    if origins:
        from flask_cors import CORS

        CORS(app, origins=list(origins) if origins != ("*",) else "*")

    logger.info(
        "API openfisca-cpa prête en %.2f s (%s %s)",
        time.perf_counter() - started,
        package_name,
        package_version,
    )
    return app
