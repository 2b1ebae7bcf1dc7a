"""Page weight: bytes transferred and time until every chart drew, for one cold load."""

from __future__ import annotations

from typing import Any

from nanoimaging.site.screenshots import WAIT_FOR_CHARTS
from sitekit.browser import new_context

#: Records when the last chart of the page drew (performance.now(), ms).
CHART_TIMER = """window.__chartsDrawnAt = null;
new MutationObserver((_, observer) => {
  const charts = document.querySelectorAll('.vega-chart');
  if (charts.length && [...charts].every(c => c.classList.contains('vega-drawn'))) {
    window.__chartsDrawnAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['class']});"""

#: Bytes over the wire (headers included) for the document and everything it loaded.
TRANSFER = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {bytes: entries.reduce((n, e) => n + (e.transferSize || 0), 0),
          body: entries.reduce((n, e) => n + (e.encodedBodySize || 0), 0),
          requests: entries.length, charts: document.querySelectorAll('.vega-chart').length,
          drawnAt: window.__chartsDrawnAt};
}"""


def page_weight(browser: Any, url: str, timeout_ms: int = 20000) -> dict[str, Any]:
    """Bytes transferred and time until every chart drew, for one cold load of ``url``."""
    context, _refused = new_context(browser)
    try:
        page = context.new_page()
        page.add_init_script(CHART_TIMER)
        page.goto(url, wait_until="load", timeout=timeout_ms)
        page.wait_for_function(WAIT_FOR_CHARTS, timeout=timeout_ms)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        return page.evaluate(TRANSFER)
    finally:
        context.close()


#: Budget: a chart page transfers at most this much, gzipped (issue 14's goal; bench/page_weight.py
#: reports every page against it, and the time until the charts drew).
PAGE_BYTES_BUDGET = 0.5 * 1024 * 1024
