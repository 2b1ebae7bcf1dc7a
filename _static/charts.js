/* Draw the book's charts with the vendored vega and vega-embed.
 *
 * Each chart is a <div class="vega-chart"> holding its Vega spec (compiled from
 * Vega-Lite at build time by nanoimaging.site.sphinx_charts) in a
 * <script type="application/json">, and sometimes a second one, data-layout="narrow",
 * for screens narrower than the chart (the figure's data-width, or the wide chart's width as
 * this browser drew it, when its fonts measure wider). Specs are read with
 * JSON.parse, never evaluated; `ast: true` makes Vega interpret its expressions (the
 * interpreter bundled in vega-embed) instead of compiling them to JavaScript, so a
 * Content-Security-Policy without 'unsafe-eval' works. Until a chart is drawn, and in
 * print, the static SVG beside it is shown.
 *
 * A chart follows the theme's light/dark switch: in dark mode every colour named in the
 * figure's data-dark-ink (the "ink" of nanoimaging.figures.theme) is swapped for its
 * dark twin, and the chart is redrawn, keeping what the reader chose in its inputs.
 * Inputs (menus, checkboxes) are drawn in a form above the chart; those named in the
 * figure's data-url-params are kept in the page's URL, so a link reproduces the chart
 * as set. A value in the URL that is not one of an input's choices is ignored, and a
 * note above the form says so. A tooltip stays inside the window, on a phone too.
 */
(function () {
  "use strict";

  var BASE_OPTIONS = {
    actions: false,       // no export menu: the static SVG is on the page already
    renderer: "svg",
    mode: "vega",         // compiled at build time: no Vega-Lite compiler on the page
    ast: true,            // interpret expressions: no code generated at run time
    defaultStyle: false,  // no injected <style>: charts.css styles the container
    tooltip: { disableDefaultStyle: true }
  };
  var charts = [];

  function fail(figure, message, error) {
    if (figure) figure.classList.add("vega-failed");
    if (window.console) console.error("charts.js: " + message, error || "");
  }

  function readJSON(figure, name) {
    var text = figure.getAttribute(name);
    if (!text) return null;
    try { return JSON.parse(text); } catch (error) { fail(figure, name + " is not JSON", error); return null; }
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

  function isDark() {
    return document.documentElement.getAttribute("data-theme") === "dark";
  }

  // A copy of the spec with each ink colour swapped; data values are never touched.
  function withInk(node, swap, key) {
    if (key === "data" || key === "values") return node;
    if (Array.isArray(node)) return node.map(function (item) { return withInk(item, swap, null); });
    if (node && typeof node === "object") {
      var copy = {};
      Object.keys(node).forEach(function (k) { copy[k] = withInk(node[k], swap, k); });
      return copy;
    }
    if (typeof node === "string") {
      var hit = swap[node.toLowerCase()];
      return hit === undefined ? node : hit;
    }
    return node;
  }

  function lowerKeys(map) {
    var out = {};
    Object.keys(map || {}).forEach(function (k) { out[k.toLowerCase()] = map[k]; });
    return out;
  }

  // --- inputs kept in the URL -------------------------------------------------------

  function boundSignals(spec) {
    return (spec.signals || []).filter(function (s) { return s && s.bind && s.bind.input; });
  }

  function parseChoice(signal, raw) {
    var bind = signal.bind;
    if (bind.input === "checkbox") {
      if (/^(true|1|yes|on)$/i.test(raw)) return { ok: true, value: true };
      if (/^(false|0|no|off)$/i.test(raw)) return { ok: true, value: false };
      return { ok: false };
    }
    if (bind.input === "range") {
      var number = Number(raw);
      var inRange = raw !== "" && isFinite(number) &&
        (bind.min === undefined || number >= bind.min) && (bind.max === undefined || number <= bind.max);
      return inRange ? { ok: true, value: number } : { ok: false };
    }
    var options = bind.options || [];
    for (var i = 0; i < options.length; i++) {
      var option = options[i];
      if (String(option) === raw || (typeof option === "number" && raw !== "" && Number(raw) === option)) {
        return { ok: true, value: option };
      }
    }
    return { ok: false };
  }

  function choiceLabel(signal, value) {
    var bind = signal.bind;
    if (bind.input === "checkbox") return value ? "checked" : "not checked";
    var options = bind.options || [];
    var labels = bind.labels || [];
    var index = options.indexOf(value);
    return index >= 0 && labels[index] !== undefined ? String(labels[index]) : String(value);
  }

  function inputName(signal) {
    return String(signal.bind.name || signal.name).replace(/[:\s]+$/, "");
  }

  // Values asked for by the URL; {values: {signal: value}, notes: [text]}.
  function valuesFromURL(spec, urlParams) {
    var query = new URLSearchParams(window.location.search);
    var values = {}, notes = [];
    boundSignals(spec).forEach(function (signal) {
      var key = urlParams[signal.name];
      if (!key || !query.has(key)) return;
      var raw = query.get(key);
      var parsed = parseChoice(signal, raw);
      if (parsed.ok) {
        values[signal.name] = parsed.value;
      } else {
        notes.push("The link sets " + inputName(signal) + " to \u201c" + raw + "\u201d, which is not one of its choices: " +
          "showing \u201c" + choiceLabel(signal, signal.value) + "\u201d.");
      }
    });
    return { values: values, notes: notes };
  }

  function writeURL(chart, view) {
    var query = new URLSearchParams(window.location.search);
    boundSignals(chart.specs.wide).forEach(function (signal) {
      var key = chart.urlParams[signal.name];
      if (!key) return;
      var value = view.signal(signal.name);
      if (value === signal.value) query.delete(key); else query.set(key, String(value));
    });
    var search = query.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function withValues(spec, values) {
    var copy = JSON.parse(JSON.stringify(spec));
    (copy.signals || []).forEach(function (signal) {
      if (Object.prototype.hasOwnProperty.call(values, signal.name)) signal.value = values[signal.name];
    });
    return copy;
  }

  // --- drawing ----------------------------------------------------------------------

  // The wide layout's width: the static SVG's (data-width) until the chart is drawn wide in this
  // browser, whose fonts may measure wider than the build's, then as drawn.
  function wideWidth(chart) {
    return Math.max(chart.width, chart.drawnWideWidth || 0);
  }

  // The width a chart can take without shrinking: its figure's, padding aside.
  function room(chart) {
    var style = window.getComputedStyle(chart.figure);
    var padding = (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.paddingRight) || 0);
    return (chart.figure.clientWidth - padding) || chart.el.clientWidth;
  }

  function layoutFor(chart) {
    if (!chart.specs.narrow || !wideWidth(chart)) return "wide";
    var space = room(chart);
    return space && space < wideWidth(chart) ? "narrow" : "wide";
  }

  function drawnWidth(chart) {
    var svg = chart.el.querySelector("svg");
    return svg ? Number(svg.getAttribute("width")) || 0 : 0;
  }

  function controlsFor(chart) {
    if (chart.form) return chart.form;
    if (!boundSignals(chart.specs.wide).length) return null;
    var form = document.createElement("form");
    form.className = "chart-controls";
    form.setAttribute("aria-label", "Inputs of the chart below");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    chart.figure.insertBefore(form, chart.el);
    chart.form = form;
    return form;
  }

  function showNotes(chart, notes) {
    if (!notes.length) return;
    var note = document.createElement("p");
    note.className = "chart-notice";
    note.setAttribute("role", "status");
    note.textContent = notes.join(" ");
    chart.figure.insertBefore(note, chart.form || chart.el);
  }

  function draw(chart, values, layout) {
    layout = layout || layoutFor(chart);
    var dark = isDark();
    var spec = withValues(chart.specs[layout] || chart.specs.wide, values);
    if (dark && chart.darkInk) spec = withInk(spec, chart.darkInk, null);
    var form = controlsFor(chart);
    if (form) form.textContent = "";
    if (chart.view) { chart.view.finalize(); chart.view = null; }
    var options = Object.assign({}, BASE_OPTIONS);
    if (form) options.bind = form;
    chart.layout = layout;
    chart.dark = dark;
    chart.el.setAttribute("data-layout", layout);
    return window.vegaEmbed(chart.el, spec, options).then(function (result) {
      chart.view = result.view;
      hideEmptyMarks(chart.el);
      keepTooltipInWindow();
      boundSignals(chart.specs.wide).forEach(function (signal) {
        result.view.addSignalListener(signal.name, function () { writeURL(chart, result.view); });
      });
      writeURL(chart, result.view);  // a value the link asked for and could not have leaves the URL
      chart.el.classList.add("vega-drawn");
      chart.el.setAttribute("data-drawn-theme", dark ? "dark" : "light");
      chart.figure.classList.add("vega-rendered");
      if (layout === "wide") {
        chart.drawnWideWidth = drawnWidth(chart);
        // drawn wider than the build measured it, and now too wide for the page: draw the narrow layout
        if (layoutFor(chart) === "narrow") return redraw(chart);
      }
    }).catch(function (error) {
      fail(chart.figure, "could not draw chart", error);
    });
  }

  // vega-tooltip sets its box beside the pointer, on the side with room; where neither side has
  // room (a phone) it lets the box run past the window's edge. Keep the box inside the window.
  var TOOLTIP_MARGIN = 4;
  var waitingForTooltip = null;
  function keepTooltipInWindow() {
    var tip = document.getElementById("vg-tooltip-element");
    if (!tip) {
      // vega-tooltip adds its element to the body when it first shows a tooltip
      if (!waitingForTooltip) {
        waitingForTooltip = new MutationObserver(keepTooltipInWindow);
        waitingForTooltip.observe(document.body, { childList: true });
      }
      return;
    }
    if (waitingForTooltip) { waitingForTooltip.disconnect(); waitingForTooltip = null; }
    if (tip.hasAttribute("data-kept-in-window")) return;
    tip.setAttribute("data-kept-in-window", "");
    function clamp(value, low, high) { return Math.max(low, Math.min(value, high)); }
    function place() {
      if (!tip.classList.contains("visible")) return;
      var box = tip.getBoundingClientRect();
      var width = document.documentElement.clientWidth, height = window.innerHeight;
      var left = clamp(box.left, TOOLTIP_MARGIN, width - TOOLTIP_MARGIN - box.width);
      var top = clamp(box.top, TOOLTIP_MARGIN, height - TOOLTIP_MARGIN - box.height);
      // moved by the difference (its left and top are set in the window's coordinates, which a
      // margin or a transform in a style may shift): setting the same value again would loop
      if (Math.abs(left - box.left) > 0.5) tip.style.left = ((parseFloat(tip.style.left) || 0) + left - box.left) + "px";
      if (Math.abs(top - box.top) > 0.5) tip.style.top = ((parseFloat(tip.style.top) || 0) + top - box.top) + "px";
    }
    new MutationObserver(place).observe(tip, { attributes: true, attributeFilter: ["style", "class"] });
    place();  // the tooltip it was added for
  }

  function currentValues(chart) {
    var values = {};
    if (!chart.view) return values;
    boundSignals(chart.specs.wide).forEach(function (signal) {
      try { values[signal.name] = chart.view.signal(signal.name); } catch (error) { /* not in this layout */ }
    });
    return values;
  }

  function redraw(chart) {
    return draw(chart, currentValues(chart));
  }

  function setUp(el) {
    var figure = el.closest("figure") || el.parentNode;
    var specs = {};
    var sources = el.querySelectorAll('script[type="application/json"]');
    for (var i = 0; i < sources.length; i++) {
      try {
        specs[sources[i].getAttribute("data-layout") || "wide"] = JSON.parse(sources[i].textContent);
      } catch (error) {
        fail(figure, "chart spec is not JSON", error);
        return;
      }
    }
    if (!specs.wide) return;
    var chart = {
      el: el,
      figure: figure,
      specs: specs,
      width: Number(figure.getAttribute("data-width")) || 0,
      urlParams: readJSON(figure, "data-url-params") || {},
      darkInk: lowerKeys(readJSON(figure, "data-dark-ink")),
      drawnWideWidth: 0,
      view: null,
      form: null
    };
    charts.push(chart);
    var asked = valuesFromURL(specs.wide, chart.urlParams);
    controlsFor(chart);
    showNotes(chart, asked.notes);
    chart.asked = asked.values;  // drawn by drawAll, once every chart's room is measured
  }

  function drawAll() {
    var found = document.querySelectorAll(".vega-chart");
    if (!found.length) return;
    if (typeof window.vegaEmbed !== "function") {
      found.forEach(function (el) { fail(el.closest("figure"), "vega-embed is not loaded"); });
      return;
    }
    found.forEach(setUp);
    // Every chart's room is read before any is drawn: one layout of the page, not one per chart.
    var layouts = charts.map(layoutFor);
    charts.forEach(function (chart, i) { draw(chart, chart.asked, layouts[i]); });
    // The theme's light/dark switch sets data-theme on <html>: redraw in the new ink.
    new MutationObserver(function () {
      charts.forEach(function (chart) { if (chart.dark !== isDark()) redraw(chart); });
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    // Crossing a chart's width switches between its wide and narrow layouts.
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        charts.forEach(function (chart) { if (chart.layout !== layoutFor(chart)) redraw(chart); });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
