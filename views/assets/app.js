// Client module: builds Chart.js charts from JSON embedded in the page, again after every htmx swap.
(function () {
  "use strict";
})();
