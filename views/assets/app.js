// Client module: builds Chart.js charts from JSON embedded in the page, again after every htmx swap;
// lets validation partials (400/422) and error boxes swap in; uploads CSV with a progress bar.
(function () {
  "use strict";

  // htmx 2 leaves 4xx/5xx unswapped by default: forms re-render with their issues (422/400),
  // other errors arrive retargeted to #flash by the server.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "[45]..", swap: true, error: false },
    { code: "...", swap: false },
  ];

  var palette = ["#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#1b7c83", "#6e7781"];

  // every word a chart shows comes from the server in the reader's language (spec.format, labels, titles):
  // the script only puts Intl's number into the unit's pattern
  function formatter(spec) {
    var f = spec.format || { locale: document.documentElement.lang || undefined, pattern: "{value}", none: "" };
    var nf = new Intl.NumberFormat(f.locale, { maximumFractionDigits: spec.digits == null ? 2 : Math.max(spec.digits, 2) });
    var fmt = function (v) { return f.pattern.replace("{value}", nf.format(v)); };
    fmt.none = f.none;
    fmt.tooltip = function (label, value) { return (f.tooltip || "{label}: {value}").replace("{label}", label).replace("{value}", value); };
    return fmt;
  }

  function config(spec) {
    var fmt = formatter(spec);
    var colour = 0;
    var datasets = spec.datasets
      .filter(function (d) { return !d.tableOnly; })
      .map(function (d) {
        if (d.target) {
          return { type: "line", label: d.label, data: d.data, borderColor: "#cf222e", borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false, order: 0 };
        }
        var c = palette[colour++ % palette.length];
        return { label: d.label, data: d.data, borderColor: c, backgroundColor: spec.type === "bar" ? c + "cc" : c, borderWidth: 2, pointRadius: spec.labels.length > 40 ? 0 : 2, spanGaps: true, order: 1 };
      });
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (ctx) { return fmt.tooltip(ctx.dataset.label, ctx.parsed.y === null ? fmt.none : fmt(ctx.parsed.y)); } } },
        },
        scales: {
          x: { stacked: spec.stacked, title: { display: true, text: spec.axisTitle }, ticks: spec.maxTicks ? { autoSkip: true, maxTicksLimit: spec.maxTicks, maxRotation: 0 } : {} },
          y: { stacked: spec.stacked, beginAtZero: spec.fromZero, ticks: { callback: fmt, precision: spec.unit === "tickets" ? 0 : undefined } },
        },
      },
    };
  }

  function buildCharts(root) {
    if (typeof Chart === "undefined") return;
    var canvases = root.querySelectorAll ? root.querySelectorAll("canvas[data-chart]") : [];
    // a canvas draws with the page's fonts (Chart.js would use Helvetica/Arial, which have no Chinese), and only
    // with faces already loaded: a web font split by unicode-range loads a subset when text needs it, which canvas
    // text never triggers, so the chart's own text is loaded first
    var family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.family = family;
    Array.prototype.forEach.call(canvases, function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var draw = function () {
        var existing = Chart.getChart(canvas);
        if (existing) existing.destroy();
        new Chart(canvas, config(data));
      };
      if (!document.fonts || !document.fonts.load) return draw();
      var text = source.textContent;
      Promise.all([document.fonts.load("12px " + family, text), document.fonts.load("bold 12px " + family, text)]).then(draw, draw);
    });
  }

  function message(form, name, vars) {
    var text = form.getAttribute("data-msg-" + name) || "";
    return text.replace(/\{(\w+)\}/g, function (_, k) { return vars && k in vars ? vars[k] : "{" + k + "}"; });
  }

  // a refused CSV: the message once, then each refused row by its line in the file (the header is line 1; the
  // API's path counts tickets from 0, its message names the line), not the API's summary and its issues twice over
  function rejection(body, statusText) {
    var form = document.getElementById("csv-upload");
    var said = body.error && form.getAttribute("data-msg-error-" + body.error);
    var issues = body.issues || [];
    if (!issues.length) return said && document.documentElement.lang !== "en" ? said + " (" + (body.message || statusText) + ")" : body.message || statusText;
    var lines = issues.slice(0, 5).map(function (i) {
      var m = /^(tickets|line)\.(\d+)\.(.+)$/.exec(i.path || "");
      var named = /\s*\(line (\d+)\)$/.exec(i.message || "");
      var text = named ? i.message.slice(0, named.index) : i.message;
      if (!m) return (i.path ? i.path + ": " : "") + text;
      var line = m[1] === "line" ? m[2] : named ? named[1] : String(Number(m[2]) + 2);
      return message(form, "issue-line", { line: line, field: m[3], message: text });
    });
    if (issues.length > 5) lines.push(message(form, "more-issues", { n: issues.length - 5 }));
    return message(form, "rejected") + "\n" + lines.join("\n");
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || "";
    } catch (e) {
      return "";
    }
  }

  function setUpUpload(root) {
    var form = root.querySelector ? root.querySelector("#csv-upload:not([data-ready])") : null;
    if (!form && root.id === "csv-upload" && !root.hasAttribute("data-ready")) form = root;
    if (!form) return;
    form.setAttribute("data-ready", "");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("input[type=file]");
      var bar = form.querySelector("progress");
      var status = form.querySelector(".upload-status");
      var file = input.files && input.files[0];
      if (!file) {
        status.textContent = message(form, "choose");
        return;
      }
      // another system's export (a preset) and the preview go as query parameters of the same upload
      var params = [];
      var format = form.querySelector("select[name=format]");
      var preview = form.querySelector("input[name=dry_run]");
      var dryRun = preview && preview.checked;
      if (format && (format.value !== "assay" || dryRun)) params.push("format=" + encodeURIComponent(format.value));
      ["service", "timezone"].forEach(function (name) {
        var field = form.querySelector("input[name=" + name + "]");
        if (field && field.value.trim() && format && format.value !== "assay") params.push(name + "=" + encodeURIComponent(field.value.trim()));
      });
      if (dryRun) params.push("dry_run=1");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("data-endpoint") + (params.length ? "?" + params.join("&") : ""));
      var encoding = form.querySelector("select[name=encoding]");
      xhr.setRequestHeader("Content-Type", "text/csv; charset=" + (encoding ? encoding.value : "utf-8"));
      xhr.setRequestHeader("X-CSRF-Token", csrfToken());
      xhr.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      form.classList.remove("failed");
      // a failed upload says so once, and its bar goes back to empty: a full bar beside an error reads as success
      var failed = function (text) {
        form.classList.add("failed");
        bar.value = 0;
        bar.hidden = true;
        status.textContent = message(form, "failed", { message: text });
      };
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        status.textContent = percent < 100 ? message(form, "uploading", { percent: percent }) : message(form, "processing");
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = { message: xhr.statusText }; }
        if (xhr.status >= 200 && xhr.status < 300 && body.dry_run) {
          bar.value = 100;
          var lines = [message(form, "preview", body)];
          if (body.unmapped_columns && body.unmapped_columns.length) lines.push(message(form, "unmapped", { columns: body.unmapped_columns.join(", ") }));
          (body.unmapped_values || []).slice(0, 5).forEach(function (v) { lines.push(v.field + " \u201c" + v.value + "\u201d \u00d7 " + v.count); });
          if (body.refused_rows && body.refused_rows.length) {
            lines.push(message(form, "refused"));
            body.refused_rows.slice(0, 10).forEach(function (r) { lines.push(r.line + " " + r.field + ": " + r.message); });
          }
          // what the tickets would fail of the record rules, read from the rolled-back rows (ids as text: nothing was stored)
          if (body.quality) {
            lines.push(message(form, "quality", body.quality));
            if (body.quality.rows && body.quality.rows.length) {
              lines.push(message(form, "quality-rows"));
              body.quality.rows.slice(0, 20).forEach(function (r) {
                var problems = r.incomplete.map(function (f) { return message(form, "field-" + f); }).concat(r.inconsistent.map(function (k) { return message(form, "check-" + k); }));
                lines.push(r.id + ": " + problems.join(message(form, "separator") || "; "));
              });
            }
          }
          status.textContent = lines.join("\n");
        } else if (xhr.status >= 200 && xhr.status < 300) {
          bar.value = 100;
          status.textContent = message(form, "done", body);
          form.reset();
        } else {
          failed(rejection(body, xhr.statusText));
        }
        if (document.getElementById("batches")) htmx.ajax("GET", "/data/batches", { target: "#batches", swap: "outerHTML" });
        if (document.getElementById("last-import-quality")) htmx.ajax("GET", "/data/quality/last", { target: "#last-import-quality", swap: "outerHTML" });
      });
      xhr.addEventListener("error", function () {
        failed(message(form, "network"));
      });
      xhr.send(file);
    });
  }

  // the language switcher submits itself when a language is picked (its button stays for browsers without script)
  function setUpAutoSubmit(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select[data-autosubmit]"), function (select) {
      if (select.dataset.bound) return;
      select.dataset.bound = "1";
      select.form.classList.add("js-auto");
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }

  // a filter form whose state lives in the address (the KPI filters): after Back and Forward the page shown is the
  // one the URL names, but a restored snapshot (or the browser's own form restoring) keeps whatever the selects
  // said when it was saved; the selects are set from the URL, the absent parameters to their defaults
  function syncFiltersFromUrl() {
    var form = document.getElementById("kpi-filters");
    if (!form) return;
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.querySelectorAll("select[data-default]"), function (select) {
      var wanted = params.has(select.name) ? params.get(select.name) : select.getAttribute("data-default");
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      select.value = known ? wanted : select.getAttribute("data-default");
    });
  }

  htmx.onLoad(function (root) {
    if (root === document.body) syncFiltersFromUrl();
    buildCharts(root);
    setUpUpload(root);
    setUpAutoSubmit(root);
  });
  // htmx keeps a snapshot of the page for back/forward. Chart.js sizes canvases with style attributes, which the
  // CSP would refuse when the snapshot is parsed again: take the charts down before the snapshot, redraw after.
  document.body.addEventListener("htmx:beforeHistorySave", function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), function (canvas) {
      var chart = Chart.getChart(canvas);
      if (chart) chart.destroy();
    });
    Array.prototype.forEach.call(document.querySelectorAll("[style]"), function (el) {
      el.removeAttribute("style");
    });
    setTimeout(function () { buildCharts(document.body); }, 0);
  });
  document.body.addEventListener("htmx:historyRestore", function () {
    syncFiltersFromUrl();
    buildCharts(document.body);
  });
  window.addEventListener("pageshow", syncFiltersFromUrl);
  window.addEventListener("popstate", function () { setTimeout(syncFiltersFromUrl, 0); });
})();
