import os

from django.core.wsgi import get_wsgi_application

# Production unless told otherwise: a forgotten variable must not serve with
# DEBUG and a known key (config.production refuses to start without its own).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.production")
application = get_wsgi_application()

from ntm.web.warmup import warm_up  # noqa: E402 - needs the apps loaded above

warm_up()
