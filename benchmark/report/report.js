/* quotebench report: filters by verdict, stance, type, phenomenon and document.
   State lives in the URL hash on a page of its own (#verdict=missed&type=direct) and on the
   report element in a notebook. One function, applyState, sets it, whether from the hash,
   a select, a summary link or the "show all" button. Nothing here builds HTML: the page is
   rendered (and escaped) by Python; this only hides, shows and highlights what is there. */
(function () {
  "use strict";
  var KEYS = ["verdict", "stance", "type", "phenomenon", "doc"];
  var FLAGS = ["invented", "misquoted"];

  function parseState(hash) {
    var state = {};
    (hash || "").replace(/^#/, "").split("&").forEach(function (pair) {
      var eq = pair.indexOf("=");
      if (eq < 1) return;
      var key = pair.slice(0, eq), value;
      try { value = decodeURIComponent(pair.slice(eq + 1)); } catch (e) { return; }
      if (KEYS.indexOf(key) >= 0 && value !== "") state[key] = value;
    });
    return state;
  }

  function formatState(state) {
    return KEYS.filter(function (k) { return state[k]; })
      .map(function (k) { return k + "=" + encodeURIComponent(state[k]); }).join("&");
  }

  function phenomena(card) {
    try { return JSON.parse(card.getAttribute("data-phen") || "[]"); } catch (e) { return []; }
  }

  function cardMatches(card, state) {
    var v = state.verdict;
    if (v) {
      if (FLAGS.indexOf(v) >= 0) {
        if ((card.getAttribute("data-flags") || "").split(" ").indexOf(v) < 0) return false;
      } else if (card.getAttribute("data-verdict") !== v) return false;
    }
    if (state.stance && card.getAttribute("data-stance") !== state.stance) return false;
    if (state.type && card.getAttribute("data-type") !== state.type) return false;
    if (state.phenomenon && phenomena(card).indexOf(state.phenomenon) < 0) return false;
    return true;
  }

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function applyState(root, state) {
    var itemFilter = !!(state.verdict || state.stance || state.type || state.phenomenon);
    var shown = 0, total = 0, docsShown = 0;
    each(root, ".qb-doc", function (doc) {
      var visible = {}, any = false;
      var docOk = !state.doc || doc.getAttribute("data-doc") === state.doc;
      each(doc, ".qb-item", function (card) {
        var ok = docOk && cardMatches(card, state);
        card.hidden = !ok;
        total += 1;
        if (ok) { visible[card.getAttribute("data-i")] = true; shown += 1; any = true; }
      });
      each(doc, ".qb-col", function (col) {  /* a column left without cases says so (CSS) */
        col.setAttribute("data-qb-shown", String(col.querySelectorAll(".qb-item:not([hidden])").length));
      });
      each(doc, ".qb-seg", function (seg) {
        var keys = (seg.getAttribute("data-i") || "").split(" ");
        var on = !itemFilter || keys.some(function (k) { return visible[k]; });
        seg.classList.toggle("qb-off", !on);
      });
      doc.hidden = !docOk || (itemFilter && !any);
      if (!doc.hidden) docsShown += 1;
    });
    each(root, ".qb-filters select", function (sel) {
      var want = state[sel.getAttribute("data-qb-key")] || "";
      var known = Array.prototype.some.call(sel.options, function (o) { return o.value === want; });
      sel.value = known ? want : "";
    });
    var status = root.querySelector(".qb-status");
    if (status) {
      status.textContent = "showing " + shown + " of " + total + " cases in " + docsShown + " document(s)";
    }
    root.setAttribute("data-qb-state", formatState(state));
  }

  function setState(root, state) {
    applyState(root, state);
    if (root.getAttribute("data-qb-standalone") === "1") {
      var hash = formatState(state);
      if (location.hash.replace(/^#/, "") !== hash && window.history && history.pushState) {
        history.pushState(null, "", hash ? "#" + hash : location.pathname + location.search);
      }
    }
  }

  function highlight(root, key, on) {
    each(root, '.qb-seg[data-i~="' + key.replace(/[^0-9-]/g, "") + '"]', function (seg) {
      seg.classList.toggle("qb-hl", on);
    });
  }

  function init(root) {
    root.setAttribute("data-qb-ready", "1");
    root.classList.add("qb-js");
    each(root, ".qb-filters select", function (sel) {
      sel.addEventListener("change", function () {
        var state = parseState(root.getAttribute("data-qb-state"));
        state[sel.getAttribute("data-qb-key")] = sel.value;
        if (!sel.value) delete state[sel.getAttribute("data-qb-key")];
        setState(root, state);
      });
    });
    each(root, ".qb-clear", function (b) { b.addEventListener("click", function () { setState(root, {}); }); });
    each(root, "a[data-qb-state]", function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        setState(root, parseState(a.getAttribute("data-qb-state")));
        var top = root.querySelector(".qb-filters");
        if (top && top.scrollIntoView) top.scrollIntoView({block: "start"});
      });
    });
    each(root, ".qb-item", function (card) {
      var key = card.getAttribute("data-i") || "";
      card.addEventListener("mouseenter", function () { highlight(root, key, true); });
      card.addEventListener("mouseleave", function () { highlight(root, key, false); });
    });
    each(root, ".qb-seg", function (seg) {
      seg.addEventListener("click", function () {
        var key = (seg.getAttribute("data-i") || "").split(" ")[0].replace(/[^0-9-]/g, "");
        var card = root.querySelector('.qb-item[data-i="' + key + '"]');
        if (!card || card.hidden) return;
        card.scrollIntoView({block: "nearest"});
        card.classList.add("qb-flash");
        setTimeout(function () { card.classList.remove("qb-flash"); }, 900);
      });
    });
    var standalone = root.getAttribute("data-qb-standalone") === "1";
    applyState(root, standalone ? parseState(location.hash) : {});
    if (standalone) {
      window.addEventListener("hashchange", function () { applyState(root, parseState(location.hash)); });
      window.addEventListener("popstate", function () { applyState(root, parseState(location.hash)); });
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll(".qb-report:not([data-qb-ready])"), init);
})();
