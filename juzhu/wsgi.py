"""WSGI entry point (waitress in ./run, any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")
application = get_wsgi_application()

# Every serving process chains the queued reads within seconds (issue 9; juzhu.audit.sequencer).
# Only servers import this module: tests with Django's client run no background thread.
from juzhu.audit.sequencer import start_in_background  # noqa: E402  (needs the apps loaded)

start_in_background()
