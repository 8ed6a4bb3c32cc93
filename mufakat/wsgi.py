"""WSGI entry point for gunicorn: ``gunicorn mufakat.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from mufakat.core.serving import Settling, settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
application = Settling(get_wsgi_application())  # freezes its caches again once they have filled
settle()  # each worker loads this module itself: freezes what it loaded, before its first request
