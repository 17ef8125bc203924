"""WSGI entry point: granian in ./run and ``scripts/serve`` (juzhu/serve.py), any WSGI server else.

The application is wrapped in waitress's forwarded-header filter whatever serves it: the
``X-Forwarded-*`` headers are believed from the trusted proxy alone (``JUZHU_TRUSTED_PROXY``,
juzhu/serve.py) and removed from anyone else, so no client can claim https or another address.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from waitress.proxy_headers import proxy_headers_middleware

from juzhu.serve import proxy_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")
django_application = get_wsgi_application()
application = proxy_headers_middleware(django_application, **proxy_settings(settings.HTTPS))

# Every serving process chains the queued reads within seconds (issue 9; juzhu.audit.sequencer).
# Only servers import this module: tests with Django's client run no background thread.
from juzhu.audit.sequencer import start_in_background  # noqa: E402  (needs the apps loaded)

start_in_background()
