"""WSGI entry point for gunicorn: ``gunicorn mufakat.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
application = get_wsgi_application()
