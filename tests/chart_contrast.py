"""Chart text as a reader sees it: each text of the drawn charts with its colour on what is drawn under it,
and which of them fall under WCAG AA contrast. axe cannot judge text inside an SVG (it reports it
"incomplete"), so the reader view (reader_view.py) and the chart tests read it here."""

from __future__ import annotations

#: Every text of the drawn charts: its colour, size on screen, and the colour it is drawn on
#: (the last filled shape under its centre, drawn before it; else the page's background).
#: A text not shown is left out: hidden by CSS, or of opacity 0 (Vega thins out axis labels so).
CHART_TEXTS = """() => {
  const parse = (c) => { const m = c && c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
                                b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const page = parse(getComputedStyle(document.body).backgroundColor);
  const out = [];
  document.querySelectorAll('.vega-chart svg, .data-chart-static svg').forEach(svg => {
    const shapes = [...svg.querySelectorAll('path, rect, circle')];
    svg.querySelectorAll('text').forEach(text => {
      const box = text.getBoundingClientRect();
      if (!text.textContent.trim() || box.width === 0 || !text.checkVisibility({opacityProperty: true, visibilityProperty: true})) return;
      const style = getComputedStyle(text);
      let fill = parse(style.fill); if (!fill) return;
      fill = {...fill, a: fill.a * Number(style.fillOpacity) * Number(style.opacity)};
      const x = box.left + box.width / 2, y = box.top + box.height / 2;
      let back = page;
      for (const shape of shapes) {
        if (!(shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        const s = getComputedStyle(shape); const f = parse(s.fill);
        if (!f || f.a === 0 || s.visibility === 'hidden' || s.display === 'none') continue;
        const m = shape.getScreenCTM(); if (!m) continue;
        const pt = new DOMPoint(x, y).matrixTransform(m.inverse());
        if (shape.isPointInFill(pt)) back = over({...f, a: f.a * Number(s.fillOpacity) * Number(s.opacity)}, back);
      }
      const ratio = svg.getBoundingClientRect().width / (svg.width.baseVal.value || 1);
      out.push({text: text.textContent.trim().slice(0, 40), fill: over(fill, back), back,
                size: parseFloat(style.fontSize) * ratio, bold: Number(style.fontWeight) >= 700,
                chart: text.closest('figure, .data-chart-static').dataset.chartName});
    });
  });
  return out;
}"""


def _luminance(c: dict) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c["r"]) + 0.7152 * channel(c["g"]) + 0.0722 * channel(c["b"])


def contrast(a: dict, b: dict) -> float:
    """WCAG contrast ratio of two opaque colours.

    >>> round(contrast({"r": 0, "g": 0, "b": 0}, {"r": 255, "g": 255, "b": 255}), 1)
    21.0
    """
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def low_contrast_texts(texts: list[dict]) -> list[str]:
    """Texts under WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.67 px bold)."""
    found = []
    for t in texts:
        large = t["size"] >= 24 or (t["bold"] and t["size"] >= 18.67)
        ratio = contrast(t["fill"], t["back"])
        if ratio < (3 if large else 4.5):
            found.append(f"{t['chart']}: {t['text']!r} {ratio:.2f}:1")
    return found
