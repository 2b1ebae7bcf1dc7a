/* Draw the book's Vega-Lite charts with the vendored vega, vega-lite and vega-embed.
 *
 * Each chart is a <div class="vega-chart"> holding its spec in a
 * <script type="application/json"> (written by nanoimaging.vega_mime). The spec is
 * read with JSON.parse, never evaluated; `ast: true` makes Vega interpret its
 * expressions (the interpreter bundled in vega-embed) instead of compiling them
 * to JavaScript, so a Content-Security-Policy without 'unsafe-eval' works.
 * Until a chart is drawn, and in print, the static SVG beside it is shown.
 */
(function () {
  "use strict";

  var OPTIONS = {
    actions: false,       // no export menu: the static SVG is on the page already
    renderer: "svg",
    ast: true,            // interpret expressions: no code generated at run time
    defaultStyle: false,  // no injected <style>: charts.css styles the container
    tooltip: { disableDefaultStyle: true }
  };

  function fail(figure, message, error) {
    if (figure) figure.classList.add("vega-failed");
    if (window.console) console.error("charts.js: " + message, error || "");
  }

  // Vega gives a mark group with no items (a layer whose data is empty for this
  // family, or that a menu filtered to nothing) role="graphics-symbol" and no label:
  // an unnamed graphic to a screen reader (axe: svg-img-alt). Hide such groups from
  // assistive technology, and expose them again when a redraw fills them.
  function hideEmptyMarks(root) {
    root.querySelectorAll("g.role-mark").forEach(function (group) {
      var empty = !group.firstElementChild;
      if (empty && !group.hasAttribute("aria-hidden")) {
        group.setAttribute("aria-hidden", "true");
        group.setAttribute("data-empty-hidden", "");
      } else if (!empty && group.hasAttribute("data-empty-hidden")) {
        group.removeAttribute("aria-hidden");
        group.removeAttribute("data-empty-hidden");
      }
    });
  }

  function draw(el) {
    var figure = el.closest("figure");
    var source = el.querySelector('script[type="application/json"]');
    if (!source) return;
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (error) {
      fail(figure, "chart spec is not JSON", error);
      return;
    }
    window.vegaEmbed(el, spec, OPTIONS).then(function () {
      hideEmptyMarks(el);
      if (window.MutationObserver) {
        new MutationObserver(function () { hideEmptyMarks(el); }).observe(el, { childList: true, subtree: true });
      }
      el.classList.add("vega-drawn");
      if (figure) figure.classList.add("vega-rendered");
    }).catch(function (error) {
      fail(figure, "could not draw chart", error);
    });
  }

  function drawAll() {
    var charts = document.querySelectorAll(".vega-chart");
    if (!charts.length) return;
    if (typeof window.vegaEmbed !== "function") {
      charts.forEach(function (el) { fail(el.closest("figure"), "vega-embed is not loaded"); });
      return;
    }
    charts.forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
