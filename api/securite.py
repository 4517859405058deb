"""Security of the web API: response headers, and YAML read without constructing Python objects.

Headers set on every response (JSON, HTML of /navigateur, CSS, errors):

- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`;
- `Content-Security-Policy`: nothing may be loaded by a JSON answer (`default-src 'none'`); the HTML
  pages of /navigateur load only their own stylesheet (`style-src 'self'`; the SVG charts are
  inline markup styled by that stylesheet, with no inline style or script); no page may be framed
  (`frame-ancestors 'none'`);
- `Cache-Control`: `no-store` for computations (POST), errors and /health — a statement holds
  personal data; `public, max-age=300` for the documentation (spec, variables, parameters,
  entities, /navigateur); static files keep the header set by Flask.

Host: the links of /, /spec, /variables and /parameters are absolute. With CPA_URL_PUBLIQUE they are
built from it; otherwise from the Host header, which must then be a host name or address with an
optional port (at most 255 characters; 400 `hote_invalide` otherwise), and those answers carry
`Vary: Host` (a shared cache keeps one copy per Host: no cache poisoning through a forged Host).

YAML: openfisca-core 46 reads parameter files with `yaml.CLoader`, PyYAML's full loader, which
builds arbitrary Python objects from tags such as `!!python/object/apply:os.system`. A parameter
file is code-free data: `proteger_yaml_openfisca()` makes openfisca-core read them with the safe
loader (same two constructors: dates kept as text, duplicate keys refused), so such a tag is an
error instead of a command run at start-up. The API calls it before reading any parameter.
"""

from __future__ import annotations

import re

from api.errors import ApiError

CSP_JSON = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
CSP_HTML = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

#: Endpoints whose answer is the same for everybody and changes only with a new release.
DOCUMENTATION = {
    "openfisca.root",
    "openfisca.spec",
    "openfisca.variables",
    "openfisca.variable",
    "openfisca.parameters",
    "openfisca.parameter",
    "openfisca.entities",
}
CACHE_DOCUMENTATION = "public, max-age=300"
NO_STORE = "no-store"

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


#: A host name (or IPv4 address), or an IPv6 address in brackets, with an optional port.
HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?"
)
MAX_HOST = 255


class InvalidHostError(ApiError):
    code = "hote_invalide"


def check_host(host: str) -> None:
    if len(host) > MAX_HOST or not HOST.fullmatch(host):
        from api.errors import describe

        raise InvalidHostError(
            "L'en-tête Host n'est pas un nom d'hôte valide.",
            path=None,
            expected="un nom d'hôte ou une adresse, suivi éventuellement de « :port »",
            received=describe(host),
        )


def install_headers(app) -> None:
    from flask import g, request

    @app.before_request
    def valid_host():
        host = request.headers.get("Host")
        if host is not None and not app.config.get("URL_PUBLIQUE"):
            check_host(host)

    @app.after_request
    def security_headers(response):
        for name, value in HEADERS.items():
            response.headers[name] = value
        html = response.mimetype == "text/html"
        response.headers["Content-Security-Policy"] = CSP_HTML if html else CSP_JSON
        if "Cache-Control" not in response.headers:
            endpoint = request.endpoint or ""
            cacheable = (
                request.method in ("GET", "HEAD")
                and response.status_code == 200
                and (endpoint in DOCUMENTATION or endpoint.startswith("navigateur."))
            )
            response.headers["Cache-Control"] = CACHE_DOCUMENTATION if cacheable else NO_STORE
        if g.get("cpa_vary_host"):
            response.vary.add("Host")
        return response


def proteger_yaml_openfisca() -> None:
    """openfisca-core reads parameter and test YAML with the safe loader (idempotent).

    The protection lives in the model package (openfisca_cpa.commun.yaml_sur), which applies it on
    import, so the checker, `openfisca test` and the preview are covered too; the API calls it again
    before reading any parameter.
    """
    from openfisca_cpa.commun.yaml_sur import proteger_yaml

    proteger_yaml()
