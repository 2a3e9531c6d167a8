/*
 * insight-charts.js: draws the Chart.js charts of the insight pages (the programme dashboard,
 * the Thriving Communities Index) from data the page carries. No inline script (CSP).
 *
 * The contract, for any page that wants a chart:
 *
 *   {{ chart|json_script:"some-id" }}
 *   <figure class="tc-chart" hidden>        <- optional `hidden`: shown once the chart is drawn,
 *     <canvas data-insight-chart="bar"          so without JavaScript there is no empty box
 *             data-chart-data="some-id"
 *             role="img" aria-label="What the chart shows: a bar chart of the table beside it">
 *     </canvas>
 *   </figure>
 *   <script src="{% static 'vendor/chart.js/chart.umd.js' %}" defer></script>
 *   <script src="{% static 'js/insight-charts.js' %}" defer></script>
 *
 * - data-insight-chart: the Chart.js type ("bar", "line", "pie", "doughnut", ...).
 * - data-chart-data: the id of the json_script element holding
 *     {"labels": ["...", ...],
 *      "datasets": [{"label": "...", "data": [number or null, ...]}, ...],
 *      "options": {...}}                    <- optional Chart.js options, merged over ours
 * - A value that is suppressed (a count below 5, shown as "<5" in the table) or missing is
 *   null in "data": Chart.js draws nothing there. Never put "<5" in the data.
 * - Every chart has a table beside it with the same figures: the table is the record, the
 *   chart a picture of it, so the canvas is an image (role="img") to assistive technology.
 *
 * Datasets get the NHS colours in turn unless they bring their own. Animation is off for
 * people who ask for reduced motion. Each canvas is drawn once, however often this runs.
 */
(function () {
  "use strict";

  var COLOURS = ["#005eb8", "#330072", "#007f3b", "#ffb81c", "#768692", "#ae2573"];

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function merge(base, extra) {
    var out = {};
    Object.keys(base).forEach(function (key) {
      out[key] = base[key];
    });
    Object.keys(extra || {}).forEach(function (key) {
      out[key] = isObject(out[key]) && isObject(extra[key]) ? merge(out[key], extra[key]) : extra[key];
    });
    return out;
  }

  function defaults(type) {
    var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: true } },
    };
    if (reduced) {
      options.animation = false;
    }
    if (type === "bar" || type === "line") {
      options.scales = { x: { beginAtZero: true }, y: { beginAtZero: true } };
    }
    return options;
  }

  function dataset(set, index, type) {
    var colour = COLOURS[index % COLOURS.length];
    var styled = { backgroundColor: colour, borderColor: colour };
    if (type === "line") {
      styled.pointRadius = 3;
      styled.spanGaps = false; // a suppressed week is a gap, not a line drawn through it
    }
    return merge(styled, set);
  }

  function draw(canvas) {
    if (canvas.getAttribute("data-insight-drawn") === "true") {
      return;
    }
    var type = canvas.getAttribute("data-insight-chart") || "bar";
    var source = document.getElementById(canvas.getAttribute("data-chart-data") || "");
    if (!source) {
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (error) {
      return; // the table beside it still has the figures
    }
    if (!spec || !Array.isArray(spec.labels) || !Array.isArray(spec.datasets)) {
      return;
    }
    var figure = canvas.closest("figure");
    if (figure && figure.hidden) {
      figure.hidden = false;
    }
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, index) {
          return dataset(set, index, type);
        }),
      },
      options: merge(defaults(type), spec.options || {}),
    });
    canvas.setAttribute("data-insight-drawn", "true");
  }

  function drawAll() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-insight-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
