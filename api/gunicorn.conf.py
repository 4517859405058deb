"""gunicorn configuration: `gunicorn -c api/gunicorn.conf.py` from the repository root.

Binds $CPA_HOST:$PORT (default 127.0.0.1:5000) with $CPA_WORKERS processes (default 2) of
$CPA_THREADS threads (default 4); every setting is read by api/config.py. The app is preloaded in
the master, so the tax-benefit system is built and checked once and shared by the forked workers.

- Worker model: gthread (api/travailleur.py). A slow or stuck client holds one thread while it
  sends its request, never a whole process: /health and the other requests go on. Bodies are read
  whole before a computation slot is taken (api/service.py), one computation at a time per process
  by default, so the memory of a process is that of one computation, as with sync workers.
- Metrics: PROMETHEUS_MULTIPROC_DIR is set here (a temporary directory, removed on exit) before
  prometheus-client is imported, so that /metrics sums every worker (api/metriques.py).
- SIGHUP (`make reload`): gunicorn re-reads this file and replaces its workers gracefully; the
  `on_reload` hook first builds and checks the new parameter tree in the master. A broken tree is
  refused (the checker's fichier:ligne:colonne messages are logged) and the new workers are forked
  from the last good app: the server keeps serving the old tree.
- SIGTERM: requests in flight finish within graceful_timeout (CPA_TIMEOUT).
- CPA_DEVELOPPEMENT=1 (`make serve-dev`): one worker, no preload, reloaded when a Python or YAML
  parameter file changes; a broken tree is shown as a 503 naming the file, line and column.
"""

# ruff: noqa: N999 (the file name is the one gunicorn documents)
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# The config file is executed before gunicorn puts the working directory on sys.path.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# Metrics of every worker: the directory must be known before prometheus-client is imported.
# This file is executed again on SIGHUP: the directory is set up once per master.
if os.environ.get("CPA_METRIQUES_MAITRE") != str(os.getpid()):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # given by the operator: emptied of a previous run's files
        _dossier = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
        _dossier.mkdir(parents=True, exist_ok=True)
        for _fichier in _dossier.glob("*.db"):
            _fichier.unlink()
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="cpa-metriques-")
        os.environ["CPA_METRIQUES_TEMPORAIRE"] = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.environ["CPA_METRIQUES_MAITRE"] = str(os.getpid())

    def _supprimer_dossier_metriques(maitre):
        """À la sortie du maître (arrêt, ou démarrage refusé) ; les workers, forkés, ne suppriment rien."""
        temporaire = os.environ.get("CPA_METRIQUES_TEMPORAIRE")
        if temporaire and os.getpid() == maitre:
            shutil.rmtree(temporaire, ignore_errors=True)

    atexit.register(_supprimer_dossier_metriques, os.getpid())

from api.config import ConfigurationError, load_config  # noqa: E402
from api.journal import FORMAT_ACCES, configuration_logging  # noqa: E402

try:
    _settings = load_config()
except ConfigurationError as _erreur:
    # Without this, gunicorn prints « Failed to read config file » and a stack trace.
    sys.stderr.write(f"\nError: L'API ne démarre pas : {_erreur}\n\n")
    raise SystemExit(1) from None

# Read by the worker class (api/travailleur.py), normalised by load_config.
os.environ["CPA_DELAI_LECTURE"] = str(_settings["DELAI_LECTURE"])
_developpement = os.environ.get("CPA_DEVELOPPEMENT", "").strip() not in ("", "0")

wsgi_app = "api.service:app_developpement()" if _developpement else "api.wsgi:app"
bind = f"{_settings['HOST']}:{_settings['PORT']}"
workers = 1 if _developpement else int(_settings["WORKERS"])
worker_class = "api.travailleur.TravailleurFils"
threads = int(_settings["THREADS"])
# A process holds no more connections than it has threads: a busy process stops accepting and the
# others take the new connections (gthread would otherwise queue up to 1000 of them in its pool).
worker_connections = threads
preload_app = not _developpement
timeout = int(_settings["TIMEOUT"])
graceful_timeout = int(_settings["TIMEOUT"])
# No idle keep-alive connection: every connection slot serves a request (worker_connections = threads).
keepalive = 0
accesslog = "-"
errorlog = "-"
loglevel = str(_settings["LOG_LEVEL"]).lower()
# Request line and headers: gunicorn's defaults; the body is limited by CPA_MAX_CONTENT_LENGTH.
limit_request_line = 8190
# The access log names the request id (response header X-Request-Id, api/journal.py).
access_log_format = FORMAT_ACCES
# The app's loggers ("api.*") go to stderr with gunicorn's, at CPA_LOG_LEVEL, each line with its
# request id; CPA_JOURNAL_FORMAT=json writes one JSON object per line.
logconfig_dict = configuration_logging(loglevel, str(_settings["JOURNAL_FORMAT"]))

if _developpement:
    from api.service import dossier_parametres

    reload = True
    reload_extra_files = [str(f) for f in dossier_parametres(str(_settings["PARAMETRES_DIR"])).rglob("*.yaml")]


def when_ready(server):
    if _settings["METRIQUES"] == "port":
        from prometheus_client import CollectorRegistry, multiprocess, start_http_server

        registre = CollectorRegistry()
        multiprocess.MultiProcessCollector(registre)
        start_http_server(int(_settings["METRIQUES_PORT"]), addr=str(_settings["HOST"]), registry=registre)
        server.log.info("Métriques sur http://%s:%s/metrics", _settings["HOST"], _settings["METRIQUES_PORT"])


def post_worker_init(worker):
    from api import metriques, service

    etat = worker.wsgi.extensions.get(service.EXTENSION) if hasattr(worker.wsgi, "extensions") else None
    if etat is not None:
        metriques.publier_version(etat.version, etat.paquet)


def child_exit(server, worker):
    from api import metriques

    metriques.processus_mort(worker.pid)


def on_reload(server):
    from api import service

    service.recharger(server)
