/* The {review} role's quotes (nanoimaging.site.sphinx_review, _static/quotes.css).
 *
 * On a page with claims: a tap or click on a claim's button keeps its quote open (touch
 * screens give no hover, and some browsers no focus on a click); Escape closes the quotes
 * shown, whether hovered, focused or opened, and they stay closed until the pointer and
 * the focus have left them (WCAG 1.4.13: dismissible); a click elsewhere closes an
 * opened quote.
 *
 * On the search page: Sphinx's searchtools.js makes each result's snippet from the text
 * of the found page (Search.htmlToText); the quotes are taken out of that page first, so
 * a snippet reads the book's sentence, not the sentence glued to its hidden quote.
 */
(function () {
  "use strict";

  var SHOWN = ".review-ref:hover, .review-ref:focus-within, .review-ref.is-open";

  function reopenable(ref, focusTarget) {
    var focused = focusTarget !== undefined ? focusTarget : document.activeElement;
    if (!ref.matches(":hover") && !(focused && ref.contains(focused))) {
      ref.classList.remove("is-dismissed");
    }
  }

  function closeOpened(except) {
    document.querySelectorAll(".review-ref.is-open").forEach(function (ref) {
      if (ref !== except) ref.classList.remove("is-open");
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(SHOWN).forEach(function (ref) {
      ref.classList.remove("is-open");
      ref.classList.add("is-dismissed");
    });
  });

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest(".review-mark");
    var ref = mark ? mark.closest(".review-ref") : null;
    if (ref) {
      ref.classList.remove("is-dismissed");
      ref.classList.add("is-open");
    }
    if (!(event.target.closest && event.target.closest(".review-quote"))) closeOpened(ref);
  });

  document.querySelectorAll(".review-ref").forEach(function (ref) {
    ref.addEventListener("pointerleave", function () {
      reopenable(ref);
    });
    ref.addEventListener("focusout", function (event) {
      reopenable(ref, event.relatedTarget);
    });
  });

  // The search page (searchtools.js defines a global Search before this deferred script runs).
  if (typeof Search !== "undefined" && Search && typeof Search.htmlToText === "function") {
    var pageText = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      var doc = new DOMParser().parseFromString(htmlString, "text/html");
      doc.querySelectorAll(".review-quote, .review-mark").forEach(function (element) {
        element.remove();
      });
      return pageText(doc.documentElement.outerHTML, anchor);
    };
  }
})();
