// Draws the region page's charts from the JSON the page embeds (#chart-data). Without JavaScript or
// Chart.js the tables beside each chart say the same. Hidden cells (<5) are null: a gap, not a zero.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var source = document.getElementById("chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var colours = ["#1f6f8b", "#c0392b", "#7a9a01", "#8e44ad", "#d35400", "#16a085", "#2c3e50", "#b7950b"];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var name = canvas.getAttribute("data-chart");
      var config;
      if (name === "trend") {
        config = {
          type: "line",
          data: {
            labels: data.months,
            datasets: Object.keys(data.trend).map(function (series, i) {
              return { label: data.series_labels[series], data: data.trend[series], borderColor: colours[i],
                       backgroundColor: colours[i], spanGaps: false, tension: 0.2 };
            })
          },
          options: { responsive: true, maintainAspectRatio: false, animation: false,
                     scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
        };
      } else if (data.breakdowns[name]) {
        var breakdown = data.breakdowns[name];
        config = {
          type: "bar",
          data: { labels: breakdown.labels,
                  datasets: [{ label: canvas.getAttribute("aria-label"), data: breakdown.values,
                               backgroundColor: colours[0] }] },
          options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
                     plugins: { legend: { display: false } },
                     scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
        };
      }
      if (config) new window.Chart(canvas, config);
    });
  });
})();
