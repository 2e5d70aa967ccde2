"""Monitoring pages; each group of views keeps its own url list."""

from ntm.monitoring import urls_dashboards, urls_entry

app_name = "monitoring"
urlpatterns = [*urls_entry.urlpatterns, *urls_dashboards.urlpatterns]
