/* Sieć: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t;
    return function () {
      var args = arguments, self = this;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }

  /* Search in the top bar: suggestions as you type, under a heading per kind when the answer
     names one ("group"), the last one leading to every result ("all"). */
  function initSuggest(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var url = input.getAttribute("data-suggest-url");
    var minimum = parseInt(input.getAttribute("data-suggest-min") || "2", 10);
    var active = -1;
    var controller = null;

    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      var links = list.querySelectorAll("a");
      links.forEach(function (a, i) { a.classList.toggle("active", i === index); });
      active = index;
      if (links[index]) { input.setAttribute("aria-activedescendant", links[index].id); }
    }
    var fetchSuggestions = debounce(function () {
      var q = input.value.trim();
      if (q.length < minimum) { close(); return; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" }, signal: controller.signal, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          if (!data.results.length) {
            var li = document.createElement("li");
            var span = document.createElement("span");
            span.textContent = data.empty || "—";
            li.appendChild(span); list.appendChild(li);
          }
          var group = "";
          data.results.forEach(function (item, i) {
            if (item.group && item.group !== group) {
              var heading = document.createElement("li");
              heading.className = "suggest-group"; heading.setAttribute("role", "presentation");
              heading.textContent = item.group; list.appendChild(heading);
            }
            group = item.group || "";
            var li = document.createElement("li");
            li.setAttribute("role", "presentation");
            var a = document.createElement("a");
            a.href = item.url; a.id = "suggest-" + i; a.setAttribute("role", "option");
            a.textContent = item.name;
            if (item.all) { a.className = "suggest-all"; }
            if (item.group) {
              var kind = document.createElement("span");
              kind.className = "visually-hidden"; kind.textContent = " (" + item.group + ")";
              a.appendChild(kind);
            }
            if (item.meta) {
              var meta = document.createElement("span");
              meta.className = "meta"; meta.textContent = item.meta;
              a.appendChild(meta);
            }
            li.appendChild(a); list.appendChild(li);
          });
          list.hidden = false; active = -1;
          input.setAttribute("aria-expanded", "true");
        })
        .catch(function () {});
    }, 200);

    input.addEventListener("input", fetchSuggestions);
    input.addEventListener("keydown", function (e) {
      var links = list.querySelectorAll("a");
      if (e.key === "ArrowDown" && links.length) { e.preventDefault(); highlight((active + 1) % links.length); }
      else if (e.key === "ArrowUp" && links.length) { e.preventDefault(); highlight((active - 1 + links.length) % links.length); }
      else if (e.key === "Enter" && active >= 0 && links[active]) { e.preventDefault(); window.location = links[active].href; }
      else if (e.key === "Escape") { close(); }
    });
    document.addEventListener("click", function (e) {
      if (!list.contains(e.target) && e.target !== input) { close(); }
    });
  }

  /* Lists: the results follow the filter form as you type, without a page reload. */
  function initLiveList(form) {
    var target = document.getElementById(form.getAttribute("data-live-target"));
    var controller = null;
    var refresh = debounce(function () {
      var params = new URLSearchParams(new FormData(form));
      Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) { params.delete(k); } });
      var query = params.toString();
      var url = form.getAttribute("action") || window.location.pathname;
      if (controller) { controller.abort(); }
      controller = new AbortController();
      target.setAttribute("aria-busy", "true");
      fetch(url + (query ? "?" + query : ""), { headers: { "X-Fragment": "results" }, signal: controller.signal, credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          target.innerHTML = html;
          target.setAttribute("aria-busy", "false");
          window.history.replaceState(null, "", url + (query ? "?" + query : ""));
        })
        .catch(function () {});
    }, 250);
    form.querySelectorAll("input[type=search], input[type=text]").forEach(function (el) { el.addEventListener("input", refresh); });
    form.querySelectorAll("select, input[type=checkbox], input[type=date]").forEach(function (el) { el.addEventListener("change", refresh); });
  }


  /* Organisation fields in forms: suggestions in a datalist. The field shows the name; the
     picked organisation's id goes into the hidden "<name>_id" input beside it, and typing over
     the name forgets it. */
  function pickedInput(input) {
    return input.form ? input.form.querySelector('input[type=hidden][name="' + input.name + '_id"]') : null;
  }
  function initPicker(list) {
    var url = list.getAttribute("data-suggest-url");
    var input = document.querySelector('input[list="' + list.id + '"]');
    if (!input) { return; }
    var picked = pickedInput(input);
    var load = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { return; }
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          var seen = {};
          data.results.forEach(function (item) { seen[item.name] = (seen[item.name] || 0) + 1; });
          data.results.forEach(function (item) {
            var option = document.createElement("option");
            /* Two of the same name are told apart by their kind, NIP and gmina. */
            option.value = seen[item.name] > 1 && item.meta ? item.name + " (" + item.meta + ")" : item.name;
            option.label = item.meta || "";
            option.setAttribute("data-id", item.url.replace(/\/$/, "").split("/").pop());
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
    input.addEventListener("input", function () {
      var match = null;
      list.querySelectorAll("option").forEach(function (o) { if (o.value === input.value) { match = o; } });
      if (picked) { picked.value = match ? match.getAttribute("data-id") : ""; }
      if (!match) { load(); }
    });
  }

  /* The menu and the list filters: folded on a narrow screen (the cards come into view),
     always open on a wide one, where the summary is hidden. */
  function initFold(details) {
    var narrow = window.matchMedia("(max-width: " + details.getAttribute("data-collapse-below") + ")");
    function apply() {
      if (!narrow.matches) { details.open = true; }
      else if (!details.hasAttribute("data-keep-open")) { details.open = false; }
    }
    apply();
    if (narrow.addEventListener) { narrow.addEventListener("change", apply); }
  }

  /* "Several organisations match": each candidate in the error is a button that picks it. */
  function initCandidate(button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-pick-for"));
      if (!input) { return; }
      input.value = button.getAttribute("data-pick-name");
      var picked = pickedInput(input);
      if (picked) { picked.value = button.getAttribute("data-pick-id"); }
      button.closest("ul").querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
      input.focus();
    });
  }

  /* Import progress: poll the batch until it is finished, then go to the result. */
  function initProgress(box) {
    var url = box.getAttribute("data-progress-url");
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-progress-label]");
    function poll() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          bar.max = data.total || 1;
          bar.value = data.done || 0;
          if (label) { label.textContent = data.label; }
          if (data.finished) {
            box.setAttribute("data-finished", "true");
            if (data.next) { window.location = data.next; }
            return;
          }
          setTimeout(poll, 700);
        })
        .catch(function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  /* "Select all" checkboxes for marking many rows at once. */
  function initSelectAll(box) {
    var group = box.getAttribute("data-select-all");
    box.addEventListener("change", function () {
      document.querySelectorAll('input[type=checkbox][data-group="' + group + '"]').forEach(function (c) { c.checked = box.checked; });
    });
  }

  /* Buttons that need a second thought ask for it. */
  function initConfirm(form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest-url]").forEach(initSuggest);
    document.querySelectorAll("form[data-live-target]").forEach(initLiveList);
    document.querySelectorAll("[data-progress-url]").forEach(initProgress);
    document.querySelectorAll("input[data-select-all]").forEach(initSelectAll);
    document.querySelectorAll("form[data-confirm]").forEach(initConfirm);
    /* No inline handlers: the Content-Security-Policy allows scripts from this file only. */
    document.querySelectorAll("button[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("datalist[data-suggest-url]").forEach(initPicker);
    document.querySelectorAll("button[data-pick-for]").forEach(initCandidate);
    document.querySelectorAll("details[data-collapse-below]").forEach(initFold);
    document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
      var btn = s.form.querySelector("[data-autosubmit-button]");
      if (btn) { btn.classList.add("visually-hidden"); }
    });
  });
})();
