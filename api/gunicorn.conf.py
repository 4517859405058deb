"""gunicorn configuration: `gunicorn -c api/gunicorn.conf.py` from the repository root.

Binds 127.0.0.1:$PORT (default 5000) with $CPA_WORKERS workers (default 2); every setting is read
by api/config.py. The app is preloaded in the master process, so the tax-benefit system and the
API metadata are built once (about a second) and shared by the forked workers.
"""

# ruff: noqa: N999 (the file name is the one gunicorn documents)
import sys
from pathlib import Path

# The config file is executed before gunicorn puts the working directory on sys.path.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from api.config import ConfigurationError, load_config  # noqa: E402

try:
    _settings = load_config()
except ConfigurationError as _erreur:
    # Without this, gunicorn prints « Failed to read config file » and a stack trace.
    sys.stderr.write(f"\nError: L'API ne démarre pas : {_erreur}\n\n")
    raise SystemExit(1) from None

wsgi_app = "api.wsgi:app"
bind = f"{_settings['HOST']}:{_settings['PORT']}"
workers = int(_settings["WORKERS"])
worker_class = "sync"
preload_app = True
timeout = int(_settings["TIMEOUT"])
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
loglevel = str(_settings["LOG_LEVEL"]).lower()
# Request line and headers: gunicorn's defaults; the body is limited by CPA_MAX_CONTENT_LENGTH.
limit_request_line = 8190

# The app's loggers ("api.*") go to stderr with gunicorn's, at CPA_LOG_LEVEL.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stderr"}},
    "root": {"level": loglevel.upper(), "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["console"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
            "qualname": "gunicorn.access",
        },
    },
}
