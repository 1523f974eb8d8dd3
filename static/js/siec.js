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

  /* Search in the top bar: suggestions as you type (name, NIP, REGON, KRS). */
  function initSuggest(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var url = input.getAttribute("data-suggest-url");
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
      if (q.length < 2) { close(); return; }
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
          data.results.forEach(function (item, i) {
            var li = document.createElement("li");
            li.setAttribute("role", "presentation");
            var a = document.createElement("a");
            a.href = item.url; a.id = "suggest-" + i; a.setAttribute("role", "option");
            a.textContent = item.name;
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


  /* Organisation fields in forms: suggestions in a datalist; a picked one ends in "#id". */
  function initPicker(list) {
    var url = list.getAttribute("data-suggest-url");
    var input = document.querySelector('input[list="' + list.id + '"]');
    if (!input) { return; }
    var load = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2 || /#\d+$/.test(q)) { return; }
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          list.innerHTML = "";
          data.results.forEach(function (item) {
            var option = document.createElement("option");
            var id = item.url.replace(/\/$/, "").split("/").pop();
            option.value = item.name + " #" + id;
            option.label = item.meta || "";
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
    input.addEventListener("input", load);
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
    document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
      var btn = s.form.querySelector("[data-autosubmit-button]");
      if (btn) { btn.classList.add("visually-hidden"); }
    });
  });
})();
