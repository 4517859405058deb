"""Blueprints of the web API."""

from __future__ import annotations


def register_blueprints(app) -> None:
    from api.routes import navigateur, openfisca, operations, plan, population, releve

    app.register_blueprint(openfisca.blueprint)
    app.register_blueprint(population.blueprint)
    app.register_blueprint(releve.blueprint)
    app.register_blueprint(plan.blueprint)
    app.register_blueprint(operations.blueprint)
    app.register_blueprint(navigateur.bp)
