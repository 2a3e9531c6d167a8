// Draws the asset map's bar chart from the figures the page carries in a json_script element.
// The table beside the chart holds the same figures, so nothing is lost without JavaScript.
(function () {
  "use strict";

  function draw() {
    var figure = document.querySelector("[data-directory-chart]");
    var source = document.getElementById("directory-chart-data");
    if (!figure || !source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    figure.hidden = false;
    new window.Chart(document.getElementById("directory-chart"), {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, backgroundColor: "#005eb8" }],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, title: { display: true, text: data.label } } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
