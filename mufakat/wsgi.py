"""WSGI entry point for gunicorn: ``gunicorn mufakat.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from mufakat.core.serving import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
application = get_wsgi_application()
settle()  # each worker loads this module itself: freezes what it loaded, before its first request
